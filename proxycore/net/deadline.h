#pragma once

#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>

namespace routedeck::core::net {

// Runs an action (usually: close a socket) when time runs out, unless
// disarmed first. Single-threaded like the loop it lives on; safe to destroy
// while the timer is pending.
class Deadline {
 public:
  explicit Deadline(const asio::any_io_executor& ex)
      : m_state(std::make_shared<State>(ex)) {}
  ~Deadline() { disarm(); }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  void arm(std::chrono::steady_clock::duration after, std::function<void()> onExpire) {
    disarm();
    m_state->armed = true;
    m_state->action = std::move(onExpire);
    m_state->timer.expires_after(after);
    m_state->timer.async_wait([s = m_state](std::error_code ec) {
      if (!ec && s->armed) {
        s->armed = false;
        s->expired = true;
        if (s->action) {
          s->action();
        }
      }
    });
  }
  void disarm() {
    if (m_state->armed) {
      m_state->armed = false;
      m_state->action = nullptr;
      m_state->timer.cancel();
    }
  }
  bool expired() const { return m_state->expired; }

 private:
  struct State {
    explicit State(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    std::function<void()> action;
    bool armed = false;
    bool expired = false;
  };
  std::shared_ptr<State> m_state;
};

}  // namespace routedeck::core::net
