#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <string>
#include <string_view>

#include "proxycore/net/http_message.h"

namespace routedeck::core::net {

class ServerConnection;
class H2Stream;

// One request/response on a downstream connection, as a handler sees it.
// The request body is read in spans (valid until the next readBody()); the
// response is staged in an output buffer and written by flush()/finish(), so
// a small response leaves in one write.
class ServerExchange {
 public:
  explicit ServerExchange(ServerConnection& conn) : m_conn(conn) {}
  // One stream of an HTTP/2 connection.
  ServerExchange(ServerConnection& conn, H2Stream& stream) : m_conn(conn), m_stream(&stream) {}

  RequestHead& request();
  const asio::ip::tcp::endpoint& remote() const;
  // The client's address as text, formatted once per connection.
  const std::string& remoteAddress() const;
  // Which bound listener accepted the connection (HttpServer::listen order).
  int listener() const;
  // Local port the connection arrived on.
  int localPort() const;
  // The TLS server name (SNI) in lower case; empty for plaintext or no SNI.
  const std::string& serverName() const;
  // The connection terminated TLS (the request's scheme is https).
  bool secure() const;
  // The subject CN of the client certificate the TLS handshake verified
  // (CertificateSource::clientCaPem); empty without TLS, without a client
  // certificate or without a CN. Read once per connection.
  const std::string& peerCommonName() const;
  // The request arrived over HTTP/2 (one stream of a multiplexed connection).
  bool http2() const { return m_stream != nullptr; }

  // Next span of the request body; empty once the body is complete. Sends
  // "100 Continue" first when the client asked for it. ok=false when the
  // client went away or sent a malformed body.
  struct BodySpan {
    bool ok = true;
    std::string_view data;
  };
  asio::awaitable<BodySpan> readBody();
  bool bodyComplete() const { return m_bodyDone; }

  // Stages the response head. Framing to the client is chosen here: the
  // head's Content-Length when given, otherwise chunked for HTTP/1.1 and
  // until-close for HTTP/1.0 clients.
  void startResponse(ResponseHead& head);
  void writeBody(std::string_view data);
  asio::awaitable<bool> flush();
  // Bytes staged by startResponse()/writeBody() and not yet written.
  size_t pendingOutput() const;
  // Ends the response (last chunk) and flushes. False when the write failed.
  asio::awaitable<bool> finish();
  // Ends the response with trailer fields: an HTTP/2 trailing HEADERS frame
  // (gRPC's grpc-status), or the trailer section of a chunked HTTP/1.1
  // response. A response with a Content-Length cannot carry them on
  // HTTP/1.1; they are dropped there.
  asio::awaitable<bool> finish(const Headers& trailers);
  // Trailer fields the client sent after the request body (HTTP/2), valid
  // once bodyComplete().
  const Headers& requestTrailers() const;
  // A complete local response in one call.
  asio::awaitable<bool> respond(int status, Headers headers, std::string_view body,
                                std::string_view contentType = "text/plain; charset=utf-8");

  bool responseStarted() const { return m_responseStarted; }
  bool responseComplete() const { return m_responseDone; }
  // The connection closes after this response.
  void closeAfterResponse() { m_close = true; }
  bool closeRequested() const { return m_close; }
  // Breaks off the exchange without (the rest of) a response: resets the
  // connection (RST) on HTTP/1.1, only this stream (RST_STREAM) on HTTP/2.
  void abortConnection();

  uint64_t bytesReceived() const { return m_bytesIn; }
  uint64_t bytesSent() const { return m_bytesOut; }

  // Switched protocols (server_tunnel.cc). Once a handler has staged a 101
  // response, the bytes that follow are no longer HTTP; the connection
  // closes when the handler returns. Reads and writes count into
  // bytesReceived()/bytesSent() and keep the connection's idle deadline
  // (ServerLimits::idleTimeout) moving; when it passes, the socket is
  // cancelled and pending reads return empty.
  //
  // The next bytes from the client, starting with any that arrived behind
  // the request head; valid until the next call. Empty at end of stream
  // (FIN, TLS close_notify), on error or on the idle timeout.
  asio::awaitable<std::string_view> readUpgraded();
  // Writes the staged 101 head, if still pending, then `data`.
  asio::awaitable<bool> writeUpgraded(std::string_view data);
  struct TunnelResult {
    uint64_t toUpstream = 0;  // client bytes relayed
    uint64_t toClient = 0;    // upstream bytes relayed, after the 101 head
    bool idleTimeout = false;   // both directions were idle past idleTimeout
    bool upstreamError = false; // the upstream reset or failed (not a FIN)
  };
  // Writes the staged 101 head, then relays bytes both ways between the
  // client and `upstream` until both directions have ended. `upstreamEarly`
  // are upstream bytes already read behind its 101 head. An end of stream
  // is passed on as a half-close (shutdown of the other side's sending
  // direction); on TLS, where asio cannot send close_notify beside a
  // pending read, an upstream end closes the client connection instead.
  // `upstream` is left closed or half-closed: never reuse it.
  asio::awaitable<TunnelResult> tunnel(asio::ip::tcp::socket& upstream, std::string_view upstreamEarly);

 private:
  friend class ServerConnection;
  friend class H2Connection;
  struct Splice;  // the two directions of tunnel()
  void switchProtocols();
  void reset();
  // HTTP/2 stream halves (server_h2.cc).
  asio::awaitable<BodySpan> h2ReadBody();
  void h2StartResponse(ResponseHead& head);
  void h2WriteBody(std::string_view data);
  size_t h2Pending() const;
  asio::awaitable<bool> h2Flush();
  asio::awaitable<bool> h2Finish(const Headers* trailers);
  void h2Abort();
  const Headers& h2RequestTrailers() const;

  ServerConnection& m_conn;
  H2Stream* m_stream = nullptr;  // HTTP/2 only
  bool m_bodyDone = true;
  bool m_switched = false;  // after a 101: the connection is a tunnel, not HTTP
  bool m_continueSent = false;
  bool m_responseStarted = false;
  bool m_responseDone = false;
  bool m_close = false;
  bool m_headOnly = false;
  BodyFraming m_outFraming = BodyFraming::None;
  uint64_t m_bytesIn = 0;
  uint64_t m_bytesOut = 0;
};

}  // namespace routedeck::core::net
