#pragma once

// Helpers shared by the App Mesh importer, exporter and translators; not part
// of the dialect's interface (appmesh.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects::appmesh::detail {

inline constexpr const char* kApiVersion = "appmesh.k8s.aws/v1beta2";
// Route types in the order App Mesh documents them; "<type>Route" is the YAML key.
inline constexpr const char* kGatewayRouteTypes[] = {"http", "http2", "grpc"};
inline constexpr const char* kRouterRouteTypes[] = {"http", "http2", "grpc", "tcp"};
// The three retry event lists of a route's retryPolicy.
inline constexpr const char* kRetryEventLists[] = {"httpRetryEvents", "tcpRetryEvents",
                                                   "grpcRetryEvents"};

std::string indexed(const std::string& path, size_t i);
std::string lower(std::string s);
std::string upper(std::string s);

// --- Durations -------------------------------------------------------------
// App Mesh writes durations as {unit: s|ms, value: N}. Import keeps that
// spelling in Duration::text ("60s", "2000ms", both valid Go durations), so
// export writes the same unit and value back; a duration whose text no longer
// denotes its value (edited, or from another dialect) is written in seconds
// when whole, else in milliseconds.
std::optional<model::Duration> readDuration(const Reader& r, const yaml::Node* parent,
                                            std::string_view key);
void writeDuration(yaml::Node& parent, const std::string& key,
                   const std::optional<model::Duration>& d);
struct DurationParts {
  long long value = 0;
  std::string unit;
};
DurationParts durationParts(const model::Duration& d);

// --- Retry events -----------------------------------------------------------
// RetryPolicy::retryOn holds the App Mesh event names as written, http list
// first, then tcp, then grpc. The enums of the three lists are disjoint, so
// export recovers each event's list from its name (an unknown name goes back
// to the list it was read from, else to httpRetryEvents).
const char* retryEventList(const std::string& event, const yaml::Node* originalPolicy);
std::optional<model::RetryPolicy> readRetryPolicy(const Reader& r, const yaml::Node* route,
                                                  const std::string& path);
void writeRetryPolicy(yaml::Node& route, const std::optional<model::RetryPolicy>& retry);

// --- Matches ---------------------------------------------------------------
// `protocol` is http, http2, grpc or tcp: grpc reads serviceName/methodName/
// metadata, tcp only port, the others the HTTP fields.
model::RouteMatch readMatch(const Reader& r, const yaml::Node& match, const std::string& path,
                            const std::string& protocol);
void writeMatch(yaml::Node& match, const model::RouteMatch& m, const std::string& protocol);

// --- Route objects (appmesh_import_routes.cc / appmesh_export_routes.cc) ------
model::Route readGatewayRoute(const Reader& r, model::ObjectMeta meta);
model::Route readVirtualRouter(const Reader& r, model::ObjectMeta meta);
yaml::Node writeGatewayRoute(const model::Route& route);
yaml::Node writeVirtualRouter(const model::Route& route);
// The YAML route type of a VirtualRouter rule: its protocol, else grpc when it
// matches gRPC methods, else http.
std::string routerRuleType(const model::RouteRule& rule);

// --- Patching ----------------------------------------------------------------
// The original document of meta (or a fresh map) with apiVersion, kind and
// metadata written; fresh objects get appmesh.k8s.aws/v1beta2 and `kind`.
// {<refKey>: {name, namespace}} or {<arnKey>: arn} under parent.
void writeRef(yaml::Node& parent, const std::string& refKey, const std::string& arnKey, bool isArn,
              const std::string& name, const std::string& ns);
// Removes key unless its value is null or an empty map or sequence: those say
// nothing, the importer reads them as absent, and keeping them keeps the tree.
void dropKey(yaml::Node& map, const std::string& key);
// A bool that defaults to false: written when true, kept when the source says false.
void setFlag(yaml::Node& map, const std::string& key, bool value);
// A selector {matchLabels: ...}; matchExpressions and other keys are kept.
void writeSelector(yaml::Node& map, const std::string& key,
                   const std::optional<model::LabelSelector>& selector);

// Patches map[key] as a map through fn. An emptied map is removed unless the
// source already had it empty (or null).
template <typename Fn>
void patchMap(yaml::Node& map, const std::string& key, Fn&& fn) {
  const yaml::Node* old = map.find(key);
  const bool saidNothing = old && (old->isNull() || (old->isMap() && old->size() == 0));
  yaml::Node n = old && old->isMap() ? *old : yaml::Node::map();
  fn(n);
  if (n.size() == 0 && !saidNothing) {
    map.erase(key);
  } else if (n.size() > 0 || !old || !old->isNull()) {
    map.set(key, std::move(n));
  }
}

}  // namespace routedeck::core::dialects::appmesh::detail
