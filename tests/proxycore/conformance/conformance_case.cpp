#include "tests/proxycore/conformance/conformance_case.h"

#include "proxycore/common/strings.h"
#include "tests/support/decision_compare.h"
#include "tests/support/yaml_output.h"

namespace routedeck::tests {

namespace core = routedeck::core;
using core::yaml::Node;

namespace {

CaseResult fail(std::string why) { return {CaseResult::Kind::Fail, std::move(why)}; }
CaseResult skip(std::string why) { return {CaseResult::Kind::Skip, std::move(why)}; }

// The request headers a backend would see after the rule's header modifier.
std::vector<std::pair<std::string, std::string>> applyModifier(
    std::vector<std::pair<std::string, std::string>> headers, const core::model::HeaderModifier& m) {
  for (const auto& name : m.remove) {
    std::erase_if(headers, [&](const auto& h) { return core::strings::iequals(h.first, name); });
  }
  for (const auto& s : m.set) {
    std::erase_if(headers, [&](const auto& h) { return core::strings::iequals(h.first, s.name); });
    headers.emplace_back(s.name, s.value);
  }
  for (const auto& a : m.add) {
    bool merged = false;
    for (auto& h : headers) {
      if (core::strings::iequals(h.first, a.name)) {
        h.second += "," + a.value;
        merged = true;
      }
    }
    if (!merged) {
      headers.emplace_back(a.name, a.value);
    }
  }
  return headers;
}

std::optional<std::string> findHeader(const std::vector<std::pair<std::string, std::string>>& hs,
                                      const std::string& name) {
  for (const auto& h : hs) {
    if (core::strings::iequals(h.first, name)) {
      return h.second;
    }
  }
  return std::nullopt;
}

bool statusAllowed(int status, const Node& expect) {
  std::vector<int> allowed;
  if (const Node* s = expect.find("status")) {
    allowed.push_back(static_cast<int>(s->asInt().value_or(0)));
  }
  if (const Node* any = expect.find("statusAnyOf"); any && any->isSequence()) {
    for (const auto& v : any->items()) {
      allowed.push_back(static_cast<int>(v.asInt().value_or(0)));
    }
  }
  if (allowed.empty()) {
    allowed.push_back(200);
  }
  for (int a : allowed) {
    if (a == status) {
      return true;
    }
  }
  return false;
}

CaseResult checkRedirect(const core::router::Decision& d, const Node& expect,
                         const core::router::Request& req) {
  const Node* red = expect.find("redirect");
  if (!red) {
    return {CaseResult::Kind::Pass, {}};
  }
  if (!d.redirectLocation) {
    return fail("expected a redirect, got none");
  }
  const std::string loc = *d.redirectLocation;
  size_t schemeEnd = loc.find("://");
  std::string scheme = loc.substr(0, schemeEnd);
  std::string rest = loc.substr(schemeEnd + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  path = path.substr(0, path.find('?'));
  std::string host = authority;
  std::string port;
  if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  const std::string wantScheme = scalarOr(red, "scheme", req.scheme);
  if (scheme != wantScheme) {
    return fail("redirect scheme " + scheme + ", expected " + wantScheme);
  }
  if (red->has("host") && host != scalarOr(red, "host")) {
    return fail("redirect host " + host + ", expected " + scalarOr(red, "host"));
  }
  const std::string wantPath = scalarOr(red, "path", req.path);
  if (path != wantPath) {
    return fail("redirect path " + path + ", expected " + wantPath);
  }
  std::string wantPort = scalarOr(red, "port");
  std::string defaultPort = scheme == "https" ? "443" : "80";
  if (wantPort.empty() ? !(port.empty() || port == defaultPort)
                       : !(port == wantPort || (port.empty() && wantPort == defaultPort))) {
    return fail("redirect port '" + port + "', expected '" + wantPort + "' in " + loc);
  }
  return {CaseResult::Kind::Pass, {}};
}

CaseResult checkBackendRequest(const core::router::Decision& d, const Node& expect,
                               const core::router::Request& req, const Node& request) {
  const Node* br = expect.find("backendRequest");
  const std::string requestPath = scalarOr(&request, "path", "/");
  std::string seenPath = d.rewritePath ? *d.rewritePath : req.path;
  if (!req.query.empty()) {
    seenPath += "?" + req.query;
  }
  const std::string wantPath = br && br->has("path") ? scalarOr(br, "path") : requestPath;
  if (seenPath != wantPath) {
    return fail("backend path " + seenPath + ", expected " + wantPath);
  }
  if (br && br->has("host")) {
    std::string host = d.rewriteHost.value_or(scalarOr(&request, "host"));
    if (host != scalarOr(br, "host")) {
      return fail("backend host " + host + ", expected " + scalarOr(br, "host"));
    }
  }
  auto headers = applyModifier(req.headers, *d.requestHeaders);
  if (const Node* want = br ? br->find("headers") : nullptr; want && want->isMap()) {
    for (const auto& e : want->entries()) {
      auto got = findHeader(headers, e.key);
      if (!got || *got != e.value.text()) {
        return fail("backend header " + e.key + " = '" + got.value_or("<absent>") + "', expected '" +
                    e.value.text() + "'");
      }
    }
  }
  if (const Node* absent = br ? br->find("absentHeaders") : nullptr; absent && absent->isSequence()) {
    for (const auto& n : absent->items()) {
      if (findHeader(headers, n.text())) {
        return fail("backend header " + n.text() + " should be absent");
      }
    }
  }
  return {CaseResult::Kind::Pass, {}};
}

CaseResult checkResponse(const core::router::Decision& d, const Node& expect, const Node& testCase) {
  const Node* resp = expect.find("response");
  if (!resp) {
    return {CaseResult::Kind::Pass, {}};
  }
  std::vector<std::pair<std::string, std::string>> fromBackend;
  if (const Node* b = testCase.find("backendResponseHeaders"); b && b->isMap()) {
    for (const auto& e : b->entries()) {
      fromBackend.emplace_back(e.key, e.value.text());
    }
  }
  auto headers = applyModifier(fromBackend, *d.responseHeaders);
  const bool noSpaces = scalarOr(resp, "ignoreWhitespaceInHeaderValues") == "true";
  auto norm = [&](std::string s) {
    if (noSpaces) {
      std::erase(s, ' ');
    }
    return s;
  };
  if (const Node* want = resp->find("headers"); want && want->isMap()) {
    for (const auto& e : want->entries()) {
      auto got = findHeader(headers, e.key);
      if (!got || norm(*got) != norm(e.value.text())) {
        return fail("response header " + e.key + " = '" + got.value_or("<absent>") +
                    "', expected '" + e.value.text() + "'");
      }
    }
  }
  if (const Node* anyOf = resp->find("headerAnyOf"); anyOf && anyOf->isMap()) {
    for (const auto& e : anyOf->entries()) {
      auto got = findHeader(headers, e.key);
      bool ok = false;
      for (const auto& v : e.value.items()) {
        ok = ok || (got && norm(*got) == norm(v.text()));
      }
      if (!ok) {
        return fail("response header " + e.key + " = '" + got.value_or("<absent>") +
                    "', not one of the expected values");
      }
    }
  }
  if (const Node* absent = resp->find("absentHeaders"); absent && absent->isSequence()) {
    for (const auto& n : absent->items()) {
      if (findHeader(headers, n.text())) {
        return fail("response header " + n.text() + " should be absent");
      }
    }
  }
  return {CaseResult::Kind::Pass, {}};
}

// Whether the pods of Deployment `deployment` back `backend` (a Service whose
// selector matches the Deployment's pod labels, e.g. a headless Service).
bool servedBy(const core::model::Config& config, const core::router::BackendChoice& backend,
              const std::string& deployment) {
  const core::model::Service* svc = config.findService(backend.ns, backend.name);
  if (!svc || svc->selector.empty()) {
    return false;
  }
  for (const auto& o : config.others) {
    if (o.meta.kind != "Deployment" || o.meta.name != deployment ||
        o.meta.effectiveNamespace() != backend.ns || !o.meta.provenance.document) {
      continue;
    }
    const Node* labels = o.meta.provenance.document->find("spec");
    for (const char* key : {"template", "metadata", "labels"}) {
      labels = labels ? labels->find(key) : nullptr;
    }
    if (!labels || !labels->isMap()) {
      return false;
    }
    for (const auto& [k, v] : svc->selector) {
      const Node* l = labels->find(k);
      if (!l || l->text() != v) {
        return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace

CaseResult checkCase(const core::router::RouteTable& table, const Node& testFile,
                     const Node& testCase) {
  const Node* request = testCase.find("request");
  const Node* expect = testCase.find("expect");
  if (!request || !expect) {
    return skip("malformed case");
  }
  if (testCase.has("backendSimulation")) {
    return skip("retry behaviour is decided by the data plane");
  }
  if (expect->has("distribution") || expect->has("invariant") || expect->has("websocket")) {
    return skip("traffic distribution / invariant / WebSocket need live traffic");
  }
  if (scalarOr(request, "path").find("delay=") != std::string::npos) {
    return skip("timeouts are decided by the data plane");
  }
  const Node* target = testCase.find("target");
  if (!target) {
    target = testFile.find("defaultTarget");
  }
  const bool grpc = scalarOr(&testFile, "protocol") == "gRPC";
  std::string requestLine;
  std::vector<std::string> headerLines;
  const std::string scheme = scalarOr(target, "scheme", "http");
  const std::string port = scalarOr(target, "port", "80");
  if (grpc) {
    std::string host = scalarOr(request, "authority", "192.0.2.10");
    requestLine = "POST " + scheme + "://" + host + ":" + port + scalarOr(request, "fullMethod");
    headerLines.push_back("content-type: application/grpc");
    if (const Node* md = request->find("metadata"); md && md->isMap()) {
      for (const auto& e : md->entries()) {
        headerLines.push_back(e.key + ": " + e.value.text());
      }
    }
  } else {
    // The Host header is sent as written (it may carry its own port); the
    // connection goes to the target listener port.
    requestLine = scalarOr(request, "method", "GET") + " " + scalarOr(request, "path", "/");
    headerLines.push_back("Host: " + scalarOr(request, "host", "192.0.2.10"));
    if (const Node* hs = request->find("headers"); hs && hs->isMap()) {
      for (const auto& e : hs->entries()) {
        headerLines.push_back(e.key + ": " + e.value.text());
      }
    }
  }
  auto req = core::router::Request::parse(requestLine, headerLines);
  if (!req) {
    return fail("cannot build request: " + req.error().message);
  }
  core::router::EntryPoint entry;
  entry.gateway = scalarOr(target, "gateway");
  entry.port = static_cast<int>(core::strings::parseInt(port).value_or(80));
  entry.sni = scalarOr(target, "sni");
  req->scheme = scheme;
  if (std::string diff = traceModesDiffer(table, *req, entry); !diff.empty()) {
    return fail("the data plane's untraced route differs from explain:\n  " + diff);
  }
  core::router::Decision d = table.route(*req, entry);
  if (!d.error.empty()) {
    return fail(d.error);
  }
  if (grpc) {
    const std::string want = scalarOr(expect, "grpcStatus", "OK");
    const bool ok = d.matched && d.status == 0;
    if ((want == "OK") != ok) {
      return fail("gRPC " + std::string(ok ? "OK" : "UNIMPLEMENTED") + ", expected " + want);
    }
  } else {
    const int status = d.status ? d.status : 200;
    if (!statusAllowed(status, *expect)) {
      return fail("status " + std::to_string(status) + ", expected " +
                  scalarOr(expect, "status", "one of statusAnyOf"));
    }
    if (status >= 300 && status < 400) {
      return checkRedirect(d, *expect, *req);
    }
    if (d.status != 0) {
      // A local reply (CORS preflight, direct response): no backend involved.
      return checkResponse(d, *expect, testCase);
    }
  }
  auto live = d.live();
  if (expect->has("backend")) {
    if (live.size() != 1) {
      return fail("expected backend " + scalarOr(expect, "backend") + ", got " +
                  std::to_string(live.size()) + " live backends");
    }
    if (live.front()->name != scalarOr(expect, "backend") &&
        !servedBy(table.config(), *live.front(), scalarOr(expect, "backend"))) {
      return fail("backend " + live.front()->name + ", expected " + scalarOr(expect, "backend"));
    }
    if (expect->has("namespace") && live.front()->ns != scalarOr(expect, "namespace")) {
      return fail("backend namespace " + live.front()->ns + ", expected " + scalarOr(expect, "namespace"));
    }
  }
  if (grpc) {
    return {CaseResult::Kind::Pass, {}};
  }
  if (auto r = checkBackendRequest(d, *expect, *req, *request); r.kind != CaseResult::Kind::Pass) {
    return r;
  }
  if (const Node* mirrors = expect->find("mirroredTo"); mirrors && mirrors->isSequence()) {
    if (mirrors->size() != d.mirrors.size()) {
      return fail("mirrored to " + std::to_string(d.mirrors.size()) + " backends, expected " +
                  std::to_string(mirrors->size()));
    }
  }
  return checkResponse(d, *expect, testCase);
}

}  // namespace routedeck::tests
