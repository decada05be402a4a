#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/model/basics.h"

namespace routedeck::core::model {

enum class PathMatchType {
  Exact,
  // Gateway API PathPrefix: element-wise, "/abc" matches "/abc" and "/abc/x", not "/abcd".
  PathPrefix,
  // Istio and App Mesh prefix: a plain string prefix, "/abc" matches "/abcd".
  StringPrefix,
  // RE2 full match of the path (without query).
  RegularExpression,
};

// Gateway API PathPrefix semantics, shared by the router and the translators.
// The prefix without trailing "/" ("/abc/" → "/abc"; "/" stays "/").
std::string pathPrefixStem(const std::string& prefix);
// Element-wise: "/abc" matches "/abc" and "/abc/x", not "/abcd".
bool pathPrefixMatches(const std::string& prefix, const std::string& path);

struct PathMatch {
  PathMatchType type = PathMatchType::PathPrefix;
  std::string value;
  bool operator==(const PathMatch&) const = default;
};

enum class StringMatchType { Exact, Prefix, Suffix, RegularExpression, Present, Range };

struct StringMatch {
  StringMatchType type = StringMatchType::Exact;
  std::string value;
  // App Mesh header range match, start inclusive, end exclusive.
  long long rangeStart = 0;
  long long rangeEnd = 0;
  bool operator==(const StringMatch&) const = default;
};

struct HeaderMatch {
  std::string name;
  StringMatch match;
  // Matches when the header is absent or does not match (Istio withoutHeaders,
  // App Mesh invert).
  bool invert = false;
  bool operator==(const HeaderMatch&) const = default;
};

struct QueryParamMatch {
  std::string name;
  StringMatch match;
  bool operator==(const QueryParamMatch&) const = default;
};

struct GrpcMethodMatch {
  // Exact or RegularExpression; empty service or method matches any.
  StringMatchType type = StringMatchType::Exact;
  std::string service;
  std::string method;
  bool operator==(const GrpcMethodMatch&) const = default;
};

// One way a rule can match; a rule matches when any of its matches does and
// every condition inside a match holds. A default-constructed match matches all.
struct RouteMatch {
  std::optional<std::string> name;  // Istio match name
  std::optional<PathMatch> path;
  std::vector<HeaderMatch> headers;
  std::vector<QueryParamMatch> queryParams;
  std::optional<std::string> method;
  std::optional<GrpcMethodMatch> grpc;
  std::optional<int> port;                // Istio / App Mesh listener port
  std::optional<StringMatch> authority;   // Istio authority, App Mesh hostname
  std::optional<StringMatch> scheme;      // Istio scheme
  bool ignoreUriCase = false;             // Istio
  Origin origin;
  bool operator==(const RouteMatch&) const = default;
};

}  // namespace routedeck::core::model
