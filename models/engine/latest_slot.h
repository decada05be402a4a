#pragma once

#include <mutex>
#include <optional>
#include <utility>

namespace routedeck::models {

// A one-value mailbox between a producer thread and a consumer thread:
// "latest wins, no queue growth". The producer put()s each new value; only
// when the slot was empty does it need to schedule one take() on the
// consumer's thread (e.g. one queued invocation). A value put while one is
// still pending replaces it, so however long the consumer stalls, it later
// finds exactly one value, the newest. Thread-safe.
template <typename T>
class LatestSlot {
 public:
  // Stores `value` over any undelivered one. Returns true when the slot was
  // empty: the caller must then schedule a take().
  bool put(T value) {
    std::lock_guard lock(m_mutex);
    const bool wasEmpty = !m_value.has_value();
    m_value = std::move(value);
    return wasEmpty;
  }

  // The pending value (nullopt when none) and an empty slot.
  std::optional<T> take() {
    std::lock_guard lock(m_mutex);
    std::optional<T> out = std::move(m_value);
    m_value.reset();
    return out;
  }

 private:
  std::mutex m_mutex;
  std::optional<T> m_value;
};

}  // namespace routedeck::models
