#include "proxycore/net/http1_writer.h"

#include <charconv>

namespace routedeck::core::net {

namespace {

void appendNumber(std::string& out, uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

bool isFramingField(std::string_view name) {
  switch (name.size()) {  // by length first: this runs for every field
    case 10: return iequals(name, "connection");
    case 14: return iequals(name, "content-length");
    case 17: return iequals(name, "transfer-encoding");
    default: return false;
  }
}

void writeFields(std::string& out, const Headers& headers, BodyFraming framing, uint64_t length,
                 bool keepAlive, bool http10Peer, bool emptyNeedsLength, bool upgrade) {
  // One allocation for the whole head instead of growing field by field
  // (64: the framing and connection lines written below).
  size_t size = out.size() + 64;
  for (const auto& h : headers.all()) {
    size += h.name.size() + h.value.size() + 4;
  }
  out.reserve(size);
  for (const auto& h : headers.all()) {
    if (isFramingField(h.name)) {
      continue;
    }
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  if (framing == BodyFraming::None && emptyNeedsLength) {
    // A response without framing would be read until close.
    out += "content-length: 0\r\n";
  } else if (framing == BodyFraming::ContentLength) {
    out += "content-length: ";
    appendNumber(out, length);
    out += "\r\n";
  } else if (framing == BodyFraming::Chunked) {
    out += "transfer-encoding: chunked\r\n";
  }
  if (upgrade) {
    out += "connection: upgrade\r\n";
  } else if (!keepAlive) {
    out += "connection: close\r\n";
  } else if (http10Peer) {
    out += "connection: keep-alive\r\n";
  }
  out += "\r\n";
}

}  // namespace

void writeRequestHead(std::string& out, const RequestHead& head, std::string_view target) {
  out += head.method;
  out += ' ';
  out += target;
  out += " HTTP/1.1\r\n";
  writeFields(out, head.headers, head.framing, head.contentLength, head.keepAlive, false, false,
              head.upgrade);
}

void writeResponseHead(std::string& out, const ResponseHead& head) {
  out += head.versionMinor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
  appendNumber(out, static_cast<uint64_t>(head.status));
  out += ' ';
  out += head.reason.empty() ? reasonPhrase(head.status) : std::string_view(head.reason);
  out += "\r\n";
  // A response to a body-less status still says its length when the
  // message is framed by Content-Length (HEAD answers).
  const bool bodyless = head.status < 200 || head.status == 204 || head.status == 304;
  writeFields(out, head.headers, head.framing, head.contentLength, head.keepAlive,
              head.versionMinor == 0, !bodyless, head.status == 101);
}

void writeChunk(std::string& out, std::string_view data) {
  if (data.empty()) {
    return;
  }
  char buf[20];
  auto res = std::to_chars(buf, buf + sizeof buf, data.size(), 16);
  out.append(buf, res.ptr);
  out += "\r\n";
  out += data;
  out += "\r\n";
}

void writeLastChunk(std::string& out) { out += "0\r\n\r\n"; }

void writeLastChunk(std::string& out, const Headers& trailers) {
  out += "0\r\n";
  for (const auto& h : trailers.all()) {
    if (isFramingField(h.name)) {
      continue;  // a trailer cannot reframe the message (RFC 9110 6.5.1)
    }
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace routedeck::core::net
