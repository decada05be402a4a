#include "proxycore/dialects/match_overlap.h"

#include <utility>

#include "proxycore/common/strings.h"

namespace routedeck::core::dialects {

bool pathAccepts(const model::PathMatch& p, const std::string& value, bool ignoreCase);
std::string prefixStem(const model::PathMatch& p);

namespace {

using model::PathMatchType;
using model::StringMatchType;

bool pathsMayOverlap(const model::RouteMatch& a, const model::RouteMatch& b) {
  if (!a.path || !b.path) {
    return true;
  }
  const auto& pa = *a.path;
  const auto& pb = *b.path;
  const bool ic = a.ignoreUriCase || b.ignoreUriCase;
  if (pa.type == PathMatchType::RegularExpression || pb.type == PathMatchType::RegularExpression) {
    return true;
  }
  if (pa.type == PathMatchType::Exact) {
    return pathAccepts(pb, pa.value, ic);
  }
  if (pb.type == PathMatchType::Exact) {
    return pathAccepts(pa, pb.value, ic);
  }
  // Two prefixes overlap when either stem extends the other.
  std::string sa = prefixStem(pa);
  std::string sb = prefixStem(pb);
  if (ic) {
    sa = strings::toLower(sa);
    sb = strings::toLower(sb);
  }
  return sa.starts_with(sb) || sb.starts_with(sa);
}

bool headersMayOverlap(const model::RouteMatch& a, const model::RouteMatch& b) {
  for (const auto& ha : a.headers) {
    for (const auto& hb : b.headers) {
      if (!strings::iequals(ha.name, hb.name)) {
        continue;
      }
      const bool bothExact =
          ha.match.type == StringMatchType::Exact && hb.match.type == StringMatchType::Exact;
      if (!ha.invert && !hb.invert && bothExact && ha.match.value != hb.match.value) {
        return false;
      }
      if (ha.invert != hb.invert && ha.match == hb.match) {
        return false;
      }
    }
  }
  for (const auto& qa : a.queryParams) {
    for (const auto& qb : b.queryParams) {
      if (qa.name == qb.name && qa.match.type == StringMatchType::Exact &&
          qb.match.type == StringMatchType::Exact && qa.match.value != qb.match.value) {
        return false;
      }
    }
  }
  return true;
}

bool grpcMayOverlap(const model::RouteMatch& a, const model::RouteMatch& b) {
  if (!a.grpc || !b.grpc || a.grpc->type != StringMatchType::Exact ||
      b.grpc->type != StringMatchType::Exact) {
    return true;
  }
  const auto differ = [](const std::string& x, const std::string& y) {
    return !x.empty() && !y.empty() && x != y;
  };
  return !differ(a.grpc->service, b.grpc->service) && !differ(a.grpc->method, b.grpc->method);
}

}  // namespace

bool pathAccepts(const model::PathMatch& p, const std::string& value, bool ignoreCase) {
  const std::string v = ignoreCase ? strings::toLower(value) : value;
  const std::string pv = ignoreCase ? strings::toLower(p.value) : p.value;
  switch (p.type) {
    case PathMatchType::Exact:
      return v == pv;
    case PathMatchType::StringPrefix:
      return v.starts_with(pv);
    case PathMatchType::PathPrefix: {
      return model::pathPrefixMatches(pv, v);
    }
    case PathMatchType::RegularExpression:
      return false;
  }
  return false;
}

std::string prefixStem(const model::PathMatch& p) {
  return p.type == PathMatchType::PathPrefix ? model::pathPrefixStem(p.value) : p.value;
}

bool mayOverlap(const model::RouteMatch& a, const model::RouteMatch& b) {
  if (a.method && b.method && *a.method != *b.method) {
    return false;
  }
  if (a.port && b.port && *a.port != *b.port) {
    return false;
  }
  for (const auto& [x, y] : {std::pair{&a.scheme, &b.scheme}, std::pair{&a.authority, &b.authority}}) {
    if (*x && *y && (*x)->type == StringMatchType::Exact && (*y)->type == StringMatchType::Exact &&
        (*x)->value != (*y)->value) {
      return false;
    }
  }
  return pathsMayOverlap(a, b) && headersMayOverlap(a, b) && grpcMayOverlap(a, b);
}

}  // namespace routedeck::core::dialects
