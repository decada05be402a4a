// Route matching and table compilation at 100..10,000 routes (issue 3). Not
// a CTest: run tests/bench/run_router_bench.sh.
//
// Each route() benchmark reports the mean per call (Time) and percentiles of
// per-call time measured in batches of kBatch calls (p50_ns, p99_ns). Peers
// measured on the same table and requests: trace=true (explain), a naive
// linear scan over every candidate with the same compiled matchers, and one
// RE2::Set holding every candidate's host and path as a single automaton.
#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <tuple>

#include "proxycore/router/hostnames.h"
#include "tests/bench/route_config_gen.h"

using namespace routedeck;
using core::router::Request;
using core::router::RouteTable;

namespace {

constexpr int kBatch = 16;
enum Position { Start, Middle, End, Miss };
const char* const kPositionNames[] = {"start", "middle", "end", "miss"};

struct Setup {
  std::shared_ptr<const core::model::Config> config;
  core::router::RouteTableConstSharedPtr table;
  Request requests[4];
  std::string error;
};

// perHost 0 = every route on one host.
const Setup& setupFor(bench::Flavor flavor, int routes, int perHost) {
  static std::map<std::tuple<bench::Flavor, int, int>, Setup> cache;
  auto [it, fresh] = cache.try_emplace({flavor, routes, perHost});
  Setup& s = it->second;
  if (!fresh) {
    return s;
  }
  s.config = bench::generateConfig({flavor, routes, perHost ? perHost : routes});
  core::Diagnostics diags;
  s.table = RouteTable::compile(s.config, diags);
  const double at[] = {0.0, 0.5, 1.0, 0.5};
  for (int p = Start; p <= Miss; ++p) {
    const size_t vh = bench::vhostAt(*s.table, at[p]);
    const auto& candidates = s.table->listeners().front().vhosts[vh].candidates;
    const size_t c = p == Start ? 0 : p == End ? candidates.size() - 1 : candidates.size() / 2;
    s.requests[p] = bench::requestFor(*s.table, vh, c);
    if (p == Miss) {
      s.requests[p].path = "/no/such/route";
      continue;
    }
    // The request must take exactly the candidate it was made for.
    core::router::EntryPoint entry;
    auto d = s.table->route(s.requests[p], entry);
    if (!d.matched || d.routeSpec != candidates[c].route || d.rule != &candidates[c].route->rules[candidates[c].rule]) {
      s.error = std::string("request for ") + kPositionNames[p] + " candidate took another rule";
    }
  }
  return s;
}

// Times fn() in batches; Time is the mean per call, counters the batch percentiles.
template <class Fn>
void runBatched(benchmark::State& state, Fn&& fn) {
  std::vector<double> perCall;
  perCall.reserve(1 << 16);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kBatch; ++i) {
      benchmark::DoNotOptimize(fn());
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.SetIterationTime(s / kBatch);
    if (perCall.size() < perCall.capacity()) {
      perCall.push_back(s * 1e9 / kBatch);
    }
  }
  std::sort(perCall.begin(), perCall.end());
  if (!perCall.empty()) {
    state.counters["p50_ns"] = perCall[perCall.size() / 2];
    state.counters["p99_ns"] = perCall[perCall.size() * 99 / 100];
  }
}

void label(benchmark::State& state, const char* what) {
  state.SetLabel(std::string(what) + " " + kPositionNames[state.range(1)] +
                 (state.range(2) ? " 50/host" : " 1 host"));
}

void routeBench(benchmark::State& state, bench::Flavor flavor, bool trace) {
  const Setup& s = setupFor(flavor, static_cast<int>(state.range(0)), static_cast<int>(state.range(2)));
  if (!s.error.empty()) {
    state.SkipWithError(s.error.c_str());
    return;
  }
  const Request& req = s.requests[state.range(1)];
  core::router::EntryPoint entry;
  entry.port = 80;
  entry.trace = trace;
  runBatched(state, [&] { return s.table->route(req, entry).status; });
}

void BM_RouteGatewayApi(benchmark::State& state) {
  label(state, "gateway-api");
  routeBench(state, bench::Flavor::GatewayApi, false);
}
void BM_RouteIstio(benchmark::State& state) {
  label(state, "istio");
  routeBench(state, bench::Flavor::Istio, false);
}
void BM_RouteGatewayApiTrace(benchmark::State& state) {
  label(state, "gateway-api explain");
  routeBench(state, bench::Flavor::GatewayApi, true);
}

// Peer: the naive algorithm, first matching host then first matching
// candidate, with the same compiled matchers and no Decision.
void BM_LinearScan(benchmark::State& state) {
  label(state, "linear scan");
  const Setup& s = setupFor(bench::Flavor::GatewayApi, static_cast<int>(state.range(0)),
                            static_cast<int>(state.range(2)));
  const Request& req = s.requests[state.range(1)];
  const auto& vhosts = s.table->listeners().front().vhosts;
  runBatched(state, [&]() -> const core::router::Candidate* {
    for (const auto& vh : vhosts) {
      if (core::router::hostnames::matches(vh.hostname, req.host)) {
        for (const auto& c : vh.candidates) {
          if (!c.matcher || c.matcher->evaluate(req, nullptr)) {
            return &c;
          }
        }
        return nullptr;
      }
    }
    return nullptr;
  });
}

