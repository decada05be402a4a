#pragma once

#include <memory>
#include <string>
#include <vector>

#include "proxycore/common/result.h"

namespace routedeck::core::echo {

// One plaintext HTTP/2 (h2c) gRPC listener and the identity its answers
// report, like one pod of a gRPC backend Service.
struct GrpcEchoListener {
  std::string address;  // "127.0.0.1:19001"; port 0 picks a free port
  std::string service;
  std::string ns;
  std::string pod;
};

// Serves the conformance GrpcEcho service (Echo, EchoTwo; EchoThree is
// UNIMPLEMENTED on purpose) and routedeck.echo.v1.Echo (delays, scripted
// failures, server streaming) on every listener. gRPC stays behind this
// interface so routedeckd's other code does not compile against it.
class GrpcEchoServer {
 public:
  // Binds and starts every listener; an error names the address that
  // could not be bound. Serving happens on gRPC's own threads.
  static Result<std::unique_ptr<GrpcEchoServer>> start(const std::vector<GrpcEchoListener>& listeners);
  ~GrpcEchoServer();
  GrpcEchoServer(const GrpcEchoServer&) = delete;
  GrpcEchoServer& operator=(const GrpcEchoServer&) = delete;

  // The bound port of each listener, in the order given to start().
  const std::vector<int>& ports() const;
  // Stops accepting calls; calls still running get up to graceMs to finish,
  // then are cancelled. Idempotent.
  void shutdown(int graceMs = 1000);

 private:
  struct Impl;
  explicit GrpcEchoServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace routedeck::core::echo
