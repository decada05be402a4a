#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace routedeck::tests {

using GrpcMetadata = std::vector<std::pair<std::string, std::string>>;

// How a call ended: the gRPC status by name ("OK", "UNIMPLEMENTED", ...).
struct GrpcStatus {
  int code = -1;
  std::string name;
  std::string message;
  bool ok() const { return code == 0; }
};

// What GrpcEcho (the conformance service) reported about the call.
struct GrpcEchoReply {
  GrpcStatus status;
  std::string method;     // fully qualified, "/gateway_api_conformance...GrpcEcho/Echo"
  std::string authority;  // the :authority the backend received
  std::string pod;
  std::string ns;
  std::string service;
  GrpcMetadata headers;   // request metadata as the backend saw it
  // First value of metadata `key` (case-insensitive); false when absent.
  bool header(const std::string& key, std::string* value) const;
};

// routedeck.echo.v1.Echo/Say arguments (see proxycore/echo/grpc/proto).
// Members have default initializers so tests can name only what they set
// ({.failCode = 14}) without -Wmissing-field-initializers.
struct SayArgs {
  std::string message = {};
  unsigned delayMs = 0;
  unsigned failCode = 0;
  unsigned failFirst = 0;
  std::string requestId = {};
};

struct SayReply {
  GrpcStatus status;
  std::string message;
  std::string pod;
  std::string ns;
  std::string authority;
  unsigned attempt = 0;
  unsigned index = 0;
  GrpcMetadata metadata;
};

struct SayManyReply {
  GrpcStatus status;  // of the whole stream
  std::vector<SayReply> messages;
};

// A blocking gRPC client over plaintext HTTP/2 for tests: one channel to
// HOST:PORT whose calls carry `authority` as :authority (empty: gRPC's
// default, the target). Every call has a deadline; failures are statuses,
// never exceptions. Thread-compatible (one thread per client).
class GrpcEchoClient {
 public:
  explicit GrpcEchoClient(const std::string& hostPort, const std::string& authority = {});
  ~GrpcEchoClient();
  GrpcEchoClient(const GrpcEchoClient&) = delete;
  GrpcEchoClient& operator=(const GrpcEchoClient&) = delete;

  // method: "Echo", "EchoTwo" or "EchoThree" of the conformance GrpcEcho.
  GrpcEchoReply echo(const std::string& method, const GrpcMetadata& metadata = {}, int deadlineMs = 5000);
  SayReply say(const SayArgs& args, const GrpcMetadata& metadata = {}, int deadlineMs = 5000);
  SayManyReply sayMany(const std::string& message, unsigned count, unsigned intervalMs = 0,
                       int deadlineMs = 5000);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// "DEADLINE_EXCEEDED" for 4, as grpc-status names are spelled in Gateway API
// conformance and gRPC docs; "CODE_<n>" outside 0..16.
std::string grpcStatusName(int code);

}  // namespace routedeck::tests
