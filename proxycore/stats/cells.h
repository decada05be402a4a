#pragma once

// Counters a worker thread writes without locks. Each cell has exactly one
// writer (its worker), so an increment is a relaxed load and store, not a
// locked read-modify-write; the collector reads them relaxed and may see a
// request half-recorded, which the next snapshot completes.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>

#include "proxycore/stats/histogram_layout.h"
#include "proxycore/stats/snapshot.h"

namespace routedeck::core::stats {

inline void bump(std::atomic<uint64_t>& a, uint64_t n = 1) {
  a.store(a.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

// Response flags with a fixed index (RequestInfo's flag strings).
inline constexpr std::array<const char*, 11> kFlagNames = {"NR", "UH", "UF", "UT", "UC", "URX",
                                                           "FI", "DI", "RL", "DC", "MR"};
enum FlagBit : uint32_t {
  kFlagNR = 1u << 0, kFlagUH = 1u << 1, kFlagUF = 1u << 2, kFlagUT = 1u << 3,
  kFlagUC = 1u << 4, kFlagURX = 1u << 5, kFlagFI = 1u << 6, kFlagDI = 1u << 7,
  kFlagRL = 1u << 8, kFlagDC = 1u << 9, kFlagMR = 1u << 10,
};
// "UT,URX" → bits; unknown names are ignored.
uint32_t parseFlags(const char* s, size_t n);

struct CounterCells {
  std::atomic<uint64_t> requests{0}, finished{0};
  std::array<std::atomic<uint64_t>, 5> classes{};  // 1xx..5xx
  std::atomic<uint64_t> localReplies{0}, retries{0}, timeouts{0}, faultDelays{0}, faultAborts{0};
  std::atomic<uint64_t> mirrors{0}, rateLimited{0}, bytesIn{0}, bytesOut{0}, connectFailures{0};

  void addTo(Counters& c) const;
};

// Allocates a block of atomics on first use and publishes it with release,
// so a histogram costs memory only for the ranges its values fall in. The
// allocation happens once per range per worker, never per request.
template <int N>
class LazyBlocks {
 public:
  ~LazyBlocks() {
    for (auto& b : m_blocks) delete[] b.load(std::memory_order_relaxed);
  }
  std::atomic<uint64_t>* writable(int block) {
    auto* p = m_blocks[static_cast<size_t>(block)].load(std::memory_order_relaxed);
    if (!p) {
      p = new std::atomic<uint64_t>[N]{};
      m_blocks[static_cast<size_t>(block)].store(p, std::memory_order_release);
    }
    return p;
  }
  const std::atomic<uint64_t>* readable(int block) const {
    return m_blocks[static_cast<size_t>(block)].load(std::memory_order_acquire);
  }
  static constexpr int kBlockSize = N;

 private:
  std::array<std::atomic<std::atomic<uint64_t>*>, layout::kChunks> m_blocks{};
};

class AtomicHistogram {
 public:
  void record(uint64_t us) {
    const int i = layout::bucketIndex(us);
    bump(m_chunks.writable(i / layout::kSubBuckets)[i % layout::kSubBuckets]);
    bump(m_count);
    bump(m_sumMicros, us);
  }
  void addTo(Histogram& h) const;

 private:
  LazyBlocks<layout::kSubBuckets> m_chunks;
  std::atomic<uint64_t> m_count{0}, m_sumMicros{0};
};

// Counts by status code 100..599, one lazily allocated block per class.
class StatusCells {
 public:
  void record(int status) {
    if (status >= 100 && status < 600) {
      bump(m_blocks.writable(status / 100)[status % 100]);
    }
  }
  void addTo(std::map<int, uint64_t>& byStatus) const;

 private:
  LazyBlocks<100> m_blocks;
};

struct FlagCells {
  std::array<std::atomic<uint64_t>, kFlagNames.size()> counts{};
  void record(uint32_t bits) {
    for (size_t i = 0; bits; ++i, bits >>= 1) {
      if (bits & 1u) bump(counts[i]);
    }
  }
  void addTo(std::map<std::string, uint64_t>& byFlag) const;
};

struct ListenerCell {
  CounterCells c;
};

struct RuleCell {
  CounterCells c;
  AtomicHistogram total, upstream;
  StatusCells status;
  FlagCells flags;
};

struct BackendCell {
  CounterCells c;
  AtomicHistogram upstream;
  StatusCells status;
};

// Cells by slot number, in segments the control thread allocates (under
// the recorder's lock) before it hands the slot to any worker; a worker
// only indexes slots it was given, so it never sees a missing segment.
template <typename T>
class SlotArray {
 public:
  static constexpr uint32_t kSegment = 256;
  static constexpr uint32_t kMaxSegments = 4096;  // about a million slots
  ~SlotArray() {
    for (auto& s : m_segments) delete[] s.load(std::memory_order_relaxed);
  }
  // Control side: makes slot usable. False when out of slots.
  bool ensure(uint32_t slot) {
    const uint32_t seg = slot / kSegment;
    if (seg >= kMaxSegments) return false;
    if (!m_segments[seg].load(std::memory_order_relaxed)) {
      m_segments[seg].store(new T[kSegment], std::memory_order_release);
    }
    return true;
  }
  T& operator[](uint32_t slot) {
    return m_segments[slot / kSegment].load(std::memory_order_acquire)[slot % kSegment];
  }
  T* find(uint32_t slot) { return const_cast<T*>(std::as_const(*this).find(slot)); }
  const T* find(uint32_t slot) const {
    if (slot / kSegment >= kMaxSegments) return nullptr;
    const T* s = m_segments[slot / kSegment].load(std::memory_order_acquire);
    return s ? &s[slot % kSegment] : nullptr;
  }

 private:
  std::array<std::atomic<T*>, kMaxSegments> m_segments{};
};

}  // namespace routedeck::core::stats
