// Writes one VirtualService http[] entry by patching its original element:
// every key the importer reads is set from the model or erased, all other
// keys (sourceLabels, delegate, derivePort, trafficPolicy...) stay.

#include <cmath>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::PathMatchType;
using model::StringMatchType;
using yaml::Node;

// A map of name → value in model order, reusing the original scalars.
void setPairs(Node& map, const std::string& key, const std::vector<model::HeaderValue>& pairs) {
  const Node old = mapAt(map, key);
  Node m = Node::map();
  for (const auto& hv : pairs) {
    const Node* o = old.find(hv.name);
    m.set(hv.name, o && o->isScalar() && o->text() == hv.value ? *o : Node::str(hv.value));
  }
  setMapOrErase(map, key, std::move(m));
}

void setHeaderOps(Node& owner, const model::HeaderModifier& req,
                  const model::HeaderModifier& resp) {
  Node headers = mapAt(owner, "headers");
  for (const auto& [key, mod] : {std::pair{"request", &req}, std::pair{"response", &resp}}) {
    Node ops = mapAt(headers, key);
    setPairs(ops, "set", mod->set);
    setPairs(ops, "add", mod->add);
    setStrings(ops, "remove", mod->remove);
    setMapOrErase(headers, key, std::move(ops));
  }
  setMapOrErase(owner, "headers", std::move(headers));
}

void setDestination(Node& dest, const model::BackendRef& b) {
  std::string host = b.name;
  if (!b.ns.empty() && host.find('.') == std::string::npos) {
    host += "." + b.ns + ".svc.cluster.local";
  }
  setOrErase(dest, "host", std::optional(host));
  if (b.port) {
    setOrErase(child(dest, "port"), "number", b.port);
  } else {
    dest.erase("port");
  }
  setOrErase(dest, "subset", b.subset);
}

Node writeRouteDestination(const model::BackendRef& b, Node n) {
  setDestination(child(n, "destination"), b);
  setOrErase(n, "weight", b.weight);
  setHeaderOps(n, b.requestHeaders, b.responseHeaders);
  return n;
}

using NamedMatches = std::vector<std::pair<std::string, model::StringMatch>>;

void setMatchMap(Node& m, const std::string& key, const NamedMatches& list) {
  const Node old = mapAt(m, key);
  Node out = Node::map();
  for (const auto& [name, match] : list) {
    out.set(name, writeStringMatch(match, old.find(name)));
  }
  setMapOrErase(m, key, std::move(out));
}

void setStringMatch(Node& m, const std::string& key, const std::optional<model::StringMatch>& sm) {
  if (sm) {
    m.set(key, writeStringMatch(*sm, m.find(key)));
  } else if (readStringMatch(m.find(key))) {
    m.erase(key);
  }
}

void setUri(Node& m, const std::optional<model::PathMatch>& path) {
  if (!path) {
    // `uri: {}` (match all) is not modelled: keep it.
    if (auto old = readStringMatch(m.find("uri")); old && old->type != StringMatchType::Present) {
      m.erase("uri");
    }
    return;
  }
  model::StringMatch sm{StringMatchType::Prefix, path->value};
  if (path->type == PathMatchType::Exact) {
    sm.type = StringMatchType::Exact;
  } else if (path->type == PathMatchType::RegularExpression) {
    sm.type = StringMatchType::RegularExpression;
  }
  // A segment-wise PathPrefix (edited in from Gateway API) is written as a
  // string prefix; the cross-dialect translators handle it exactly.
  m.set("uri", writeStringMatch(sm, m.find("uri")));
}

Node writeMatch(const model::RouteMatch& rm, Node m) {
  setOrErase(m, "name", rm.name);
  setUri(m, rm.path);
  NamedMatches with, without, query;
  const model::HeaderMatch* methodHeader = nullptr;
  for (const auto& h : rm.headers) {
    if (!h.invert && h.name == kMethodHeader && !rm.method && !methodHeader &&
        h.match.type != StringMatchType::Exact) {
      methodHeader = &h;
    } else {
      (h.invert ? without : with).emplace_back(h.name, h.match);
    }
  }
  for (const auto& q : rm.queryParams) {
    query.emplace_back(q.name, q.match);
  }
  setMatchMap(m, "headers", with);
  setMatchMap(m, "withoutHeaders", without);
  setMatchMap(m, "queryParams", query);
  if (rm.method) {
    setStringMatch(m, "method", model::StringMatch{StringMatchType::Exact, *rm.method});
  } else {
    setStringMatch(m, "method", methodHeader ? std::optional(methodHeader->match) : std::nullopt);
  }
  setStringMatch(m, "authority", rm.authority);
  setStringMatch(m, "scheme", rm.scheme);
  setOrErase(m, "port", rm.port);
  const Node* oldCase = m.find("ignoreUriCase");
  if (rm.ignoreUriCase || (oldCase && oldCase->asBool() == false)) {
    setOrErase(m, "ignoreUriCase", std::optional(rm.ignoreUriCase));
  } else {
    m.erase("ignoreUriCase");
  }
  return m;
}

