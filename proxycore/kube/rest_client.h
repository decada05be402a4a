#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/kube/api_status.h"
#include "proxycore/kube/exec_credential.h"
#include "proxycore/kube/kubeconfig.h"

namespace routedeck::core::kube {

struct RestOptions {
  // Whole-request deadline for everything except streams.
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connectTimeout{10000};
  // How long an exec credential plugin may run.
  std::chrono::milliseconds execTimeout{60000};
  std::string userAgent = "routedeck";
};

struct RestRequest {
  std::string method = "GET";
  // Absolute API path with its query, e.g. "/apis/g/v/namespaces/ns/things?limit=500".
  std::string path;
  std::string body;
  std::string contentType;
  std::string accept = "application/json";
  // Overrides RestOptions::timeout for this request.
  std::optional<std::chrono::milliseconds> timeout;
};

struct RestResponse {
  int status = 0;
  std::string contentType;
  std::string body;
};

// Ends a stream() from another thread at once (it wakes the transfer's poll).
class StreamStop {
 public:
  void request();
  bool requested() const { return m_requested.load(); }

 private:
  friend class RestClient;
  std::atomic<bool> m_requested{false};
  std::mutex m_mutex;
  void* m_multi = nullptr;  // the CURLM* of the running stream, under m_mutex
};

// Percent-encodes a query value.
std::string urlEncode(std::string_view value);

// HTTPS to one cluster as one user (a resolved kubeconfig context), over libcurl.
// Thread-safe: every request takes an easy handle from a small pool (so connections and
// TLS sessions are reused) and calls may run on any number of threads at once. All calls
// block; run them off the UI thread.
class RestClient {
 public:
  static Result<std::unique_ptr<RestClient>> create(ClientConfig config, RestOptions options = {});
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // 2xx answers come back as a response; every other status as an ApiError parsed from its
  // metav1.Status. A 401 with an exec plugin re-runs the plugin once and retries.
  ApiResult<RestResponse> request(const RestRequest& req);
  // Like request(), but any HTTP status is a response; only transport failures are errors.
  ApiResult<RestResponse> send(const RestRequest& req);

  // A long-lived GET (watch): onData gets each chunk of a 2xx body as it arrives and may
  // return false to end the stream. Returns the HTTP status when the stream ends (server
  // closed or dropped it, onData said stop, or stop was requested); a non-2xx status is an
  // ApiError, and so is a connection that fails before any status arrives.
  // `idle` ends the stream with a Timeout error when nothing arrives for that long.
  ApiResult<int> stream(const RestRequest& req, const std::function<bool(std::string_view)>& onData,
                        StreamStop& stop, std::chrono::milliseconds idle);

  std::string url(const std::string& path) const;
  const ClientConfig& config() const { return m_config; }
  const RestOptions& options() const { return m_options; }
  // How many times the exec plugin ran (0 without one).
  int execRuns() const { return m_exec ? m_exec->runs() : 0; }

 private:
  struct Auth;
  RestClient(ClientConfig config, RestOptions options);
  void* takeHandle();
  void giveBack(void* handle);
  ApiResult<Auth> currentAuth();
  ApiResult<RestResponse> sendOnce(const RestRequest& req, const Auth& auth);
  void configure(void* handle, const RestRequest& req, const Auth& auth, void* headers) const;

  ClientConfig m_config;
  RestOptions m_options;
  std::unique_ptr<ExecCredentialProvider> m_exec;
  std::string m_urlBase;      // scheme://host:port[/prefix], the host replaced by tls-server-name
  std::string m_connectTo;    // CURLOPT_CONNECT_TO entry when tls-server-name is set
  void* m_connectToList = nullptr;  // curl_slist* holding m_connectTo
  std::string m_hostHeader;   // the real host, sent as Host when tls-server-name is set
  std::mutex m_poolMutex;
  std::vector<void*> m_pool;
};

}  // namespace routedeck::core::kube
