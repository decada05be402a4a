#include <nlohmann/json.hpp>

#include "proxycore/router/decision.h"

namespace routedeck::core::router {

using nlohmann::ordered_json;

std::vector<const BackendChoice*> Decision::live() const {
  std::vector<const BackendChoice*> out;
  for (const auto& b : backends) {
    if (b.valid && b.weight > 0) {
      out.push_back(&b);
    }
  }
  return out;
}

size_t Decision::liveCount() const {
  size_t n = 0;
  for (const auto& b : backends) {
    n += b.valid && b.weight > 0;
  }
  return n;
}

bool Decision::anyLive() const {
  for (const auto& b : backends) {
    if (b.valid && b.weight > 0) {
      return true;
    }
  }
  return false;
}

model::HeaderModifier& Decision::ownResponseHeaders() {
  if (!ownedResponseHeaders) {
    ownedResponseHeaders = std::make_shared<model::HeaderModifier>(*responseHeaders);
    responseHeaders = ownedResponseHeaders.get();
  }
  return *ownedResponseHeaders;
}

namespace {

ordered_json routeJson(const RouteRefView& r) {
  ordered_json j;
  j["kind"] = r.kind;
  j["namespace"] = r.ns;
  j["name"] = r.name;
  j["rule"] = r.rule;
  j["ruleName"] = r.ruleName ? ordered_json(*r.ruleName) : ordered_json(nullptr);
  return j;
}

ordered_json backendJson(const BackendChoice& b) {
  ordered_json j;
  j["kind"] = b.kind;
  j["name"] = b.name;
  j["namespace"] = b.ns;
  j["port"] = b.port ? ordered_json(*b.port) : ordered_json(nullptr);
  j["weight"] = b.weight;
  j["subset"] = b.subset ? ordered_json(*b.subset) : ordered_json(nullptr);
  j["endpoints"] = b.endpoints;
  if (b.protocol != BackendProtocol::Http1) {
    // Only when not the default, so existing explain output stays as it was.
    j["protocol"] = backendProtocolName(b.protocol);
  }
  if (!b.valid) {
    j["valid"] = false;
    j["invalidReason"] = b.invalidReason;
  }
  return j;
}

ordered_json headersJson(const model::HeaderModifier& m) {
  ordered_json j = ordered_json::object();
  for (const char* key : {"set", "add"}) {
    ordered_json arr = ordered_json::array();
    for (const auto& h : std::string(key) == "set" ? m.set : m.add) {
      arr.push_back({{"name", h.name}, {"value", h.value}});
    }
    j[key] = arr;
  }
  j["remove"] = m.remove;
  return j;
}

}  // namespace

std::string toJson(const Decision& d, int indent) {
  ordered_json j;
  j["matched"] = d.matched;
  j["status"] = d.status ? ordered_json(d.status) : ordered_json(nullptr);
  if (!d.error.empty()) {
    j["error"] = d.error;
  }
  j["dialect"] = model::dialectName(d.dialect);
  j["gateway"] = d.gateway;
  j["listener"] = d.listener;
  j["route"] = d.route ? routeJson(*d.route) : ordered_json(nullptr);
  ordered_json backends = ordered_json::array();
  for (const auto& b : d.backends) {
    backends.push_back(backendJson(b));
  }
  j["backends"] = backends;
  j["rewrite"] = (d.rewriteHost || d.rewritePath)
                     ? ordered_json{{"host", d.rewriteHost ? ordered_json(*d.rewriteHost) : nullptr},
                                    {"path", d.rewritePath ? ordered_json(*d.rewritePath) : nullptr}}
                     : ordered_json(nullptr);
  j["redirect"] = d.redirectLocation
                      ? ordered_json{{"location", *d.redirectLocation}, {"status", d.status}}
                      : ordered_json(nullptr);
  if (d.virtualCluster) {
    j["virtualCluster"] = *d.virtualCluster;
  }
  j["headers"] = headersJson(*d.requestHeaders);
  j["responseHeaders"] = headersJson(*d.responseHeaders);
  ordered_json mirrors = ordered_json::array();
  for (const auto& m : d.mirrors) {
    mirrors.push_back(backendJson(m));
  }
  j["mirrors"] = mirrors;
  if (!d.chain.empty()) {
    ordered_json chain = ordered_json::array();
    for (const auto& s : d.chain) {
      chain.push_back({{"kind", s.kind}, {"namespace", s.ns}, {"name", s.name}, {"detail", s.detail}});
    }
    j["chain"] = chain;
  }
  ordered_json considered = ordered_json::array();
  for (const auto& c : d.considered) {
    ordered_json e = routeJson(c.route);
    e["match"] = c.match;
    e["hostname"] = c.hostname;
    e["outcome"] = c.outcome;
    e["reason"] = c.reason;
    considered.push_back(e);
  }
  j["considered"] = considered;
  if (!d.notes.empty()) {
    j["notes"] = d.notes;
  }
  return j.dump(indent);
}

}  // namespace routedeck::core::router
