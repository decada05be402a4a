#include "proxycore/kube/rest_client.h"

#include <curl/curl.h>

#include <fstream>
#include <sstream>

#include "proxycore/common/strings.h"

namespace routedeck::core::kube {

namespace {

constexpr size_t kMaxErrorBody = 64 * 1024;

struct CurlUrl {
  CURLU* u = curl_url();
  ~CurlUrl() { curl_url_cleanup(u); }
  std::string get(CURLUPart part) const {
    char* v = nullptr;
    if (curl_url_get(u, part, &v, 0) != CURLUE_OK || !v) return {};
    std::string out(v);
    curl_free(v);
    return out;
  }
};

size_t appendBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

ApiError transportError(CURLcode code, const char* detail, const std::string& method, const std::string& url,
                        long timeoutMs) {
  ApiError e;
  e.method = method;
  e.url = url;
  if (code == CURLE_OPERATION_TIMEDOUT) {
    e.kind = ApiErrorKind::Timeout;
    e.message = "no complete answer within " + std::to_string(timeoutMs) + " ms";
  } else {
    e.kind = ApiErrorKind::Transport;
    e.message = (detail && *detail) ? detail : curl_easy_strerror(code);
  }
  return e;
}

std::optional<std::string> readTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return std::string(strings::trim(ss.str()));
}

}  // namespace

struct RestClient::Auth {
  std::string token;
  std::string certPem;
  std::string keyPem;
  std::optional<Credential> fromExec;
};

void StreamStop::request() {
  m_requested.store(true);
  std::lock_guard lock(m_mutex);
  if (m_multi) curl_multi_wakeup(static_cast<CURLM*>(m_multi));
}

std::string urlEncode(std::string_view value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Result<std::unique_ptr<RestClient>> RestClient::create(ClientConfig config, RestOptions options) {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) {
    return makeError(ErrorCode::Io, std::string("libcurl failed to start: ") + curl_easy_strerror(init));
  }
  const std::string where = "context \"" + config.contextName + "\", cluster \"" + config.cluster.name + "\"";
  CurlUrl parsed;
  if (curl_url_set(parsed.u, CURLUPART_URL, config.cluster.server.c_str(), 0) != CURLUE_OK) {
    return makeError(ErrorCode::Invalid, where + ": server \"" + config.cluster.server + "\" is not a URL");
  }
  const std::string scheme = parsed.get(CURLUPART_SCHEME);
  if (scheme != "https" && scheme != "http") {
    return makeError(ErrorCode::Invalid, where + ": server \"" + config.cluster.server + "\" must be https://");
  }
  // client-go refuses the same combination: a CA makes no sense when nothing is verified.
  if (config.cluster.insecureSkipTlsVerify &&
      (!config.cluster.certificateAuthorityData.empty() || !config.cluster.certificateAuthorityFile.empty())) {
    return makeError(ErrorCode::Invalid, where + ": certificate-authority and insecure-skip-tls-verify "
                                                 "cannot both be set");
  }
  std::unique_ptr<RestClient> c(new RestClient(std::move(config), std::move(options)));
  const std::string host = parsed.get(CURLUPART_HOST);
  std::string port = parsed.get(CURLUPART_PORT);
  if (port.empty()) port = scheme == "https" ? "443" : "80";
  std::string path = parsed.get(CURLUPART_PATH);
  while (!path.empty() && path.back() == '/') path.pop_back();
  const std::string& sni = c->m_config.cluster.tlsServerName;
  if (!sni.empty() && scheme == "https") {
    // The URL carries tls-server-name so that libcurl sends it as SNI and verifies the
    // certificate against it; CONNECT_TO sends the bytes to the real server, and the Host
    // header still names the real server, as client-go does.
    c->m_urlBase = scheme + "://" + sni + ":" + port + path;
    c->m_connectTo = sni + ":" + port + ":" + host + ":" + port;
    c->m_hostHeader = "Host: " + host + ":" + port;
    // Built once and only read by libcurl, so every handle on every thread can share it.
    c->m_connectToList = curl_slist_append(nullptr, c->m_connectTo.c_str());
  } else {
    c->m_urlBase = scheme + "://" + host + ":" + port + path;
  }
  return c;
}

RestClient::RestClient(ClientConfig config, RestOptions options)
    : m_config(std::move(config)), m_options(std::move(options)) {
  if (m_config.user.hasExec) {
    m_exec = std::make_unique<ExecCredentialProvider>(m_config.user.exec, m_config.cluster, m_options.execTimeout);
  }
}

RestClient::~RestClient() {
  for (void* h : m_pool) curl_easy_cleanup(static_cast<CURL*>(h));
  curl_slist_free_all(static_cast<curl_slist*>(m_connectToList));
}

std::string RestClient::url(const std::string& path) const { return m_urlBase + path; }

