#include "tests/proxycore/conformance_live/live_case.h"

#include <QFile>
#include <QThread>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "proxycore/net/http_message.h"
#include "tests/proxycore/conformance_live/live_grpc_case.h"
#include "tests/proxycore/conformance_live/live_websocket.h"
#include "tests/support/http_client.h"
#include "tests/support/test_support.h"

namespace routedeck::tests {

using core::yaml::Node;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

LiveResult fail(std::string why) { return {LiveResult::Kind::Fail, std::move(why)}; }
LiveResult skip(std::string why) { return {LiveResult::Kind::Skip, std::move(why)}; }
const LiveResult kPass{};

std::string text(const Node* n, std::string_view key, const std::string& def = {}) {
  const Node* v = n ? n->find(key) : nullptr;
  return v && v->isScalar() ? v->text() : def;
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
    // The upstream harness treats 408 and 504 as one class.
    if (a == status || ((a == 408 || a == 504) && (status == 408 || status == 504))) {
      return true;
    }
  }
  return false;
}

std::string uuid() {
  static std::mt19937_64 rng{std::random_device{}()};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

// The backend's view of a header: the echo JSON lists values per name.
bool echoHeader(const nlohmann::json& echo, const std::string& name, std::string* value) {
  if (!echo.contains("headers")) {
    return false;
  }
  for (const auto& [k, v] : echo["headers"].items()) {
    if (core::net::iequals(k, name)) {
      std::string joined;
      for (const auto& item : v) {
        joined += (joined.empty() ? "" : ",") + item.get<std::string>();
      }
      *value = joined;
      return true;
    }
  }
  return false;
}

LiveResult checkRedirect(const HttpResponse& r, const Node& red, const std::string& requestPath) {
  std::string loc;
  if (!r.header("location", &loc)) {
    return fail("expected a redirect, got no Location");
  }
  size_t schemeEnd = loc.find("://");
  std::string scheme = schemeEnd == std::string::npos ? "" : loc.substr(0, schemeEnd);
  std::string rest = schemeEnd == std::string::npos ? loc : loc.substr(schemeEnd + 3);
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  path = path.substr(0, path.find('?'));
  std::string host = authority, port;
  if (size_t colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (scheme != text(&red, "scheme", "http")) {
    return fail("redirect scheme " + scheme + " in " + loc);
  }
  if (red.has("host") && host != text(&red, "host")) {
    return fail("redirect host " + host + ", expected " + text(&red, "host"));
  }
  const std::string wantPath = text(&red, "path", requestPath.substr(0, requestPath.find('?')));
  if (path != wantPath) {
    return fail("redirect path " + path + ", expected " + wantPath);
  }
  const std::string wantPort = text(&red, "port");
  const std::string defaultPort = scheme == "https" ? "443" : "80";
  if (wantPort.empty() ? !(port.empty() || port == defaultPort)
                       : !(port == wantPort || (port.empty() && wantPort == defaultPort))) {
    return fail("redirect port '" + port + "', expected '" + wantPort + "' in " + loc);
  }
  return kPass;
}

LiveResult checkResponseHeaders(const HttpResponse& r, const Node& resp) {
  const bool noSpaces = text(&resp, "ignoreWhitespaceInHeaderValues") == "true";
  auto norm = [&](std::string s) {
    if (noSpaces) std::erase(s, ' ');
    return s;
  };
  if (const Node* want = resp.find("headers"); want && want->isMap()) {
    for (const auto& e : want->entries()) {
      std::string got;
      if (!r.header(e.key, &got) || norm(got) != norm(e.value.text())) {
        return fail("response header " + e.key + " = '" + got + "', expected '" + e.value.text() + "'");
      }
    }
  }
  if (const Node* anyOf = resp.find("headerAnyOf"); anyOf && anyOf->isMap()) {
    for (const auto& e : anyOf->entries()) {
      std::string got;
      bool ok = false;
      bool has = r.header(e.key, &got);
      for (const auto& v : e.value.items()) {
        ok = ok || (has && norm(got) == norm(v.text()));
      }
      if (!ok) {
        return fail("response header " + e.key + " = '" + got + "', not an expected value");
      }
    }
  }
  if (const Node* absent = resp.find("absentHeaders"); absent && absent->isSequence()) {
    for (const auto& n : absent->items()) {
      std::string got;
      if (r.header(n.text(), &got)) {
        return fail("response header " + n.text() + " should be absent");
      }
    }
  }
  return kPass;
}

LiveResult checkBackend(const nlohmann::json& echo, const Node& expect, const Node& request,
                        const Headers& sent, const std::string& sentPath) {
  const std::string pod = echo.value("pod", "");
  if (expect.has("backend") && pod.rfind(text(&expect, "backend"), 0) != 0) {
    return fail("answered by pod " + pod + ", expected backend " + text(&expect, "backend"));
  }
  if (expect.has("namespace") && echo.value("namespace", "") != text(&expect, "namespace")) {
    return fail("answered from namespace " + echo.value("namespace", "") + ", expected " +
                text(&expect, "namespace"));
  }
  const Node* br = expect.find("backendRequest");
  const std::string wantPath = br && br->has("path") ? text(br, "path") : sentPath;
  if (echo.value("path", "") != wantPath) {
    return fail("backend saw path " + echo.value("path", "") + ", expected " + wantPath);
  }
  const std::string wantMethod = br && br->has("method") ? text(br, "method") : text(&request, "method", "GET");
  if (echo.value("method", "") != wantMethod) {
    return fail("backend saw method " + echo.value("method", "") + ", expected " + wantMethod);
  }
  const std::string wantHost = br && br->has("host") ? text(br, "host") : text(&request, "host");
  if (!wantHost.empty() && echo.value("host", "") != wantHost) {
    return fail("backend saw host " + echo.value("host", "") + ", expected " + wantHost);
  }
  if (const Node* want = br ? br->find("headers") : nullptr; want && want->isMap()) {
    for (const auto& e : want->entries()) {
      std::string got;
      if (!echoHeader(echo, e.key, &got) || got != e.value.text()) {
        return fail("backend header " + e.key + " = '" + got + "', expected '" + e.value.text() + "'");
      }
    }
  } else if (!br) {
    for (const auto& [k, v] : sent) {
      std::string got;
      if (core::net::iequals(k, "host")) continue;
      if (!echoHeader(echo, k, &got) || got != v) {
        return fail("backend header " + k + " = '" + got + "', expected it unchanged ('" + v + "')");
      }
    }
  }
  if (const Node* absent = br ? br->find("absentHeaders") : nullptr; absent && absent->isSequence()) {
    for (const auto& n : absent->items()) {
      std::string got;
      if (echoHeader(echo, n.text(), &got)) {
        return fail("backend header " + n.text() + " should be absent, is '" + got + "'");
      }
    }
  }
  return kPass;
}

// Waits (bounded) for the echo log to show `service` received `marker`.
bool mirrored(const LiveEnvironment& env, const std::string& service, const std::string& ns,
              const std::string& marker) {
  for (int i = 0; i < 40; ++i) {
    QFile f(env.echoLogPath());
    if (f.open(QIODevice::ReadOnly)) {
      for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.isEmpty()) continue;
        auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (j.is_object() && j.value("pod", "").rfind(service, 0) == 0 &&
            (ns.empty() || j.value("namespace", "") == ns) &&
            j.value("path", "").find(marker) != std::string::npos) {
          return true;
        }
      }
    }
    QThread::msleep(50);
  }
  return false;
}

