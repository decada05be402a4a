#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace routedeck::core::net {

struct Header {
  std::string name;
  std::string value;
};

// Header fields in arrival order; names keep their case, lookups ignore it.
class Headers {
 public:
  const std::vector<Header>& all() const { return m_items; }
  std::vector<Header>& all() { return m_items; }
  size_t size() const { return m_items.size(); }
  void clear() { m_items.clear(); }

  // First value of `name`, or nullptr.
  const std::string* find(std::string_view name) const;
  // All values of `name` joined with "," (RFC 9110 field combination).
  std::optional<std::string> joined(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  void add(std::string name, std::string value) { m_items.push_back({std::move(name), std::move(value)}); }
  // Replaces every field called `name` with one.
  void set(std::string_view name, std::string value);
  // Appends to the existing field ("a, b") or adds it.
  void append(std::string_view name, std::string_view value, std::string_view sep = ", ");
  size_t remove(std::string_view name);

 private:
  std::vector<Header> m_items;
};

bool iequals(std::string_view a, std::string_view b);

// Does the comma-separated header value contain `token` (case-insensitive)?
bool hasToken(std::string_view list, std::string_view token);

// How a message body is delimited on the wire.
enum class BodyFraming { None, ContentLength, Chunked, UntilClose };

struct RequestHead {
  std::string method;
  std::string target;  // as sent: origin-form "/p?q", or absolute-form; HTTP/2: :path
  int versionMajor = 1;  // 2 for HTTP/2 (versionMinor is then 0)
  int versionMinor = 1;
  Headers headers;
  BodyFraming framing = BodyFraming::None;
  uint64_t contentLength = 0;
  bool keepAlive = true;
  bool expectContinue = false;
  // The parser: the request asks to switch protocols. The writer: send
  // "connection: upgrade" (the Upgrade field itself travels in headers).
  bool upgrade = false;
};

struct ResponseHead {
  int status = 200;
  std::string reason;
  int versionMinor = 1;
  Headers headers;
  BodyFraming framing = BodyFraming::None;
  uint64_t contentLength = 0;
  bool keepAlive = true;
};

std::string_view reasonPhrase(int status);

// "HTTP/1.0", "HTTP/1.1" or "HTTP/2", as access logs and traces name it.
std::string_view protocolName(const RequestHead& head);

// Removes the hop-by-hop fields of RFC 9110 section 7.6.1: Connection, the
// fields it names, and the classic list (Keep-Alive, Proxy-Connection, TE,
// Trailer, Transfer-Encoding, Upgrade).
void removeHopByHop(Headers& h);

// An HTTP/1.1 request to switch to WebSocket (RFC 6455 4.1): Connection
// names "upgrade" and Upgrade names "websocket" (tokens, any case), and no
// request body. Other Upgrade values are not honoured by the proxy.
bool isWebSocketUpgrade(const RequestHead& head);

}  // namespace routedeck::core::net
