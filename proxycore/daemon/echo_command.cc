// routedeckd echo: the conformance-style echo backend, for tests and demos.
#include <signal.h>

#include <cstdio>
#include <ostream>
#include <random>

#include "proxycore/daemon/args.h"
#include "proxycore/daemon/commands.h"
#include "proxycore/echo/echo_server.h"
#include "proxycore/echo/grpc/grpc_echo_server.h"
#include "proxycore/net/server.h"

namespace routedeck::core::cli {

namespace {

// --name/--namespace/--pod (and --latency/--error-rate) are given per
// listener in the order --listen and --grpc-listen appear on the command
// line; ParsedArgs keeps each option's values but not how they interleave,
// so walk the arguments again: true marks a --grpc-listen.
std::vector<bool> listenerKinds(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  std::vector<bool> kinds;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      break;
    }
    if (a == "--listen" || a.starts_with("--listen=") || a.starts_with("-l")) {
      kinds.push_back(false);
    } else if (a == "--grpc-listen" || a.starts_with("--grpc-listen=")) {
      kinds.push_back(true);
    }
    // Skip the separate value of any option that takes one.
    for (const auto& s : specs) {
      if (s.takesValue && (a == "--" + s.name || (s.shortName && a == std::string{'-', s.shortName}))) {
        ++i;
        break;
      }
    }
  }
  return kinds;
}

// The identity of the listener at `i` in command-line order: each option's
// i-th value, or its last one when fewer were given.
Result<echo::EchoIdentity> identityAt(const ParsedArgs& parsed, size_t i) {
  auto nth = [&](const std::string& option, const std::string& def) {
    const auto v = parsed.all(option);
    return v.empty() ? def : v[std::min(i, v.size() - 1)];
  };
  static std::random_device rd;
  echo::EchoIdentity id;
  id.service = nth("name", "echo");
  id.ns = nth("namespace", "default");
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", rd());
  id.pod = nth("pod", id.service + "-" + suffix);
  auto lat = echo::LatencyDistribution::parse(nth("latency", ""));
  if (!lat) {
    return lat.error();
  }
  id.latency = *lat;
  const std::string rate = nth("error-rate", "0");
  try {
    id.errorRate = std::stod(rate);
  } catch (const std::exception&) {
    id.errorRate = -1;
  }
  if (id.errorRate < 0 || id.errorRate > 1) {
    return makeError(ErrorCode::Usage, "--error-rate \"" + rate + "\" must be a number from 0 to 1");
  }
  return id;
}

// Every listener with its identity; HTTP and gRPC ones apart, plus their
// command-line order for the "listening" lines.
struct ListenerPlan {
  std::vector<bool> grpcAt;  // command-line order: true for a --grpc-listen
  std::vector<std::string> httpAddresses;
  std::vector<echo::EchoIdentity> httpIds;
  std::vector<echo::GrpcEchoListener> grpc;
};

Result<ListenerPlan> planListeners(const ParsedArgs& parsed, const std::vector<std::string>& args,
                                   const std::vector<OptionSpec>& specs) {
  ListenerPlan plan;
  plan.httpAddresses = parsed.all("listen");
  const auto grpcAddresses = parsed.all("grpc-listen");
  if (plan.httpAddresses.empty() && grpcAddresses.empty()) {
    return makeError(ErrorCode::Usage, "--listen or --grpc-listen is required");
  }
  plan.grpcAt = listenerKinds(args, specs);
  if (plan.grpcAt.size() != plan.httpAddresses.size() + grpcAddresses.size()) {
    return makeError(ErrorCode::Usage,
                     "cannot tell the order of --listen and --grpc-listen; give each as "
                     "\"--listen ADDR\" or \"--grpc-listen ADDR\"");
  }
  if (parsed.all("name").empty()) {
    return makeError(ErrorCode::Usage, "--name is required");
  }
  for (size_t i = 0; i < plan.grpcAt.size(); ++i) {
    auto id = identityAt(parsed, i);
    if (!id) {
      return id.error();
    }
    if (plan.grpcAt[i]) {
      plan.grpc.push_back({grpcAddresses[plan.grpc.size()], id->service, id->ns, id->pod});
    } else {
      plan.httpIds.push_back(*id);
    }
  }
  return plan;
}