// Peer: every candidate as one anchored "host \x1f path" pattern in an
// RE2::Set, lowest id wins. It ignores headers and methods, so it does less
// than route(); the request key is built outside the timing.
void BM_Re2Set(benchmark::State& state) {
  label(state, "RE2::Set");
  const Setup& s = setupFor(bench::Flavor::GatewayApi, static_cast<int>(state.range(0)),
                            static_cast<int>(state.range(2)));
  RE2::Options opts;
  opts.set_max_mem(int64_t{1} << 30);
  RE2::Set set(opts, RE2::ANCHOR_BOTH);
  for (const auto& vh : s.table->listeners().front().vhosts) {
    std::string host = vh.hostname.empty() || vh.hostname == "*" ? "[^\\x1f]*"
                       : vh.hostname.starts_with("*.")          ? "[^\\x1f]+" + RE2::QuoteMeta(vh.hostname.substr(1))
                                                                : RE2::QuoteMeta(vh.hostname);
    for (const auto& c : vh.candidates) {
      std::string path = "/.*";
      if (c.matcher && c.matcher->spec().path) {
        const auto& p = *c.matcher->spec().path;
        using core::model::PathMatchType;
        const std::string stem = core::model::pathPrefixStem(p.value);
        path = p.type == PathMatchType::Exact               ? RE2::QuoteMeta(p.value)
               : p.type == PathMatchType::RegularExpression ? p.value
               : p.type == PathMatchType::StringPrefix      ? RE2::QuoteMeta(p.value) + ".*"
               : stem == "/"                                ? "/.*"
                                                            : RE2::QuoteMeta(stem) + "(/.*)?";
      }
      set.Add(host + "\\x1f" + path, nullptr);
    }
  }
  if (!set.Compile()) {
    state.SkipWithError("RE2::Set did not compile");
    return;
  }
  const Request& req = s.requests[state.range(1)];
  const std::string key = req.host + '\x1f' + req.path;
  std::vector<int> ids;
  runBatched(state, [&] {
    ids.clear();
    set.Match(key, &ids);
    return ids.empty() ? -1 : *std::min_element(ids.begin(), ids.end());
  });
}

void routeArgs(benchmark::internal::Benchmark* b) {
  for (int perHost : {50, 0}) {
    for (int n : {100, 1000, 10000}) {
      for (int p = Start; p <= Miss; ++p) {
        b->Args({n, p, perHost});
      }
    }
  }
  b->ArgNames({"routes", "pos", "perHost"})->UseManualTime()->MinTime(0.05);
}

void peerArgs(benchmark::internal::Benchmark* b) {
  for (int perHost : {50, 0}) {
    for (int p = Start; p <= Miss; ++p) {
      b->Args({10000, p, perHost});
    }
  }
  b->ArgNames({"routes", "pos", "perHost"})->UseManualTime()->MinTime(0.05);
}

// compile() of a whole table; with swap, also publishing it through an
// atomic shared_ptr as ProxyService::apply does. Like apply, the replaced
// table is retired and freed after the swap (off the serving path), so the
// timing stops at the swap and the release is reported separately.
void compileBench(benchmark::State& state, bench::Flavor flavor, bool swap) {
  auto config = bench::generateConfig({flavor, static_cast<int>(state.range(0)), 50});
  std::atomic<core::router::RouteTableConstSharedPtr> live;
  core::Diagnostics diags;
  live.store(RouteTable::compile(config, diags));
  std::vector<double> ms;
  std::vector<double> releaseMs;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto table = RouteTable::compile(config, diags);
    core::router::RouteTableConstSharedPtr retired;
    if (swap) {
      retired = live.exchange(std::move(table));
    } else {
      retired = std::move(table);
    }
    const auto t1 = std::chrono::steady_clock::now();
    retired.reset();
    const double s = std::chrono::duration<double>(t1 - t0).count();
    releaseMs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count() * 1e3);
    state.SetIterationTime(s);
    ms.push_back(s * 1e3);
  }
  std::sort(ms.begin(), ms.end());
  std::sort(releaseMs.begin(), releaseMs.end());
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["max_ms"] = ms.back();
  state.counters["release_p50_ms"] = releaseMs[releaseMs.size() / 2];
}

void BM_CompileGatewayApi(benchmark::State& state) { compileBench(state, bench::Flavor::GatewayApi, false); }
void BM_CompileIstio(benchmark::State& state) { compileBench(state, bench::Flavor::Istio, false); }
void BM_CompileAndSwapGatewayApi(benchmark::State& state) {
  compileBench(state, bench::Flavor::GatewayApi, true);
}

}  // namespace

BENCHMARK(BM_RouteGatewayApi)->Apply(routeArgs);
BENCHMARK(BM_RouteIstio)->Apply(routeArgs);
BENCHMARK(BM_RouteGatewayApiTrace)->Apply(peerArgs);
BENCHMARK(BM_LinearScan)->Apply(peerArgs);
BENCHMARK(BM_Re2Set)->Apply(peerArgs);
BENCHMARK(BM_CompileGatewayApi)->Arg(10000)->UseManualTime()->Iterations(15)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileIstio)->Arg(10000)->UseManualTime()->Iterations(15)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileAndSwapGatewayApi)->Arg(10000)->UseManualTime()->Iterations(15)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
