#include "proxycore/dialects/appmesh/appmesh_gatewayapi_rules.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "proxycore/dialects/appmesh/appmesh_translate.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using model::PathMatchType;
using model::StringMatchType;
using yaml::Node;

Node pair(const char* k1, Node v1, const char* k2, Node v2) {
  Node n = Node::map();
  n.set(k1, std::move(v1));
  n.set(k2, std::move(v2));
  return n;
}

// Gateway API value matches are Exact or RegularExpression; App Mesh's other
// kinds become patterns, inverted and range matches cannot be said.
std::optional<Node> valueMatch(const std::string& name, const model::StringMatch& m, bool invert,
                               const std::string& object, const std::string& feature,
                               FidelityReport& report) {
  const std::string what = feature + " " + name;
  if (invert) {
    report.lost(object, what,
                "inverted match (invert: true) has no Gateway API equivalent; "
                "the condition is dropped, so the rule matches more requests");
    return std::nullopt;
  }
  auto pattern = regexFor(m);
  if (!pattern) {
    report.lost(object, what,
                "range match has no Gateway API equivalent; the condition is "
                "dropped, so the rule matches more requests");
    return std::nullopt;
  }
  Node n = Node::map();
  n.set("name", Node::str(name));
  if (m.type == StringMatchType::Exact) {
    n.set("value", Node::str(m.value));
    return n;
  }
  n.set("type", Node::str("RegularExpression"));
  n.set("value", Node::str(*pattern));
  report.approximate(object, what,
                     "written as RegularExpression \"" + *pattern +
                         "\": regular expression support is implementation-specific in Gateway "
                         "API (full-match RE2 in Envoy-based gateways)");
  return n;
}

Node headerList(const std::vector<model::HeaderMatch>& headers, const std::string& object,
                const std::string& feature, FidelityReport& report) {
  Node seq = Node::sequence();
  for (const auto& h : headers) {
    if (auto n = valueMatch(h.name, h.match, h.invert, object, feature, report)) {
      seq.push(std::move(*n));
    }
  }
  return seq;
}

Node pathMatch(const std::optional<model::PathMatch>& path, const std::string& object,
               const std::string& feature, FidelityReport& report) {
  if (!path) {
    return pair("type", Node::str("PathPrefix"), "value", Node::str("/"));
  }
  const std::string& v = path->value;
  switch (path->type) {
    case PathMatchType::Exact:
      return pair("type", Node::str("Exact"), "value", Node::str(v));
    case PathMatchType::RegularExpression:
      report.approximate(
          object, feature + " path",
          "RegularExpression path matching is implementation-specific in Gateway API");
      return pair("type", Node::str("RegularExpression"), "value", Node::str(v));
    default:
      break;
  }
  if (v != "/") {
    report.approximate(
        object, feature + " path",
        v.ends_with("/")
            ? "PathPrefix " + v + " also matches " + v.substr(0, v.size() - 1) +
                  " (Gateway API ignores a trailing /); App Mesh's string prefix does not"
            : "App Mesh's string prefix " + v + " also matches " + v +
                  "x…; Gateway API "
                  "PathPrefix matches whole segments only (" +
                  v + " and " + v + "/…)");
  }
  return pair("type", Node::str("PathPrefix"), "value", Node::str(v));
}

Node backendRefs(const ComposedRoute& cr, const ComposedRule& rule, const std::string& feature,
                 FidelityReport& report) {
  Node seq = Node::sequence();
  for (const auto& b : rule.backends) {
    Node ref = Node::map();
    ref.set("name", Node::str(b.name));
    if (!b.ns.empty() && b.ns != cr.ns) {
      ref.set("namespace", Node::str(b.ns));
    }
    if (b.port) {
      ref.set("port", Node::fromInt(*b.port));
    } else {
      report.approximate(
          cr.object, feature,
          "no port known for Service " + b.name + "; set backendRefs port before applying");
    }
    if (b.weight && rule.backends.size() > 1) {
      ref.set("weight", Node::fromInt(*b.weight));
    }
    seq.push(std::move(ref));
  }
  return seq;
}

