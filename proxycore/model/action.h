#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/basics.h"

namespace routedeck::core::model {

struct HeaderValue {
  std::string name;
  std::string value;
  bool operator==(const HeaderValue&) const = default;
};

struct HeaderModifier {
  std::vector<HeaderValue> set;
  std::vector<HeaderValue> add;
  std::vector<std::string> remove;
  bool empty() const { return set.empty() && add.empty() && remove.empty(); }
  bool operator==(const HeaderModifier&) const = default;
};

struct Redirect;
struct Rewrite;

// Where a request goes. kind says what name refers to: a Kubernetes Service
// (Gateway API, Istio short or FQDN host), an App Mesh VirtualService or
// VirtualNode.
struct BackendRef {
  std::string group;
  std::string kind;  // empty = Service
  std::string name;
  std::string ns;    // empty = the route's namespace
  std::optional<int> port;
  std::optional<std::string> subset;  // Istio DestinationRule subset
  std::optional<int> weight;          // absent = dialect default
  HeaderModifier requestHeaders;      // Gateway API per-backend filters
  HeaderModifier responseHeaders;
  // Gateway API per-backend RequestRedirect / URLRewrite filters (declared
  // below; held indirectly to keep BackendRef cheap to copy).
  std::shared_ptr<const Redirect> redirect;
  std::shared_ptr<const Rewrite> rewrite;
  Origin origin;
  bool operator==(const BackendRef& o) const;
  bool isService() const { return kind.empty() || kind == "Service"; }
};

enum class PathModifierType { ReplaceFullPath, ReplacePrefixMatch };

struct PathModifier {
  PathModifierType type = PathModifierType::ReplaceFullPath;
  std::string value;
  bool operator==(const PathModifier&) const = default;
};

struct Redirect {
  std::optional<std::string> scheme;
  std::optional<std::string> hostname;
  std::optional<PathModifier> path;
  std::optional<int> port;
  std::optional<int> statusCode;  // absent = 302 (Gateway API) / 301 (Istio)
  bool operator==(const Redirect&) const = default;
};

struct Rewrite {
  std::optional<std::string> hostname;
  std::optional<PathModifier> path;
  // Istio uriRegexRewrite: RE2 pattern and substitution.
  std::optional<std::string> regexPattern;
  std::optional<std::string> regexSubstitution;
  // App Mesh VirtualGateway defaults (prefix to "/", host to the target
  // service name); absent = ENABLED as the platform does.
  std::optional<bool> appMeshDefaultPrefix;
  std::optional<bool> appMeshDefaultHostname;
  bool operator==(const Rewrite&) const = default;
};

inline bool BackendRef::operator==(const BackendRef& o) const {
  auto same = [](const auto& a, const auto& b) { return (!a && !b) || (a && b && *a == *b); };
  return group == o.group && kind == o.kind && name == o.name && ns == o.ns && port == o.port &&
         subset == o.subset && weight == o.weight && requestHeaders == o.requestHeaders &&
         responseHeaders == o.responseHeaders && same(redirect, o.redirect) &&
         same(rewrite, o.rewrite);
}

struct DirectResponse {
  int status = 200;
  std::optional<std::string> body;
  bool operator==(const DirectResponse&) const = default;
};

struct Mirror {
  BackendRef backend;
  std::optional<double> percent;
  // Gateway API fraction form, kept as written.
  std::optional<int> fractionNumerator;
  std::optional<int> fractionDenominator;
  bool operator==(const Mirror&) const = default;
  // Share of requests mirrored, 0..100.
  double effectivePercent() const;
};

}  // namespace routedeck::core::model
