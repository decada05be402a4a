#include <re2/re2.h>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/appmesh/appmesh_compose.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using model::PathMatch;
using model::PathMatchType;
using model::StringMatchType;

struct PathResult {
  std::optional<PathMatch> path;
  PathRewrite rewrite;
  std::optional<PathMatch> alt;
};

bool isPrefix(const PathMatch& p) {
  return p.type == PathMatchType::StringPrefix || p.type == PathMatchType::PathPrefix;
}

std::string describe(const PathMatch& p) {
  switch (p.type) {
    case PathMatchType::Exact:
      return "path " + p.value;
    case PathMatchType::RegularExpression:
      return "regex " + p.value;
    default:
      return "prefix " + p.value;
  }
}

// Does a known upstream path satisfy the router route's path condition?
bool matchesPath(const PathMatch& p, const std::string& path) {
  switch (p.type) {
    case PathMatchType::Exact:
      return path == p.value;
    case PathMatchType::RegularExpression:
      return RE2::FullMatch(path, RE2(p.value, RE2::Quiet));
    default:
      return path.starts_with(p.value);
  }
}

PathRewrite prefixRewrite(const std::string& matched, const std::string& to) {
  if (matched == to) {
    return {};
  }
  return {PathRewrite::Kind::Prefix, to, false};
}

// Upstream = T + rest, where the request is X + rest (explicit prefix rewrite,
// or defaultPrefix DISABLED with T == X).
std::optional<PathResult> composeLiteral(const std::string& x, const std::string& t,
                                         const std::optional<PathMatch>& y,
                                         std::vector<std::string>& notes) {
  if (!y || (isPrefix(*y) && t.starts_with(y->value))) {
    return PathResult{PathMatch{PathMatchType::StringPrefix, x}, prefixRewrite(x, t)};
  }
  if (y->type == PathMatchType::RegularExpression) {
    notes.push_back("the router route's " + describe(*y) +
                    " cannot be combined with the rewritten prefix and is dropped");
    return PathResult{PathMatch{PathMatchType::StringPrefix, x}, prefixRewrite(x, t)};
  }
  if (!y->value.starts_with(t)) {
    return std::nullopt;  // the rewritten path never starts that way
  }
  const std::string c = x + y->value.substr(t.size());
  if (isPrefix(*y)) {
    return PathResult{PathMatch{PathMatchType::StringPrefix, c}, prefixRewrite(c, y->value)};
  }
  PathResult r{PathMatch{PathMatchType::Exact, c}, {}};
  if (c != y->value) {
    r.rewrite = {PathRewrite::Kind::Full, y->value, false};
  }
  return r;
}

// App Mesh's default: upstream = "/" + rest without its leading "/".
std::optional<PathResult> composeDefault(const std::string& x, const std::optional<PathMatch>& y,
                                         std::vector<std::string>& notes) {
  const PathResult whole{PathMatch{PathMatchType::StringPrefix, x},
                         {PathRewrite::Kind::Prefix, "/", true},
                         std::nullopt};
  if (!y || (isPrefix(*y) && (y->value.empty() || y->value == "/"))) {
    return whole;
  }
  if (y->type == PathMatchType::RegularExpression) {
    notes.push_back("the router route's " + describe(*y) +
                    " cannot be combined with the gateway's prefix rewrite and is dropped");
    return whole;
  }
  if (!y->value.starts_with("/")) {
    return std::nullopt;  // the rewritten path always starts with "/"
  }
  const std::string tail = y->value.substr(1);
  const std::string c = (x.ends_with('/') ? x : x + "/") + tail;
  const PathMatchType type = isPrefix(*y) ? PathMatchType::StringPrefix : PathMatchType::Exact;
  PathResult r{
      PathMatch{type, c},
      {isPrefix(*y) ? PathRewrite::Kind::Prefix : PathRewrite::Kind::Full, y->value, false},
      std::nullopt};
  if (!x.ends_with('/')) {
    r.alt = PathMatch{type, x + tail};
  }
  return r;
}

std::optional<PathResult> composePath(const GatewaySide& g, const std::optional<PathMatch>& y,
                                      std::vector<std::string>& notes) {
  using model::PathModifierType;
  const auto& gp = g.match.path;
  const model::Rewrite* rw = g.rewrite ? &*g.rewrite : nullptr;
  const bool fullRewrite = rw && rw->path && rw->path->type == PathModifierType::ReplaceFullPath;
  // The upstream path is known: an exact match, or a whole-path rewrite.
  if (fullRewrite || (gp && gp->type == PathMatchType::Exact)) {
    const std::string upstream = fullRewrite ? rw->path->value : gp->value;
    if (y && !matchesPath(*y, upstream)) {
      return std::nullopt;
    }
    PathResult r{gp, {}};
    if (fullRewrite) {
      r.rewrite = {PathRewrite::Kind::Full, upstream, false};
    }
    return r;
  }
  if (gp && isPrefix(*gp)) {
    const bool valueRewrite =
        rw && rw->path && rw->path->type == PathModifierType::ReplacePrefixMatch;
    const bool defaultOn = !valueRewrite && !(rw && rw->appMeshDefaultPrefix == false);
    if (defaultOn && gp->value != "/") {
      return composeDefault(gp->value, y, notes);
    }
    return composeLiteral(gp->value, valueRewrite ? rw->path->value : gp->value, y, notes);
  }
  // No path condition or a regex on the gateway side: the path goes up unchanged.
  const bool trivialY = !y || (isPrefix(*y) && (y->value.empty() || y->value == "/"));
  if (!gp || trivialY) {
    return PathResult{gp ? gp : y, {}};
  }
  notes.push_back("the router route's " + describe(*y) + " cannot be combined with the gateway's " +
                  describe(*gp) + " and is dropped");
  return PathResult{gp, {}};
}

