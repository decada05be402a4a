#include "proxycore/net/workers.h"

namespace routedeck::core::net {

WorkerPool::WorkerPool(int workers) {
  for (int i = 0; i < std::max(1, workers); ++i) {
    // Each context is driven by exactly one thread and every socket of a
    // worker is used only on that thread, so the reactor's per-descriptor
    // locks can go; posting and registration stay locked (the control
    // thread posts and binds).
    m_contexts.push_back(std::make_unique<Loop>(ASIO_CONCURRENCY_HINT_UNSAFE_IO));
  }
}

WorkerPool::~WorkerPool() {
  stop();
  join();
  shutdown();
}

void WorkerPool::shutdown() {
  for (auto& ctx : m_contexts) {
    ctx->shutdown();
  }
}

void WorkerPool::start() {
  for (auto& ctx : m_contexts) {
    m_guards.push_back(std::make_unique<asio::executor_work_guard<asio::io_context::executor_type>>(
        ctx->get_executor()));
    m_threads.emplace_back([c = ctx.get()] { c->run(); });
  }
}

void WorkerPool::stop() {
  m_guards.clear();
  for (auto& ctx : m_contexts) {
    ctx->stop();
  }
}

void WorkerPool::join() {
  for (auto& t : m_threads) {
    if (t.joinable()) {
      t.join();
    }
  }
  m_threads.clear();
}

}  // namespace routedeck::core::net