Node urlRewrite(const ComposedRoute& cr, const ComposedRule& rule, const std::string& feature,
                FidelityReport& report) {
  Node rw = Node::map();
  if (rule.hostRewrite) {
    rw.set("hostname", Node::str(*rule.hostRewrite));
  }
  const PathRewrite& p = rule.pathRewrite;
  if (p.kind == PathRewrite::Kind::Prefix) {
    rw.set("path",
           pair("type", Node::str("ReplacePrefixMatch"), "replacePrefixMatch", Node::str(p.value)));
    if (!p.collapse && p.value.ends_with("/")) {
      report.approximate(cr.object, feature + " rewrite",
                         "ReplacePrefixMatch " + p.value +
                             " joins with the rest of the path at "
                             "a segment boundary; App Mesh concatenates (" +
                             p.value + "/x)");
    }
  } else if (p.kind == PathRewrite::Kind::Full) {
    rw.set("path",
           pair("type", Node::str("ReplaceFullPath"), "replaceFullPath", Node::str(p.value)));
  }
  Node filter = Node::map();
  filter.set("type", Node::str("URLRewrite"));
  filter.set("urlRewrite", std::move(rw));
  return filter;
}

void writePolicies(Node& out, const ComposedRoute& cr, const ComposedRule& rule,
                   const std::string& feature, FidelityReport& report) {
  Node timeouts = Node::map();
  if (rule.timeouts.request) {
    timeouts.set("request", Node::str(rule.timeouts.request->str()));
  }
  if (rule.retry && rule.retry->perTryTimeout) {
    timeouts.set("backendRequest", Node::str(rule.retry->perTryTimeout->str()));
  }
  if (rule.timeouts.idle) {
    report.lost(cr.object, feature + " timeout.idle", "Gateway API has no per-route idle timeout");
  }
  if (timeouts.size() > 0) {
    out.set("timeouts", std::move(timeouts));
  }
  if (!rule.retry) {
    return;
  }
  std::set<int> codes;
  for (const auto& e : rule.retry->retryOn) {
    const auto c = retryCodes(e);
    if (c.empty()) {
      report.lost(cr.object, feature + " retryPolicy " + e,
                  "Gateway API retries by status code only; " + e + " is not expressible");
    }
    codes.insert(c.begin(), c.end());
  }
  Node retry = Node::map();
  if (rule.retry->attempts) {
    retry.set("attempts", Node::fromInt(*rule.retry->attempts));
  }
  if (!codes.empty()) {
    Node list = Node::sequence();
    for (int c : codes) {
      list.push(Node::fromInt(c));
    }
    retry.set("codes", std::move(list));
  }
  out.set("retry", std::move(retry));
  report.approximate(cr.object, feature + " retryPolicy",
                     "written as HTTPRoute retry (Gateway API experimental channel); "
                     "perRetryTimeout becomes timeouts.backendRequest");
}

using HttpRank = std::tuple<int, size_t, int, size_t, size_t>;

size_t emittedHeaders(const std::vector<model::HeaderMatch>& hs) {
  return std::count_if(hs.begin(), hs.end(), [](const auto& h) {
    return !h.invert && h.match.type != StringMatchType::Range;
  });
}

HttpRank httpRank(const model::RouteMatch& m) {
  int cls = 2;
  size_t len = 1;
  if (m.path) {
    cls = m.path->type == PathMatchType::Exact               ? 3
          : m.path->type == PathMatchType::RegularExpression ? 1
                                                             : 2;
    len = cls == 2 ? m.path->value.size() : 0;
  }
  return {cls, len, m.method ? 1 : 0, emittedHeaders(m.headers), m.queryParams.size()};
}

HttpRank grpcRank(const model::RouteMatch& m) {
  const size_t service = m.grpc ? m.grpc->service.size() : 0;
  const size_t method = m.grpc ? m.grpc->method.size() : 0;
  return {0, service, 0, method, emittedHeaders(m.headers)};
}

std::string whyFirst(const HttpRank& hi, const HttpRank& lo, bool grpc) {
  static const char* const kHttp[] = {"an exact path", "a longer path prefix", "a method match",
                                      "more header matches", "more query parameter matches"};
  static const char* const kGrpc[] = {"", "a longer service name", "", "a longer method name",
                                      "more header matches"};
  const int which = std::get<0>(hi) != std::get<0>(lo)   ? 0
                    : std::get<1>(hi) != std::get<1>(lo) ? 1
                    : std::get<2>(hi) != std::get<2>(lo) ? 2
                    : std::get<3>(hi) != std::get<3>(lo) ? 3
                                                         : 4;
  return (grpc ? kGrpc : kHttp)[which];
}

bool shareListener(const ComposedRoute& a, const ComposedRoute& b) {
  if (!a.gatewayRoute || !b.gatewayRoute) {
    return &a == &b;
  }
  if (a.listenerPort && b.listenerPort && *a.listenerPort != *b.listenerPort) {
    return false;
  }
  return std::any_of(a.gateways.begin(), a.gateways.end(), [&](const auto* g) {
    return std::find(b.gateways.begin(), b.gateways.end(), g) != b.gateways.end();
  });
}

}  // namespace

