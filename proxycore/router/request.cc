#include "proxycore/router/request.h"

#include "proxycore/common/strings.h"

namespace routedeck::core::router {

namespace {

// Splits "host[:port]" (with [v6] brackets) and lower-cases the host.
void splitAuthority(const std::string& authority, Request& r) {
  std::string host = authority;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    std::string rest = close == std::string::npos ? "" : host.substr(close + 1);
    host = host.substr(0, close == std::string::npos ? host.size() : close + 1);
    if (rest.size() > 1 && rest[0] == ':') {
      r.port = static_cast<int>(strings::parseInt(rest.substr(1)).value_or(0));
    }
  } else if (size_t colon = host.rfind(':'); colon != std::string::npos) {
    if (auto p = strings::parseInt(host.substr(colon + 1))) {
      r.port = static_cast<int>(*p);
    }
    host = host.substr(0, colon);
  }
  r.host = strings::toLower(host);
}

}  // namespace

Result<Request> Request::parse(const std::string& requestLine,
                               const std::vector<std::string>& headerLines) {
  Request r;
  std::string line(strings::trim(requestLine));
  size_t space = line.find(' ');
  std::string target = line;
  if (space != std::string::npos) {
    r.method = line.substr(0, space);
    target = std::string(strings::trim(line.substr(space + 1)));
  }
  if (r.method.empty() || target.empty()) {
    return makeError(ErrorCode::Usage, "request must be 'METHOD URL', got '" + requestLine + "'");
  }
  for (char c : r.method) {
    if (!std::isupper(static_cast<unsigned char>(c))) {
      return makeError(ErrorCode::Usage, "request method must be upper-case letters, got '" +
                                             r.method + "'");
    }
  }
  std::string pathPart = target;
  if (size_t scheme = target.find("://"); scheme != std::string::npos) {
    r.scheme = strings::toLower(target.substr(0, scheme));
    if (r.scheme != "http" && r.scheme != "https") {
      return makeError(ErrorCode::Usage, "URL scheme must be http or https, got '" + r.scheme + "'");
    }
    std::string rest = target.substr(scheme + 3);
    size_t slash = rest.find_first_of("/?");
    splitAuthority(rest.substr(0, slash), r);
    pathPart = slash == std::string::npos ? "/" : rest.substr(slash);
    if (r.port == 0) {
      r.port = r.scheme == "https" ? 443 : 80;
    }
  } else if (target.front() != '/') {
    return makeError(ErrorCode::Usage,
                     "request target must be an absolute URL or start with '/', got '" + target + "'");
  }
  if (size_t q = pathPart.find('?'); q != std::string::npos) {
    r.query = pathPart.substr(q + 1);
    pathPart = pathPart.substr(0, q);
  }
  r.path = pathPart.empty() ? "/" : pathPart;
  if (r.path.front() != '/') {
    r.path = "/" + r.path;
  }
  for (const auto& h : headerLines) {
    size_t colon = h.find(':');
    if (colon == std::string::npos || colon == 0) {
      return makeError(ErrorCode::Usage, "header must be 'Name: value', got '" + h + "'");
    }
    std::string name(strings::trim(h.substr(0, colon)));
    std::string value(strings::trim(h.substr(colon + 1)));
    if (strings::iequals(name, "host")) {
      int port = r.port;
      splitAuthority(value, r);
      if (r.port == 0) {
        r.port = port;
      }
    }
    r.headers.emplace_back(std::move(name), std::move(value));
  }
  return r;
}

std::optional<std::string> Request::header(std::string_view name) const {
  std::string scratch;
  auto v = headerView(name, scratch);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

std::optional<std::string_view> Request::headerView(std::string_view name,
                                                    std::string& scratch) const {
  if (strings::iequals(name, "host") || strings::iequals(name, ":authority")) {
    return host;
  }
  // HTTP/2 pseudo-headers, which Envoy header matchers may name.
  if (!name.empty() && name.front() == ':') {
    if (name == ":path") {
      scratch = pathWithQuery();
      return std::string_view(scratch);
    }
    if (name == ":method") {
      return std::string_view(method);
    }
    if (name == ":scheme") {
      return std::string_view(scheme);
    }
  }
  const std::pair<std::string, std::string>* first = nullptr;
  bool joined = false;
  for (const auto& h : headers) {
    if (!strings::iequals(h.first, name)) {
      continue;
    }
    if (!first) {
      first = &h;
      continue;
    }
    if (!joined) {
      scratch = first->second;
      joined = true;
    }
    scratch += ",";
    scratch += h.second;
  }
  if (!first) {
    return std::nullopt;
  }
  return joined ? std::string_view(scratch) : std::string_view(first->second);
}

std::optional<std::string> Request::queryParam(std::string_view name) const {
  auto v = queryParamView(name);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

std::optional<std::string_view> Request::queryParamView(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (part.empty()) {
      continue;
    }
    const size_t eq = part.find('=');
    if (part.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    }
  }
  return std::nullopt;
}

}  // namespace routedeck::core::router
