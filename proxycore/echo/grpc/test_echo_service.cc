#include "proxycore/echo/grpc/test_echo_service.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace routedeck::core::echo {

namespace {

using routedeck::echo::v1::SayResponse;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kMaxDelayMs = 60000;
constexpr uint32_t kMaxStreamCount = 10000;
// How often a sleeping call looks whether its client gave up.
constexpr auto kCancelPoll = std::chrono::milliseconds(5);

std::string str(grpc::string_ref s) { return std::string(s.data(), s.size()); }

// Sleeps `ms`, or less when the call is cancelled (deadline, client gone).
bool sleepUnlessCancelled(grpc::ServerContext& ctx, uint32_t ms) {
  const auto end = Clock::now() + std::chrono::milliseconds(ms);
  while (Clock::now() < end) {
    if (ctx.IsCancelled()) {
      return false;
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(kCancelPoll, end - Clock::now()));
  }
  return !ctx.IsCancelled();
}

}  // namespace

uint32_t AttemptCounter::next(const std::string& id) {
  std::lock_guard lock(m_mutex);
  if (m_calls.size() >= kMaxIds && !m_calls.count(id)) {
    m_calls.clear();
  }
  return ++m_calls[id];
}

void TestEchoService::describe(const grpc::ServerContext& ctx, const char* method, SayResponse* r) const {
  r->set_service(m_identity.service);
  r->set_namespace_(m_identity.ns);
  r->set_pod(m_identity.pod);
  r->set_authority(str(ctx.ExperimentalGetAuthority()));
  r->set_method(std::string("/routedeck.echo.v1.Echo/") + method);
  for (const auto& [key, value] : ctx.client_metadata()) {
    auto* m = r->add_metadata();
    m->set_key(str(key));
    m->set_value(str(value));
  }
}

grpc::Status TestEchoService::Say(grpc::ServerContext* ctx, const routedeck::echo::v1::SayRequest* request,
                                  SayResponse* response) {
  if (request->fail_code() > 16) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "fail_code " + std::to_string(request->fail_code()) + " is not a gRPC status code (1..16)"};
  }
  if (request->delay_ms() > kMaxDelayMs) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "delay_ms " + std::to_string(request->delay_ms()) + " is above the limit of 60000"};
  }
  const uint32_t attempt = request->request_id().empty() ? 1 : m_attempts->next(request->request_id());
  if (!sleepUnlessCancelled(*ctx, request->delay_ms())) {
    return {grpc::StatusCode::CANCELLED, "the client gave up during the requested delay"};
  }
  if (request->fail_code() != 0 && (request->fail_first() == 0 || attempt <= request->fail_first())) {
    std::string why = request->fail_message();
    if (why.empty()) {
      why = "failing attempt " + std::to_string(attempt) + " as asked (fail_first " +
            std::to_string(request->fail_first()) + ")";
    }
    return {static_cast<grpc::StatusCode>(request->fail_code()), why};
  }
  describe(*ctx, "Say", response);
  response->set_message(request->message());
  response->set_attempt(attempt);
  return grpc::Status::OK;
}

grpc::Status TestEchoService::SayMany(grpc::ServerContext* ctx,
                                      const routedeck::echo::v1::SayManyRequest* request,
                                      grpc::ServerWriter<SayResponse>* writer) {
  if (request->count() > kMaxStreamCount) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "count " + std::to_string(request->count()) + " is above the limit of 10000"};
  }
  if (request->interval_ms() > kMaxDelayMs) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "interval_ms " + std::to_string(request->interval_ms()) + " is above the limit of 60000"};
  }
  for (uint32_t i = 0; i < request->count(); ++i) {
    if (i > 0 && !sleepUnlessCancelled(*ctx, request->interval_ms())) {
      return {grpc::StatusCode::CANCELLED, "the client gave up after " + std::to_string(i) + " messages"};
    }
    SayResponse r;
    describe(*ctx, "SayMany", &r);
    r.set_message(request->message());
    r.set_index(i);
    r.set_attempt(1);
    if (!writer->Write(r)) {
      return {grpc::StatusCode::CANCELLED, "the stream closed after " + std::to_string(i) + " messages"};
    }
  }
  return grpc::Status::OK;
}

}  // namespace routedeck::core::echo
