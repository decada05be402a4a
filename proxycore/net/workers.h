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

 private:
  std::vector<std::unique_ptr<asio::io_context>> m_contexts;
  std::vector<std::unique_ptr<asio::executor_work_guard<asio::io_context::executor_type>>> m_guards;
  std::vector<std::thread> m_threads;
};

}  // namespace routedeck::core::net