template <typename T>
bool contains(const std::vector<T>& list, const T& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::optional<ComposedRule> composeRule(const GatewaySide& g, const model::RouteRule* rr,
                                        std::vector<std::string>& notes) {
  ComposedRule c;
  c.match = g.match;
  c.match.origin = {};
  const model::RouteMatch* y = rr && !rr->matches.empty() ? &rr->matches.front() : nullptr;
  if (y) {
    if (y->port && g.targetPort && *y->port != *g.targetPort) {
      return std::nullopt;  // the router listener the target port picks never sees it
    }
    if (y->method) {
      if (c.match.method && *c.match.method != *y->method) {
        return std::nullopt;
      }
      c.match.method = y->method;
    }
    c.match.headers.insert(c.match.headers.end(), y->headers.begin(), y->headers.end());
    c.match.queryParams.insert(c.match.queryParams.end(), y->queryParams.begin(),
                               y->queryParams.end());
    c.match.scheme = y->scheme;
    if (y->grpc) {
      model::GrpcMethodMatch grpc = c.match.grpc.value_or(model::GrpcMethodMatch{});
      if (!grpc.service.empty() && !y->grpc->service.empty() && grpc.service != y->grpc->service) {
        return std::nullopt;
      }
      if (grpc.service.empty()) {
        grpc.service = y->grpc->service;
      }
      grpc.method = y->grpc->method;
      c.match.grpc = grpc;
    }
  }
  if (rr) {
    c.timeouts = rr->timeouts;
    c.retry = rr->retry;
    c.routerRoute = rr->name.value_or("");
  }
  if (g.http) {
    auto p = composePath(g, y ? y->path : std::nullopt, notes);
    if (!p) {
      return std::nullopt;
    }
    c.match.path = p->path;
    c.pathRewrite = p->rewrite;
    c.altPath = p->alt;
  }
  return c;
}

bool shadows(const model::RouteMatch& a, const model::RouteMatch& b) {
  if (a.path) {
    if (!b.path) {
      return false;
    }
    if (isPrefix(*a.path)) {
      if (b.path->type == PathMatchType::RegularExpression ||
          !b.path->value.starts_with(a.path->value)) {
        return false;
      }
    } else if (!(*a.path == *b.path)) {
      return false;
    }
  }
  for (const auto& h : a.headers) {
    if (!contains(b.headers, h)) {
      return false;
    }
  }
  for (const auto& q : a.queryParams) {
    if (!contains(b.queryParams, q)) {
      return false;
    }
  }
  if (a.grpc && (!b.grpc || (!a.grpc->service.empty() && a.grpc->service != b.grpc->service) ||
                 (!a.grpc->method.empty() && a.grpc->method != b.grpc->method))) {
    return false;
  }
  return (!a.method || a.method == b.method) && (!a.port || a.port == b.port) &&
         (!a.authority || a.authority == b.authority) && (!a.scheme || a.scheme == b.scheme);
}

model::BackendRef serviceForNode(const model::Config& config, const model::VirtualNode* node,
                                 const std::string& nodeName, const std::string& nodeNs,
                                 std::optional<int> port, std::vector<std::string>& notes) {
  model::BackendRef b;
  std::string name = nodeName;
  std::string ns = nodeNs;
  if (!node) {
    notes.push_back("VirtualNode " + nodeNs + "/" + nodeName +
                    " is not loaded; assumed a Service of that name");
  } else if (node->dnsHostname && splitServiceHost(*node->dnsHostname, name, ns)) {
    // name.ns.svc.cluster.local: the Kubernetes Service App Mesh resolved.
  } else if (node->dnsHostname) {
    name = strings::split(*node->dnsHostname, '.').front();
    notes.push_back("DNS hostname " + *node->dnsHostname +
                    " is not a cluster Service name; assumed Service " + name);
  } else if (node->cloudMapService) {
    name = *node->cloudMapService;
    notes.push_back("VirtualNode " + nodeName +
                    " uses Cloud Map discovery; assumed a Kubernetes "
                    "Service named " +
                    name + " in namespace " + ns);
  } else {
    notes.push_back("VirtualNode " + nodeName + " has no service discovery; assumed Service " +
                    nodeName);
  }
  b.port = port;
  if (!b.port && node && !node->listeners.empty()) {
    b.port = node->listeners.front().port;
    if (node->listeners.size() > 1) {
      notes.push_back("VirtualNode " + nodeName +
                      " has several listeners and no target port; "
                      "used the first (" +
                      std::to_string(*b.port) + ")");
    }
  }
  // The node listens on the container port; callers of the Service use its port.
  if (const model::Service* svc = config.findService(ns, name); svc && b.port) {
    for (const auto& sp : svc->ports) {
      if (sp.targetPort.value_or(sp.port) == *b.port) {
        b.port = sp.port;
        break;
      }
    }
  }
  b.name = name;
  b.ns = ns;
  return b;
}

model::BackendRef serviceForMeshService(const model::MeshService& s) {
  model::BackendRef b;
  b.name = s.meta.name;
  b.ns = s.meta.effectiveNamespace();
  if (s.awsName && !splitServiceHost(*s.awsName, b.name, b.ns)) {
    b.name = strings::split(*s.awsName, '.').front();
  }
  return b;
}

}  // namespace routedeck::core::dialects::appmesh::detail
