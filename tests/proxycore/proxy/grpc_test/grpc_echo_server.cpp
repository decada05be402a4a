#include "tests/proxycore/proxy/grpc_test/grpc_echo_server.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <thread>

#include "routedeck/test/v1/echo.grpc.pb.h"

namespace routedeck::tests {

namespace {

namespace v1 = routedeck::test::v1;

// Waits up to `ms`, in small steps so that a cancelled call (the proxy gave
// up: deadline, client gone) ends at once.
bool waitUnlessCancelled(grpc::ServerContext* ctx, int ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end) {
    if (ctx->IsCancelled()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

class GrpcEchoServer::Impl final : public v1::Echo::Service {
 public:
  explicit Impl(GrpcEchoServer& owner) : m_owner(owner) {}

  grpc::Status Unary(grpc::ServerContext* ctx, const v1::EchoRequest* req, v1::EchoReply* reply) override {
    const int n = m_owner.countCall(req->key());
    if (n <= req->fail_first()) return {grpc::StatusCode::UNAVAILABLE, "scripted failure"};
    if (req->delay_ms() > 0 && !waitUnlessCancelled(ctx, req->delay_ms())) {
      m_owner.countCall("cancelled:" + req->key());
      return {grpc::StatusCode::CANCELLED, "cancelled"};
    }
    reply->set_message(req->message());
    return grpc::Status::OK;
  }

  grpc::Status ServerStream(grpc::ServerContext* ctx, const v1::EchoRequest* req,
                            grpc::ServerWriter<v1::EchoReply>* writer) override {
    m_owner.countCall(req->key());
    for (int i = 0; i < req->count(); ++i) {
      if (req->delay_ms() > 0 && !waitUnlessCancelled(ctx, req->delay_ms())) {
        return {grpc::StatusCode::CANCELLED, "cancelled"};
      }
      v1::EchoReply r;
      r.set_message(req->message());
      r.set_index(i);
      if (!writer->Write(r)) return {grpc::StatusCode::CANCELLED, "client gone"};
    }
    return grpc::Status::OK;
  }

 private:
  GrpcEchoServer& m_owner;
};

GrpcEchoServer::GrpcEchoServer() : m_impl(std::make_unique<Impl>(*this)) {
  grpc::ServerBuilder b;
  b.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &m_port);
  b.RegisterService(m_impl.get());
  m_server = b.BuildAndStart();
}

GrpcEchoServer::~GrpcEchoServer() {
  if (m_server) m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
}

int GrpcEchoServer::calls(const std::string& key) const {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto it = m_calls.find(key);
  return it == m_calls.end() ? 0 : it->second;
}

int GrpcEchoServer::countCall(const std::string& key) {
  std::lock_guard<std::mutex> lock(m_mutex);
  return ++m_calls[key];
}

}  // namespace routedeck::tests
