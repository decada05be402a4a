#pragma once

// Shared by the Envoy importer's files: typed field access that reports wrong
// types as errors and unmodelled fields as warnings, at their exact position.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "proxycore/dialects/reader.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects::envoy::detail {

class Fields {
 public:
  explicit Fields(const Reader& r) : m_r(r) {}

  const Reader& reader() const { return m_r; }
  SourceLocation at(const yaml::Node& n) const { return m_r.at(n); }
  void error(const yaml::Node& at, std::string message, const std::string& path) const;
  void warning(const yaml::Node& at, std::string message, const std::string& path) const;

  // Every key of `map` must be in `handled` (read by the caller) or in
  // `unsupported` (valid Envoy, not modelled: warned and ignored); any other
  // key is an unknown field (warned and ignored).
  void keys(const yaml::Node& map, const std::string& path,
            std::initializer_list<std::string_view> handled,
            std::initializer_list<std::string_view> unsupported = {}) const;

  // Typed values: nullopt when absent; an error when present with the wrong type.
  std::optional<std::string> string(const yaml::Node& map, std::string_view key,
                                    const std::string& path) const;
  std::optional<bool> boolean(const yaml::Node& map, std::string_view key,
                              const std::string& path) const;
  std::optional<long long> integer(const yaml::Node& map, std::string_view key,
                                   const std::string& path) const;
  const yaml::Node* object(const yaml::Node& map, std::string_view key,
                           const std::string& path) const;
  const yaml::Node* list(const yaml::Node& map, std::string_view key,
                         const std::string& path) const;
  // google.protobuf.Duration: "1.5s" or {seconds, nanos}.
  std::optional<model::Duration> duration(const yaml::Node& map, std::string_view key,
                                          const std::string& path) const;
  // A regex that must compile with RE2.
  bool checkRegex(const yaml::Node& at, const std::string& pattern, const std::string& path) const;

 private:
  const Reader& m_r;
};

// A route's typed_per_filter_config: the local_ratelimit token bucket
// becomes RouteRule::rateLimit; other filters are warned as not modelled.
void readPerFilterConfig(const Fields& f, const yaml::Node& n, const std::string& path,
                         model::RouteRule& rule);

std::string idx(const std::string& path, size_t i);

// Envoy StringMatcher (exact, prefix, suffix, contains, safe_regex, ignore_case)
// as a model StringMatch; contains and ignore_case become RE2 patterns.
std::optional<model::StringMatch> readStringMatcher(const Fields& f, const yaml::Node& n,
                                                    const std::string& path);
// The route's `match` into m (path kinds, case_sensitive, headers,
// query_parameters, grpc).
void readRouteMatch(const Fields& f, const yaml::Node& n, const std::string& path,
                    model::RouteMatch& m);
std::vector<model::HeaderMatch> readHeaders(const Fields& f, const yaml::Node& list,
                                            const std::string& path);

// request/response_headers_to_add / _to_remove of a route, virtual host or
// RouteConfiguration, appended to the rule's modifiers.
void readHeaderMutations(const Fields& f, const yaml::Node& n, const std::string& path,
                         model::HeaderModifier& request, model::HeaderModifier& response);
// `route`, `redirect` or `direct_response` of an Envoy route into rule.
void readRouteAction(const Fields& f, const yaml::Node& n, const std::string& path,
                     model::RouteRule& rule);
void readRedirect(const Fields& f, const yaml::Node& n, const std::string& path,
                  model::RouteRule& rule);
void readDirectResponse(const Fields& f, const yaml::Node& n, const std::string& path,
                        model::RouteRule& rule);
std::optional<model::RetryPolicy> readRetryPolicy(const Fields& f, const yaml::Node& n,
                                                  const std::string& path);

}  // namespace routedeck::core::dialects::envoy::detail
