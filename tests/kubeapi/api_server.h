#pragma once
// The test Kubernetes API server: HTTPS (HTTP/1.1) on proxycore's server,
// bearer-token and optional client-certificate authentication, the
// resources of ResourceCatalog, and the /fixture/v1/ control API. All
// request handling runs on one event loop, so the store needs no locks.

#include <chrono>
#include <memory>
#include <string>

#include "proxycore/common/result.h"
#include "tests/kubeapi/pki.h"

namespace routedeck::tests::kubeapi {

class ApiServer {
 public:
  struct Options {
    std::string listen = "127.0.0.1:0";
    std::string token;  // empty: random
    std::chrono::milliseconds bookmarkInterval{1000};
  };

  // Generates the PKI, binds and starts serving; the error says what failed.
  static core::Result<std::unique_ptr<ApiServer>> start(Options options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  int port() const;
  const Pki& pki() const;
  const std::string& token() const;
  // The kubeconfig for the two contexts (see kubeconfig.h).
  std::string kubeconfig() const;
  // Ends open watches cleanly, stops accepting and joins the loop.
  void stop();

  struct Impl;

 private:
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace routedeck::tests::kubeapi
