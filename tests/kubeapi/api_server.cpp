#include "tests/kubeapi/api_server.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <future>
#include <thread>

#include "proxycore/net/asio_tuple.h"
#include "proxycore/net/server.h"
#include "proxycore/tls/server_tls.h"
#include "tests/kubeapi/control_api.h"
#include "tests/kubeapi/discovery.h"
#include "tests/kubeapi/kubeconfig.h"
#include "tests/kubeapi/object_reads.h"
#include "tests/kubeapi/object_writes.h"
#include "tests/kubeapi/openapi.h"
#include "tests/kubeapi/routing.h"
#include "tests/kubeapi/server_state.h"
#include "tests/kubeapi/tables.h"
#include "tests/kubeapi/watch.h"

namespace routedeck::tests::kubeapi {

namespace net = core::net;

namespace {

constexpr size_t kMaxBody = 3 * 1024 * 1024;  // kube-apiserver's request limit

std::string header(const net::RequestHead& req, std::string_view name) {
  const std::string* v = req.headers.find(name);
  return v ? *v : std::string();
}

// The manager a write without ?fieldManager= is recorded under: the
// User-Agent up to its first '/', as the API server derives it.
std::string managerFromUserAgent(const std::string& userAgent) {
  const std::string m = userAgent.substr(0, userAgent.find('/'));
  return m.empty() ? "unknown" : m;
}

core::Result<WriteOptions> writeOptions(const Query& q, const net::RequestHead& req) {
  WriteOptions o;
  const std::string dryRun = q.get("dryRun");
  if (!dryRun.empty() && dryRun != "All") {
    return core::makeError(core::ErrorCode::Invalid, "dryRun: Unsupported value: \"" + dryRun +
                                                         "\": supported values: \"All\"");
  }
  o.dryRun = dryRun == "All";
  o.fieldManagerGiven = q.find("fieldManager") != nullptr;
  o.fieldManager =
      o.fieldManagerGiven ? q.get("fieldManager") : managerFromUserAgent(header(req, "user-agent"));
  o.fieldValidation = q.get("fieldValidation");
  if (!o.fieldValidation.empty() && o.fieldValidation != "Ignore" && o.fieldValidation != "Warn" &&
      o.fieldValidation != "Strict") {
    return core::makeError(core::ErrorCode::Invalid,
                           "fieldValidation: Unsupported value: \"" + o.fieldValidation +
                               "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
  }
  auto force = q.flag("force");
  if (!force) {
    return force.error();
  }
  o.force = *force;
  return o;
}

// What a real RBAC denial says, so that an injected 403 reads like one.
std::string forbiddenMessage(const Route& route, const std::string& user, const std::string& verb) {
  if (route.kind != Route::Kind::Resource) {
    return "forbidden: User \"" + user + "\" cannot " + verb + " path";
  }
  const ResourceRequest& r = route.resource;
  std::string subject = r.type->groupResource() + (r.name.empty() ? "" : " \"" + r.name + "\"");
  std::string resource = r.type->plural + (r.status ? "/status" : "");
  std::string where = r.ns.empty() ? "at the cluster scope" : "in the namespace \"" + r.ns + "\"";
  return subject + " is forbidden: User \"" + user + "\" cannot " + verb + " resource \"" +
         resource + "\" in API group \"" + r.type->group + "\" " + where;
}

Answer faultAnswer(const Fault& f, const Route& route, const std::string& user,
                   const std::string& verb) {
  std::string message = f.message;
  if (message.empty() && f.status == 403) {
    message = forbiddenMessage(route, user, verb);
  }
  if (message.empty() && f.status == 409 && route.kind == Route::Kind::Resource &&
      !route.resource.name.empty()) {
    return conflict(*route.resource.type, route.resource.name);
  }
  return statusError(f.status, f.reason, message);
}

Answer deleteCollection(Store& store, const ResourceRequest& r, const Query& q,
                        const WriteOptions& o) {
  auto selectors = parseSelectors(q);
  if (!selectors) {
    return badRequest(selectors.error().message);
  }
  std::vector<std::string> names;
  for (const Json* object : store.list(r.type->groupResource(), r.ns)) {
    if (selectors->matches(*object)) {
      names.push_back((*object)["metadata"]["name"].get<std::string>());
    }
  }
  Json items = Json::array();
  for (const auto& name : names) {
    ResourceRequest one = r;
    one.name = name;
    items.push_back(deleteObject(store, one, {}, o).body);
  }
  return Answer(
      200, Json{{"apiVersion", r.apiVersion()},
                {"kind", r.type->kind + "List"},
                {"metadata", {{"resourceVersion", std::to_string(store.currentResourceVersion())}}},
                {"items", std::move(items)}});
}

Answer resourceAnswer(ServerState& state, const ResourceRequest& r, const net::RequestHead& req,
                      const Query& q, std::string_view body) {
  const std::string& m = req.method;
  auto options = writeOptions(q, req);
  if (!options) {
    return badRequest(options.error().message);
  }
  const std::string table = requestedTableVersion(header(req, "accept"));
  const bool collection = r.name.empty();
  if (m == "GET") {
    return collection ? listObjects(state.store, r, q, table) : getObject(state.store, r, table);
  }
  if (m == "POST" && collection && !r.status) {
    return createObject(state.store, r, body, *options);
  }
  if (m == "PUT" && !collection) {
    return replaceObject(state.store, r, body, *options);
  }
  if (m == "PATCH" && !collection) {
    return patchObject(state.store, r, header(req, "content-type"), body, *options);
  }
  if (m == "DELETE" && !r.status) {
    return collection ? deleteCollection(state.store, r, q, *options)
                      : deleteObject(state.store, r, body, *options);
  }
  return statusError(405, "MethodNotAllowed",
                     "the server does not allow this method on the requested resource");
}

Answer groupAnswer(const std::string& group) {
  const auto versions = ResourceCatalog::instance().versions(group);
  if (versions.empty()) {
    return statusError(404, "NotFound", "the server could not find the requested resource",
                       Json::object());
  }
  Json list = Json::array();
  for (const auto& v : versions) {
    list.push_back({{"groupVersion", group + "/" + v}, {"version", v}});
  }
  return Answer(200, Json{{"kind", "APIGroup"},
                          {"apiVersion", "v1"},
                          {"name", group},
                          {"versions", list},
                          {"preferredVersion", list.front()}});
}

Answer dispatch(ServerState& state, const Route& route, const net::RequestHead& req, const Query& q,
                std::string_view body) {
  const std::string accept = header(req, "accept");
  std::optional<Answer> found;
  switch (route.kind) {
    case Route::Kind::Version:
      return Answer(200, versionInfo());
    case Route::Kind::Health: {
      Answer a;
      a.rawBody = "ok";
      a.contentType = "text/plain; charset=utf-8";
      return a;
    }
    case Route::Kind::CoreRoot:
      return apiRoot(true, accept);
    case Route::Kind::GroupsRoot:
      return apiRoot(false, accept);
    case Route::Kind::Group:
      return groupAnswer(route.group);
    case Route::Kind::ResourceList:
      found = resourceList(route.group, route.version);
      break;
    case Route::Kind::OpenApiV2: {
      // A zero-length protobuf message is a valid, empty document.
      Answer a;
      a.rawBody = "";
      a.contentType = kOpenApiV2ContentType;
      return a;
    }
    case Route::Kind::OpenApiV3Root:
      return openApiV3Root();
    case Route::Kind::OpenApiV3Doc:
      found = openApiV3GroupVersion(route.openApiPath);
      break;
    case Route::Kind::Resource:
      return resourceAnswer(state, route.resource, req, q, body);
    case Route::Kind::NotFound:
      break;
  }
  if (found) {
    return *found;
  }
  return statusError(404, "NotFound", "the server could not find the requested resource",
                     Json::object());
}

asio::awaitable<void> send(net::ServerExchange& ex, const Answer& a) {
  net::Headers headers;
  headers.add("cache-control", "no-cache, private");
  for (const auto& w : a.warnings) {
    headers.add("warning", "299 - \"" + w + "\"");
  }
  const std::string body = a.rawBody ? *a.rawBody : a.body.dump();
  if (body.empty()) {
    // respond() adds no Content-Type to an empty body; kubectl still parses it.
    headers.add("content-type", a.contentType);
  }
  co_await ex.respond(a.code, std::move(headers), body, a.contentType);
}

enum class BodyRead { Complete, ClientGone, TooLarge };

// (An enum, not a bool& out-parameter: GCC 12 miscompiles coroutines taking bool&.)
asio::awaitable<BodyRead> readBody(net::ServerExchange& ex, std::string& out) {
  for (;;) {
    auto span = co_await ex.readBody();
    if (!span.ok) {
      co_return BodyRead::ClientGone;
    }
    if (span.data.empty()) {
      co_return BodyRead::Complete;
    }
    if (out.size() + span.data.size() > kMaxBody) {
      co_return BodyRead::TooLarge;
    }
    out.append(span.data);
  }
}

}  // namespace

struct ApiServer::Impl {
  Impl(Options o, Pki p, std::string t)
      : options(std::move(o)),
        pki(std::move(p)),
        token(std::move(t)),
        state(token, options.bookmarkInterval) {}

