#pragma once
// An in-process grpc++ server of routedeck.test.v1.Echo on 127.0.0.1 (port
// chosen by the kernel), counting calls per key; a delayed unary call the
// caller cancelled counts under "cancelled:<key>".
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace grpc {
class Server;
}

namespace routedeck::tests {

class GrpcEchoServer {
 public:
  GrpcEchoServer();
  ~GrpcEchoServer();
  int port() const { return m_port; }
  int calls(const std::string& key) const;

  // Called by the service implementation.
  int countCall(const std::string& key);

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
  std::unique_ptr<grpc::Server> m_server;
  int m_port = 0;
  mutable std::mutex m_mutex;
  std::map<std::string, int> m_calls;
};

}  // namespace routedeck::tests
