#pragma once

#include <asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace routedeck::core::net {

// N event-loop threads, each with its own io_context. Nothing is shared
// between loops on the request path: each worker accepts its own connections
// (SO_REUSEPORT) and keeps its own upstream pools.
class WorkerPool {
 public:
  explicit WorkerPool(int workers);
  ~WorkerPool();

  int size() const { return static_cast<int>(m_contexts.size()); }
  asio::io_context& context(int i) { return *m_contexts[static_cast<size_t>(i)]; }
  void start();
  // Lets each loop finish its current handlers and return.
  void stop();
  void join();
  // After join(): destroys the pending handlers (suspended coroutine frames)
  // of every loop while all loops still exist. A frame of one loop can own
  // objects of another (the server's acceptors and timers are shared), so
  // destroying the loops one by one with handlers still pending frees those
  // objects after their loop is gone. The destructor calls it too.
  void shutdown();

 private:
  // asio keeps execution_context::shutdown() protected.
  class Loop : public asio::io_context {
   public:
    using asio::io_context::io_context;
    using asio::execution_context::shutdown;
  };
  std::vector<std::unique_ptr<Loop>> m_contexts;
  std::vector<std::unique_ptr<asio::executor_work_guard<asio::io_context::executor_type>>> m_guards;
  std::vector<std::thread> m_threads;
};

}  // namespace routedeck::core::net
