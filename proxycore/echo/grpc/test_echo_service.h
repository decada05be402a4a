#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "proxycore/echo/grpc/grpc_echo_server.h"
#include "routedeck/echo/v1/echo.grpc.pb.h"

namespace routedeck::core::echo {

// Calls seen per request id, shared by every listener of one process so a
// retry that lands on another backend still counts as the next attempt.
class AttemptCounter {
 public:
  // 1 for the first call with `id`, then 2, 3, ...
  uint32_t next(const std::string& id);

 private:
  // A long-running echo sees unbounded ids; past this many the table is
  // dropped (tests use fresh ids, so forgetting old ones is harmless).
  static constexpr size_t kMaxIds = 100000;
  std::mutex m_mutex;
  std::map<std::string, uint32_t> m_calls;
};

// routedeck.echo.v1.Echo for one listener: Say (delay, scripted failures)
// and SayMany (server streaming). Runs on gRPC's sync-server threads.
class TestEchoService final : public routedeck::echo::v1::Echo::Service {
 public:
  TestEchoService(GrpcEchoListener identity, std::shared_ptr<AttemptCounter> attempts)
      : m_identity(std::move(identity)), m_attempts(std::move(attempts)) {}

  grpc::Status Say(grpc::ServerContext* ctx, const routedeck::echo::v1::SayRequest* request,
                   routedeck::echo::v1::SayResponse* response) override;
  grpc::Status SayMany(grpc::ServerContext* ctx, const routedeck::echo::v1::SayManyRequest* request,
                       grpc::ServerWriter<routedeck::echo::v1::SayResponse>* writer) override;

 private:
  void describe(const grpc::ServerContext& ctx, const char* method, routedeck::echo::v1::SayResponse* r) const;

  const GrpcEchoListener m_identity;
  const std::shared_ptr<AttemptCounter> m_attempts;
};

}  // namespace routedeck::core::echo
