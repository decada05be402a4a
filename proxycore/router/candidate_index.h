#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace routedeck::core::router {

struct Candidate;

// Narrows a virtual host's candidates (already in precedence order) to those
// whose path condition can hold for a request path, so first-match needs no
// walk over every rule. A candidate is filed under exactly one key:
//   - its exact path (Exact, case-sensitive);
//   - the literal path it requires up to a segment boundary: the stem of a
//     Gateway API PathPrefix ("/a/b" matches only paths whose prefix up to a
//     "/" or the end is "/a/b"), or a string prefix or a regex's literal
//     head cut at its last "/" ("/a/b/c[0-9]" needs "/a/b" then "/");
//   - a string prefix or regex head inside the first segment ("/ap",
//     Istio's "/s12-"): its first kMaxHeadLength characters, looked up by
//     length, so thousands of such routes on one host are not tried one by
//     one;
//   - otherwise "always" (case-insensitive, "/", regexes without a literal
//     head, no path condition).
// forEach() merges the lists that apply to a path (exact, one per segment
// boundary, always) in ascending candidate order, so the first candidate
// that matches is the one a full walk finds: precedence is untouched, only
// hopeless candidates are skipped.
class CandidateIndex {
 public:
  CandidateIndex() = default;
  explicit CandidateIndex(const std::vector<Candidate>& candidates);

  // Calls visit(i) for each candidate i that may match `path`, ascending,
  // until visit returns true.
  template <class Visit>
  void forEach(std::string_view path, Visit&& visit) const;

 private:
  // Keys deeper than this many segments are filed under "always", so a
  // lookup needs at most this many boundary prefixes.
  static constexpr int kMaxDepth = 8;
  // First-segment heads are filed under at most this many characters (a
  // shorter prefix of a literal head is still required by every match).
  static constexpr int kMaxHeadLength = 16;

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  using Bucket = std::vector<uint32_t>;
  using Map = std::unordered_map<std::string, Bucket, Hash, Equal>;
  using Span = std::span<const uint32_t>;

  // Fills lists with the non-empty buckets for `path`; returns their count.
  int collect(std::string_view path, Span* lists) const;
  void file(std::string_view key, uint32_t i);
  // A literal head a matching path must start with (string prefix, regex).
  void fileHead(std::string_view head, uint32_t i);

  Map m_exact;
  Map m_prefix;
  // Bit d set: m_prefix holds a key of depth d ("/" count); collect() looks
  // up only those boundary prefixes.
  uint32_t m_prefixDepths = 0;
  Map m_head;
  // Bit n set: m_head holds a key of n characters.
  uint32_t m_headLengths = 0;
  Bucket m_always;
};

template <class Visit>
void CandidateIndex::forEach(std::string_view path, Visit&& visit) const {
  Span lists[kMaxDepth + 3 + kMaxHeadLength];
  const int n = collect(path, lists);
  while (true) {
    int best = -1;
    for (int l = 0; l < n; ++l) {
      if (!lists[l].empty() && (best < 0 || lists[l].front() < lists[best].front())) {
        best = l;
      }
    }
    if (best < 0) {
      return;
    }
    const uint32_t i = lists[best].front();
    lists[best] = lists[best].subspan(1);
    if (visit(i)) {
      return;
    }
  }
}

}  // namespace routedeck::core::router
