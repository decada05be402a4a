#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proxycore/kube/api_status.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/kube/resource_client.h"
#include "proxycore/kube/rest_client.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

struct WatchEvent {
  enum class Type {
    Added,
    Modified,
    Deleted,
    // A fresh list replaces everything the consumer knew: the first list, and every
    // relist after the server said the resourceVersion is too old (410 Gone).
    Resynced,
    // A list or watch failed; the watch keeps retrying with backoff.
    Error,
  };
  Type type = Type::Added;
  yaml::Node object;               // Added, Modified, Deleted
  std::vector<yaml::Node> items;   // Resynced
  bool afterExpiry = false;        // Resynced because of a 410
  std::string resourceVersion;     // where the watch stands after this event
  ApiError error;                  // Error
};

struct WatchOptions {
  std::string ns;  // empty: all namespaces
  ListOptions list;
  // Reconnect delays: initial * 2^attempt up to max, each spread by ±jitter.
  std::chrono::milliseconds initialBackoff{500};
  std::chrono::milliseconds maxBackoff{30000};
  double jitter = 0.2;
  // A stream silent for this long is taken for dead (bookmarks arrive about once a minute).
  std::chrono::milliseconds idleTimeout{std::chrono::minutes(3)};
  // Asked of the server so that streams are renewed now and then (client-go: 5–10 min).
  int timeoutSeconds = 300;
};

struct WatchStats {
  int lists = 0;
  int streams = 0;       // watch requests made
  int reconnects = 0;    // streams resumed from the last resourceVersion
  int resyncs = 0;       // relists after 410
  int bookmarks = 0;
};

// List then watch one resource type on its own thread, resuming from the last seen
// resourceVersion (bookmarks included) after a dropped stream and relisting after 410.
// The callback runs on the watch thread, one event at a time; it must not call stop()
// or destroy the watch.
class ResourceWatch {
 public:
  using Callback = std::function<void(const WatchEvent&)>;

  static std::unique_ptr<ResourceWatch> start(RestClient& client, ApiResource resource, WatchOptions options,
                                              Callback callback);
  ~ResourceWatch();
  ResourceWatch(const ResourceWatch&) = delete;
  ResourceWatch& operator=(const ResourceWatch&) = delete;

  // Ends the watch promptly (an open stream is woken at once) and joins the thread.
  void stop();
  std::string resourceVersion() const;
  WatchStats stats() const;

 private:
  enum class StreamEnd { Stopped, Expired, Ended, Failed };
  ResourceWatch(RestClient& client, ApiResource resource, WatchOptions options, Callback callback);
  void run();
  bool relist(bool afterExpiry);
  StreamEnd watchOnce(bool& sawEvents);
  bool handleEvent(std::string_view json, StreamEnd& end, bool& sawEvents);
  void backoff();
  void emitError(ApiError e);

  RestClient& m_client;
  ResourceClient m_resources;
  WatchOptions m_options;
  Callback m_callback;
  StreamStop m_streamStop;
  std::atomic<bool> m_stopping{false};
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::string m_rv;
  WatchStats m_stats;
  int m_attempt = 0;
  std::thread m_thread;
};

}  // namespace routedeck::core::kube
