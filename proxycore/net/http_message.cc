#include "proxycore/net/http_message.h"

#include <algorithm>

namespace routedeck::core::net {

namespace {
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool hasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (iequals(item, token)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  return false;
}

const std::string* Headers::find(std::string_view name) const {
  for (const auto& h : m_items) {
    if (iequals(h.name, name)) {
      return &h.value;
    }
  }
  return nullptr;
}

std::optional<std::string> Headers::joined(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& h : m_items) {
    if (iequals(h.name, name)) {
      if (out) {
        *out += ',';
        *out += h.value;
      } else {
        out = h.value;
      }
    }
  }
  return out;
}

void Headers::set(std::string_view name, std::string value) {
  auto it = std::find_if(m_items.begin(), m_items.end(),
                         [&](const Header& h) { return iequals(h.name, name); });
  if (it == m_items.end()) {
    m_items.push_back({std::string(name), std::move(value)});
    return;
  }
  it->value = std::move(value);
  m_items.erase(std::remove_if(it + 1, m_items.end(),
                               [&](const Header& h) { return iequals(h.name, name); }),
                m_items.end());
}

void Headers::append(std::string_view name, std::string_view value, std::string_view sep) {
  for (auto& h : m_items) {
    if (iequals(h.name, name)) {
      h.value += sep;
      h.value += value;
      return;
    }
  }
  m_items.push_back({std::string(name), std::string(value)});
}

size_t Headers::remove(std::string_view name) {
  auto end = std::remove_if(m_items.begin(), m_items.end(),
                            [&](const Header& h) { return iequals(h.name, name); });
  size_t n = static_cast<size_t>(m_items.end() - end);
  m_items.erase(end, m_items.end());
  return n;
}

namespace {
// The fixed hop-by-hop list, by length first: this runs on every request
// and response, for every field.
bool isHopByHopName(std::string_view n) {
  switch (n.size()) {
    case 2: return iequals(n, "te");
    case 7: return iequals(n, "trailer") || iequals(n, "upgrade");
    case 10: return iequals(n, "connection") || iequals(n, "keep-alive");
    case 16: return iequals(n, "proxy-connection");
    case 17: return iequals(n, "transfer-encoding");
    default: return false;
  }
}
}  // namespace

void removeHopByHop(Headers& h) {
  auto& items = h.all();
  // The fields Connection names go too; its values are copied first because
  // removal moves the strings they live in.
  std::string named;
  for (const auto& f : items) {
    if (f.name.size() == 10 && iequals(f.name, "connection")) {
      named += f.value;
      named += ',';
    }
  }
  std::erase_if(items, [&](const Header& f) {
    return isHopByHopName(f.name) || (!named.empty() && hasToken(named, f.name));
  });
}

bool isWebSocketUpgrade(const RequestHead& head) {
  if (head.versionMajor != 1 || head.versionMinor != 1 || head.framing != BodyFraming::None) {
    return false;
  }
  const auto connection = head.headers.joined("connection");
  const auto upgrade = head.headers.joined("upgrade");
  return connection && upgrade && hasToken(*connection, "upgrade") && hasToken(*upgrade, "websocket");
}

std::string_view reasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 421: return "Misdirected Request";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::string_view protocolName(const RequestHead& head) {
  if (head.versionMajor == 2) {
    return "HTTP/2";
  }
  return head.versionMinor == 0 ? "HTTP/1.0" : "HTTP/1.1";
}

}  // namespace routedeck::core::net
