// routedeckd serve: the proxy as a foreground process. Signals are taken
// synchronously on the main thread (TERM/INT stop, HUP reloads), which also
// polls the loaded files when --watch is on.
#include <algorithm>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <future>
#include <map>
#include <ostream>

#include "proxycore/admin/admin_server.h"
#include "proxycore/control/live_control.h"
#include "proxycore/daemon/args.h"
#include "proxycore/daemon/commands.h"
#include "proxycore/daemon/serve_kubernetes.h"
#include "proxycore/common/strings.h"
#include "proxycore/model/basics.h"
#include "proxycore/proxy/proxy_service.h"
#include "proxycore/stats/prometheus_exporter.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::cli {

namespace {

using Clock = std::chrono::steady_clock;

std::map<std::string, std::pair<long long, long long>> stamps(const std::vector<std::string>& files) {
  std::map<std::string, std::pair<long long, long long>> out;
  for (const auto& f : files) {
    struct stat st {};
    if (::stat(f.c_str(), &st) == 0) {
      out[f] = {static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
                static_cast<long long>(st.st_size)};
    } else {
      out[f] = {-1, -1};
    }
  }
  return out;
}

// Loads the files and applies them; prints every diagnostic. On any error
// the running configuration stays.
bool loadAndApply(proxy::ProxyService& svc, control::LiveControl& control,
                  const std::vector<std::string>& inputs,
                  std::vector<std::string>& watched, std::ostream& err) {
  Diagnostics diags;
  std::vector<std::string> files;
  auto config = std::make_shared<model::Config>(workspace::load(inputs, diags, &files));
  for (const auto& d : diags.items()) {
    err << d.format() << '\n';
  }
  if (diags.hasErrors()) {
    err << "routedeckd: " << diags.errorCount()
        << " error(s); the configuration was not applied"
        << (svc.version() ? " (still serving version " + std::to_string(svc.version()) + ")" : "")
        << '\n';
    if (!files.empty()) {
      watched = files;
    }
    return false;
  }
  // Through the edit path's lock: a reload and an admin edit never interleave.
  auto applied = control.apply(config, diags);
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::Error) {
      err << d.format() << '\n';
    }
  }
  if (!applied) {
    err << "routedeckd: " << applied.error().message << '\n';
    return false;
  }
  watched = files;
  err << "routedeckd: applied configuration version " << *applied << " (" << config->routes.size()
      << " route(s))\n";
  return true;
}

// A proxied connection costs two descriptors (client and upstream): lift the
// soft limit to the hard one, as nginx's worker_rlimit_nofile does, and say
// when even that cannot hold the connection limit.
void raiseDescriptorLimit(int maxConnections, std::ostream& err) {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) {
    return;
  }
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  const rlim_t needed = 2 * static_cast<rlim_t>(maxConnections) + 256;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < needed) {
    err << "routedeckd: warning: the descriptor limit (" << rl.rlim_cur << ") is below the "
        << needed << " that " << maxConnections
        << " connections may need; raise `ulimit -n` or lower --max-connections\n";
  }
}

std::optional<std::chrono::milliseconds> durationOption(const ParsedArgs& p, const std::string& name,
                                                        std::string* error) {
  auto v = p.get(name);
  if (!v) {
    return std::nullopt;
  }
  auto d = model::Duration::parse(*v);
  if (!d) {
    *error = "--" + name + " \"" + *v + "\" is not a duration (e.g. 10s, 250ms)";
    return std::nullopt;
  }
  return std::chrono::milliseconds(d->millis);
}

// Reads the --admin-* options into `security` and checks the address
// against them; returns the problem, or "" when fine. Never prints the token.
std::string adminOptions(const ParsedArgs& p, const std::optional<std::string>& address,
                         admin::AdminSecurity& security) {
  const char* kAdminOptions[] = {"admin-token-file", "admin-tls-cert", "admin-tls-key",
                                 "admin-tls-client-ca"};
  if (!address) {
    for (const char* o : kAdminOptions) {
      if (p.has(o)) {
        return std::string("--") + o + " needs --admin";
      }
    }
    return "";
  }
  if (auto f = p.get("admin-token-file")) {
    auto token = admin::readTokenFile(*f);
    if (!token) {
      return token.error().message;
    }
    security.token = *token;
  }
  const int tlsFiles = p.has("admin-tls-cert") + p.has("admin-tls-key") + p.has("admin-tls-client-ca");
  if (tlsFiles != 0 && tlsFiles != 3) {
    return "admin mTLS needs all of --admin-tls-cert, --admin-tls-key and --admin-tls-client-ca";
  }
  if (tlsFiles == 3) {
    std::string* targets[] = {&security.tlsCertPem, &security.tlsKeyPem, &security.tlsClientCaPem};
    for (int i = 0; i < 3; ++i) {
      auto pem = admin::readPemFile(*p.get(kAdminOptions[i + 1]), std::string("--") + kAdminOptions[i + 1]);
      if (!pem) {
        return pem.error().message;
      }
      *targets[i] = *pem;
    }
  }
  std::string host;
  int port = 0;
  if (auto ok = admin::parseAdminAddress(*address, security.authenticated(), &host, &port); !ok) {
    return ok.error().message;
  }
  return "";
}

}  // namespace

int runServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<OptionSpec> specs = {
      {"help", 'h', false, false, "", "show this help"},
      {"workspace", 'w', true, true, "FILE", "workspace or route file to serve (repeatable)"},
      {"workers", 0, true, false, "N", "event-loop threads (default: one per core)"},
      {"watch", 0, false, false, "", "reload when a loaded file changes"},
      {"max-connections", 0, true, false, "N", "downstream connection limit (10000)"},
      {"max-header-bytes", 0, true, false, "N", "request line + headers limit (65536)"},
      {"max-headers", 0, true, false, "N", "header field count limit (100)"},
      {"max-uri", 0, true, false, "N", "request target length limit (8192)"},
      {"header-timeout", 0, true, false, "DUR", "time for a request head to arrive (10s)"},
      {"idle-timeout", 0, true, false, "DUR", "keep-alive idle limit (60s)"},
      {"connect-timeout", 0, true, false, "DUR", "upstream connect limit (5s)"},
      {"outlier-failures", 0, true, false, "N", "consecutive failures that eject an endpoint (5)"},
      {"outlier-ejection", 0, true, false, "DUR", "base ejection time (30s)"},
      {"no-via", 0, false, false, "", "do not add Via headers"},
      {"metrics", 0, true, false, "HOST:PORT", "serve Prometheus /metrics (loopback only by default)"},
      {"metrics-allow-remote", 0, false, false, "",
       "allow a non-loopback --metrics address (/metrics has no authentication)"},
      {"access-log", 0, true, false, "FILE|-", "write an access log (reopened on SIGHUP)"},
      {"access-log-format", 0, true, false, "json|text", "access log format (json)"},
      {"stats-interval", 0, true, false, "DUR", "stats snapshot interval (250ms)"},
      {"admin", 0, true, false, "HOST:PORT",
       "serve the gRPC admin API (loopback unless a token file or mTLS is given)"},
      {"admin-token-file", 0, true, false, "FILE",
       "require 'authorization: Bearer TOKEN' on admin calls (TOKEN = file content)"},
      {"admin-tls-cert", 0, true, false, "FILE", "admin mTLS: server certificate chain (PEM)"},
      {"admin-tls-key", 0, true, false, "FILE", "admin mTLS: server private key (PEM)"},
      {"admin-tls-client-ca", 0, true, false, "FILE",
       "admin mTLS: CA that client certificates must chain to (PEM)"},
      {"no-stats", 0, false, false, "",
       "record no per-request stats (to measure their cost; no access log either)"},
      {"trace-sampling", 0, true, false, "PCT",
       "percent of requests traced when neither the caller nor the workspace decides (1)"},
      {"otlp-endpoint", 0, true, false, "URL",
       "send traces to an OTLP/HTTP collector, e.g. http://127.0.0.1:4318/v1/traces"},
  };
  for (auto& o : kubernetesOptionSpecs()) specs.push_back(std::move(o));
  auto parsed = parseArgs(args, specs);
  if (!parsed) {
    err << "routedeckd serve: " << parsed.error().message << "\n";
    return kExitUsage;
  }
  if (parsed->has("help")) {
    out << "Usage: routedeckd serve [OPTIONS] [--workspace] FILE...\n"
           "       routedeckd serve --kubernetes [OPTIONS]\n\n"
           "Runs the HTTP/1.1 proxy on the listeners the workspace binds. SIGHUP reloads;\n"
           "SIGTERM/SIGINT stop after in-flight requests finish. An invalid file is\n"
           "rejected with its errors and the running configuration stays.\n"
           "Prints one 'listening ADDRESS PORT' line per bound listener on stdout (and\n"
           "'metrics ADDRESS PORT' with --metrics, 'admin ADDRESS PORT' with --admin).\n"
           "SIGHUP also reopens the access log. Certificate files named by the workspace are\n"
           "checked every second and reloaded for new connections when they change.\n\n"
           "The admin API (proxycore/admin/proto/routedeck/admin/v1/admin.proto) applies\n"
           "and exports configs, explains requests, changes weights, injects faults with\n"
           "an auto-revert deadline and streams stats, access log and traces. A\n"
           "non-loopback --admin address needs --admin-token-file or all three\n"
           "--admin-tls-* files. A reload (SIGHUP, --watch) replaces admin edits.\n\n"
           "With --kubernetes the configuration is the cluster's: the Gateways of\n"
           "--gateway-class (and Istio Gateways of --istio-selector), every route,\n"
           "ReferenceGrant, Service and EndpointSlice, watched and applied within a second\n"
           "of a change; the Gateway API route status (Accepted, ResolvedRefs) is written\n"
           "back. An object with errors is left out (and logged); the rest is served.\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  std::vector<std::string> inputs = parsed->all("workspace");
  inputs.insert(inputs.end(), parsed->positional.begin(), parsed->positional.end());
  const bool kubernetes = parsed->has("kubernetes");
  if (kubernetes && !inputs.empty()) {
    err << "routedeckd serve: give route files or --kubernetes, not both\n";
    return kExitUsage;
  }
  if (!kubernetes) {
    for (const auto& o : kubernetesOptionSpecs()) {
      if (parsed->has(o.name)) {
        err << "routedeckd serve: --" << o.name << " needs --kubernetes\n";
        return kExitUsage;
      }
    }
  }
  if (inputs.empty() && !kubernetes) {
    err << "routedeckd serve: no workspace or route file given\n";
    return kExitUsage;
  }
  proxy::ProxyOptions opts;
  std::string error;
  auto intOption = [&](const std::string& name, auto& target) {
    if (auto v = parsed->get(name)) {
      try {
        target = static_cast<std::remove_reference_t<decltype(target)>>(std::stoll(*v));
      } catch (const std::exception&) {
        error = "--" + name + " \"" + *v + "\" is not a number";
      }
    }
  };
  intOption("workers", opts.workers);
  intOption("max-connections", opts.limits.maxConnections);
  intOption("max-header-bytes", opts.limits.parser.maxHeaderBytes);
  intOption("max-headers", opts.limits.parser.maxHeaders);
  intOption("max-uri", opts.limits.parser.maxUri);
  intOption("outlier-failures", opts.outlier.consecutiveFailures);
  if (auto d = durationOption(*parsed, "header-timeout", &error)) opts.limits.headerTimeout = *d;
  if (auto d = durationOption(*parsed, "idle-timeout", &error)) opts.limits.idleTimeout = *d;
  if (auto d = durationOption(*parsed, "connect-timeout", &error)) opts.connectTimeout = *d;
  if (auto d = durationOption(*parsed, "outlier-ejection", &error)) opts.outlier.baseEjection = *d;
  opts.addVia = !parsed->has("no-via");
  if (auto d = durationOption(*parsed, "stats-interval", &error)) {
    if (d->count() <= 0) error = "--stats-interval must be greater than 0";
    opts.snapshotInterval = *d;
  }
  if (auto f = parsed->get("access-log-format")) {
    if (*f == "json") {
      opts.accessLogFormat = stats::AccessLogFormat::Json;
    } else if (*f == "text") {
      opts.accessLogFormat = stats::AccessLogFormat::Text;
    } else {
      error = "--access-log-format \"" + *f + "\" is not json or text";
    }
  }
  if (auto f = parsed->get("access-log")) {
    opts.accessLogPath = *f;
  }
  opts.recordStats = !parsed->has("no-stats");
  if (!opts.recordStats && !opts.accessLogPath.empty()) {
    error = "--access-log needs the stats --no-stats turns off";
  }
  if (auto v = parsed->get("trace-sampling")) {
    auto pct = strings::parseDouble(*v);
    if (!pct || *pct < 0 || *pct > 100) {
      error = "--trace-sampling \"" + *v + "\" is not a percentage in 0..100";
    } else {
      opts.traceSamplingPercent = *pct;
    }
  }
  if (auto v = parsed->get("otlp-endpoint")) {
    opts.otlpEndpoint = *v;
  }
  const std::optional<std::string> metricsAddress = parsed->get("metrics");
  const bool metricsRemote = parsed->has("metrics-allow-remote");
  if (metricsAddress && error.empty()) {
    std::string host;
    int port = 0;
    if (auto ok = stats::parseMetricsAddress(*metricsAddress, metricsRemote, &host, &port); !ok) {
      error = ok.error().message;
    }
  }
  const std::optional<std::string> adminAddress = parsed->get("admin");
  admin::AdminSecurity adminSecurity;
  if (error.empty()) {
    error = adminOptions(*parsed, adminAddress, adminSecurity);
  }
  if (!error.empty()) {
    err << "routedeckd serve: " << error << "\n";
    return kExitUsage;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any worker thread exists

  raiseDescriptorLimit(opts.limits.maxConnections, err);
  proxy::ProxyService svc(opts);
  if (auto opened = svc.openAccessLog(); !opened) {
    err << "routedeckd serve: " << opened.error().message << "\n";
    return kExitInvalid;
  }
  if (auto exporting = svc.startTraceExport(); !exporting) {
    err << "routedeckd serve: " << exporting.error().message << "\n";
    return kExitUsage;
  }
  control::LiveControl control(svc);
  std::vector<std::string> watched;
  std::unique_ptr<KubernetesSource> cluster;
  if (kubernetes) {
    int code = kExitOk;
    cluster = KubernetesSource::start(*parsed, err, &code);
    if (!cluster) {
      return code;
    }
    if (!cluster->applyInitial(svc, control, err)) {
      return kExitInvalid;
    }
  } else if (!loadAndApply(svc, control, inputs, watched, err)) {
    return kExitInvalid;
  }
  std::unique_ptr<admin::AdminServer> adminServer;
  if (adminAddress) {
    auto started = admin::AdminServer::start(*adminAddress, adminSecurity, svc, control);
    if (!started) {
      err << "routedeckd serve: " << started.error().message << "\n";
      return kExitInvalid;
    }
    adminServer = std::move(*started);
  }
  std::unique_ptr<stats::MetricsServer> metrics;
  if (metricsAddress) {
    auto started = stats::MetricsServer::start(*metricsAddress, metricsRemote,
                                               [&svc] { return svc.latestSnapshot(); });
    if (!started) {
      err << "routedeckd serve: " << started.error().message << "\n";
      return kExitInvalid;
    }
    metrics = std::move(*started);
  }
  svc.start();
  if (metrics) {
    out << "metrics " << *metricsAddress << " " << metrics->port() << std::endl;
  }
  if (adminServer) {
    out << "admin " << *adminAddress << " " << adminServer->port() << std::endl;
  }
  for (const auto& b : svc.bound()) {
    out << "listening " << b.bind << " " << b.port << std::endl;
  }
  auto seen = stamps(watched);
  const bool watch = parsed->has("watch");
  std::string exportError;  // said once per failure streak, not per batch
  auto reportBinds = [&out](const auto& before, const auto& after) {
    auto has = [](const auto& list, const auto& b) {
      return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.bind == b.bind; });
    };
    for (const auto& b : after) {
      if (!has(before, b)) out << "listening " << b.bind << " " << b.port << std::endl;
    }
    for (const auto& b : before) {
      if (!has(after, b)) out << "closed " << b.bind << " " << b.port << std::endl;
    }
  };
  for (;;) {
    // A cluster change must be live within a second: poll it more often.
    timespec wait{0, (cluster ? 100 : 250) * 1000 * 1000};
    int sig = sigtimedwait(&signals, nullptr, &wait);
    if (const auto* otlp = svc.traceExporter()) {
      std::string e = otlp->lastError();
      if (e != exportError) {
        err << (e.empty() ? "routedeckd: trace export recovered\n"
                          : "routedeckd: warning: trace export failed: " + e + "\n");
        exportError = std::move(e);
      }
    }
    // The certificate poll thread reloads on its own; this thread says so.
    for (const auto& line : svc.takeCertificateMessages()) {
      err << "routedeckd: " << line << '\n';
    }
    if (sig == SIGINT || sig == SIGTERM) {
      err << "routedeckd: stopping\n";
      break;
    }
    bool reload = sig == SIGHUP;
    if (sig == SIGHUP) {
      svc.reopenAccessLog();  // logrotate's postrotate sends SIGHUP
    }
    if (cluster) {
      const auto before = svc.bound();
      if (cluster->poll(svc, control, err)) reportBinds(before, svc.bound());
      continue;
    }
    if (!reload && watch) {
      auto now = stamps(watched);
      reload = now != seen;
    }
    if (reload) {
      const auto before = svc.bound();
      loadAndApply(svc, control, inputs, watched, err);
      seen = stamps(watched);
      reportBinds(before, svc.bound());
    }
  }
  // Admin calls end first: none may edit the config while the proxy stops.
  adminServer.reset();
  // The Exposer takes ~2 s to shut down: overlap it with draining requests.
  auto closing = std::async(std::launch::async, [&metrics] { metrics.reset(); });
  svc.stop();
  closing.wait();
  return kExitOk;
}

}  // namespace routedeck::core::cli