void setMirrors(Node& h, const std::vector<model::Mirror>& mirrors) {
  static const char* kSingleKeys[] = {"mirror", "mirrorPercentage", "mirrorPercent",
                                      "mirror_percent"};
  const bool listForm = h.has("mirrors") || mirrors.size() > 1 ||
                        (!mirrors.empty() && mirrors[0].backend.origin.index >= 0);
  if (mirrors.empty() || listForm) {
    for (const char* k : kSingleKeys) {
      h.erase(k);
    }
  }
  if (mirrors.empty() || !listForm) {
    h.erase("mirrors");
  }
  if (mirrors.empty()) {
    return;
  }
  if (listForm) {
    Node seq = Node::sequence();
    for (const auto& m : mirrors) {
      Node item = baseItem(&h, "mirrors", m.backend.origin.index);
      setDestination(child(item, "destination"), m.backend);
      setPercentage(item, "percentage", m.percent);
      seq.push(std::move(item));
    }
    h.set("mirrors", std::move(seq));
    return;
  }
  const model::Mirror& m = mirrors.front();
  setDestination(child(h, "mirror"), m.backend);
  // Deprecated integer spellings stay when they still hold the value.
  for (const char* legacy : {"mirrorPercent", "mirror_percent"}) {
    if (h.has(legacy) && !h.has("mirrorPercentage") && m.percent &&
        std::floor(*m.percent) == *m.percent) {
      setOrErase(h, legacy, std::optional(static_cast<int>(*m.percent)));
      return;
    }
    h.erase(legacy);
  }
  setPercentage(h, "mirrorPercentage", m.percent);
}

void setRedirect(Node& h, const std::optional<model::Redirect>& red) {
  if (!red) {
    h.erase("redirect");
    return;
  }
  Node& n = child(h, "redirect");
  const bool hadBoth = n.has("uri") && n.has("prefixRewrite");
  if (!red->path) {
    n.erase("uri");
    n.erase("prefixRewrite");
  } else if (red->path->type == model::PathModifierType::ReplaceFullPath) {
    setOrErase(n, "uri", std::optional(red->path->value));
    if (!hadBoth) {
      n.erase("prefixRewrite");
    }
  } else {
    setOrErase(n, "prefixRewrite", std::optional(red->path->value));
    n.erase("uri");
  }
  setOrErase(n, "authority", red->hostname);
  setOrErase(n, "port", red->port);
  setOrErase(n, "scheme", red->scheme);
  setOrErase(n, "redirectCode", red->statusCode);
}

void setRewrite(Node& h, const std::optional<model::Rewrite>& rw) {
  if (!rw) {
    h.erase("rewrite");
    return;
  }
  Node& n = child(h, "rewrite");
  std::optional<std::string> pattern = rw->regexPattern;
  std::optional<std::string> substitution = rw->regexSubstitution;
  if (rw->path && rw->path->type == model::PathModifierType::ReplacePrefixMatch) {
    setOrErase(n, "uri", std::optional(rw->path->value));
  } else {
    n.erase("uri");
    if (rw->path && !pattern) {
      // Istio's uri rewrite replaces the matched prefix; a full-path
      // replacement is a regex rewrite of the whole path.
      pattern = "/.*";
      substitution = rw->path->value;
    }
  }
  setOrErase(n, "authority", rw->hostname);
  if (pattern || substitution) {
    Node& re = child(n, "uriRegexRewrite");
    setOrErase(re, "match", pattern);
    setOrErase(re, "rewrite", substitution);
  } else {
    n.erase("uriRegexRewrite");
  }
}

void setDirectResponse(Node& h, const std::optional<model::DirectResponse>& dr) {
  if (!dr) {
    h.erase("directResponse");
    return;
  }
  Node& n = child(h, "directResponse");
  setOrErase(n, "status", std::optional(dr->status));
  Node body = mapAt(n, "body");
  setOrErase(body, "string", dr->body);
  setMapOrErase(n, "body", std::move(body));
}

}  // namespace

Node writeHttpRoute(const model::RouteRule& rule, Node h) {
  setOrErase(h, "name", rule.name);
  Node matches = Node::sequence();
  for (const auto& m : rule.matches) {
    matches.push(writeMatch(m, baseItem(&h, "match", m.origin.index)));
  }
  Node routes = Node::sequence();
  for (const auto& b : rule.backends) {
    routes.push(writeRouteDestination(b, baseItem(&h, "route", b.origin.index)));
  }
  for (auto& [key, seq] : {std::pair{"match", &matches}, std::pair{"route", &routes}}) {
    if (seq->size() > 0) {
      h.set(key, *seq);
    } else if (const Node* old = h.find(key); !(old && old->isSequence() && old->size() == 0)) {
      h.erase(key);
    }
  }
  setRedirect(h, rule.redirect);
  setRewrite(h, rule.rewrite);
  setDirectResponse(h, rule.directResponse);
  setHeaderOps(h, rule.requestHeaders, rule.responseHeaders);
  setMirrors(h, rule.mirrors);
  setDuration(h, "timeout", rule.timeouts.request);
  setRetries(h, rule.retry);
  setFault(h, rule.fault);
  setCors(h, rule.cors);
  return h;
}

}  // namespace routedeck::core::dialects::istio::detail
