#pragma once

// Minimal request routers over translated documents, used to check that the
// walkthrough requests of expected-behaviour.yaml land where App Mesh sent
// them. They implement just what the translators emit.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/yaml/node.h"

namespace routedeck::tests::appmesh {

struct Request {
  int listenerPort = 0;
  std::string method = "GET";
  std::string path = "/";  // may carry ?query
  std::map<std::string, std::string> headers;
  bool grpc = false;  // path is /<service>/<method>
};

struct Outcome {
  std::string route;    // route (Gateway API) or http entry name (Istio)
  std::string service;  // first backend: Service name (Gateway API) or host (Istio)
  std::optional<int> port;
  std::string upstreamPath;
  std::vector<std::string> services;  // every backend
};

Request requestFrom(const core::yaml::Node& request, int defaultPort);

// Gateway API: listener by port, routes by parentRef, best match by the
// spec's precedence (exact, longest prefix, method, headers, query; then
// route name; then rule order).
std::optional<Outcome> routeGatewayApi(const std::vector<core::yaml::Node>& docs, const Request& r);
// Istio: servers by port, VirtualServices bound to the gateway, first match.
std::optional<Outcome> routeIstio(const std::vector<core::yaml::Node>& docs, const Request& r);

}  // namespace routedeck::tests::appmesh
