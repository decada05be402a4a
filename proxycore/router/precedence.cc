#include "proxycore/router/precedence.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace routedeck::core::router::precedence {

namespace {

using model::PathMatchType;

const model::RouteMatch* spec(const Candidate& c) { return c.matcher ? &c.matcher->spec() : nullptr; }

int pathRank(const model::RouteMatch* m) {
  if (!m || !m->path) {
    return 1;  // no path = PathPrefix "/"
  }
  switch (m->path->type) {
    case PathMatchType::Exact:
      return 3;
    case PathMatchType::RegularExpression:
      return 2;
    default:
      return 1;
  }
}

size_t pathLen(const model::RouteMatch* m) {
  if (!m || !m->path) {
    return 1;
  }
  // "/abc/" and "/abc" are the same prefix.
  return m->path->type == PathMatchType::PathPrefix ? model::pathPrefixStem(m->path->value).size()
                                                    : m->path->value.size();
}

// The tie-breakers shared by every dialect after the match-specific keys.
auto objectOrder(const Candidate& c) {
  const auto& meta = c.route->meta;
  // Routes without a timestamp sort as equally old, then by name. Views, not
  // copies: this runs O(n log n) times per virtual host at compile time.
  const std::string_view ns = meta.ns.empty() ? std::string_view("default") : std::string_view(meta.ns);
  return std::make_tuple(std::string_view(meta.creationTimestamp), ns, std::string_view(meta.name));
}

}  // namespace

void sortGatewayApi(std::vector<Candidate>& candidates) {
  auto key = [](const Candidate& c) {
    const model::RouteMatch* m = spec(c);
    const bool grpc = m && m->grpc;
    size_t service = grpc ? m->grpc->service.size() : 0;
    size_t method = grpc ? m->grpc->method.size() : 0;
    // Keys are negated where "more" wins so one ascending tuple compare works.
    return std::make_tuple(-pathRank(m), -static_cast<long>(pathLen(m)), -static_cast<long>(service),
                           -static_cast<long>(method), (m && m->method) ? 0 : 1,
                           -static_cast<long>(m ? m->headers.size() : 0),
                           -static_cast<long>(m ? m->queryParams.size() : 0));
  };
  std::stable_sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    auto ka = key(a);
    auto kb = key(b);
    if (ka != kb) {
      return ka < kb;
    }
    auto oa = objectOrder(a);
    auto ob = objectOrder(b);
    if (oa != ob) {
      return oa < ob;
    }
    return std::tie(a.rule, a.match) < std::tie(b.rule, b.match);
  });
}

void sortIstio(std::vector<Candidate>& candidates) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    auto oa = objectOrder(a);
    auto ob = objectOrder(b);
    if (oa != ob) {
      return oa < ob;
    }
    return std::tie(a.rule, a.match) < std::tie(b.rule, b.match);
  });
}

void sortAppMesh(std::vector<Candidate>& candidates) {
  auto priority = [](const Candidate& c) {
    const auto& rule = c.route->rules[c.rule];
    auto p = c.route->kind == model::RouteKind::GatewayRoute ? c.route->priority : rule.priority;
    return p ? *p : 1001;  // App Mesh priorities are 0..1000
  };
  std::stable_sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    if (priority(a) != priority(b)) {
      return priority(a) < priority(b);
    }
    if (a.route != b.route) {
      return objectOrder(a) < objectOrder(b);
    }
    return std::tie(a.rule, a.match) < std::tie(b.rule, b.match);
  });
}

}  // namespace routedeck::core::router::precedence
