#include "tests/proxycore/conformance_live/live_grpc_case.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>

#include "tests/support/grpc_echo_client.h"

namespace routedeck::tests {

using core::yaml::Node;

namespace {

LiveResult fail(std::string why) { return {LiveResult::Kind::Fail, std::move(why)}; }
LiveResult skip(std::string why) { return {LiveResult::Kind::Skip, std::move(why)}; }

std::string text(const Node* n, std::string_view key, const std::string& def = {}) {
  const Node* v = n ? n->find(key) : nullptr;
  return v && v->isScalar() ? v->text() : def;
}

// The Service a pod belongs to: routedeckd echo names pods SERVICE-<suffix>.
std::string serviceOfPod(const std::string& pod) { return pod.substr(0, pod.rfind('-')); }

LiveResult checkAnswer(const GrpcEchoReply& r, const Node& request, const Node& expect, bool uncertain) {
  const std::string want = text(&expect, "grpcStatus", "OK");
  if (r.status.name != want) {
    return fail("gRPC status " + r.status.name + " (" + r.status.message + "), expected " + want);
  }
  if (!r.status.ok()) {
    return {};
  }
  if (expect.has("backend") && r.pod.rfind(text(&expect, "backend"), 0) != 0) {
    return fail("answered by pod " + r.pod + ", expected backend " + text(&expect, "backend"));
  }
  if (expect.has("namespace") && r.ns != text(&expect, "namespace")) {
    return fail("answered from namespace " + r.ns + ", expected " + text(&expect, "namespace"));
  }
  if (!uncertain && request.has("fullMethod") && r.method != text(&request, "fullMethod")) {
    return fail("backend saw method " + r.method + ", expected " + text(&request, "fullMethod"));
  }
  return {};
}

// GRPCRouteWeight: batches of `requests` calls, about half with x-jitter
// metadata; each backend's share within the tolerance of its weight and
// only backends with weight > 0 answering. Up to maxAttempts batches.
LiveResult checkDistribution(GrpcEchoClient& client, const std::string& method, const GrpcMetadata& metadata,
                             const Node& dist) {
  const Node* weights = dist.find("weights");
  if (!weights || !weights->isMap()) {
    return skip("distribution without weights");
  }
  const int n = std::max(1, std::atoi(text(&dist, "requests", "500").c_str()));
  const double tol = std::atof(text(&dist, "absoluteTolerance", "0.05").c_str());
  const int attempts = std::clamp(std::atoi(text(&dist, "maxAttempts", "1").c_str()), 1, 10);
  double total = 0;
  for (const auto& e : weights->entries()) total += std::atof(e.value.text().c_str());
  std::mt19937 rng{std::random_device{}()};
  std::string last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    std::map<std::string, int> seen;
    for (int i = 0; i < n; ++i) {
      GrpcMetadata md = metadata;
      if (rng() % 2) md.emplace_back("x-jitter", std::to_string(rng() % 10000));
      auto r = client.echo(method, md);
      if (!r.status.ok()) {
        return fail("call " + std::to_string(i) + ": " + r.status.name + " " + r.status.message);
      }
      seen[serviceOfPod(r.pod)]++;
    }
    last.clear();
    for (const auto& e : weights->entries()) {
      const double want = total > 0 ? std::atof(e.value.text().c_str()) / total : 0;
      const double got = static_cast<double>(seen[e.key]) / n;
      if ((want == 0 && seen[e.key] > 0) || std::abs(got - want) > tol) {
        last = "backend " + e.key + " got " + std::to_string(got) + " of calls, expected " + std::to_string(want) +
               " ± " + std::to_string(tol);
        break;
      }
      seen.erase(e.key);
    }
    if (last.empty() && !seen.empty()) {
      last = "backend " + seen.begin()->first + " answered but has no weight";
    }
    if (last.empty()) {
      return {};
    }
  }
  return fail(last + " (after " + std::to_string(attempts) + " batches)");
}

}  // namespace

bool speaksH2c(int port, std::string* why) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    *why = "cannot connect: " + std::string(std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return false;
  }
  // The client preface, then an empty SETTINGS frame.
  static const char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\4\0\0\0\0\0";
  const ssize_t sent = ::send(fd, kPreface, sizeof kPreface - 1, MSG_NOSIGNAL);
  unsigned char head[9] = {};
  size_t got = 0;
  pollfd p{fd, POLLIN, 0};
  // Bounded: at most 9 bytes, each wait at most 2 s.
  while (sent > 0 && got < sizeof head && ::poll(&p, 1, 2000) == 1) {
    const ssize_t n = ::recv(fd, head + got, sizeof head - got, 0);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (got == sizeof head && head[3] == 0x4) {
    return true;
  }
  *why = got == 0 ? "no answer to the HTTP/2 preface"
                  : "answers the HTTP/2 preface with \"" +
                        std::string(reinterpret_cast<char*>(head), got).substr(0, 8) + "...\", not SETTINGS";
  return false;
}

LiveResult runGrpcCase(LiveEnvironment& env, const Node& testFile, const Node& testCase) {
  const Node* request = testCase.find("request");
  const Node* expect = testCase.find("expect");
  const Node* target = testCase.find("target") ? testCase.find("target") : testFile.find("defaultTarget");
  if (text(target, "scheme", "http") != "http") {
    return skip("gRPC over TLS: not in the corpus' cases");
  }
  const int port = env.portFor(text(target, "gateway"), std::atoi(text(target, "port", "80").c_str()));
  if (port == 0) {
    return fail("no HTTP listener bound for " + text(target, "gateway") + " port " + text(target, "port"));
  }
  std::string why;
  if (!speaksH2c(port, &why)) {
    return skip("gRPC: the proxy listener does not speak h2c yet (" + why + ")");
  }
  GrpcMetadata metadata;
  if (const Node* md = request->find("metadata"); md && md->isMap()) {
    for (const auto& e : md->entries()) {
      metadata.emplace_back(e.key, e.value.text());
    }
  }
  const std::string method = text(request, "method", "Echo");
  GrpcEchoClient client("127.0.0.1:" + std::to_string(port), text(request, "authority"));
  const bool uncertain = text(&testCase, "uncertain") == "true";
  auto first = client.echo(method, metadata);
  if (auto r = checkAnswer(first, *request, *expect, uncertain); r.kind != LiveResult::Kind::Pass) {
    // A status nobody expected (UNAVAILABLE, INTERNAL...) is the proxy's
    // doing: its last words say why. A wrong backend needs no log.
    if (!first.status.ok() && first.status.name != text(expect, "grpcStatus", "OK")) {
      const std::string log = env.serveStderr().toStdString();
      r.why += "; routedeckd said: " + log.substr(log.size() > 400 ? log.size() - 400 : 0);
    }
    return r;
  }
  if (const Node* dist = expect->find("distribution")) {
    return checkDistribution(client, method, metadata, *dist);
  }
  return {};
}

}  // namespace routedeck::tests