Node writeHttpRule(const ComposedRoute& cr, const ComposedRule& rule, FidelityReport& report) {
  const std::string feature = "rule " + rule.label;
  Node match = Node::map();
  match.set("path", pathMatch(rule.match.path, cr.object, feature, report));
  if (Node hs = headerList(rule.match.headers, cr.object, feature + " header", report);
      hs.size() > 0) {
    match.set("headers", std::move(hs));
  }
  Node qs = Node::sequence();
  for (const auto& q : rule.match.queryParams) {
    if (auto n = valueMatch(q.name, q.match, false, cr.object, feature + " query", report)) {
      qs.push(std::move(*n));
    }
  }
  if (qs.size() > 0) {
    match.set("queryParams", std::move(qs));
  }
  if (rule.match.method) {
    match.set("method", Node::str(*rule.match.method));
  }
  if (rule.match.scheme) {
    report.lost(cr.object, feature + " scheme", "Gateway API cannot match on the scheme");
  }
  if (rule.altPath) {
    report.approximate(cr.object, feature + " path",
                       "App Mesh also routes " + rule.altPath->value +
                           "… here (its default rewrite drops the gateway prefix even without a "
                           "following /); Gateway API path matches cannot express it");
  }
  Node out = Node::map();
  Node matches = Node::sequence();
  matches.push(std::move(match));
  out.set("matches", std::move(matches));
  if (rule.pathRewrite.kind != PathRewrite::Kind::None || rule.hostRewrite) {
    Node filters = Node::sequence();
    filters.push(urlRewrite(cr, rule, feature, report));
    out.set("filters", std::move(filters));
  }
  out.set("backendRefs", backendRefs(cr, rule, feature, report));
  writePolicies(out, cr, rule, feature, report);
  return out;
}

Node writeGrpcRule(const ComposedRoute& cr, const ComposedRule& rule, FidelityReport& report) {
  const std::string feature = "rule " + rule.label;
  Node match = Node::map();
  if (const auto& g = rule.match.grpc; g && (!g->service.empty() || !g->method.empty())) {
    Node method = Node::map();
    if (!g->service.empty()) {
      method.set("service", Node::str(g->service));
    }
    if (!g->method.empty()) {
      method.set("method", Node::str(g->method));
    }
    match.set("method", std::move(method));
  }
  if (Node hs = headerList(rule.match.headers, cr.object, feature + " metadata", report);
      hs.size() > 0) {
    match.set("headers", std::move(hs));
  }
  Node out = Node::map();
  if (match.size() > 0) {
    Node matches = Node::sequence();
    matches.push(std::move(match));
    out.set("matches", std::move(matches));
  }
  out.set("backendRefs", backendRefs(cr, rule, feature, report));
  if (rule.hostRewrite) {
    report.approximate(
        cr.object, feature + " rewrite.hostname",
        "GRPCRoute has no URLRewrite: :authority is not rewritten to " + *rule.hostRewrite);
  }
  if (!rule.timeouts.empty() || rule.retry) {
    report.lost(cr.object, feature + " timeout/retryPolicy",
                "GRPCRoute has no timeouts or retry fields");
  }
  return out;
}

void reportPrecedence(const std::vector<ComposedRoute>& routes, FidelityReport& report) {
  struct Entry {
    const ComposedRoute* route;
    const ComposedRule* rule;
    HttpRank rank;
  };
  std::vector<Entry> order;
  for (const auto& r : routes) {
    for (const auto& rule : r.rules) {
      const bool grpc = r.protocol == "grpc";
      order.push_back({&r, &rule, grpc ? grpcRank(rule.match) : httpRank(rule.match)});
    }
  }
  for (size_t j = 0; j < order.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const Entry& first = order[i];
      const Entry& later = order[j];
      const bool grpc = later.route->protocol == "grpc";
      if ((first.route->protocol == "grpc") != grpc || !shareListener(*first.route, *later.route) ||
          !mayOverlap(first.rule->match, later.rule->match) || later.rank < first.rank) {
        continue;
      }
      const std::string other = first.route == later.route
                                    ? "rule " + first.rule->label
                                    : first.route->object + " rule " + first.rule->label;
      if (first.rank < later.rank) {
        report.approximate(later.route->object, "rule " + later.rule->label,
                           "Gateway API tries this rule before " + other + " (" +
                               whyFirst(later.rank, first.rank, grpc) +
                               "); App Mesh priority tries that one first");
      } else if (first.route != later.route) {
        report.approximate(later.route->object, "rule " + later.rule->label,
                           "equal Gateway API precedence with " + other +
                               ": the tie goes to the older route (then by name), not to App "
                               "Mesh priority");
      }
    }
  }
}

}  // namespace routedeck::core::dialects::appmesh::detail
