#pragma once

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>

#include "proxycore/net/asio_tuple.h"

namespace routedeck::core::net {

// Wakes one coroutine on the same event loop: notify() before wait() is
// remembered, so no wake-up is lost between checking a condition and
// waiting. Waiters re-check their condition after every wake-up.
class WakeSignal {
 public:
  explicit WakeSignal(const asio::any_io_executor& ex) : m_timer(ex) {}

  void notify() {
    if (m_pending) {
      return;  // already woken (or will find it set)
    }
    m_pending = true;
    if (m_waiting) {
      m_timer.cancel();
    }
  }

  asio::awaitable<void> wait() {
    if (!m_pending) {
      m_waiting = true;
      m_timer.expires_at(asio::steady_timer::time_point::max());
      co_await m_timer.async_wait(kTuple);
      m_waiting = false;
    }
    m_pending = false;
  }

  // As wait(), but gives up after `limit`: false when nothing woke it.
  asio::awaitable<bool> waitFor(asio::steady_timer::duration limit) {
    if (!m_pending) {
      m_waiting = true;
      m_timer.expires_after(limit);
      co_await m_timer.async_wait(kTuple);
      m_waiting = false;
    }
    const bool woken = m_pending;
    m_pending = false;
    co_return woken;
  }

 private:
  asio::steady_timer m_timer;
  bool m_pending = false;
  bool m_waiting = false;
};

}  // namespace routedeck::core::net
