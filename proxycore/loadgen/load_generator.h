#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace routedeck::core::loadgen {

// One kind of request the generator sends; entries are picked by weight.
struct RequestProfileEntry {
  std::string method = "GET";
  std::string host;  // empty: Profile::host
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  int weight = 1;
};

struct Profile {
  std::string host;  // Host header
  std::vector<RequestProfileEntry> entries;
};

// What the client saw for one profile entry: cumulative since start.
struct EntryObservation {
  uint64_t sent = 0;
  uint64_t responses2xx = 0, responses3xx = 0, responses4xx = 0, responses5xx = 0;
  uint64_t transportErrors = 0;  // connect, reset or truncated response
  double latencySumSeconds = 0;
  std::vector<uint64_t> latencyBuckets;  // stats/histogram_layout.h buckets
  // The echo backend that answered ("ns/name" from the echo JSON body).
  struct Backend {
    uint64_t responses = 0;
    uint64_t responses5xx = 0;
    std::vector<uint64_t> latencyBuckets;
    double latencySumSeconds = 0;
  };
  std::map<std::string, Backend> backends;
};

struct Observations {
  std::chrono::steady_clock::time_point taken;
  std::vector<EntryObservation> entries;  // by profile index
};

// Open-loop HTTP/1.1 keep-alive traffic at a fixed rate against one address,
// on its own event-loop thread. Requests are spread over `connections`
// connections; a response slower than the schedule delays only its own
// connection. Thread-safe: start/stop/setRate may be called from any thread.
class LoadGenerator {
 public:
  LoadGenerator(std::string address, Profile profile, int connections = 8);
  ~LoadGenerator();

  void start(double requestsPerSecond);
  void stop();
  bool running() const { return m_running.load(); }
  double rate() const { return m_rate.load(); }
  const Profile& profile() const { return m_profile; }

  Observations observations() const;

  struct Impl;

 private:
  std::string m_address;
  Profile m_profile;
  int m_connections;
  std::atomic<bool> m_running{false};
  std::atomic<double> m_rate{0};
  std::unique_ptr<Impl> m_impl;
};

}  // namespace routedeck::core::loadgen
