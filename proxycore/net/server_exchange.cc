#include "proxycore/net/server_exchange.h"

#include "proxycore/net/asio_tuple.h"
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "proxycore/net/http1_writer.h"
#include "proxycore/net/server_connection.h"
#include "proxycore/net/server_h2.h"

namespace routedeck::core::net {

RequestHead& ServerExchange::request() { return m_stream ? m_stream->head : m_conn.m_parser.request(); }
const asio::ip::tcp::endpoint& ServerExchange::remote() const { return m_conn.m_remote; }
const std::string& ServerExchange::remoteAddress() const { return m_conn.m_remoteAddress; }
int ServerExchange::listener() const { return m_conn.m_listener; }
int ServerExchange::localPort() const { return m_conn.m_localPort; }
const std::string& ServerExchange::serverName() const { return m_conn.m_serverName; }
bool ServerExchange::secure() const { return m_conn.m_tls != nullptr; }
const std::string& ServerExchange::peerCommonName() const { return m_conn.m_peerCommonName; }

void ServerExchange::reset() {
  m_bodyDone = true;
  m_continueSent = false;
  m_responseStarted = false;
  m_responseDone = false;
  m_close = false;
  m_headOnly = false;
  m_outFraming = BodyFraming::None;
  m_bytesIn = 0;
  m_bytesOut = 0;
}

const Headers& ServerExchange::requestTrailers() const {
  static const Headers kNone;
  return m_stream ? h2RequestTrailers() : kNone;
}

asio::awaitable<ServerExchange::BodySpan> ServerExchange::readBody() {
  if (m_bodyDone) {
    co_return BodySpan{};
  }
  if (m_stream) {
    co_return co_await h2ReadBody();
  }
  if (request().expectContinue && !m_continueSent && !m_responseStarted) {
    m_continueSent = true;
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    if (!co_await m_conn.writeNow(kContinue)) {
      co_return BodySpan{false, {}};
    }
  }
  for (;;) {
    // Feed even when nothing is buffered: after the last Content-Length body
    // byte llhttp reports the message complete only on the next call, and no
    // more bytes will come to trigger it.
    for (bool first = true; first || m_conn.m_begin < m_conn.m_end; first = false) {
      auto step = m_conn.m_parser.feed(m_conn.m_in.data() + m_conn.m_begin,
                                       m_conn.m_end - m_conn.m_begin);
      m_conn.m_begin += step.consumed;
      switch (step.event) {
        case Http1Parser::Event::Body:
          m_bytesIn += step.body.size();
          m_conn.clearDeadline();
          co_return BodySpan{true, step.body};
        case Http1Parser::Event::Done:
          m_bodyDone = true;
          m_conn.clearDeadline();
          co_return BodySpan{};
        case Http1Parser::Event::Error:
          m_close = true;
          co_return BodySpan{false, {}};
        default:
          break;
      }
      if (step.event == Http1Parser::Event::NeedMore) {
        break;
      }
    }
    // A stalled body is cut like an idle connection.
    m_conn.setDeadline(m_conn.m_shared->limits.idleTimeout);
    if (!co_await m_conn.readMore()) {
      m_close = true;
      co_return BodySpan{false, {}};
    }
  }
}

void ServerExchange::startResponse(ResponseHead& head) {
  if (m_stream) {
    h2StartResponse(head);
    return;
  }
  m_responseStarted = true;
  const RequestHead& req = request();
  m_headOnly = req.method == "HEAD";
  head.versionMinor = 1;
  if (head.framing == BodyFraming::Chunked || head.framing == BodyFraming::UntilClose) {
    head.framing = req.versionMinor == 0 ? BodyFraming::UntilClose : BodyFraming::Chunked;
  }
  if (m_headOnly && head.framing == BodyFraming::UntilClose) {
    head.framing = BodyFraming::None;
  }
  head.keepAlive = req.keepAlive && !m_close && head.framing != BodyFraming::UntilClose;
  if (!head.keepAlive) {
    m_close = true;
  }
  if (req.versionMinor == 0) {
    head.versionMinor = 0;  // answer 1.0 clients in kind: they may not parse chunked
  }
  m_outFraming = m_headOnly ? BodyFraming::None : head.framing;
  writeResponseHead(m_conn.m_out, head);
}

void ServerExchange::writeBody(std::string_view data) {
  if (m_stream) {
    h2WriteBody(data);
  } else if (m_outFraming == BodyFraming::Chunked) {
    writeChunk(m_conn.m_out, data);
  } else if (m_outFraming != BodyFraming::None) {
    m_conn.m_out += data;
  }
}

size_t ServerExchange::pendingOutput() const { return m_stream ? h2Pending() : m_conn.m_out.size(); }

asio::awaitable<bool> ServerExchange::flush() {
  if (m_stream) {
    co_return co_await h2Flush();
  }
  co_return co_await m_conn.writeOut();
}

asio::awaitable<bool> ServerExchange::finish() {
  if (m_stream) {
    co_return co_await h2Finish(nullptr);
  }
  if (m_outFraming == BodyFraming::Chunked) {
    writeLastChunk(m_conn.m_out);
  }
  m_responseDone = true;
  co_return co_await m_conn.writeOut();
}

asio::awaitable<bool> ServerExchange::finish(const Headers& trailers) {
  if (m_stream) {
    co_return co_await h2Finish(&trailers);
  }
  if (m_outFraming == BodyFraming::Chunked) {
    writeLastChunk(m_conn.m_out, trailers);
  }
  m_responseDone = true;
  co_return co_await m_conn.writeOut();
}

asio::awaitable<bool> ServerExchange::respond(int status, Headers headers, std::string_view body,
                                              std::string_view contentType) {
  ResponseHead head;
  head.status = status;
  head.headers = std::move(headers);
  if (!body.empty() && !head.headers.has("content-type")) {
    head.headers.add("content-type", std::string(contentType));
  }
  const bool bodyless = status == 204 || status == 304 || status < 200;
  head.framing = bodyless ? BodyFraming::None : BodyFraming::ContentLength;
  head.contentLength = bodyless ? 0 : body.size();
  startResponse(head);
  if (!bodyless) {
    writeBody(body);
  }
  co_return co_await finish();
}

void ServerExchange::abortConnection() {
  if (m_stream) {
    h2Abort();
    return;
  }
  std::error_code ignored;
  m_conn.m_socket.set_option(asio::socket_base::linger(true, 0), ignored);
  m_conn.m_socket.close(ignored);
  m_conn.m_aborted = true;
}

}  // namespace routedeck::core::net