// One request through curl, for what the harness's own client cannot say:
// HTTPS (SNI `host`, verified against `caCert`; with `http2` curl offers h2
// by ALPN) or, with an empty `caCert`, h2c with prior knowledge. `*version`
// says what the server took.
HttpResponse curlRequest(const QString& caCert, const std::string& host, int port, const std::string& method,
                         const std::string& path, const Headers& headers, bool http2 = false,
                         std::string* version = nullptr) {
  const bool tls = !caCert.isEmpty();
  const QString authority = QString::fromStdString(host) + QStringLiteral(":%1").arg(port);
  QStringList args{QStringLiteral("-sS"), QStringLiteral("-i"), QStringLiteral("--path-as-is"),
                   QStringLiteral("--max-time"), QStringLiteral("10"),
                   QStringLiteral("--resolve"), authority + QStringLiteral(":127.0.0.1"),
                   QStringLiteral("-X"), QString::fromStdString(method)};
  if (tls) {
    args << QStringLiteral("--cacert") << caCert;
  }
  if (http2) {
    args << (tls ? QStringLiteral("--http2") : QStringLiteral("--http2-prior-knowledge"));
  }
  for (const auto& [name, value] : headers) {
    // "Name;" is curl's way to send a header with an empty value.
    args << QStringLiteral("-H") << QString::fromStdString(value.empty() ? name + ";" : name + ": " + value);
  }
  args << (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + authority + QString::fromStdString(path);
  HttpResponse r;
  auto p = run(QStringLiteral("curl"), args, 15000);
  if (p.exitCode != 0) {
    r.error = "curl: " + p.err.toStdString();
    return r;
  }
  const std::string out = p.out.toStdString();
  const size_t headEnd = out.find("\r\n\r\n");
  if (headEnd == std::string::npos || out.size() < 12) {
    r.error = "curl printed no response head";
    return r;
  }
  r.status = std::atoi(out.c_str() + out.find(' ') + 1);
  if (version) {
    *version = out.substr(0, out.find(' '));  // "HTTP/1.1" or "HTTP/2"
  }
  size_t line = out.find("\r\n") + 2;
  while (line < headEnd) {
    const size_t end = out.find("\r\n", line);
    const std::string h = out.substr(line, end - line);
    if (const size_t colon = h.find(':'); colon != std::string::npos) {
      const size_t v = h.find_first_not_of(' ', colon + 1);
      r.headers.emplace_back(h.substr(0, colon), v == std::string::npos ? "" : h.substr(v));
    }
    line = end + 2;
  }
  r.body = out.substr(headEnd + 4);
  r.ok = true;
  return r;
}

}  // namespace