void* RestClient::takeHandle() {
  {
    std::lock_guard lock(m_poolMutex);
    if (!m_pool.empty()) {
      void* h = m_pool.back();
      m_pool.pop_back();
      // reset keeps the handle's connections and TLS session cache.
      curl_easy_reset(static_cast<CURL*>(h));
      return h;
    }
  }
  return curl_easy_init();
}

void RestClient::giveBack(void* h) {
  std::lock_guard lock(m_poolMutex);
  if (m_pool.size() < 8) {
    m_pool.push_back(h);
  } else {
    curl_easy_cleanup(static_cast<CURL*>(h));
  }
}

ApiResult<RestClient::Auth> RestClient::currentAuth() {
  Auth a;
  const User& u = m_config.user;
  a.certPem = u.clientCertificateData;
  a.keyPem = u.clientKeyData;
  if (!u.token.empty()) {
    a.token = u.token;
  } else if (!u.tokenFile.empty()) {
    // Read on every request so that a rotated token (projected volumes) is picked up.
    auto t = readTokenFile(u.tokenFile);
    if (!t) {
      ApiError e;
      e.kind = ApiErrorKind::Credentials;
      e.message = "user \"" + u.name + "\": cannot read tokenFile " + u.tokenFile;
      return e;
    }
    a.token = *t;
  } else if (!u.authProviderIdToken.empty()) {
    a.token = u.authProviderIdToken;
  }
  if (m_exec) {
    auto cred = m_exec->get();
    if (!cred) {
      ApiError e;
      e.kind = ApiErrorKind::Credentials;
      e.message = "user \"" + u.name + "\": " + cred.error().message;
      return e;
    }
    if (!cred->token.empty()) a.token = cred->token;
    if (!cred->clientCertificateData.empty()) {
      a.certPem = cred->clientCertificateData;
      a.keyPem = cred->clientKeyData;
    }
    a.fromExec = cred.value();
  }
  return a;
}

void RestClient::configure(void* handle, const RestRequest& req, const Auth& auth, void* headers) const {
  CURL* h = static_cast<CURL*>(handle);
  const Cluster& cl = m_config.cluster;
  const User& u = m_config.user;
  curl_easy_setopt(h, CURLOPT_URL, url(req.path).c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (req.method == "GET") curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, req.body.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(headers));
  curl_easy_setopt(h, CURLOPT_USERAGENT, m_options.userAgent.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
  if (!cl.disableCompression) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (!m_connectTo.empty()) {
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, static_cast<curl_slist*>(m_connectToList));
  }
  if (cl.insecureSkipTlsVerify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!cl.certificateAuthorityData.empty()) {
    curl_blob ca{const_cast<char*>(cl.certificateAuthorityData.data()), cl.certificateAuthorityData.size(),
                 CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  } else if (!cl.certificateAuthorityFile.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, cl.certificateAuthorityFile.c_str());
  }
  if (!auth.certPem.empty()) {
    curl_blob cert{const_cast<char*>(auth.certPem.data()), auth.certPem.size(), CURL_BLOB_COPY};
    curl_blob key{const_cast<char*>(auth.keyPem.data()), auth.keyPem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
  } else if (!u.clientCertificateFile.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, u.clientCertificateFile.c_str());
    curl_easy_setopt(h, CURLOPT_SSLKEY, u.clientKeyFile.c_str());
  }
  if (auth.token.empty() && !u.username.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, u.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, u.password.c_str());
  }
  if (!cl.proxyUrl.empty()) {
    // Go's SOCKS5 dialer hands the host name to the proxy; socks5h is libcurl's name for that.
    std::string proxy = cl.proxyUrl;
    if (strings::startsWith(proxy, "socks5://")) proxy = "socks5h://" + proxy.substr(9);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy.c_str());
  }
}

namespace {

curl_slist* buildHeaders(const RestRequest& req, const std::string& token, const User& u,
                         const std::string& hostHeader) {
  curl_slist* hs = nullptr;
  hs = curl_slist_append(hs, ("Accept: " + req.accept).c_str());
  if (!req.contentType.empty()) hs = curl_slist_append(hs, ("Content-Type: " + req.contentType).c_str());
  if (!token.empty()) hs = curl_slist_append(hs, ("Authorization: Bearer " + token).c_str());
  if (!hostHeader.empty()) hs = curl_slist_append(hs, hostHeader.c_str());
  if (!u.impersonate.empty()) hs = curl_slist_append(hs, ("Impersonate-User: " + u.impersonate).c_str());
  if (!u.impersonateUid.empty()) hs = curl_slist_append(hs, ("Impersonate-Uid: " + u.impersonateUid).c_str());
  for (const auto& g : u.impersonateGroups) hs = curl_slist_append(hs, ("Impersonate-Group: " + g).c_str());
  // libcurl would otherwise send "Expect: 100-continue" for large bodies and wait for it.
  hs = curl_slist_append(hs, "Expect:");
  return hs;
}

}  // namespace

