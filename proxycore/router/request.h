#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::router {

// The parts of an HTTP request routing looks at. Header names keep the case
// they were given in; lookups are case-insensitive.
struct Request {
  std::string method = "GET";
  std::string scheme = "http";
  std::string host;  // without port, lower-cased
  int port = 0;      // the listener port the request arrived on; 0 = unknown
  std::string path;  // without the query string
  std::string query; // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;

  // "GET http://host:port/path?q" (or "GET /path" with a Host header) plus
  // "Name: value" header lines. Fails with a usage error on malformed input.
  static Result<Request> parse(const std::string& requestLine,
                               const std::vector<std::string>& headerLines);

  // All values of a header joined with "," (RFC 9110 field combination).
  std::optional<std::string> header(std::string_view name) const;
  // The same without copying: a view of the value when the header occurs
  // once; several occurrences are joined into `scratch` and viewed there.
  std::optional<std::string_view> headerView(std::string_view name, std::string& scratch) const;
  // The first value of a query parameter (Gateway API semantics).
  std::optional<std::string> queryParam(std::string_view name) const;
  std::optional<std::string_view> queryParamView(std::string_view name) const;
  // Path with query, as a backend sees it.
  std::string pathWithQuery() const { return query.empty() ? path : path + "?" + query; }
};

}  // namespace routedeck::core::router
