#pragma once

#include <asio/io_context.hpp>
#include <random>

#include "proxycore/net/upstream.h"
#include "proxycore/net/upstream_h2.h"
#include "proxycore/proxy/runtime.h"
#include "proxycore/stats/worker_shard.h"

namespace routedeck::core::proxy {

class ProxyService;

// Per worker thread: its upstream pool, its RNG, and its cached view of the
// current runtime (refreshed when the service's version moves on, so the
// request path reads one relaxed atomic instead of taking a shared_ptr lock).
class WorkerState {
 public:
  WorkerState(asio::io_context& ctx, ProxyService& service, uint64_t seed)
      : m_ctx(ctx), m_pool(ctx), m_h2pool(ctx), m_rng(seed), m_service(service) {}

  asio::io_context& context() { return m_ctx; }
  net::UpstreamPool& pool() { return m_pool; }
  net::H2UpstreamPool& h2pool() { return m_h2pool; }
  std::mt19937_64& rng() { return m_rng; }
  uint64_t nextRoundRobin() { return m_roundRobin++; }
  RuntimeConstSharedPtr runtime();
  ProxyService& service() { return m_service; }
  stats::WorkerShard& stats() { return *m_stats; }
  void setStats(stats::WorkerShard* shard) { m_stats = shard; }

 private:
  asio::io_context& m_ctx;
  net::UpstreamPool m_pool;
  net::H2UpstreamPool m_h2pool;
  std::mt19937_64 m_rng;
  uint64_t m_roundRobin = 0;
  ProxyService& m_service;
  stats::WorkerShard* m_stats = nullptr;
  RuntimeConstSharedPtr m_runtime;
  uint64_t m_version = 0;
};

}  // namespace routedeck::core::proxy