ApiResult<RestResponse> RestClient::sendOnce(const RestRequest& req, const Auth& auth) {
  CURL* h = static_cast<CURL*>(takeHandle());
  if (!h) {
    return makeApiError(ApiErrorKind::Transport, "libcurl could not create a handle", req.method, url(req.path));
  }
  curl_slist* headers = buildHeaders(req, auth.token, m_config.user, m_hostHeader);
  configure(h, req, auth, headers);
  const auto timeout = req.timeout.value_or(m_options.timeout);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  RestResponse resp;
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  const CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    curl_easy_cleanup(h);  // a failed handle may hold a half-broken connection
    return transportError(rc, errbuf, req.method, url(req.path), static_cast<long>(timeout.count()));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  const char* ct = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
  resp.status = static_cast<int>(status);
  resp.contentType = ct ? ct : "";
  giveBack(h);
  return resp;
}

ApiResult<RestResponse> RestClient::send(const RestRequest& req) {
  auto auth = currentAuth();
  if (!auth) {
    auth.error().method = req.method;
    auth.error().url = url(req.path);
    return auth.error();
  }
  auto resp = sendOnce(req, *auth);
  // An exec credential can be revoked before its expiry (or carry none): run the plugin
  // once more, as client-go does, and retry with what it returns.
  if (resp && resp->status == 401 && auth->fromExec) {
    m_exec->invalidate(*auth->fromExec);
    auto fresh = currentAuth();
    if (fresh) {
      resp = sendOnce(req, *fresh);
    }
  }
  return resp;
}

ApiResult<RestResponse> RestClient::request(const RestRequest& req) {
  auto resp = send(req);
  if (!resp) return resp;
  if (resp->status < 200 || resp->status >= 300) {
    return parseStatus(resp->status, resp->body, req.method, url(req.path));
  }
  return resp;
}

namespace {

struct StreamSink {
  CURL* handle = nullptr;
  const std::function<bool(std::string_view)>* onData = nullptr;
  std::string errorBody;
  bool consumerStopped = false;
  std::chrono::steady_clock::time_point lastData = std::chrono::steady_clock::now();
};

size_t streamWrite(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<StreamSink*>(user);
  s->lastData = std::chrono::steady_clock::now();
  long status = 0;
  curl_easy_getinfo(s->handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    if (s->errorBody.size() < kMaxErrorBody) s->errorBody.append(data, size * n);
    return size * n;
  }
  if (!(*s->onData)(std::string_view(data, size * n))) {
    s->consumerStopped = true;
    return 0;
  }
  return size * n;
}

}  // namespace

ApiResult<int> RestClient::stream(const RestRequest& req, const std::function<bool(std::string_view)>& onData,
                                  StreamStop& stop, std::chrono::milliseconds idle) {
  const std::string fullUrl = url(req.path);
  auto auth = currentAuth();
  if (!auth) {
    auth.error().method = req.method;
    auth.error().url = fullUrl;
    return auth.error();
  }
  CURL* h = curl_easy_init();
  CURLM* m = curl_multi_init();
  curl_slist* headers = buildHeaders(req, auth->token, m_config.user, m_hostHeader);
  configure(h, req, *auth, headers);
  StreamSink sink;
  sink.handle = h;
  sink.onData = &onData;
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, streamWrite);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_multi_add_handle(m, h);
  {
    std::lock_guard lock(stop.m_mutex);
    stop.m_multi = m;
  }
  bool idleExpired = false;
  int running = 1;
  while (!stop.requested() && running) {
    curl_multi_perform(m, &running);
    if (!running) break;
    curl_multi_poll(m, nullptr, 0, 100, nullptr);
    if (idle.count() > 0 && std::chrono::steady_clock::now() - sink.lastData > idle) {
      idleExpired = true;
      break;
    }
  }
  CURLcode rc = CURLE_OK;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
    if (msg->msg == CURLMSG_DONE) rc = msg->data.result;
  }
  {
    std::lock_guard lock(stop.m_mutex);
    stop.m_multi = nullptr;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_multi_remove_handle(m, h);
  curl_multi_cleanup(m);
  curl_easy_cleanup(h);
  curl_slist_free_all(headers);
  if (status == 401 && auth->fromExec) {
    m_exec->invalidate(*auth->fromExec);  // the next attempt runs the plugin again
  }
  if (stop.requested() || sink.consumerStopped) {
    return static_cast<int>(status);
  }
  if (idleExpired) {
    return makeApiError(ApiErrorKind::Timeout,
                        "nothing arrived on the stream for " + std::to_string(idle.count()) + " ms",
                        req.method, fullUrl);
  }
  if (status != 0 && (status < 200 || status >= 300)) {
    return parseStatus(static_cast<int>(status), sink.errorBody, req.method, fullUrl);
  }
  // Once a 2xx stream has begun, a connection the server (or a proxy) drops is just the
  // end of that stream; the caller resumes it.
  if (rc != CURLE_OK && (status < 200 || status >= 300)) {
    return transportError(rc, errbuf, req.method, fullUrl, 0);
  }
  return static_cast<int>(status);
}

}  // namespace routedeck::core::kube
