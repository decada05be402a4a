#pragma once

#include <string>
#include <utility>
#include <vector>

#include "proxycore/model/config.h"

namespace routedeck::core::api {

struct TrafficRequest {
  std::string method = "GET";
  std::string host;  // empty: the profile's host
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  int weight = 1;  // relative share of the traffic
};

// What the built-in traffic generator sends: a weighted mix of requests.
struct TrafficProfile {
  std::string host;  // default Host header
  std::vector<TrafficRequest> requests;
};

// One request per rule that a plain request can match (first hostname,
// first match's path, exact header matches, method), so generated traffic
// exercises every such rule of a workspace. At most `maxRequests`.
TrafficProfile trafficFor(const model::Config& config, size_t maxRequests = 200);

}  // namespace routedeck::core::api
