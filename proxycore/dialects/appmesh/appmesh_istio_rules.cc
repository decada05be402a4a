#include "proxycore/dialects/appmesh/appmesh_istio_rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <numeric>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/appmesh/appmesh_translate.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using model::PathMatchType;
using model::StringMatchType;
using yaml::Node;

Node one(const char* key, const std::string& value) {
  Node n = Node::map();
  n.set(key, Node::str(value));
  return n;
}

// Istio StringMatch: exact, prefix or regex (RE2, full match).
std::optional<Node> stringMatch(const model::StringMatch& m) {
  switch (m.type) {
    case StringMatchType::Exact:
      return one("exact", m.value);
    case StringMatchType::Prefix:
      return one("prefix", m.value);
    default:
      break;
  }
  auto pattern = regexFor(m);
  if (!pattern) {
    return std::nullopt;
  }
  return one("regex", *pattern);
}

Node uriMatch(const model::RouteMatch& m, const std::string& protocol) {
  if (protocol == "grpc") {
    // gRPC requests are POST /<service>/<method>.
    const auto& g = m.grpc;
    if (!g || (g->service.empty() && g->method.empty())) {
      return Node();
    }
    if (g->method.empty()) {
      return one("prefix", "/" + g->service + "/");
    }
    if (g->service.empty()) {
      return one("regex", "/[^/]+/" + RE2::QuoteMeta(g->method));
    }
    return one("exact", "/" + g->service + "/" + g->method);
  }
  if (!m.path) {
    return Node();
  }
  switch (m.path->type) {
    case PathMatchType::Exact:
      return one("exact", m.path->value);
    case PathMatchType::RegularExpression:
      return one("regex", m.path->value);
    default:
      return one("prefix", m.path->value);
  }
}

Node matchEntry(const ComposedRoute& cr, const ComposedRule& rule, Node uri,
                const std::string& feature, FidelityReport& report) {
  Node m = Node::map();
  if (!uri.isNull()) {
    m.set("uri", std::move(uri));
  }
  Node headers = Node::map();
  Node without = Node::map();
  for (const auto& h : rule.match.headers) {
    auto sm = stringMatch(h.match);
    if (!sm) {
      report.lost(cr.object, feature + " header " + h.name,
                  "range match has no Istio equivalent; the condition is dropped");
      continue;
    }
    (h.invert ? without : headers).set(strings::toLower(h.name), std::move(*sm));
  }
  if (headers.size() > 0) {
    m.set("headers", std::move(headers));
  }
  if (without.size() > 0) {
    m.set("withoutHeaders", std::move(without));
  }
  Node query = Node::map();
  for (const auto& q : rule.match.queryParams) {
    query.set(q.name, *stringMatch(q.match));
  }
  if (query.size() > 0) {
    m.set("queryParams", std::move(query));
  }
  if (rule.match.method) {
    m.set("method", one("exact", *rule.match.method));
  }
  if (rule.match.scheme) {
    m.set("scheme", one("exact", rule.match.scheme->value));
  }
  if (cr.hostname) {
    m.set("authority", *stringMatch(*cr.hostname));
  }
  if (cr.listenerPort) {
    m.set("port", Node::fromInt(*cr.listenerPort));
  }
  return m;
}

Node destinations(const ComposedRoute& cr, const ComposedRule& rule, const std::string& feature,
                  FidelityReport& report) {
  std::vector<int> weights;
  for (const auto& b : rule.backends) {
    weights.push_back(b.weight.value_or(1));
  }
  const std::vector<int> percent = percentWeights(weights);
  for (size_t i = 0; i < weights.size() && rule.backends.size() > 1; ++i) {
    const int total = std::accumulate(weights.begin(), weights.end(), 0);
    if (total > 0 && percent[i] * total != weights[i] * 100) {
      report.approximate(cr.object, feature + " weights",
                         "relative weights rounded to percentages adding up to 100");
      break;
    }
  }
  Node route = Node::sequence();
  for (size_t i = 0; i < rule.backends.size(); ++i) {
    const auto& b = rule.backends[i];
    Node dest = Node::map();
    dest.set("host", Node::str(serviceFqdn(b)));
    if (b.port) {
      Node port = Node::map();
      port.set("number", Node::fromInt(*b.port));
      dest.set("port", std::move(port));
    }
    Node entry = Node::map();
    entry.set("destination", std::move(dest));
    if (rule.backends.size() > 1) {
      entry.set("weight", Node::fromInt(percent[i]));
    }
    route.push(std::move(entry));
  }
  return route;
}

// Envoy retry-on names for App Mesh events; gRPC event names are the same.
std::string retryOnName(const std::string& event, bool& approximate) {
  if (event == "server-error") {
    approximate = true;  // Envoy's 5xx also retries resets and connect failures
    return "5xx";
  }
  if (event == "client-error") {
    return "retriable-4xx";
  }
  if (event == "stream-error") {
    return "refused-stream";
  }
  if (event == "connection-error") {
    return "connect-failure";
  }
  return event;
}

