#include "proxycore/router/candidate_index.h"

#include <algorithm>

#include "proxycore/router/route_table.h"

namespace routedeck::core::router {

namespace {

// Below this many candidates a plain walk is as fast as the lookups.
constexpr size_t kIndexFrom = 8;

// The literal text every full match of an RE2 pattern starts with; empty when
// unsure. A quantifier makes the character before it optional, and a "|"
// anywhere could offer another start, so both end the literal early.
std::string_view regexLiteralHead(std::string_view re) {
  if (re.find('|') != std::string_view::npos) {
    return {};
  }
  size_t n = re.find_first_of("\\.*+?()[]{}^$");
  if (n == std::string_view::npos) {
    return re;
  }
  if (n > 0 && (re[n] == '*' || re[n] == '?' || re[n] == '{' || re[n] == '+')) {
    --n;
  }
  return re.substr(0, n);
}

// The part of a literal path head up to (not including) its last "/", which
// a matching path must have as a prefix ending at a segment boundary.
std::string_view boundaryKey(std::string_view head) {
  const size_t slash = head.rfind('/');
  return slash == std::string_view::npos || slash == 0 ? std::string_view() : head.substr(0, slash);
}

}  // namespace

void CandidateIndex::file(std::string_view key, uint32_t i) {
  const auto depth = std::count(key.begin(), key.end(), '/');
  if (key.empty() || key == "/" || depth > kMaxDepth) {
    m_always.push_back(i);
  } else {
    m_prefix[std::string(key)].push_back(i);
    m_prefixDepths |= 1u << depth;
  }
}

void CandidateIndex::fileHead(std::string_view head, uint32_t i) {
  if (std::string_view key = boundaryKey(head); !key.empty()) {
    file(key, i);
    return;
  }
  // Within the first segment: no boundary to file under, so the characters.
  const std::string_view key = head.substr(0, std::min<size_t>(head.size(), kMaxHeadLength));
  if (key.size() < 2) {
    m_always.push_back(i);
    return;
  }
  m_head[std::string(key)].push_back(i);
  m_headLengths |= 1u << key.size();
}

CandidateIndex::CandidateIndex(const std::vector<Candidate>& candidates) {
  for (uint32_t i = 0; i < candidates.size(); ++i) {
    const model::RouteMatch* m = candidates[i].matcher ? &candidates[i].matcher->spec() : nullptr;
    if (candidates.size() < kIndexFrom || !m || !m->path || m->ignoreUriCase ||
        !m->path->value.starts_with('/')) {
      m_always.push_back(i);
      continue;
    }
    const std::string& v = m->path->value;
    switch (m->path->type) {
      case model::PathMatchType::Exact:
        m_exact[v].push_back(i);
        break;
      case model::PathMatchType::PathPrefix:
        file(model::pathPrefixStem(v), i);
        break;
      case model::PathMatchType::StringPrefix:
        fileHead(v, i);
        break;
      case model::PathMatchType::RegularExpression:
        fileHead(regexLiteralHead(v), i);
        break;
    }
  }
}

int CandidateIndex::collect(std::string_view path, Span* lists) const {
  int n = 0;
  auto add = [&](const Map& map, std::string_view key) {
    if (auto it = map.find(key); it != map.end()) {
      lists[n++] = it->second;
    }
  };
  if (!m_always.empty()) {
    lists[n++] = m_always;
  }
  if (!m_exact.empty()) {
    add(m_exact, path);
  }
  for (uint32_t lengths = m_headLengths; lengths != 0; lengths &= lengths - 1) {
    const size_t len = static_cast<size_t>(__builtin_ctz(lengths));
    if (len > path.size()) {
      break;
    }
    add(m_head, path.substr(0, len));
  }
  if (m_prefix.empty() || !path.starts_with('/')) {
    return n;
  }
  // Every prefix of the path that ends before a "/" or at its end.
  int depth = 1;
  size_t slash = path.find('/', 1);
  for (; slash != std::string_view::npos && depth <= kMaxDepth; slash = path.find('/', slash + 1), ++depth) {
    if (m_prefixDepths & (1u << depth)) {
      add(m_prefix, path.substr(0, slash));
    }
  }
  if (depth <= kMaxDepth && (m_prefixDepths & (1u << depth))) {
    add(m_prefix, path);
  }
  return n;
}

}  // namespace routedeck::core::router
