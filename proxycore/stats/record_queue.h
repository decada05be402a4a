#pragma once

// Single-producer single-consumer ring of AccessRecords: the worker fills a
// preallocated slot (its strings keep their capacity, so a warm ring does
// not allocate), the collector drains it. A full ring drops the record and
// counts the drop; the worker never waits.

#include <atomic>
#include <cstdint>
#include <vector>

#include "proxycore/stats/access_record.h"

namespace routedeck::core::stats {

class RecordQueue {
 public:
  explicit RecordQueue(size_t capacityPow2) : m_slots(capacityPow2), m_mask(capacityPow2 - 1) {}

  // Producer: the slot to fill, or null (and a counted drop) when full.
  AccessRecord* beginPush() {
    const uint64_t head = m_head.load(std::memory_order_relaxed);
    if (head - m_tail.load(std::memory_order_acquire) > m_mask) {
      m_dropped.store(m_dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      return nullptr;
    }
    return &m_slots[head & m_mask];
  }
  void commitPush() {
    m_head.store(m_head.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  // Producer: records waiting for the consumer.
  size_t size() const {
    return static_cast<size_t>(m_head.load(std::memory_order_relaxed) -
                               m_tail.load(std::memory_order_acquire));
  }

  // Consumer: calls fn(AccessRecord&) for each queued record (at most the
  // number queued when it starts); the record may be modified in place.
  template <typename Fn>
  size_t drain(Fn&& fn) {
    const uint64_t head = m_head.load(std::memory_order_acquire);
    uint64_t tail = m_tail.load(std::memory_order_relaxed);
    const size_t n = static_cast<size_t>(head - tail);
    for (; tail != head; ++tail) {
      fn(m_slots[tail & m_mask]);
    }
    m_tail.store(tail, std::memory_order_release);
    return n;
  }
  uint64_t dropped() const { return m_dropped.load(std::memory_order_relaxed); }

 private:
  std::vector<AccessRecord> m_slots;
  uint64_t m_mask;
  alignas(64) std::atomic<uint64_t> m_head{0};
  alignas(64) std::atomic<uint64_t> m_tail{0};
  std::atomic<uint64_t> m_dropped{0};
};

}  // namespace routedeck::core::stats
