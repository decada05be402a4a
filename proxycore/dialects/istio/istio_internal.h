#pragma once

// Shared between the Istio dialect's translation units; not part of the
// dialect's public interface (istio.h).

#include <optional>
#include <string>
#include <vector>

#include "proxycore/dialects/fidelity.h"
#include "proxycore/dialects/reader.h"
#include "proxycore/dialects/match_overlap.h"
#include "proxycore/model/config.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects::istio::detail {

inline constexpr const char* kApiVersion = "networking.istio.io/v1";
// The Istio ingress gateway's workload labels, as installed by istioctl.
inline constexpr const char* kDefaultSelectorKey = "istio";
inline constexpr const char* kDefaultSelectorValue = "ingressgateway";
// Envoy matches a method condition as a header on this pseudo-header; a
// prefix or regex method match is modelled that way (exact uses `method`).
inline constexpr const char* kMethodHeader = ":method";

bool isIstioNetworkingApi(const std::string& apiVersion);
std::string toUpper(std::string s);
std::string indexed(const std::string& path, size_t i);
// RE2 text matching s literally.
std::string quoteRegex(const std::string& s);

// Istio StringMatch {exact|prefix|regex}; `{}` and `regex: "*"` mean
// "present". nullopt when the node is not a map or holds none of those keys.
std::optional<model::StringMatch> readStringMatch(const yaml::Node* n);
// old when it already says m (keeps the user's spelling), else a fresh node.
yaml::Node writeStringMatch(const model::StringMatch& m, const yaml::Node* old);

// VirtualService `gateways` entries: "ns/name", "name" or "mesh".
model::ParentRef parseGatewayRef(const std::string& text);
std::string gatewayRefText(const model::ParentRef& p);

// Import (istio_import_http.cc).
model::RouteRule readHttpRoute(const Reader& r, const yaml::Node& n, int index,
                               const std::string& path);

// Semantic checks Istio's admission webhook makes and a schema cannot
// (istio_checks.cc). Each reports at the offending node with its field path.
void checkGatewaySpec(const Reader& r, const yaml::Node* spec);
void checkHttpRoute(const Reader& r, const yaml::Node& http, const std::string& path);
void checkDestinationRuleSpec(const Reader& r, const yaml::Node* spec);

// Export by patching (istio_export.cc, istio_export_http.cc). A model object
// without provenance is written into a fresh document.
yaml::Node writeGateway(const model::Gateway& g);
yaml::Node writeVirtualService(const model::Route& r);
yaml::Node writeDestinationRule(const model::DestinationRule& d);
yaml::Node writeHttpRoute(const model::RouteRule& rule, yaml::Node base);
void setRetries(yaml::Node& http, const std::optional<model::RetryPolicy>& retry);
void setFault(yaml::Node& http, const std::optional<model::FaultInjection>& fault);
void setCors(yaml::Node& http, const std::optional<model::CorsPolicy>& cors);

// Patch helpers (istio_common.cc).
// parent[key] if it is a map, else an empty map.
yaml::Node mapAt(const yaml::Node& parent, std::string_view key);
// Sets a non-empty map; an empty one erases the key unless the source spelled
// it as an explicit `{}`.
void setMapOrErase(yaml::Node& parent, const std::string& key, yaml::Node value);
// Keeps the original spelling ("1m" vs "60s") while it denotes the same span.
void setDuration(yaml::Node& map, const std::string& key, const std::optional<model::Duration>& d);
// key: {value: pct}, or erased.
void setPercentage(yaml::Node& map, const std::string& key, const std::optional<double>& pct);

// Shared by both translation directions (istio_precedence.cc).
// Gateway API match precedence within one route: exact path, longest prefix,
// method, most headers, most query params; GRPCRoute: longest service, then
// method, then most headers. Lower sorts first.
struct PrecedenceKey {
  int pathRank = 0;  // 3 exact, 2 prefix, 1 regex
  size_t pathLength = 0;
  bool hasMethod = false;
  size_t headers = 0;
  size_t queryParams = 0;
  bool operator<(const PrecedenceKey& o) const;  // true when *this wins
};
PrecedenceKey httpPrecedence(const model::RouteMatch& m);
PrecedenceKey grpcPrecedence(const model::RouteMatch& m);
// Can one request satisfy both matches? Conservative: true unless the
// conditions provably exclude each other. Paths use the given semantics.
using dialects::mayOverlap;
using dialects::pathAccepts;
using dialects::prefixStem;
// Does every request matching `inner` also match `outer`?
bool covers(const model::RouteMatch& outer, const model::RouteMatch& inner);
// Gateway API weights are relative; Istio writes percentages summing to 100.
// Returns the percentages (largest remainder) and whether ratios were kept.
std::vector<int> toPercentages(const std::vector<int>& weights, bool& exact);
// A DNS-1123 label (lower case, [a-z0-9-], at most 63 chars, never empty).
std::string dnsLabel(const std::string& text);

// Translation halves (istio_from_gatewayapi*.cc, istio_to_gatewayapi*.cc).
// "HTTPRoute ns/name", the object column of fidelity items.
std::string objectName(const std::string& kind, const model::ObjectMeta& meta);
// Identity and labels of a translated object; provenance and server-set
// fields are dropped so the writer starts from a fresh document.
model::ObjectMeta translatedMeta(const model::ObjectMeta& from, const std::string& apiVersion,
                                 const std::string& kind);
// Is the rule's action (everything but name, matches and origin) the same?
bool sameAction(const model::RouteRule& a, const model::RouteRule& b);

// One Istio http[] entry made from a Gateway API (rule, match) pair.
struct HttpEntry {
  model::RouteRule rule;
  PrecedenceKey key;
  // redirect.derivePort: FROM_PROTOCOL_DEFAULT, which the model does not hold.
  bool derivePort = false;
};
// The entries of a Gateway API route in rule/match order (not yet sorted).
std::vector<HttpEntry> gatewayApiRulesToHttp(const model::Route& route, const std::string& object,
                                             FidelityReport& report);

// Istio → Gateway API (istio_to_gatewayapi*.cc).
inline constexpr const char* kGatewayApiVersion = "gateway.networking.k8s.io/v1";
// A destination host as a Service reference: "reviews" (the route's
// namespace) or "reviews.prod.svc.cluster.local"; other hosts are not Services.
std::optional<model::BackendRef> serviceOf(const std::string& host);
// An Istio Gateway as a Gateway API Gateway, plus one HTTPRoute per server
// with tls.httpsRedirect (istio_to_gatewayapi_gateway.cc).
struct GatewayApiGateway {
  model::Gateway gateway;
  std::vector<model::Route> redirectRoutes;
};
GatewayApiGateway gatewayToGatewayApi(const model::Gateway& g, FidelityReport& report);
// http[index] as an HTTPRoute rule with only the listed matches (indexes
// into its match list; ignored when it has none). No order analysis.
model::RouteRule translateHttpEntry(const model::Route& vs, const model::Config& config,
                                    const std::string& object, FidelityReport& report,
                                    size_t index, const std::vector<size_t>& matches);
// The VirtualService's http[] entries as HTTPRoute rules, in list order.
// Matches Istio can never reach are dropped; every place where Gateway API's
// precedence would pick a different rule than Istio's order is reported.
std::vector<model::RouteRule> httpToGatewayApiRules(const model::Route& vs,
                                                    const model::Config& config,
                                                    const std::string& object,
                                                    FidelityReport& report);

}  // namespace routedeck::core::dialects::istio::detail
