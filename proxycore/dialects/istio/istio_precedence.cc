// Match ordering and overlap reasoning shared by both translation directions.
// Gateway API picks the most specific match (precedence); Istio picks the
// first match in list order. Translating one into the other means sorting
// (Gateway API → Istio) or finding pairs whose order flips (Istio → Gateway
// API), and both need to know when two matches can see the same request.

#include <algorithm>
#include <cmath>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio_internal.h"
#include "proxycore/dialects/match_overlap.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::PathMatchType;
using model::StringMatchType;

bool isPrefix(PathMatchType t) {
  return t == PathMatchType::PathPrefix || t == PathMatchType::StringPrefix;
}

bool sameName(const std::string& a, const std::string& b) { return strings::iequals(a, b); }

bool pathCovers(const model::RouteMatch& outer, const model::RouteMatch& inner) {
  if (!outer.path) {
    return true;
  }
  if (inner.ignoreUriCase && !outer.ignoreUriCase) {
    return false;
  }
  const auto& po = *outer.path;
  // No path condition accepts every path, like a "/" prefix.
  const model::PathMatch any{PathMatchType::StringPrefix, "/"};
  const auto& pi = inner.path ? *inner.path : any;
  if (po == pi) {
    return true;
  }
  if (po.type == PathMatchType::RegularExpression || pi.type == PathMatchType::RegularExpression) {
    return false;
  }
  if (pi.type == PathMatchType::Exact) {
    return pathAccepts(po, pi.value, outer.ignoreUriCase);
  }
  if (!isPrefix(po.type)) {
    return false;
  }
  // Every path under inner's prefix starts with inner's stem; outer must
  // accept all of them, which for a segment-wise outer needs a boundary.
  const std::string stem = prefixStem(pi);
  if (po.type == PathMatchType::StringPrefix || pi.type == PathMatchType::PathPrefix) {
    return pathAccepts(po, stem, outer.ignoreUriCase);
  }
  // Segment-wise outer, string-prefix inner: "/api/" is under "/api",
  // "/api" is not ("/apix" escapes it).
  const std::string outerStem = prefixStem(po);
  if (outerStem == "/") {
    return true;
  }
  const bool sameStem = outer.ignoreUriCase ? strings::iequals(stem, outerStem) : stem == outerStem;
  return pathAccepts(po, stem, outer.ignoreUriCase) && !sameStem;
}

bool headerImplied(const model::HeaderMatch& need, const model::RouteMatch& inner) {
  for (const auto& h : inner.headers) {
    if (!sameName(h.name, need.name)) {
      continue;
    }
    if (h.invert == need.invert && h.match == need.match) {
      return true;
    }
    // Any positive condition on a header implies the header is present.
    if (!need.invert && !h.invert && need.match.type == StringMatchType::Present) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool PrecedenceKey::operator<(const PrecedenceKey& o) const {
  if (pathRank != o.pathRank) {
    return pathRank > o.pathRank;
  }
  if (pathLength != o.pathLength) {
    return pathLength > o.pathLength;
  }
  if (hasMethod != o.hasMethod) {
    return hasMethod;
  }
  if (headers != o.headers) {
    return headers > o.headers;
  }
  return queryParams > o.queryParams;
}

PrecedenceKey httpPrecedence(const model::RouteMatch& m) {
  PrecedenceKey k;
  // No path is Gateway API's default PathPrefix "/".
  k.pathRank = 2;
  k.pathLength = 1;
  if (m.path) {
    k.pathRank = m.path->type == PathMatchType::Exact ? 3
                 : isPrefix(m.path->type)             ? 2
                                                      : 1;
    k.pathLength = m.path->value.size();
  }
  k.hasMethod = m.method.has_value();
  k.headers = m.headers.size();
  k.queryParams = m.queryParams.size();
  return k;
}

PrecedenceKey grpcPrecedence(const model::RouteMatch& m) {
  // GRPCRoute: longest service, then longest method, then most headers.
  PrecedenceKey k;
  k.pathRank = 2;
  if (m.grpc) {
    k.pathLength = m.grpc->service.size() * 1024 + m.grpc->method.size();
  }
  k.headers = m.headers.size();
  return k;
}

bool covers(const model::RouteMatch& outer, const model::RouteMatch& inner) {
  if (outer.method && outer.method != inner.method) {
    return false;
  }
  if ((outer.port && outer.port != inner.port) || (outer.scheme && outer.scheme != inner.scheme) ||
      (outer.authority && outer.authority != inner.authority) ||
      (outer.grpc && outer.grpc != inner.grpc)) {
    return false;
  }
  for (const auto& h : outer.headers) {
    if (!headerImplied(h, inner)) {
      return false;
    }
  }
  for (const auto& q : outer.queryParams) {
    if (std::find(inner.queryParams.begin(), inner.queryParams.end(), q) == inner.queryParams.end()) {
      return false;
    }
  }
  return pathCovers(outer, inner);
}

std::vector<int> toPercentages(const std::vector<int>& weights, bool& exact) {
  long long total = 0;
  for (int w : weights) {
    total += std::max(w, 0);
  }
  std::vector<int> out(weights.size(), 0);
  exact = true;
  if (total == 0) {
    return out;
  }
  // Largest remainder: floors first, then the leftover points go to the
  // largest fractional parts (earlier entries win ties).
  std::vector<std::pair<double, size_t>> remainders;
  int assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const long long scaled = 100LL * std::max(weights[i], 0);
    out[i] = static_cast<int>(scaled / total);
    assigned += out[i];
    exact = exact && scaled % total == 0;
    remainders.push_back({static_cast<double>(scaled % total) / static_cast<double>(total), i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  for (size_t i = 0; assigned < 100 && i < remainders.size(); ++i, ++assigned) {
    ++out[remainders[i].second];
  }
  return out;
}

}  // namespace routedeck::core::dialects::istio::detail
