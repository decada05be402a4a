#include "proxycore/echo/echo_server.h"

#include <asio/steady_timer.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "proxycore/echo/websocket_echo.h"
#include "proxycore/model/basics.h"
#include "proxycore/net/asio_tuple.h"

namespace routedeck::core::echo {

namespace {

std::optional<long long> parseMicros(const std::string& text) {
  auto d = model::Duration::parse(text);
  if (!d) {
    return std::nullopt;
  }
  return d->millis * 1000;
}

std::string queryParam(const std::string& target, const std::string& name) {
  size_t q = target.find('?');
  if (q == std::string::npos) {
    return {};
  }
  std::string query = target.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    std::string item = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = item.find('=');
    if (item.substr(0, eq) == name) {
      return eq == std::string::npos ? std::string() : item.substr(eq + 1);
    }
    if (amp == std::string::npos) {
      break;
    }
    pos = amp + 1;
  }
  return {};
}

}  // namespace

Result<LatencyDistribution> LatencyDistribution::parse(const std::string& text) {
  LatencyDistribution d;
  auto bad = [&](const std::string& why) {
    return makeError(ErrorCode::Usage, "--latency \"" + text + "\": " + why +
                                           " (use 20ms, uniform:10ms-50ms, normal:50ms,10ms or exp:30ms)");
  };
  if (text.empty() || text == "0" || text == "none") {
    return d;
  }
  size_t colon = text.find(':');
  std::string kind = colon == std::string::npos ? "fixed" : text.substr(0, colon);
  std::string args = colon == std::string::npos ? text : text.substr(colon + 1);
  auto two = [&](char sep, double& a, double& b) {
    size_t s = args.find(sep);
    if (s == std::string::npos) {
      return false;
    }
    auto x = parseMicros(args.substr(0, s));
    auto y = parseMicros(args.substr(s + 1));
    if (!x || !y) {
      return false;
    }
    a = static_cast<double>(*x);
    b = static_cast<double>(*y);
    return true;
  };
  if (kind == "fixed" || kind == "exp") {
    auto x = parseMicros(args);
    if (!x) {
      return bad("not a duration");
    }
    d.m_kind = kind == "fixed" ? Kind::Fixed : Kind::Exponential;
    d.m_a = static_cast<double>(*x);
    return d;
  }
  if (kind == "uniform") {
    if (!two('-', d.m_a, d.m_b) || d.m_b < d.m_a) {
      return bad("expected MIN-MAX");
    }
    d.m_kind = Kind::Uniform;
    return d;
  }
  if (kind == "normal") {
    if (!two(',', d.m_a, d.m_b)) {
      return bad("expected MEAN,STDDEV");
    }
    d.m_kind = Kind::Normal;
    return d;
  }
  return bad("unknown distribution \"" + kind + "\"");
}

std::chrono::microseconds LatencyDistribution::sample(std::mt19937_64& rng) const {
  double v = 0;
  switch (m_kind) {
    case Kind::None: return std::chrono::microseconds(0);
    case Kind::Fixed: v = m_a; break;
    case Kind::Uniform: v = std::uniform_real_distribution<double>(m_a, m_b)(rng); break;
    case Kind::Normal: v = std::normal_distribution<double>(m_a, m_b)(rng); break;
    case Kind::Exponential: v = std::exponential_distribution<double>(1.0 / std::max(1.0, m_a))(rng); break;
  }
  return std::chrono::microseconds(static_cast<long long>(std::max(0.0, v)));
}

std::string canonicalHeaderName(const std::string& name) {
  std::string out = name;
  bool upper = true;
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    else if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    upper = c == '-';
  }
  return out;
}

class EchoState {
 public:
  std::mutex mutex;
  std::map<std::string, int> retryAttempts;  // uuid → attempts seen
  std::mt19937_64 rng{std::random_device{}()};
  std::ofstream log;
};

bool EchoService::openLog(const std::string& path) {
  m_state->log.open(path, std::ios::app);
  return m_state->log.good();
}

EchoService::EchoService(std::vector<EchoIdentity> identities)
    : m_identities(std::move(identities)), m_state(std::make_unique<EchoState>()) {}