// "listening ADDR PORT SERVICE" per listener in command-line order, with a
// trailing " grpc" on gRPC ones; tests wait for these lines.
void printListening(std::ostream& out, const ListenerPlan& plan, const std::vector<int>& httpPorts,
                    const std::vector<int>& grpcPorts) {
  for (size_t i = 0, http = 0, grpc = 0; i < plan.grpcAt.size(); ++i) {
    if (plan.grpcAt[i]) {
      const auto& l = plan.grpc[grpc];
      out << "listening " << l.address << " " << grpcPorts[grpc++] << " " << l.service << " grpc" << std::endl;
    } else {
      out << "listening " << plan.httpAddresses[http] << " " << httpPorts[http] << " "
          << plan.httpIds[http].service << std::endl;
      ++http;
    }
  }
}

}  // namespace

int runEcho(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {
      {"help", 'h', false, false, "", "show this help"},
      {"listen", 'l', true, true, "ADDR", "address to serve, e.g. 127.0.0.1:19001 (repeatable)"},
      {"grpc-listen", 0, true, true, "ADDR", "address to serve gRPC on (h2c; repeatable)"},
      {"name", 'n', true, true, "NAME", "service name reported (one per --listen, or one for all)"},
      {"namespace", 0, true, true, "NS", "namespace reported (default: default)"},
      {"pod", 0, true, true, "POD", "pod name reported (default: NAME-<random suffix>)"},
      {"latency", 0, true, true, "DIST", "added latency: 20ms, uniform:10ms-50ms, normal:50ms,10ms, exp:30ms"},
      {"error-rate", 0, true, true, "P", "share of requests answered 503, 0..1"},
      {"workers", 0, true, false, "N", "event-loop threads (default 1)"},
      {"log", 0, true, false, "FILE", "append one JSON line per request to FILE"},
  };
  auto parsed = parseArgs(args, specs);
  if (!parsed) {
    err << "routedeckd echo: " << parsed.error().message << "\n";
    return kExitUsage;
  }
  if (parsed->has("help")) {
    out << "Usage: routedeckd echo (--listen ADDR | --grpc-listen ADDR)... --name NAME [--namespace NS] [...]\n\n"
           "An HTTP/1.1 echo backend like the Gateway API conformance echo server: it answers\n"
           "with JSON describing the request (method, path, host, headers) and its identity\n"
           "(service, pod, namespace). Honours X-Echo-Set-Header, ?delay=, /status/CODE and\n"
           "/retry/?uuid=&succeedAfter=[&responseCode=][&delayRetry=]. Repeat --listen (with\n"
           "matching --name/--namespace/--latency/--error-rate) to serve several backends.\n\n"
           "--grpc-listen serves gRPC over plaintext HTTP/2 (h2c): the conformance service\n"
           "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho (Echo and EchoTwo report the\n"
           "method, metadata, :authority and identity; EchoThree answers UNIMPLEMENTED) and\n"
           "routedeck.echo.v1.Echo (Say: delay_ms, fail_code for the first fail_first calls\n"
           "per request_id; SayMany: a stream of count messages). Identity options apply to\n"
           "listeners in command-line order, --listen and --grpc-listen alike (--latency and\n"
           "--error-rate affect HTTP listeners only).\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  auto plan = planListeners(*parsed, args, specs);
  if (!plan) {
    err << "routedeckd echo: " << plan.error().message << "\n";
    return kExitUsage;
  }
  int workers = 1;
  if (auto w = parsed->get("workers")) {
    workers = std::max(1, std::atoi(w->c_str()));
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  echo::EchoService service(plan->httpIds);
  if (auto log = parsed->get("log"); log && !service.openLog(*log)) {
    err << "routedeckd echo: cannot open log file " << *log << "\n";
    return kExitInvalid;
  }
  net::WorkerPool pool(workers);
  net::ServerLimits limits;
  net::HttpServer server(pool, limits, [&service](net::ServerExchange& ex) { return service.handle(ex); });
  std::vector<int> ports;
  for (const auto& l : plan->httpAddresses) {
    auto port = server.listen(l);
    if (!port) {
      err << "routedeckd echo: " << port.error().message << "\n";
      return kExitInvalid;
    }
    ports.push_back(*port);
  }
  auto grpcServer = echo::GrpcEchoServer::start(plan->grpc);
  if (!grpcServer) {
    err << "routedeckd echo: " << grpcServer.error().message << "\n";
    return kExitInvalid;
  }
  pool.start();
  printListening(out, *plan, ports, (*grpcServer)->ports());
  int sig = 0;
  sigwait(&signals, &sig);
  (*grpcServer)->shutdown();
  server.stopAccepting();
  pool.stop();
  pool.join();
  return kExitOk;
}

}  // namespace routedeck::core::cli
