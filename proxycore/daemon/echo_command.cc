// routedeckd echo: the conformance-style echo backend, for tests and demos.
#include <signal.h>

#include <ostream>

#include "proxycore/daemon/args.h"
#include "proxycore/daemon/commands.h"
#include "proxycore/echo/echo_server.h"
#include "proxycore/net/server.h"

namespace routedeck::core::cli {

int runEcho(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {
      {"help", 'h', false, false, "", "show this help"},
      {"listen", 'l', true, true, "ADDR", "address to serve, e.g. 127.0.0.1:19001 (repeatable)"},
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
    out << "Usage: routedeckd echo --listen ADDR --name NAME [--namespace NS] [...]\n\n"
           "An HTTP/1.1 echo backend like the Gateway API conformance echo server: it answers\n"
           "with JSON describing the request (method, path, host, headers) and its identity\n"
           "(service, pod, namespace). Honours X-Echo-Set-Header, ?delay=, /status/CODE and\n"
           "/retry/?uuid=&succeedAfter=[&responseCode=][&delayRetry=]. Repeat --listen (with\n"
           "matching --name/--namespace/--latency/--error-rate) to serve several backends.\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  auto listens = parsed->all("listen");
  if (listens.empty()) {
    err << "routedeckd echo: --listen is required\n";
    return kExitUsage;
  }
  auto names = parsed->all("name");
  if (names.empty()) {
    err << "routedeckd echo: --name is required\n";
    return kExitUsage;
  }
  auto nth = [](const std::vector<std::string>& v, size_t i, const std::string& def) {
    return v.empty() ? def : v[std::min(i, v.size() - 1)];
  };
  std::vector<echo::EchoIdentity> ids;
  std::random_device rd;
  for (size_t i = 0; i < listens.size(); ++i) {
    echo::EchoIdentity id;
    id.service = nth(names, i, "echo");
    id.ns = nth(parsed->all("namespace"), i, "default");
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", rd());
    id.pod = nth(parsed->all("pod"), i, id.service + "-" + suffix);
    auto lat = echo::LatencyDistribution::parse(nth(parsed->all("latency"), i, ""));
    if (!lat) {
      err << "routedeckd echo: " << lat.error().message << "\n";
      return kExitUsage;
    }
    id.latency = *lat;
    std::string rate = nth(parsed->all("error-rate"), i, "0");
    try {
      id.errorRate = std::stod(rate);
    } catch (const std::exception&) {
      id.errorRate = -1;
    }
    if (id.errorRate < 0 || id.errorRate > 1) {
      err << "routedeckd echo: --error-rate \"" << rate << "\" must be a number from 0 to 1\n";
      return kExitUsage;
    }
    ids.push_back(id);
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

  echo::EchoService service(ids);
  if (auto log = parsed->get("log"); log && !service.openLog(*log)) {
    err << "routedeckd echo: cannot open log file " << *log << "\n";
    return kExitInvalid;
  }
  net::WorkerPool pool(workers);
  net::ServerLimits limits;
  net::HttpServer server(pool, limits, [&service](net::ServerExchange& ex) { return service.handle(ex); });
  std::vector<int> ports;
  for (const auto& l : listens) {
    auto port = server.listen(l);
    if (!port) {
      err << "routedeckd echo: " << port.error().message << "\n";
      return kExitInvalid;
    }
    ports.push_back(*port);
  }
  pool.start();
  for (size_t i = 0; i < listens.size(); ++i) {
    out << "listening " << listens[i] << " " << ports[i] << " " << ids[i].service << std::endl;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  server.stopAccepting();
  pool.stop();
  pool.join();
  return kExitOk;
}

}  // namespace routedeck::core::cli
