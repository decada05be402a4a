#include "proxycore/echo/grpc/grpc_echo_server.h"

#include <grpcpp/grpcpp.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "proxycore/common/listen_address.h"
#include "proxycore/echo/grpc/conformance_echo_service.h"
#include "proxycore/echo/grpc/test_echo_service.h"

namespace routedeck::core::echo {

namespace {

// gRPC reports a failed bind only in its log; a plain bind of the same
// address recovers the reason ("Address already in use") for our error.
std::string whyCannotBind(const ListenAddress& addr) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(addr.literal.c_str(), std::to_string(addr.port).c_str(), &hints, &found) != 0 || !found) {
    return "not a local address";
  }
  std::string why = "gRPC could not bind it";
  const int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, 0);
  if (fd >= 0 && ::bind(fd, found->ai_addr, found->ai_addrlen) != 0) {
    why = std::strerror(errno);
  }
  if (fd >= 0) {
    ::close(fd);
  }
  freeaddrinfo(found);
  return why;
}

}  // namespace

struct GrpcEchoServer::Impl {
  // One grpc::Server per listener: a sync service cannot tell which port a
  // call arrived on, and each listener answers with its own identity.
  struct Served {
    std::unique_ptr<ConformanceEchoService> conformance;
    std::unique_ptr<TestEchoService> test;
    std::unique_ptr<grpc::Server> server;
  };
  std::vector<Served> served;
  std::vector<int> ports;
  bool down = false;
};

GrpcEchoServer::GrpcEchoServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

GrpcEchoServer::~GrpcEchoServer() { shutdown(0); }

const std::vector<int>& GrpcEchoServer::ports() const { return m_impl->ports; }

Result<std::unique_ptr<GrpcEchoServer>> GrpcEchoServer::start(const std::vector<GrpcEchoListener>& listeners) {
  auto impl = std::make_unique<Impl>();
  auto attempts = std::make_shared<AttemptCounter>();
  for (const auto& l : listeners) {
    auto addr = parseListenAddress("--grpc-listen", l.address, "127.0.0.1:50051");
    if (!addr) {
      return addr.error();
    }
    Impl::Served s;
    s.conformance = std::make_unique<ConformanceEchoService>(l);
    s.test = std::make_unique<TestEchoService>(l, attempts);
    grpc::ServerBuilder builder;
    // gRPC sets SO_REUSEPORT by default, which would let a second process
    // bind a port already in use and silently share its calls.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    int port = 0;
    builder.AddListeningPort(addr->host + ":" + std::to_string(addr->port), grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(s.conformance.get());
    builder.RegisterService(s.test.get());
    s.server = builder.BuildAndStart();
    if (!s.server || port == 0) {
      // Ask before stopping the listeners already up: one of them may be
      // the holder of this port.
      const std::string why = whyCannotBind(*addr);
      GrpcEchoServer(std::move(impl)).shutdown(0);
      return makeError(ErrorCode::Io, "--grpc-listen \"" + l.address + "\": cannot listen there: " + why);
    }
    impl->ports.push_back(port);
    impl->served.push_back(std::move(s));
  }
  return std::unique_ptr<GrpcEchoServer>(new GrpcEchoServer(std::move(impl)));
}

void GrpcEchoServer::shutdown(int graceMs) {
  if (m_impl->down) {
    return;
  }
  m_impl->down = true;
  const auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(graceMs);
  for (auto& s : m_impl->served) {
    s.server->Shutdown(deadline);
  }
  for (auto& s : m_impl->served) {
    s.server->Wait();
  }
}

}  // namespace routedeck::core::echo