void writePolicies(Node& entry, const ComposedRoute& cr, const ComposedRule& rule,
                   const std::string& feature, FidelityReport& report) {
  if (rule.timeouts.request) {
    entry.set("timeout", Node::str(rule.timeouts.request->str()));
  }
  if (rule.timeouts.idle) {
    report.lost(cr.object, feature + " timeout.idle", "Istio has no per-route idle timeout");
  }
  if (!rule.retry) {
    return;
  }
  Node retries = Node::map();
  retries.set("attempts", Node::fromInt(rule.retry->attempts.value_or(1)));
  if (rule.retry->perTryTimeout) {
    retries.set("perTryTimeout", Node::str(rule.retry->perTryTimeout->str()));
  }
  bool approximate = false;
  std::vector<std::string> on;
  for (const auto& e : rule.retry->retryOn) {
    on.push_back(retryOnName(e, approximate));
  }
  if (!on.empty()) {
    retries.set("retryOn", Node::str(strings::join(on, ",")));
  }
  entry.set("retries", std::move(retries));
  if (approximate) {
    report.approximate(cr.object, feature + " retryPolicy server-error",
                       "written as Envoy 5xx, which also retries resets and connect failures");
  }
}

}  // namespace

std::vector<int> percentWeights(const std::vector<int>& weights) {
  const int total = std::accumulate(weights.begin(), weights.end(), 0);
  std::vector<int> out(weights.size(), 0);
  if (total <= 0) {
    return out;
  }
  // Largest remainder, so the rounded shares still add up to exactly 100.
  std::vector<std::pair<int, size_t>> remainders;
  int assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    out[i] = weights[i] * 100 / total;
    assigned += out[i];
    remainders.push_back({weights[i] * 100 % total, i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; assigned < 100 && k < remainders.size(); ++k, ++assigned) {
    ++out[remainders[k].second];
  }
  return out;
}

namespace {

// One http[] entry of a rule, matching `uri` instead of the rule's own path.
Node httpEntry(const ComposedRoute& cr, const ComposedRule& rule, const Node& uri,
               const std::string& name, FidelityReport& report) {
  const std::string feature = "rule " + rule.label;
  const PathRewrite& p = rule.pathRewrite;
  Node entry = Node::map();
  entry.set("name", Node::str(name));
  Node m = matchEntry(cr, rule, uri, feature, report);
  if (m.size() > 0) {
    Node matches = Node::sequence();
    matches.push(std::move(m));
    entry.set("match", std::move(matches));
  }
  Node rewrite = Node::map();
  if (p.kind == PathRewrite::Kind::Prefix) {
    rewrite.set("uri", Node::str(p.value));
  } else if (p.kind == PathRewrite::Kind::Full && uri.has("exact")) {
    rewrite.set("uri", Node::str(p.value));
  } else if (p.kind == PathRewrite::Kind::Full) {
    // rewrite.uri would only replace the matched prefix.
    Node regex = Node::map();
    regex.set("match", Node::str("^.*$"));
    regex.set("rewrite", Node::str(p.value));
    entry.set("uriRegexRewrite", std::move(regex));
  }
  if (rule.hostRewrite) {
    rewrite.set("authority", Node::str(*rule.hostRewrite));
  }
  if (rewrite.size() > 0) {
    entry.set("rewrite", std::move(rewrite));
  }
  entry.set("route", destinations(cr, rule, feature, report));
  writePolicies(entry, cr, rule, feature, report);
  return entry;
}

}  // namespace

std::vector<Node> writeHttpEntries(const ComposedRoute& cr, FidelityReport& report) {
  std::vector<Node> out;
  for (const auto& rule : cr.rules) {
    const PathRewrite& p = rule.pathRewrite;
    // Istio replaces the matched prefix literally: App Mesh's collapsing
    // default needs "/x/" → "/" before "/x" → "/" (which also covers /xy → /y),
    // and a router prefix behind it also takes "/x" + "red" (see altPath).
    std::vector<Node> uris;
    if (p.kind == PathRewrite::Kind::Prefix && p.collapse && rule.match.path &&
        !rule.match.path->value.ends_with("/")) {
      uris = {one("prefix", rule.match.path->value + "/"), one("prefix", rule.match.path->value)};
    } else {
      uris = {uriMatch(rule.match, cr.protocol)};
    }
    if (rule.altPath) {
      const bool exact = rule.altPath->type == PathMatchType::Exact;
      uris.push_back(one(exact ? "exact" : "prefix", rule.altPath->value));
    }
    for (size_t k = 0; k < uris.size(); ++k) {
      // Later variants repeat the first one's findings; report them once.
      FidelityReport scratch;
      const std::string name = cr.name + "." + rule.label + (k == 0 ? "" : "." + std::to_string(k));
      out.push_back(httpEntry(cr, rule, uris[k], name, k == 0 ? report : scratch));
    }
  }
  return out;
}

}  // namespace routedeck::core::dialects::appmesh::detail