  asio::awaitable<void> handle(net::ServerExchange& ex);
  std::string authenticate(net::ServerExchange& ex);

  Options options;
  Pki pki;
  std::string token;
  ServerState state;
  net::WorkerPool pool{1};
  std::unique_ptr<net::HttpServer> server;
  int port = 0;
  bool stopped = false;
};

// A valid bearer token, else a verified client certificate's CN; empty
// when neither (401).
std::string ApiServer::Impl::authenticate(net::ServerExchange& ex) {
  const std::string auth = header(ex.request(), "authorization");
  if (auth.size() > 7 && (auth.rfind("Bearer ", 0) == 0 || auth.rfind("bearer ", 0) == 0)) {
    if (std::string user = state.tokens.userFor(auth.substr(7)); !user.empty()) {
      return user;
    }
  }
  return ex.peerCommonName();
}

asio::awaitable<void> ApiServer::Impl::handle(net::ServerExchange& ex) {
  const net::RequestHead& req = ex.request();
  const size_t q = req.target.find('?');
  const std::string path = req.target.substr(0, q);
  const std::string rawQuery = q == std::string::npos ? std::string() : req.target.substr(q + 1);
  std::string body;
  const BodyRead read = co_await readBody(ex, body);
  if (read == BodyRead::ClientGone) {
    co_return;
  }
  if (read == BodyRead::TooLarge) {
    ex.closeAfterResponse();
    const Answer tooLarge =
        statusError(413, "RequestEntityTooLarge", "the request body is too large");
    co_await send(ex, tooLarge);
    co_return;
  }
  if (path.starts_with(kControlPrefix)) {
    const Answer control = handleControl(state, req.method, path, body);
    co_await send(ex, control);
    co_return;
  }
  Query query = Query::parse(rawQuery);
  RequestRecord record{req.method,
                       path,
                       rawQuery,
                       header(req, "content-type"),
                       authenticate(ex),
                       query.get("fieldManager"),
                       query.get("dryRun"),
                       0};
  auto watchFlag = query.flag("watch");
  const bool watch = watchFlag && *watchFlag;
  Route route = resolveRoute(path);
  if (watch && route.kind == Route::Kind::Resource && !route.resource.name.empty()) {
    // A watch of one object is a watch of the collection narrowed by name.
    query.params["fieldSelector"] = "metadata.name=" + route.resource.name;
    route.resource.name.clear();
  }
  std::optional<Answer> answer;
  std::optional<Fault> fault;
  if (record.user.empty()) {
    answer = statusError(401, "Unauthorized", "Unauthorized");
  } else if (!watchFlag) {
    answer = badRequest(watchFlag.error().message);
  } else {
    fault = state.faults.take(req.method, path, watch);
  }
  if (fault && fault->delayMs > 0) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(std::chrono::milliseconds(fault->delayMs));
    co_await timer.async_wait(net::kTuple);
  }
  if (fault && fault->status != 0) {
    answer = faultAnswer(*fault, route, record.user, verbOf(req.method, route.resource, watch));
  }
  const bool streams =
      !answer && watch && req.method == "GET" && route.kind == Route::Kind::Resource;
  if (streams) {
    record.status = 200;
    state.log.add(record);
    WatchOptions options;
    options.tableVersion = requestedTableVersion(header(req, "accept"));
    options.dropAfterEvents = fault ? fault->dropAfterEvents : -1;
    options.bookmarkInterval = state.bookmarkInterval;
    co_await serveWatch(ex, state.store, route.resource, query, options);
    co_return;
  }
  if (!answer) {
    answer = dispatch(state, route, req, query, body);
  }
  record.status = answer->code;
  state.log.add(record);
  co_await send(ex, *answer);
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ApiServer::~ApiServer() { stop(); }

core::Result<std::unique_ptr<ApiServer>> ApiServer::start(Options options) {
  auto pki = generatePki("cert-user");
  if (!pki) {
    return pki.error();
  }
  std::string token = options.token.empty() ? randomToken(16) : options.token;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(*pki), std::move(token));
  Impl* self = impl.get();
  const ResourceType* namespaces = ResourceCatalog::instance().find("", "v1", "namespaces");
  WriteOptions bootstrap;
  bootstrap.fieldManager = "kube-apiserver";
  createObject(self->state.store, ResourceRequest{namespaces, "v1", "", ""},
               R"({"metadata":{"name":"default"}})", bootstrap);

