#pragma once

// route-test: test cases (Envoy router-check golden files or RouteDeck's own
// format) run against the compiled route table.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/router/header_ops.h"
#include "proxycore/router/route_table.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::cli::routetest {

// What routing decided for one test request, in the terms tests compare.
struct Outcome {
  router::Decision decision;
  // The selected rule forwards (not a redirect or direct response), even if
  // no backend could be found (Envoy's "route entry").
  bool routeEntry = false;
  // The backend the data plane would pick (weighted choices by random value).
  const router::BackendChoice* backend = nullptr;
  std::string path;        // path + query the backend sees
  std::string host;        // Host the backend sees
  std::string requestUrl;  // scheme://authority/path?query as received
  // Request headers after routing (rewrites and header changes), and the
  // response headers RouteDeck adds (direct-response body headers included).
  router::Request requestAfter;
  router::Request responseAfter;
};

// One expectation: empty when it holds, else what differed.
using Check = std::function<std::string(const Outcome&)>;

struct TestCase {
  std::string name;
  SourceLocation location;
  router::Request request;
  router::EntryPoint entry;
  unsigned long long randomValue = 0;
  router::HeaderList responseHeaders;  // present before routing (Envoy additional_response_headers)
  std::vector<Check> checks;
};

// Reads a test file in either format (detected from its content). Problems
// are errors in diags; the returned cases are only meaningful without errors.
std::vector<TestCase> loadTests(const std::string& file, Diagnostics& diags);
std::vector<TestCase> loadEnvoyTests(const yaml::Document& doc, Diagnostics& diags);
std::vector<TestCase> loadNativeTests(const yaml::Document& doc, Diagnostics& diags);
bool isEnvoyTestFile(const yaml::Node& root);

Outcome evaluate(const router::RouteTable& table, const TestCase& test);

// Helpers shared by both formats.
std::string quoted(const std::string& s);
// "field: expected X, got Y" when expected != actual.
std::string differ(const std::string& field, const std::string& expected,
                   const std::string& actual);
// A check of header conditions against the request or response headers
// after routing; `what` names the field in messages.
Check headerCheck(std::vector<model::HeaderMatch> conditions, bool response,
                  const std::string& what);
// Envoy-style weighted choice: random value modulo the total weight, then
// the cumulative bucket it falls in. nullptr when no backend takes traffic.
const router::BackendChoice* pickBackend(const router::Decision& d, unsigned long long random);

}  // namespace routedeck::core::cli::routetest
