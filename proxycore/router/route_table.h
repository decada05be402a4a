#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"
#include "proxycore/router/candidate_index.h"
#include "proxycore/router/decision.h"
#include "proxycore/router/host_index.h"
#include "proxycore/router/matchers.h"
#include "proxycore/router/request.h"

namespace routedeck::core::router {

struct RuleAction;

// One (route, rule, match) triple in precedence order.
struct Candidate {
  const model::Route* route = nullptr;
  int rule = 0;
  int match = -1;  // -1: the rule has no matches and takes every request
  std::shared_ptr<const CompiledMatch> matcher;  // null = match everything
  // What the rule does, resolved once; shared by the rule's candidates.
  std::shared_ptr<const RuleAction> action;
};

// Candidates sharing one hostname, already sorted by the dialect's precedence.
struct VirtualHost {
  std::string hostname;  // "*" = any
  std::vector<Candidate> candidates;
  CandidateIndex index;  // over candidates, for first-match without a trace
  // Envoy: the virtual host (a VirtualHost route) this domain belongs to.
  const model::Route* owner = nullptr;
};

struct CompiledListener {
  const model::Gateway* gateway = nullptr;
  // The object that declares the listener: the gateway itself or one of its
  // Gateway API ListenerSets.
  const model::Gateway* owner = nullptr;
  const model::Listener* listener = nullptr;
  std::vector<VirtualHost> vhosts;  // most specific hostname first
  // Routes that name this gateway but were not attached, and why.
  std::vector<std::string> rejected;
  // The listener's hostname ("" = any), and its virtual hosts in lookup
  // order with an index over them (Gateway API listeners are isolated).
  std::string hostname;
  std::vector<const VirtualHost*> lookupOrder;
  HostIndex hosts;
};

using RouteTableConstSharedPtr = std::shared_ptr<const class RouteTable>;

// Where a request enters: a gateway (namespace/name; empty = the only one)
// and the port of the listener it reached (0 = from the request URL).
struct EntryPoint {
  std::string gateway;
  int port = 0;
  // TLS server name. For Gateway API HTTPS listeners a Host that belongs to
  // another listener than the SNI's gets 421 Misdirected Request.
  std::string sni;
  // App Mesh: enter the mesh at this VirtualService ("ns/name") as an
  // in-mesh client does, instead of through a gateway.
  std::string meshService;
  // False: no per-candidate trace (explain wants it; live traffic does not).
  bool trace = true;
};

// The immutable runtime form of a model::Config: per gateway listener, the
// virtual hosts and candidate rules in each dialect's exact precedence order,
// with every regex compiled once. Built only by compile(); safe to share
// between threads.
class RouteTable {
 public:
  static RouteTableConstSharedPtr compile(std::shared_ptr<const model::Config> config,
                                          Diagnostics& diags);

  // Routes one request. With entry.trace, fills Decision::considered for
  // explain; without, stops at the first match and allocates only for what
  // the request itself decides (rewrites, redirects, CORS headers). The
  // decision views data owned by this table: keep the table while using it.
  Decision route(const Request& req, const EntryPoint& entry) const;

  const model::Config& config() const { return *m_config; }
  const std::vector<CompiledListener>& listeners() const { return m_listeners; }
  // App Mesh VirtualRouter routes by "ns/name", in the order they are tried.
  const std::map<std::string, VirtualHost>& virtualRouters() const { return m_virtualRouters; }

 private:
  // The listeners of one gateway on one port, and (Istio, App Mesh, which
  // merge them) their virtual hosts in lookup order.
  struct PortGroup {
    std::vector<const CompiledListener*> listeners;
    std::vector<const VirtualHost*> lookupOrder;
    HostIndex hosts;
    std::string listenerNames;  // "a,b"
  };
  struct GatewayEntry {
    const model::Gateway* gateway = nullptr;
    std::string id;
    std::map<int, PortGroup> ports;
    std::string portList;  // every listener's port, for the no-listener error
  };

  RouteTable() = default;
  // Everything route() would otherwise recompute per request; run once the
  // listeners are final (it keeps pointers into them).
  void buildLookups();
  void buildMeshLookups(const class BackendResolver& resolver);
  const GatewayEntry* findGateway(const std::string& wanted, std::string* error) const;
  void compileGatewayApi(const model::Gateway& g, Diagnostics& diags);
  void compileGatewayApiListener(const model::Gateway& g, const model::Gateway& owner,
                                 const model::Listener& l);
  void compileIstio(const model::Gateway& g, Diagnostics& diags);
  void compileAppMesh(const model::Gateway& g, Diagnostics& diags);
  void compileVirtualRouters();
  // Envoy RouteConfiguration (envoy_route.cc): domains in Envoy's selection
  // order, routes first match in file order.
  void compileEnvoy(const model::Gateway& g);
  void routeEnvoy(const model::Gateway& g, const Request& req, Decision& d) const;
  void applyEnvoyAction(const Candidate& c, const Request& req, Decision& d) const;

  Decision routeInMesh(const Request& req, const std::string& service, bool trace) const;
  void evaluate(const VirtualHost& vh, const Request& req, Decision& d) const;
  void traceUnreached(const std::vector<const VirtualHost*>& vhosts, const VirtualHost* chosen,
                      const Request& req, Decision& d) const;
  void applyAction(const Candidate& c, const Request& req, Decision& d) const;
  void applyBackendFilters(const Candidate& c, const model::RouteMatch* match, const Request& req,
                           Decision& d) const;
  void followAppMesh(const Candidate& c, const Request& req, Decision& d) const;
  void enterMeshService(const model::MeshService& vs, const Request& inner, std::optional<int> port,
                        Decision& d) const;

  std::shared_ptr<const model::Config> m_config;
  std::vector<CompiledListener> m_listeners;
  // App Mesh VirtualRouter routes by "ns/name", in priority order.
  std::map<std::string, VirtualHost> m_virtualRouters;
  // Envoy virtual clusters per virtual host, compiled once.
  std::map<const model::Route*, std::vector<std::shared_ptr<const CompiledMatch>>> m_virtualClusters;
  // Synthetic matches (Gateway API default PathPrefix "/") owned here.
  std::vector<std::unique_ptr<model::RouteMatch>> m_synthetic;

  std::vector<GatewayEntry> m_gateways;  // config order, ListenerSets excluded
  std::unordered_map<std::string, std::vector<const GatewayEntry*>> m_gatewaysByName;
  // App Mesh: VirtualServices by id, name and awsName (first definition
  // wins); their VirtualRouters; VirtualNode providers' backend per port.
  std::unordered_map<std::string, const model::MeshService*> m_meshServices;
  std::map<const model::MeshService*, const VirtualHost*> m_meshRouters;
  std::map<std::pair<const model::MeshService*, std::optional<int>>, std::vector<BackendChoice>>
      m_meshNodes;
};

}  // namespace routedeck::core::router
