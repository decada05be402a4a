// Gateway API filters, shared by rules and backendRefs: rebuilt in the
// original order so unmodelled filters (ExtensionRef, ...) survive edits.
#include <string>

#include "proxycore/dialects/gatewayapi/gatewayapi_export_internal.h"

namespace routedeck::core::dialects::gatewayapi::detail {

using yaml::Node;

namespace {

// The modelled filters of a rule or of a backendRef.
struct FilterView {
  const model::HeaderModifier* requestHeaders = nullptr;
  const model::HeaderModifier* responseHeaders = nullptr;
  const model::Redirect* redirect = nullptr;
  const model::Rewrite* rewrite = nullptr;
  const std::vector<model::Mirror>* mirrors = nullptr;
  const model::CorsPolicy* cors = nullptr;
};

// One filter entry for a modelled filter type, patched onto its original.
Node filterEntry(const std::string& type, const std::string& key, Node body, Node base) {
  setOrErase(base, "type", std::optional(type));
  base.set(key, std::move(body));
  return base;
}

Node redirectBody(const model::Redirect& r, const Node* base) {
  Node n = base ? *base : Node::map();
  setOrErase(n, "scheme", r.scheme);
  setOrErase(n, "hostname", r.hostname);
  if (r.path) {
    const Node* bp = n.find("path");
    n.set("path", writePathModifier(*r.path, bp ? *bp : Node::map()));
  } else {
    n.erase("path");
  }
  setOrErase(n, "port", r.port);
  setOrErase(n, "statusCode", r.statusCode);
  return n;
}

Node rewriteBody(const model::Rewrite& r, const Node* base) {
  Node n = base ? *base : Node::map();
  setOrErase(n, "hostname", r.hostname);
  if (r.path) {
    const Node* bp = n.find("path");
    n.set("path", writePathModifier(*r.path, bp ? *bp : Node::map()));
  } else {
    n.erase("path");
  }
  return n;
}

Node mirrorBody(const model::Mirror& m, const Node* base) {
  Node n = base ? *base : Node::map();
  const Node* bb = n.find("backendRef");
  n.set("backendRef", writeBackendRef(m.backend, bb ? *bb : Node::map()));
  setOrErase(n, "percent",
             m.percent ? std::optional(static_cast<int>(*m.percent)) : std::optional<int>());
  if (m.fractionNumerator) {
    Node& f = child(n, "fraction");
    setOrErase(f, "numerator", m.fractionNumerator);
    setOrErase(f, "denominator", m.fractionDenominator);
  } else {
    n.erase("fraction");
  }
  return n;
}

Node corsBody(const model::CorsPolicy& c, const Node* base) {
  Node n = base ? *base : Node::map();
  std::vector<std::string> origins;
  for (const auto& o : c.allowOrigins) {
    origins.push_back(o.value);
  }
  setStrings(n, "allowOrigins", origins);
  setStrings(n, "allowMethods", c.allowMethods);
  setStrings(n, "allowHeaders", c.allowHeaders);
  setStrings(n, "exposeHeaders", c.exposeHeaders);
  setOrErase(n, "maxAge",
             c.maxAge ? std::optional(static_cast<int>(c.maxAge->millis / 1000)) : std::optional<int>());
  setOrErase(n, "allowCredentials", c.allowCredentials);
  return n;
}

// Rebuilds a filters list: original order for filter types still present,
// unmodelled filters (ExtensionRef, ...) untouched, new ones appended.
Node writeFilters(const FilterView& v, const Node& base) {
  Node seq = Node::sequence();
  bool reqDone = false, respDone = false, redirDone = false, rewriteDone = false, corsDone = false;
  size_t mirrorsDone = 0;
  const size_t mirrorCount = v.mirrors ? v.mirrors->size() : 0;
  auto bodyOf = [](const Node& f, const char* key) { return f.find(key); };
  if (const Node* old = base.find("filters"); old && old->isSequence()) {
    for (const auto& f : old->items()) {
      const Node* typeNode = f.find("type");
      std::string t = typeNode && typeNode->isScalar() ? typeNode->text() : "";
      if (t == "RequestHeaderModifier") {
        if (v.requestHeaders && !reqDone) {
          const Node* b = bodyOf(f, "requestHeaderModifier");
          seq.push(filterEntry(t, "requestHeaderModifier",
                               writeHeaderModifier(*v.requestHeaders, b ? *b : Node::map()), f));
          reqDone = true;
        }
      } else if (t == "ResponseHeaderModifier") {
        if (v.responseHeaders && !respDone) {
          const Node* b = bodyOf(f, "responseHeaderModifier");
          seq.push(filterEntry(t, "responseHeaderModifier",
                               writeHeaderModifier(*v.responseHeaders, b ? *b : Node::map()), f));
          respDone = true;
        }
      } else if (t == "RequestRedirect") {
        if (v.redirect && !redirDone) {
          seq.push(filterEntry(t, "requestRedirect", redirectBody(*v.redirect, bodyOf(f, "requestRedirect")), f));
          redirDone = true;
        }
      } else if (t == "URLRewrite") {
        if (v.rewrite && !rewriteDone) {
          seq.push(filterEntry(t, "urlRewrite", rewriteBody(*v.rewrite, bodyOf(f, "urlRewrite")), f));
          rewriteDone = true;
        }
      } else if (t == "RequestMirror") {
        if (mirrorsDone < mirrorCount) {
          seq.push(filterEntry(t, "requestMirror",
                               mirrorBody((*v.mirrors)[mirrorsDone], bodyOf(f, "requestMirror")), f));
          ++mirrorsDone;
        }
      } else if (t == "CORS") {
        if (v.cors && !corsDone) {
          seq.push(filterEntry(t, "cors", corsBody(*v.cors, bodyOf(f, "cors")), f));
          corsDone = true;
        }
      } else {
        seq.push(f);
      }
    }
  }
  Node empty = Node::map();
  if (v.requestHeaders && !reqDone) {
    seq.push(filterEntry("RequestHeaderModifier", "requestHeaderModifier",
                         writeHeaderModifier(*v.requestHeaders, empty), empty));
  }
  if (v.responseHeaders && !respDone) {
    seq.push(filterEntry("ResponseHeaderModifier", "responseHeaderModifier",
                         writeHeaderModifier(*v.responseHeaders, empty), empty));
  }
  if (v.redirect && !redirDone) {
    seq.push(filterEntry("RequestRedirect", "requestRedirect", redirectBody(*v.redirect, nullptr), empty));
  }
  if (v.rewrite && !rewriteDone) {
    seq.push(filterEntry("URLRewrite", "urlRewrite", rewriteBody(*v.rewrite, nullptr), empty));
  }
  for (; mirrorsDone < mirrorCount; ++mirrorsDone) {
    seq.push(filterEntry("RequestMirror", "requestMirror", mirrorBody((*v.mirrors)[mirrorsDone], nullptr), empty));
  }
  if (v.cors && !corsDone) {
    seq.push(filterEntry("CORS", "cors", corsBody(*v.cors, nullptr), empty));
  }
  return seq;
}

FilterView ruleFilters(const model::RouteRule& rule) {
  FilterView v;
  v.requestHeaders = rule.requestHeaders.empty() ? nullptr : &rule.requestHeaders;
  v.responseHeaders = rule.responseHeaders.empty() ? nullptr : &rule.responseHeaders;
  v.redirect = rule.redirect ? &*rule.redirect : nullptr;
  v.rewrite = rule.rewrite ? &*rule.rewrite : nullptr;
  v.mirrors = &rule.mirrors;
  v.cors = rule.cors ? &*rule.cors : nullptr;
  return v;
}

}  // namespace

Node writePathModifier(const model::PathModifier& p, Node base) {
  const bool full = p.type == model::PathModifierType::ReplaceFullPath;
  base.set("type", Node::str(full ? "ReplaceFullPath" : "ReplacePrefixMatch"));
  base.erase(full ? "replacePrefixMatch" : "replaceFullPath");
  setOrErase(base, full ? "replaceFullPath" : "replacePrefixMatch", std::optional(p.value));
  return base;
}

Node writeBackendRef(const model::BackendRef& b, Node base) {
  setOrErase(base, "group", b.group.empty() && !base.has("group") ? std::nullopt : std::optional(b.group));
  setOrErase(base, "kind", b.kind.empty() ? std::nullopt : std::optional(b.kind));
  setOrErase(base, "name", std::optional(b.name));
  setOrErase(base, "namespace", b.ns.empty() ? std::nullopt : std::optional(b.ns));
  setOrErase(base, "port", b.port);
  setOrErase(base, "weight", b.weight);
  FilterView view;
  view.requestHeaders = b.requestHeaders.empty() ? nullptr : &b.requestHeaders;
  view.responseHeaders = b.responseHeaders.empty() ? nullptr : &b.responseHeaders;
  view.redirect = b.redirect.get();
  view.rewrite = b.rewrite.get();
  Node filters = writeFilters(view, base);
  if (filters.size() == 0) {
    if (const Node* old = base.find("filters"); !(old && old->isSequence() && old->size() == 0)) {
      base.erase("filters");
    }
  } else {
    base.set("filters", std::move(filters));
  }
  return base;
}

Node writeRuleFilters(const model::RouteRule& rule, const Node& base) {
  return writeFilters(ruleFilters(rule), base);
}

}  // namespace routedeck::core::dialects::gatewayapi::detail
