#include "proxycore/proxy/request_builder.h"

#include <cstdio>

namespace routedeck::core::proxy {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// "host", "host:port", "[v6]:port" → host (lower-case) and port.
void splitAuthority(std::string_view authority, std::string& host, int& port) {
  port = 0;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    host = lower(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
    if (close != std::string_view::npos && close + 1 < authority.size() && authority[close + 1] == ':') {
      port = std::atoi(std::string(authority.substr(close + 2)).c_str());
    }
    return;
  }
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos) {
    port = std::atoi(std::string(authority.substr(colon + 1)).c_str());
    authority = authority.substr(0, colon);
  }
  host = lower(authority);
}

}  // namespace

bool toRouterRequest(const net::RequestHead& head, int listenerPort, router::Request& out,
                     std::string* error) {
  out.method = head.method;
  out.scheme = "http";
  std::string_view target = head.target;
  std::string_view authority;
  if (const std::string* h = head.headers.find("host")) {
    authority = *h;
  }
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    // Absolute form: its authority wins over Host (RFC 9112 3.2.2).
    size_t start = target.find("//") + 2;
    size_t slash = target.find('/', start);
    authority = target.substr(start, slash == std::string_view::npos ? target.size() - start
                                                                     : slash - start);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  } else if (target.empty() || (target.front() != '/' && target != "*")) {
    *error = "request target \"" + std::string(target) + "\" is not origin or absolute form";
    return false;
  }
  int port = 0;
  splitAuthority(authority, out.host, port);
  out.port = listenerPort;
  size_t q = target.find('?');
  out.path = std::string(target.substr(0, q));
  out.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
  out.headers.clear();
  out.headers.reserve(head.headers.size());
  for (const auto& h : head.headers.all()) {
    out.headers.emplace_back(h.name, h.value);
  }
  return true;
}

void applyHeaderModifier(net::Headers& h, const model::HeaderModifier& m) {
  for (const auto& s : m.set) {
    h.set(s.name, s.value);
  }
  for (const auto& a : m.add) {
    h.add(a.name, a.value);
  }
  for (const auto& r : m.remove) {
    h.remove(r);
  }
}

std::string newRequestId(std::mt19937_64& rng) {
  uint64_t a = rng();
  uint64_t b = rng();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  // Hand-formatted: this runs for every request without an id, and
  // snprintf's format parsing costs more than the rest of it.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  size_t pos = 0;
  auto put = [&](uint64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      id[pos++] = kHex[(v >> (4 * i)) & 0xf];
    }
  };
  put(a >> 32, 8);
  ++pos;
  put((a >> 16) & 0xffff, 4);
  ++pos;
  put(a & 0xffff, 4);
  ++pos;
  put(b >> 48, 4);
  ++pos;
  put(b & 0xffffffffffffULL, 12);
  return id;
}

void buildUpstreamHead(const net::RequestHead& client, const router::Request& req,
                       const router::Decision& d, const model::BackendRef* backend,
                       const UpstreamHeadOptions& opts, net::RequestHead& up, std::string& target) {
  up.method = client.method;
  up.versionMinor = 1;
  up.headers = client.headers;
  net::removeHopByHop(up.headers);
  up.headers.remove("expect");  // the proxy answered 100-continue itself
  applyHeaderModifier(up.headers, *d.requestHeaders);
  if (backend) {
    applyHeaderModifier(up.headers, backend->requestHeaders);
  }
  if (d.rewriteHost) {
    up.headers.set("host", *d.rewriteHost);
  } else if (!up.headers.has("host")) {
    up.headers.set("host", req.host);
  }
  up.headers.append("x-forwarded-for", opts.clientAddress);
  up.headers.set("x-forwarded-proto", req.scheme);
  if (!up.headers.has("x-request-id")) {
    up.headers.add("x-request-id", std::string(opts.requestId));
  }
  if (opts.trace) {
    applyTraceHeaders(up.headers, *opts.trace);
  }
  if (opts.addVia) {
    up.headers.append("via", "1.1 routedeck");
  }
  target = d.rewritePath ? *d.rewritePath : req.path;
  if (!req.query.empty()) {
    target += '?';
    target += req.query;
  }
  up.keepAlive = true;
  up.framing = net::BodyFraming::None;
  up.contentLength = 0;
}

}  // namespace routedeck::core::proxy