EchoService::~EchoService() = default;

asio::awaitable<void> EchoService::handle(net::ServerExchange& ex) {
  const auto& id = m_identities[static_cast<size_t>(std::max(0, std::min<int>(
      ex.listener(), static_cast<int>(m_identities.size()) - 1)))];
  net::RequestHead& req = ex.request();
  if (net::isWebSocketUpgrade(req) && req.target.substr(0, req.target.find('?')) == "/ws") {
    co_await serveWebSocketEcho(ex);
    co_return;
  }
  while (!ex.bodyComplete()) {
    auto span = co_await ex.readBody();
    if (!span.ok) {
      co_return;
    }
  }
  auto executor = co_await asio::this_coro::executor;
  auto sleep = [&](std::chrono::microseconds d) -> asio::awaitable<void> {
    asio::steady_timer t(executor, d);
    co_await t.async_wait(net::kTuple);
  };
  std::chrono::microseconds latency{0};
  bool fail = false;
  {
    std::lock_guard lock(m_state->mutex);
    latency = id.latency.sample(m_state->rng);
    fail = id.errorRate > 0 &&
           std::uniform_real_distribution<double>(0, 1)(m_state->rng) < id.errorRate;
  }
  if (latency.count() > 0) {
    co_await sleep(latency);
  }
  const std::string path = req.target.substr(0, req.target.find('?'));
  if (auto delay = parseMicros(queryParam(req.target, "delay"))) {
    co_await sleep(std::chrono::microseconds(*delay));
  }
  int status = 200;
  if (path.rfind("/retry", 0) == 0) {
    std::string uuid = queryParam(req.target, "uuid");
    int succeedAfter = std::atoi(queryParam(req.target, "succeedAfter").c_str());
    int attempt = 0;
    {
      std::lock_guard lock(m_state->mutex);
      attempt = ++m_state->retryAttempts[uuid];
    }
    if (attempt <= succeedAfter) {
      if (auto d = parseMicros(queryParam(req.target, "delayRetry"))) {
        co_await sleep(std::chrono::microseconds(*d));
      }
      std::string code = queryParam(req.target, "responseCode");
      if (code.empty()) {
        ex.abortConnection();  // a reset, which retry-on "reset" must catch
        co_return;
      }
      status = std::atoi(code.c_str());
    }
  } else if (path.rfind("/status/", 0) == 0) {
    status = std::atoi(path.substr(8).c_str());
    if (status < 100 || status > 599) {
      status = 400;
    }
  }
  if (fail && status == 200) {
    status = 503;
  }
  nlohmann::json headers = nlohmann::json::object();
  std::string host;
  for (const auto& h : req.headers.all()) {
    if (net::iequals(h.name, "host")) {
      host = h.value;
      continue;
    }
    headers[canonicalHeaderName(h.name)].push_back(h.value);
  }
  nlohmann::json body = {{"path", req.target},
                         {"host", host},
                         {"method", req.method},
                         {"proto", std::string(net::protocolName(req))},
                         {"headers", headers},
                         {"namespace", id.ns},
                         {"ingress", ""},
                         {"service", id.service},
                         {"pod", id.pod}};
  if (m_state->log.is_open()) {
    nlohmann::json line = {{"service", id.service}, {"namespace", id.ns}, {"pod", id.pod},
                           {"method", req.method}, {"path", req.target}};
    std::lock_guard lock(m_state->mutex);
    m_state->log << line.dump() << std::endl;
  }
  net::Headers out;
  out.add("content-type", "application/json");
  out.add("x-content-type-options", "nosniff");
  if (const std::string* set = req.headers.find("x-echo-set-header")) {
    std::string_view list = *set;
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view pair = list.substr(0, comma);
      size_t colon = pair.find(':');
      if (colon != std::string_view::npos) {
        out.add(std::string(pair.substr(0, colon)), std::string(pair.substr(colon + 1)));
      }
      if (comma == std::string_view::npos) {
        break;
      }
      list.remove_prefix(comma + 1);
    }
  }
  co_await ex.respond(status, std::move(out), body.dump() + "\n", "application/json");
}

}  // namespace routedeck::core::echo
