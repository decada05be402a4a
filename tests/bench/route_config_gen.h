#pragma once

#include <memory>
#include <string>

#include "proxycore/model/config.h"
#include "proxycore/router/request.h"
#include "proxycore/router/route_table.h"

namespace routedeck::bench {

enum class Flavor { GatewayApi, Istio };

// Shape of a synthetic configuration of `routes` routes.
struct GenOptions {
  Flavor flavor = Flavor::GatewayApi;
  int routes = 1000;
  // Routes (Gateway API HTTPRoutes, Istio http entries) per hostname; one
  // hostname in twenty is a wildcard. routes <= perHost puts all on one host.
  int perHost = 50;
};

// The manifests as multi-document YAML, imported the way `routedeckd` does.
std::string generateYaml(const GenOptions& opts);
std::shared_ptr<const core::model::Config> generateConfig(const GenOptions& opts);

// A request that takes candidate `candidate` of virtual host `vhost` on the
// table's first listener: its host, a path inside its path match, its
// headers and method. Candidates with regex paths get a matching literal
// because the generator only writes regexes of the form "/re/<n>/[0-9]+".
core::router::Request requestFor(const core::router::RouteTable& table, size_t vhost,
                                 size_t candidate);

// Index of the virtual host at `fraction` (0 first, 1 last) of the first
// listener's lookup order, skipping catch-all hosts.
size_t vhostAt(const core::router::RouteTable& table, double fraction);

}  // namespace routedeck::bench
