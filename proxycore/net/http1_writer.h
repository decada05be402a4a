#pragma once

#include <string>
#include <string_view>

#include "proxycore/net/http_message.h"

namespace routedeck::core::net {

// Serialises HTTP/1.1 message heads and body framing into an output buffer.
// Framing headers (Content-Length, Transfer-Encoding, Connection) come from
// the head's fields `framing`, `contentLength` and `keepAlive`, never from
// its header list, so a message is always framed the way it is sent; an
// upgrade request (RequestHead::upgrade) and a 101 say "connection: upgrade".
void writeRequestHead(std::string& out, const RequestHead& head, std::string_view target);
void writeResponseHead(std::string& out, const ResponseHead& head);
// One chunk of a chunked body; empty data writes nothing.
void writeChunk(std::string& out, std::string_view data);
void writeLastChunk(std::string& out);
// The last chunk followed by trailer fields.
void writeLastChunk(std::string& out, const Headers& trailers);

}  // namespace routedeck::core::net
