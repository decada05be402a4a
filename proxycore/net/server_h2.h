#pragma once
// Private to net/: an HTTP/2 connection on a ServerConnection's socket. One
// reader feeds the codec, one writer sends what it produces, and every
// request stream runs the handler in its own coroutine on the same loop.

#include <asio/awaitable.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "proxycore/net/h2_server_session.h"
#include "proxycore/net/server_exchange.h"
#include "proxycore/net/wake_signal.h"

namespace routedeck::core::net {

class ServerConnection;
class H2Connection;

class H2Stream : public H2StreamState {
 public:
  H2Stream(ServerConnection& conn, H2Connection& h2);

  H2Connection& h2;
  ServerExchange exchange;
  WakeSignal signal;
  std::string current;  // the body span the handler holds
};

class H2Connection final : public H2ServerSession::Listener {
 public:
  H2Connection(ServerConnection& conn, const H2Settings& settings);

  // Serves until the client leaves, an error, the idle timeout or a drain.
  // `received`: bytes already read (the h2c preface and what followed).
  asio::awaitable<void> run(std::string_view received);
  // GOAWAY: streams already started finish, no new ones.
  void drain();
  void wakeWriter() { m_writeSignal.notify(); }

  std::shared_ptr<H2StreamState> newStream(int32_t id) override;
  void onRequest(const std::shared_ptr<H2StreamState>& stream) override;
  void onStreamEvent(H2StreamState& stream) override;

 private:
  asio::awaitable<void> writer();
  asio::awaitable<void> serve(std::shared_ptr<H2Stream> stream);
  void updateIdleDeadline();
  // Streams that can no longer complete (the connection broke).
  void abandonStreams(bool onlyUnfinishedRequests);

  ServerConnection& m_conn;
  WakeSignal m_writeSignal;
  WakeSignal m_doneSignal;  // a handler or the writer finished
  std::string m_out;
  int m_handlers = 0;
  bool m_stopWriter = false;
  bool m_writerDone = false;
  bool m_broken = false;

 public:
  // Last: its destructor still wakes streams through the members above.
  H2ServerSession session;
};

}  // namespace routedeck::core::net