  core::tls::CertificateSource source;
  source.certificateChainPem = self->pki.serverCertPem;
  source.privateKeyPem = self->pki.serverKeyPem;
  source.clientCaPem = self->pki.caCertPem;
  source.clientCertificateOptional = true;
  source.offerHttp2 = false;
  source.description = "routedeck-test-apiserver";
  auto tls = core::tls::ServerTls::create({source});
  if (!tls) {
    return tls.error();
  }
  net::ServerLimits limits;
  limits.http2 = false;
  self->server = std::make_unique<net::HttpServer>(
      self->pool, limits, [self](net::ServerExchange& ex) { return self->handle(ex); });
  auto port = self->server->listen(self->options.listen);
  if (!port) {
    return port.error();
  }
  if (auto set = self->server->setTls(0, *tls); !set) {
    return set.error();
  }
  self->port = *port;
  self->pool.start();
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

int ApiServer::port() const { return m_impl->port; }
const Pki& ApiServer::pki() const { return m_impl->pki; }
const std::string& ApiServer::token() const { return m_impl->token; }
std::string ApiServer::kubeconfig() const {
  return kubeconfigYaml(m_impl->pki, m_impl->port, m_impl->token);
}

void ApiServer::stop() {
  if (!m_impl || m_impl->stopped) {
    return;
  }
  m_impl->stopped = true;
  std::promise<void> closed;
  asio::post(m_impl->pool.context(0), [this, &closed] {
    m_impl->state.store.closeAllWatches(false);
    closed.set_value();
  });
  closed.get_future().wait();
  m_impl->server->stopAccepting();
  // Bounded: connections finish their current response and close.
  for (int i = 0; i < 100 && m_impl->server->activeConnections() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m_impl->pool.stop();
  m_impl->pool.join();
}

}  // namespace routedeck::tests::kubeapi
