#pragma once

#include <memory>
#include <string>
#include <vector>

#include "proxycore/model/match.h"
#include "proxycore/router/request.h"

namespace re2 {
class RE2;
}

namespace routedeck::core::router {

// A string condition with its regex compiled once. Immutable after construction.
class StringMatcher {
 public:
  explicit StringMatcher(const model::StringMatch& spec, bool ignoreCase = false);
  bool matches(std::string_view value) const;
  bool valid() const { return m_valid; }
  std::string describe() const;

 private:
  model::StringMatch m_spec;
  bool m_ignoreCase = false;
  bool m_valid = true;
  std::shared_ptr<const re2::RE2> m_re;
};

// A compiled model::RouteMatch. evaluate() says whether a request matches and,
// when it does not, the first condition that failed, for `explain`.
class CompiledMatch {
 public:
  explicit CompiledMatch(const model::RouteMatch& spec);
  // whyNot null: the data plane's path, which allocates nothing.
  bool evaluate(const Request& req, std::string* whyNot) const;
  const model::RouteMatch& spec() const { return *m_spec; }
  // Length of the literal path (exact/prefix) for precedence; 0 for none.
  size_t pathLength() const;

 private:
  const model::RouteMatch* m_spec;
  std::unique_ptr<StringMatcher> m_path;  // exact / regex / string prefix
  std::vector<StringMatcher> m_headers;
  std::vector<StringMatcher> m_query;
  std::unique_ptr<StringMatcher> m_grpcService;
  std::unique_ptr<StringMatcher> m_grpcMethod;
  std::unique_ptr<StringMatcher> m_authority;
  std::unique_ptr<StringMatcher> m_scheme;
  // Gateway API PathPrefix without its trailing "/", computed once.
  std::string m_prefixStem;
  bool pathMatches(std::string_view path) const;
  bool evaluateHeaders(const Request& req, std::string* whyNot) const;
  bool evaluateQuery(const Request& req, std::string* whyNot) const;
};

using model::pathPrefixMatches;

// One line for traces and logs: "path prefix /api, header x-version = \"v2\"".
std::string describeMatch(const model::RouteMatch& m);
std::string describeStringMatch(const model::StringMatch& m);

}  // namespace routedeck::core::router
