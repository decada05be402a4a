#include "tests/support/grpc_echo_client.h"

#include <grpcpp/grpcpp.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "gateway_api_conformance/echo_basic/grpcecho.grpc.pb.h"
#include "routedeck/echo/v1/echo.grpc.pb.h"

namespace routedeck::tests {

namespace conformance = gateway_api_conformance::echo_basic::grpcecho;
namespace v1 = routedeck::echo::v1;

namespace {

GrpcStatus statusOf(const grpc::Status& s) {
  return {static_cast<int>(s.error_code()), grpcStatusName(static_cast<int>(s.error_code())), s.error_message()};
}

void prepare(grpc::ClientContext& ctx, const GrpcMetadata& metadata, int deadlineMs) {
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadlineMs));
  for (const auto& [k, v] : metadata) {
    // gRPC refuses upper-case keys; on the wire HTTP/2 lower-cases names
    // anyway, and Go's metadata package does the same.
    std::string key = k;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    ctx.AddMetadata(key, v);
  }
}

SayReply replyOf(const v1::SayResponse& r) {
  SayReply out;
  out.message = r.message();
  out.pod = r.pod();
  out.ns = r.namespace_();
  out.authority = r.authority();
  out.attempt = r.attempt();
  out.index = r.index();
  for (const auto& m : r.metadata()) {
    out.metadata.emplace_back(m.key(), m.value());
  }
  return out;
}

}  // namespace

std::string grpcStatusName(int code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",         "UNKNOWN",        "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS",    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED",   "OUT_OF_RANGE",      "UNIMPLEMENTED",  "INTERNAL",         "UNAVAILABLE",
      "DATA_LOSS", "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "CODE_" + std::to_string(code);
}

bool GrpcEchoReply::header(const std::string& key, std::string* value) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), key.c_str()) == 0) {
      *value = v;
      return true;
    }
  }
  return false;
}

struct GrpcEchoClient::Impl {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<conformance::GrpcEcho::Stub> conformance;
  std::unique_ptr<v1::Echo::Stub> test;
};

GrpcEchoClient::GrpcEchoClient(const std::string& hostPort, const std::string& authority)
    : m_impl(std::make_unique<Impl>()) {
  grpc::ChannelArguments args;
  if (!authority.empty()) {
    args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, authority);
  }
  // A connection of its own: gRPC otherwise shares subchannels between
  // channels to one target, and a test's calls would ride another's socket.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // A refused connection should fail the call at once, not after backoff.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  m_impl->channel = grpc::CreateCustomChannel(hostPort, grpc::InsecureChannelCredentials(), args);
  m_impl->conformance = conformance::GrpcEcho::NewStub(m_impl->channel);
  m_impl->test = v1::Echo::NewStub(m_impl->channel);
}

GrpcEchoClient::~GrpcEchoClient() = default;

GrpcEchoReply GrpcEchoClient::echo(const std::string& method, const GrpcMetadata& metadata, int deadlineMs) {
  grpc::ClientContext ctx;
  prepare(ctx, metadata, deadlineMs);
  conformance::EchoRequest request;
  conformance::EchoResponse response;
  GrpcEchoReply out;
  grpc::Status s;
  if (method == "Echo") {
    s = m_impl->conformance->Echo(&ctx, request, &response);
  } else if (method == "EchoTwo") {
    s = m_impl->conformance->EchoTwo(&ctx, request, &response);
  } else if (method == "EchoThree") {
    s = m_impl->conformance->EchoThree(&ctx, request, &response);
  } else {
    out.status = {-1, "CLIENT_ERROR", "GrpcEcho has no method " + method};
    return out;
  }
  out.status = statusOf(s);
  const auto& a = response.assertions();
  out.method = a.fully_qualified_method();
  out.authority = a.authority();
  out.pod = a.context().pod();
  out.ns = a.context().namespace_();
  out.service = a.context().service_name();
  for (const auto& h : a.headers()) {
    out.headers.emplace_back(h.key(), h.value());
  }
  return out;
}

SayReply GrpcEchoClient::say(const SayArgs& args, const GrpcMetadata& metadata, int deadlineMs) {
  grpc::ClientContext ctx;
  prepare(ctx, metadata, deadlineMs);
  v1::SayRequest request;
  request.set_message(args.message);
  request.set_delay_ms(args.delayMs);
  request.set_fail_code(args.failCode);
  request.set_fail_first(args.failFirst);
  request.set_request_id(args.requestId);
  v1::SayResponse response;
  const grpc::Status s = m_impl->test->Say(&ctx, request, &response);
  SayReply out = replyOf(response);
  out.status = statusOf(s);
  return out;
}

SayManyReply GrpcEchoClient::sayMany(const std::string& message, unsigned count, unsigned intervalMs,
                                     int deadlineMs) {
  grpc::ClientContext ctx;
  prepare(ctx, {}, deadlineMs);
  v1::SayManyRequest request;
  request.set_message(message);
  request.set_count(count);
  request.set_interval_ms(intervalMs);
  SayManyReply out;
  auto reader = m_impl->test->SayMany(&ctx, request);
  v1::SayResponse r;
  // Bounded by the server's limit of 10000 messages and by the deadline.
  while (reader->Read(&r)) {
    out.messages.push_back(replyOf(r));
  }
  out.status = statusOf(reader->Finish());
  return out;
}

}  // namespace routedeck::tests
