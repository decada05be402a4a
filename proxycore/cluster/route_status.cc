#include "proxycore/cluster/route_status.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace routedeck::core::cluster {

namespace {

using nlohmann::json;

bool attachedTo(const router::CompiledListener& cl, const model::Route* route) {
  for (const auto& vh : cl.vhosts) {
    for (const auto& c : vh.candidates) {
      if (c.route == route) return true;
    }
  }
  return false;
}

Condition accepted(const router::RouteTable& table, const model::Route& route, const model::ParentRef& p,
                   const std::string& gatewayId) {
  const std::string prefix = std::string(model::routeKindName(route.kind)) + " " + route.meta.id() + ": ";
  std::vector<std::string> why;
  bool anyListener = false;
  for (const auto& cl : table.listeners()) {
    if (!cl.gateway || cl.gateway->meta.id() != gatewayId || !cl.listener) continue;
    if (p.sectionName && cl.listener->name != *p.sectionName) continue;
    if (p.port && cl.listener->port != *p.port) continue;
    anyListener = true;
    if (attachedTo(cl, &route)) return {"Accepted", true, "Accepted", "Accepted by listener " + cl.listener->name};
    for (const auto& r : cl.rejected) {
      if (r.rfind(prefix, 0) == 0) why.push_back("listener " + cl.listener->name + ": " + r.substr(prefix.size()));
    }
  }
  if (!anyListener) {
    return {"Accepted", false, "NoMatchingParent",
            p.sectionName ? "gateway " + gatewayId + " has no listener named " + *p.sectionName
                          : "gateway " + gatewayId + " has no listener on that port"};
  }
  std::string message;
  bool hostname = !why.empty();
  for (const auto& w : why) {
    message += (message.empty() ? "" : "; ") + w;
    hostname = hostname && w.find("hostname") != std::string::npos;
  }
  return {"Accepted", false, hostname ? "NoMatchingListenerHostname" : "NotAllowedByListeners",
          message.empty() ? "no listener accepts the route" : message};
}

Condition resolvedRefs(const model::Config& c, const model::Route& route) {
  const std::string routeNs = route.meta.effectiveNamespace();
  std::vector<std::pair<std::string, std::string>> problems;  // reason, message
  for (const auto& rule : route.rules) {
    for (const auto& b : rule.backends) {
      const std::string ns = b.ns.empty() ? routeNs : b.ns;
      const std::string id = ns + "/" + b.name;
      if (!b.isService() || !(b.group.empty() || b.group == "core")) {
        problems.push_back({"InvalidKind", "backendRef " + (b.group.empty() ? "" : b.group + "/") + b.kind + " " +
                                               id + " is not a Service"});
      } else if (ns != routeNs &&
                 !c.referenceGrantAllows(model::routeKindName(route.kind), routeNs, ns, b.name)) {
        problems.push_back({"RefNotPermitted", "no ReferenceGrant in " + ns + " allows a reference to Service " + id});
      } else if (!c.findService(ns, b.name)) {
        problems.push_back({"BackendNotFound", "Service " + id + " does not exist"});
      }
    }
  }
  if (problems.empty()) return {"ResolvedRefs", true, "ResolvedRefs", "All references resolved"};
  std::string message;
  for (const auto& [reason, m] : problems) message += (message.empty() ? "" : "; ") + m;
  return {"ResolvedRefs", false, problems.front().first, message};
}

json parentRefJson(const model::ParentRef& p) {
  json out = {{"group", p.group.empty() ? "gateway.networking.k8s.io" : p.group},
              {"kind", p.kind.empty() ? "Gateway" : p.kind},
              {"name", p.name}};
  if (!p.ns.empty()) out["namespace"] = p.ns;
  if (p.sectionName) out["sectionName"] = *p.sectionName;
  if (p.port) out["port"] = *p.port;
  return out;
}

}  // namespace

std::vector<RouteStatus> computeRouteStatuses(const router::RouteTable& table,
                                              const std::vector<std::string>& servedGateways) {
  std::vector<RouteStatus> out;
  const model::Config& c = table.config();
  for (const auto& route : c.routes) {
    if (route.dialect != model::Dialect::GatewayApi) continue;
    RouteStatus rs{route.meta.apiVersion, model::routeKindName(route.kind), route.meta.effectiveNamespace(),
                   route.meta.name, {}};
    for (const auto& p : route.parents) {
      if (!p.kind.empty() && p.kind != "Gateway") continue;
      const std::string id = (p.ns.empty() ? route.meta.effectiveNamespace() : p.ns) + "/" + p.name;
      if (std::find(servedGateways.begin(), servedGateways.end(), id) == servedGateways.end()) continue;
      rs.parents.push_back({p, {accepted(table, route, p, id), resolvedRefs(c, route)}});
    }
    if (!rs.parents.empty()) out.push_back(std::move(rs));
  }
  return out;
}

std::string mergedStatusJson(const std::string& current, const RouteStatus& ours,
                             const std::string& controllerName, long long generation, const std::string& now) {
  json status = current.empty() ? json::object() : json::parse(current, nullptr, false);
  if (!status.is_object()) status = json::object();
  const json previous = status.value("parents", json::array());
  json parents = json::array();
  for (const auto& p : previous) {
    if (p.value("controllerName", "") != controllerName) parents.push_back(p);
  }
  for (const auto& p : ours.parents) {
    const json ref = parentRefJson(p.parentRef);
    // The entry this controller wrote before for the same parent, if any.
    json before = json::object();
    for (const auto& old : previous) {
      if (old.value("controllerName", "") == controllerName && old.value("parentRef", json()) == ref) before = old;
    }
    json conditions = json::array();
    for (const auto& cond : p.conditions) {
      const std::string statusText = cond.status ? "True" : "False";
      std::string since = now;
      for (const auto& oc : before.value("conditions", json::array())) {
        if (oc.value("type", "") == cond.type && oc.value("status", "") == statusText &&
            oc.value("reason", "") == cond.reason) {
          since = oc.value("lastTransitionTime", now);
        }
      }
      conditions.push_back({{"type", cond.type},
                            {"status", statusText},
                            {"reason", cond.reason},
                            {"message", cond.message},
                            {"observedGeneration", generation},
                            {"lastTransitionTime", since}});
    }
    parents.push_back({{"parentRef", ref}, {"controllerName", controllerName}, {"conditions", conditions}});
  }
  status["parents"] = parents;
  return status.dump();
}

bool sameJson(const std::string& a, const std::string& b) {
  const json x = json::parse(a, nullptr, false);
  const json y = json::parse(b, nullptr, false);
  return !x.is_discarded() && !y.is_discarded() && x == y;
}

}  // namespace routedeck::core::cluster
