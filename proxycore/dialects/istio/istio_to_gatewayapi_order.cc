// Istio takes the first http[] entry that matches; Gateway API takes the most
// specific match wherever it is listed. Rules keep their order (Gateway API
// breaks precedence ties by order, like Istio), matches Istio can never reach
// are dropped, and every remaining pair whose winner flips is reported.

#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::PathMatchType;

std::string summary(const model::RouteMatch& m) {
  std::string s = "any path";
  if (m.path) {
    static const char* kKinds[] = {"exact", "prefix", "prefix", "regex"};
    s = std::string(kKinds[static_cast<int>(m.path->type)]) + " " + m.path->value;
  }
  if (m.method) {
    s += " + method " + *m.method;
  }
  if (!m.headers.empty()) {
    s += " + " + std::to_string(m.headers.size()) + " header match(es)";
  }
  if (!m.queryParams.empty()) {
    s += " + " + std::to_string(m.queryParams.size()) + " query match(es)";
  }
  return s;
}

std::string why(const PrecedenceKey& winner, const PrecedenceKey& loser) {
  if (winner.pathRank != loser.pathRank) {
    return "its path match kind ranks higher";
  }
  if (winner.pathLength != loser.pathLength) {
    return "its path is longer";
  }
  if (winner.hasMethod != loser.hasMethod) {
    return "it matches the method";
  }
  if (winner.headers != loser.headers) {
    return "it has more header matches";
  }
  return "it has more query parameter matches";
}

// The source matches of an entry; an entry without matches takes everything.
std::vector<model::RouteMatch> sourceMatches(const model::RouteRule& r) {
  return r.matches.empty() ? std::vector<model::RouteMatch>{model::RouteMatch{}} : r.matches;
}

// Is `m` of entry j reached by no request, every one taken by an earlier entry?
int shadowedBy(const model::Route& vs, size_t j, const model::RouteMatch& m) {
  for (size_t k = 0; k < j; ++k) {
    for (const auto& a : sourceMatches(vs.rules[k])) {
      if (covers(a, m)) {
        return static_cast<int>(k);
      }
    }
  }
  return -1;
}

struct Kept {
  size_t entry;
  std::vector<size_t> matches;  // indexes into sourceMatches(entry)
};

void reportFlips(const model::Route& vs, const std::vector<model::RouteRule>& gw,
                 const std::vector<Kept>& kept, const std::string& object, FidelityReport& report) {
  for (size_t y = 1; y < kept.size(); ++y) {
    for (size_t x = 0; x < y; ++x) {
      const size_t i = kept[x].entry;
      const size_t j = kept[y].entry;
      if (sameAction(gw[i], gw[j])) {
        continue;
      }
      const auto si = sourceMatches(vs.rules[i]);
      const auto sj = sourceMatches(vs.rules[j]);
      const auto gi = sourceMatches(gw[i]);
      const auto gj = sourceMatches(gw[j]);
      bool reported = false;
      for (size_t b : kept[y].matches) {
        for (size_t a : kept[x].matches) {
          const PrecedenceKey ka = httpPrecedence(gi[a]);
          const PrecedenceKey kb = httpPrecedence(gj[b]);
          if (reported || !(kb < ka) || !mayOverlap(si[a], sj[b])) {
            continue;
          }
          report.approximate(object, indexed("http", j),
                             "for requests matching both http[" + std::to_string(i) + "] (" +
                                 summary(si[a]) + ") and http[" + std::to_string(j) + "] (" +
                                 summary(sj[b]) + "), Istio uses http[" + std::to_string(i) +
                                 "] (listed first) but Gateway API prefers http[" +
                                 std::to_string(j) + "] because " + why(kb, ka));
          reported = true;
        }
      }
    }
  }
}

}  // namespace

std::vector<model::RouteRule> httpToGatewayApiRules(const model::Route& vs,
                                                    const model::Config& config,
                                                    const std::string& object,
                                                    FidelityReport& report) {
  const std::vector<model::RouteRule> gw = translateEntries(vs, config, object, report);
  std::vector<Kept> kept;
  for (size_t j = 0; j < vs.rules.size(); ++j) {
    Kept k{j, {}};
    const auto matches = sourceMatches(vs.rules[j]);
    for (size_t m = 0; m < matches.size(); ++m) {
      const int by = shadowedBy(vs, j, matches[m]);
      if (by < 0) {
        k.matches.push_back(m);
        continue;
      }
      // Dropping what Istio never reaches keeps Gateway API from reaching it.
      report.exact(object, indexed("http", j) + (vs.rules[j].matches.empty()
                                                     ? std::string()
                                                     : indexed(".match", m)),
                   "unreachable in Istio (http[" + std::to_string(by) +
                       "] takes all its requests); dropped");
    }
    if (!k.matches.empty()) {
      kept.push_back(std::move(k));
    }
  }
  reportFlips(vs, gw, kept, object, report);
  std::vector<model::RouteRule> out;
  for (const auto& k : kept) {
    model::RouteRule r = gw[k.entry];
    if (!vs.rules[k.entry].matches.empty()) {
      r.matches.clear();
      for (size_t m : k.matches) {
        r.matches.push_back(gw[k.entry].matches[m]);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace routedeck::core::dialects::istio::detail
