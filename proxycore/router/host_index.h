#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace routedeck::core::router {

struct VirtualHost;

// Finds the virtual host that takes a request's host: the first of `sorted`
// (ordered by hostnames::specificity(), most specific first) whose hostname
// matches, exactly as a scan would, in a few hash lookups: the exact name,
// then each wildcard suffix of the host from longest to shortest, then the
// catch-all. Immutable after construction.
class HostIndex {
 public:
  HostIndex() = default;
  explicit HostIndex(const std::vector<const VirtualHost*>& sorted);

  // Null when no virtual host serves `host` (compared case-insensitively).
  const VirtualHost* find(std::string_view host) const;

 private:
  // Keys are stored lower-cased and looked up with a lower-cased copy of the
  // host on the stack: std::hash over the bytes is several times faster than
  // a case-folding byte-at-a-time hash (measured, tests/bench).
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  using Map = std::unordered_map<std::string, const VirtualHost*, Hash, Equal>;

  const VirtualHost* findLower(std::string_view host) const;

  Map m_exact;
  Map m_suffix;  // "*.example.com" under ".example.com"
  const VirtualHost* m_any = nullptr;
};

}  // namespace routedeck::core::router