LiveResult runLiveCase(LiveEnvironment& env, const Node& testFile, const Node& testCase) {
  const Node* request = testCase.find("request");
  const Node* expect = testCase.find("expect");
  if (!request || !expect) {
    return skip("no request/expect");
  }
  if (text(&testFile, "protocol") == "gRPC") {
    return runGrpcCase(env, testFile, testCase);
  }
  if (text(request, "protocol").rfind("WebSocket", 0) == 0) {
    const Node* target = testCase.find("target") ? testCase.find("target") : testFile.find("defaultTarget");
    const int port = env.portFor(text(target, "gateway"), std::atoi(text(target, "port", "80").c_str()));
    if (port == 0 || text(target, "scheme", "http") != "http") {
      return fail("no plaintext HTTP listener bound for " + text(target, "gateway") + " port " + text(target, "port"));
    }
    return runWebSocketCase(port, text(&testFile, "name"), *request, *expect);
  }
  const Node* target = testCase.find("target") ? testCase.find("target") : testFile.find("defaultTarget");
  const std::string scheme = text(target, "scheme", "http");
  const bool https = scheme == "https";
  // HTTP/2 over TLS goes through curl --http2: ALPN decides the protocol,
  // and what the case checks (SNI against :authority/Host) is the same.
  const bool h2OverTls = https && text(request, "protocol").rfind("HTTP/2 (over TLS", 0) == 0;
  // h2c with prior knowledge goes through curl --http2-prior-knowledge.
  const bool h2c = !https && text(request, "protocol").rfind("H2C", 0) == 0;
  if (request->has("protocol") && !h2OverTls && !h2c) {
    return skip("protocol " + text(request, "protocol") + " is not one the harness speaks");
  }
  if (h2c && (expect->find("distribution") || expect->find("invariant") || expect->find("mirroredTo"))) {
    return skip("h2c case with repeated requests: not implemented in the harness");
  }
  if (!https && scheme != "http") {
    return skip("scheme " + scheme);
  }
  if (https && (expect->find("distribution") || expect->find("invariant") || expect->find("mirroredTo"))) {
    return skip("HTTPS case with repeated requests: not implemented in the harness");
  }
  if (const Node* inv = expect->find("invariant")) {
    // Invariants are prose; each known one is implemented here.
    if (text(&testFile, "name") != "HTTPRouteRequestHeaderModifierBackendWeights") {
      return skip("invariant without an implemented check: " + text(inv, "description"));
    }
  }
  const int port = env.portFor(text(target, "gateway"), std::atoi(text(target, "port", "80").c_str()));
  if (port == 0) {
    return fail("no HTTP listener bound for " + text(target, "gateway") + " port " + text(target, "port"));
  }
  Headers headers;
  headers.emplace_back("Host", text(request, "host", "127.0.0.1"));
  if (const Node* h = request->find("headers"); h && h->isMap()) {
    for (const auto& e : h->entries()) {
      headers.emplace_back(e.key, e.value.text());
    }
  }
  std::string echoSet;
  if (const Node* b = testCase.find("backendResponseHeaders"); b && b->isMap()) {
    for (const auto& e : b->entries()) {
      echoSet += (echoSet.empty() ? "" : ",") + e.key + ":" + e.value.text();
    }
  }
  headers.emplace_back("X-Echo-Set-Header", echoSet);
  std::string path = text(request, "path", "/");
  // Each retry probe needs its own uuid: the echo counts attempts per uuid.
  if (size_t at = path.find("{UUID}"); at != std::string::npos) {
    path.replace(at, 6, uuid());
  }
  const std::string method = text(request, "method", "GET");
  const Node* mirrors = expect->find("mirroredTo");
  std::string marker;
  if (mirrors) {
    marker = "gateway-api-conformance-request-id=" + uuid();
    path += (path.find('?') == std::string::npos ? "?" : "&") + marker;
  }
  HttpClient client(port, 10000);
  if (const Node* dist = expect->find("distribution")) {
    const int n = std::atoi(text(dist, "requests", "500").c_str());
    const double tol = std::atof(text(dist, "absoluteTolerance", "0.05").c_str());
    std::map<std::string, int> seen;
    for (int i = 0; i < n; ++i) {
      Headers h = headers;
      if (i % 2) h.emplace_back("X-Jitter", std::to_string(i));
      auto r = client.request(method, path, h);
      if (!r.ok || r.status != 200) {
        return fail("request " + std::to_string(i) + " failed: " + (r.ok ? std::to_string(r.status) : r.error));
      }
      auto j = nlohmann::json::parse(r.body, nullptr, false);
      std::string pod = j.is_object() ? j.value("pod", "") : "";
      seen[pod.substr(0, pod.rfind('-'))]++;
    }
    const Node* weights = dist->find("weights");
    if (!weights || !weights->isMap()) {
      return skip("distribution without weights");
    }
    double total = 0;
    for (const auto& e : weights->entries()) total += std::atof(e.value.text().c_str());
    for (const auto& e : weights->entries()) {
      double want = std::atof(e.value.text().c_str()) / total;
      double got = static_cast<double>(seen[e.key]) / n;
      if (std::abs(got - want) > tol) {
        return fail("backend " + e.key + " got " + std::to_string(got) + " of requests, expected " +
                    std::to_string(want) + " ± " + std::to_string(tol));
      }
    }
    return kPass;
  }
  if (const Node* inv = expect->find("invariant")) {
    // The per-backend "Backend" header must belong to the pod that served.
    const int repeat = std::atoi(text(inv, "repeat", "100").c_str());
    for (int i = 0; i < repeat; ++i) {
      auto r = client.request(method, path, headers);
      auto echo = nlohmann::json::parse(r.ok ? r.body : "", nullptr, false);
      if (!r.ok || r.status != 200 || !echo.is_object()) {
        return fail("invariant request " + std::to_string(i) + " failed: " + r.error + r.body.substr(0, 100));
      }
      const auto& values = echo["headers"].contains("Backend") ? echo["headers"]["Backend"] : nlohmann::json::array();
      if (values.size() != 1 || echo.value("pod", "").rfind(values[0].get<std::string>(), 0) != 0) {
        return fail("pod " + echo.value("pod", "") + " saw Backend headers " + values.dump());
      }
    }
    return kPass;
  }
  std::string version;
  HttpResponse r;
  if (https) {
    if (env.caCertPath().isEmpty()) {
      return fail("no TLS certificate could be made for the HTTPS cases");
    }
    r = curlRequest(env.caCertPath(), text(target, "sni", text(request, "host")), port, method, path, headers,
                    h2OverTls, &version);
  } else if (h2c) {
    r = curlRequest(QString(), text(request, "host", "127.0.0.1"), port, method, path, headers, true, &version);
  } else {
    r = client.request(method, path, headers);
  }
  if (!r.ok) {
    return fail("no response: " + r.error + "; routedeckd said: " + env.serveStderr().toStdString());
  }
  if (!statusAllowed(r.status, *expect)) {
    return fail("status " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
  }
  if (const Node* red = expect->find("redirect")) {
    if (auto res = checkRedirect(r, *red, text(request, "path", "/")); res.kind != LiveResult::Kind::Pass) {
      return res;
    }
  }
  if (const Node* resp = expect->find("response")) {
    if (auto res = checkResponseHeaders(r, *resp); res.kind != LiveResult::Kind::Pass) {
      return res;
    }
  }
  const Node* ns = expect->find("namespace");
  if ((r.status == 200 || r.status == 204) && ns && ns->text().empty()) {
    // Answered by the gateway itself (a CORS preflight): no echo body.
    auto echo = nlohmann::json::parse(r.body, nullptr, false);
    if (echo.is_object() && !echo.value("namespace", "").empty()) {
      return fail("expected the gateway to answer, but echo pod " + echo.value("pod", "") + " did");
    }
  } else if (r.status == 200 || r.status == 204) {
    auto echo = nlohmann::json::parse(r.body, nullptr, false);
    if (!echo.is_object()) {
      return fail("the answer is not the echo backend's JSON: " + r.body.substr(0, 200));
    }
    const std::string wantPath = path;
    Headers sent(headers.begin() + 1, headers.end());
    Node expectCopy = *expect;
    if (!marker.empty()) {  // the marker query parameter rides along with a rewritten path
      if (Node* br = expectCopy.find("backendRequest"); br && br->find("path")) {
        std::string p = br->find("path")->text();
        *br->find("path") = Node::str(p + (p.find('?') == std::string::npos ? "?" : "&") + marker);
      }
    }
    if (auto res = checkBackend(echo, expectCopy, *request, sent, wantPath); res.kind != LiveResult::Kind::Pass) {
      return res;
    }
  }
  if (mirrors && mirrors->isSequence()) {
    for (const auto& m : mirrors->items()) {
      if (m.has("percent")) {
        continue;  // a share over many requests; not checked per case
      }
      if (!mirrored(env, text(&m, "backend"), text(&m, "namespace"), marker)) {
        return fail("mirror " + text(&m, "backend") + " did not receive the request");
      }
    }
  }
  if ((h2OverTls || h2c) && version != "HTTP/2") {
    return fail("HTTP/2 case, but the answer came over " + version);
  }
  if (h2c) {
    // The backend's port says kubernetes.io/h2c, so the echo must have
    // been asked over HTTP/2 too.
    auto echo = nlohmann::json::parse(r.body, nullptr, false);
    const std::string upstream = echo.is_object() ? echo.value("proto", "") : "";
    if (upstream != "HTTP/2") {
      return fail("the backend was asked over " + (upstream.empty() ? "?" : upstream) + ", not h2c");
    }
  }
  return kPass;
}

}  // namespace routedeck::tests
