#pragma once

#include "models/graph/topology.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

// Config or const Config: the route `r` names, or null.
template <typename ConfigT>
auto* findRoute(ConfigT& c, const RuleRef& r) {
  for (auto& route : c.routes) {
    if (QString::fromLatin1(core::model::routeKindName(route.kind)) == r.kind &&
        QString::fromStdString(route.meta.effectiveNamespace()) == r.ns &&
        QString::fromStdString(route.meta.name) == r.name) {
      return &route;
    }
  }
  return static_cast<decltype(&c.routes.front())>(nullptr);
}

// Config or const Config: the rule `r` names, or null.
template <typename ConfigT>
auto* findRule(ConfigT& c, const RuleRef& r) {
  auto* route = findRoute(c, r);
  if (route == nullptr || r.index < 0 || static_cast<size_t>(r.index) >= route->rules.size()) {
    return static_cast<decltype(&c.routes.front().rules.front())>(nullptr);
  }
  return &route->rules[static_cast<size_t>(r.index)];
}

}  // namespace routedeck::models
