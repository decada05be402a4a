#include "proxycore/daemon/commands.h"

#include <ostream>
#include <set>

#include "proxycore/common/strings.h"
#include "proxycore/daemon/args.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/dialects/envoy/envoy.h"
#include "proxycore/proxy/listener_tls.h"
#include "proxycore/router/route_table.h"
#include "proxycore/workspace/workspace.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::cli {

namespace {

const OptionSpec kHelp{"help", 'h', false, false, "", "show this help"};

// Loads and validates; prints every diagnostic. Returns false on errors.
bool loadConfig(const std::vector<std::string>& files, model::Config& config, std::ostream& err,
                bool quietWarnings = false) {
  Diagnostics diags;
  config = workspace::load(files, diags);
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::Error || !quietWarnings) {
      err << d.format() << '\n';
    }
  }
  if (diags.hasErrors()) {
    err << diags.errorCount() << " error(s); nothing was applied\n";
    return false;
  }
  return true;
}

int usageError(const std::string& command, const std::string& message, std::ostream& err) {
  err << "routedeckd " << command << ": " << message << "\n"
      << "Try 'routedeckd " << command << " --help'.\n";
  return kExitUsage;
}

}  // namespace

int runCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {
      kHelp, {"quiet", 'q', false, false, "", "print errors only, no warnings or summary"}};
  auto parsed = parseArgs(args, specs);
  if (!parsed) {
    return usageError("check", parsed.error().message, err);
  }
  if (parsed->has("help")) {
    out << "Usage: routedeckd check [OPTIONS] FILE...\n\n"
           "Validates route files (Gateway API, Istio, App Mesh, Kubernetes Services) and\n"
           "RouteDeck workspaces against the CRD schemas and RouteDeck's semantic checks.\n"
           "Every problem is reported as FILE:LINE:COL: error: MESSAGE [field.path].\n"
           "Exit status: 0 valid, 1 invalid, 2 usage error.\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  if (parsed->positional.empty()) {
    return usageError("check", "no input files", err);
  }
  model::Config config;
  if (!loadConfig(parsed->positional, config, err, parsed->has("quiet"))) {
    return kExitInvalid;
  }
  // Certificates as serve loads them: Secrets present, parsable, key matching.
  Diagnostics tlsDiags;
  for (const auto& g : config.gateways) {
    std::set<int> ports;
    for (const auto& l : g.listeners) {
      if (l.tls) {
        ports.insert(l.port);
      }
    }
    for (int port : ports) {
      proxy::buildListenerTls(config, g.meta.id(), port, tlsDiags);
    }
  }
  if (tlsDiags.hasErrors()) {
    for (const auto& d : tlsDiags.items()) {
      err << d.format() << '\n';
    }
    return kExitInvalid;
  }
  if (!parsed->has("quiet")) {
    size_t rules = 0;
    for (const auto& r : config.routes) {
      rules += r.rules.size();
    }
    out << "ok: " << config.gateways.size() << " gateway(s), " << config.routes.size()
        << " route(s) with " << rules << " rule(s), " << config.services.size()
        << " service(s), " << config.destinationRules.size() << " destination rule(s), "
        << config.meshServices.size() + config.virtualNodes.size() << " mesh object(s)\n";
  }
  return kExitOk;
}

int runExplain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {
      kHelp,
      {"gateway", 'g', true, false, "NS/NAME", "gateway the request enters (default: the only one)"},
      {"port", 'p', true, false, "N", "listener port (default: from the URL, 80/443)"},
      {"sni", 0, true, false, "NAME", "TLS server name the client sent (HTTPS listeners)"},
      {"mesh-service", 0, true, false, "NS/NAME",
       "App Mesh: enter at this VirtualService as an in-mesh client"},
      {"request", 'r', true, false, "'METHOD URL'", "the request, e.g. 'GET http://example.com/v2'"},
      {"header", 'H', true, true, "'Name: value'", "a request header (repeatable)"},
      {"compact", 0, false, false, "", "print the JSON on one line"}};
  auto parsed = parseArgs(args, specs);
  if (!parsed) {
    return usageError("explain", parsed.error().message, err);
  }
  if (parsed->has("help")) {
    out << "Usage: routedeckd explain [OPTIONS] --request 'METHOD URL' FILE...\n\n"
           "Shows where a request goes and why: the selected route rule, its backends,\n"
           "rewrites, redirects and header changes, and every candidate rule in precedence\n"
           "order with the reason it matched, did not match, or was shadowed.\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  if (!parsed->has("request")) {
    return usageError("explain", "--request is required", err);
  }
  if (parsed->positional.empty()) {
    return usageError("explain", "no input files", err);
  }
  auto request = router::Request::parse(*parsed->get("request"), parsed->all("header"));
  if (!request) {
    return usageError("explain", request.error().message, err);
  }
  router::EntryPoint entry;
  entry.gateway = parsed->get("gateway").value_or("");
  entry.sni = parsed->get("sni").value_or("");
  entry.meshService = parsed->get("mesh-service").value_or("");
  if (auto p = parsed->get("port")) {
    auto port = strings::parseInt(*p);
    if (!port || *port < 1 || *port > 65535) {
      return usageError("explain", "--port must be 1..65535, got '" + *p + "'", err);
    }
    entry.port = static_cast<int>(*port);
  }
  auto config = std::make_shared<model::Config>();
  if (!loadConfig(parsed->positional, *config, err, true)) {
    return kExitInvalid;
  }
  Diagnostics compileDiags;
  auto table = router::RouteTable::compile(config, compileDiags);
  router::Decision d = table->route(*request, entry);
  out << router::toJson(d, parsed->has("compact") ? -1 : 2) << '\n';
  if (!d.error.empty()) {
    err << "routedeckd explain: " << d.error << '\n';
    return kExitInvalid;
  }
  return kExitOk;
}

int runConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {
      kHelp, {"to", 't', true, false, "DIALECT", "gateway-api, istio or appmesh"}};
  auto parsed = parseArgs(args, specs);
  if (!parsed) {
    return usageError("convert", parsed.error().message, err);
  }
  if (parsed->has("help")) {
    out << "Usage: routedeckd convert --to gateway-api|istio|appmesh FILE...\n\n"
           "Writes the routes in another dialect as YAML on stdout and a fidelity report on\n"
           "stderr: what maps exactly, what maps approximately, what cannot be expressed.\n"
           "Objects already in the target dialect are written back unchanged.\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  const std::string to = parsed->get("to").value_or("");
  model::Dialect target;
  if (to == "gateway-api" || to == "gatewayapi") {
    target = model::Dialect::GatewayApi;
  } else if (to == "istio") {
    target = model::Dialect::Istio;
  } else if (to == "appmesh" || to == "app-mesh") {
    target = model::Dialect::AppMesh;
  } else if (to == "envoy") {
    err << "routedeckd convert: " << dialects::envoy::exportRefusal() << '\n';
    return kExitUsage;
  } else {
    return usageError("convert",
                      to.empty() ? "--to is required" : "unknown dialect '" + to + "'", err);
  }
  if (parsed->positional.empty()) {
    return usageError("convert", "no input files", err);
  }
  model::Config config;
  if (!loadConfig(parsed->positional, config, err, true)) {
    return kExitInvalid;
  }
  dialects::FidelityReport report;
  out << yaml::writeDocuments(dialects::exportConfig(config, target, report));
  err << report.format();
  return kExitOk;
}

}  // namespace routedeck::core::cli
