#pragma once

#include <string>
#include <utility>
#include <vector>

namespace routedeck::core::api {

struct TrafficRequest {
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  int weight = 1;  // relative share of the traffic
};

// What the built-in traffic generator sends: one Host, a weighted mix.
struct TrafficProfile {
  std::string host;
  std::vector<TrafficRequest> requests;
};

}  // namespace routedeck::core::api
