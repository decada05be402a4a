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

// A delegating entry hands requests to another VirtualService, which the
// model does not follow; as a rule without backends it would answer 500.
bool delegates(const model::Route& vs, const model::RouteRule& rule) {
  const yaml::Node* doc = vs.meta.provenance.document.get();
  const yaml::Node* spec = doc ? doc->find("spec") : nullptr;
  const yaml::Node* http = spec ? spec->find("http") : nullptr;
  const int i = rule.origin.index;
  return http && http->isSequence() && i >= 0 && static_cast<size_t>(i) < http->size() &&
         http->items()[i].has("delegate");
}

struct Kept {
  size_t entry;
  std::vector<size_t> matches;  // indexes into sourceMatches(entry)
  model::RouteRule rule;        // the translated rule
};

void reportFlips(const model::Route& vs, const std::vector<Kept>& kept, const std::string& object,
                 FidelityReport& report) {
  for (size_t y = 1; y < kept.size(); ++y) {
    for (size_t x = 0; x < y; ++x) {
      const Kept& first = kept[x];
      const Kept& later = kept[y];
      if (sameAction(first.rule, later.rule)) {
        continue;
      }
      const auto si = sourceMatches(vs.rules[first.entry]);
      const auto sj = sourceMatches(vs.rules[later.entry]);
      const auto gi = sourceMatches(first.rule);
      const auto gj = sourceMatches(later.rule);
      bool reported = false;
      for (size_t b = 0; b < later.matches.size() && !reported; ++b) {
        for (size_t a = 0; a < first.matches.size() && !reported; ++a) {
          const PrecedenceKey ka = httpPrecedence(gi[a]);
          const PrecedenceKey kb = httpPrecedence(gj[b]);
          const auto& srcA = si[first.matches[a]];
          const auto& srcB = sj[later.matches[b]];
          if (!(kb < ka) || !mayOverlap(srcA, srcB)) {
            continue;
          }
          const std::string i = std::to_string(first.entry);
          const std::string j = std::to_string(later.entry);
          report.approximate(object, indexed("http", later.entry),
                             "for requests matching both http[" + i + "] (" + summary(srcA) +
                                 ") and http[" + j + "] (" + summary(srcB) + "), Istio uses http[" +
                                 i + "] (listed first) but Gateway API prefers http[" + j +
                                 "] because " + why(kb, ka));
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
  std::vector<Kept> kept;
  for (size_t j = 0; j < vs.rules.size(); ++j) {
    if (delegates(vs, vs.rules[j])) {
      continue;  // reported as lost with the other unmodelled keys
    }
    Kept k{j, {}, {}};
    const auto matches = sourceMatches(vs.rules[j]);
    for (size_t m = 0; m < matches.size(); ++m) {
      const int by = shadowedBy(vs, j, matches[m]);
      if (by < 0) {
        k.matches.push_back(m);
        continue;
      }
      // Dropping what Istio never reaches keeps Gateway API from reaching it.
      report.exact(object,
                   indexed("http", j) +
                       (vs.rules[j].matches.empty() ? std::string() : indexed(".match", m)),
                   "unreachable in Istio (http[" + std::to_string(by) +
                       "] takes all its requests); dropped");
    }
    if (!k.matches.empty()) {
      k.rule = translateHttpEntry(vs, config, object, report, j, k.matches);
      report.exact(object, indexed("http", j));
      kept.push_back(std::move(k));
    }
  }
  reportFlips(vs, kept, object, report);
  std::vector<model::RouteRule> out;
  for (auto& k : kept) {
    out.push_back(std::move(k.rule));
  }
  return out;
}

}  // namespace routedeck::core::dialects::istio::detail
