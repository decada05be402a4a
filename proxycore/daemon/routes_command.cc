#include <ostream>

#include "proxycore/daemon/args.h"
#include "proxycore/daemon/commands.h"
#include "proxycore/router/route_table.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::cli {

namespace {

std::string describeMatch(const router::Candidate& c) {
  if (!c.matcher) {
    return "(every request)";
  }
  const auto& m = c.matcher->spec();
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : " ") + s; };
  if (m.path) {
    static const char* kinds[] = {"exact", "prefix", "string-prefix", "regex"};
    add(std::string(kinds[static_cast<int>(m.path->type)]) + " " + m.path->value);
  }
  if (m.method) {
    add("method " + *m.method);
  }
  if (m.grpc) {
    add("grpc " + m.grpc->service + "/" + m.grpc->method);
  }
  for (const auto& h : m.headers) {
    add(std::string(h.invert ? "!" : "") + "header " + h.name);
  }
  for (const auto& q : m.queryParams) {
    add("query " + q.name);
  }
  return out.empty() ? "(every request)" : out;
}

}  // namespace

int runRoutes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {{"help", 'h', false, false, "", "show this help"}};
  auto parsed = parseArgs(args, specs);
  if (!parsed || parsed->has("help") || parsed->positional.empty()) {
    (parsed && parsed->has("help") ? out : err)
        << "Usage: routedeckd routes FILE...\n\n"
           "Prints the compiled route table: per gateway listener, each virtual host and\n"
           "its candidate rules in the order they are tried.\n";
    return parsed && parsed->has("help") ? kExitOk : kExitUsage;
  }
  Diagnostics diags;
  auto config = std::make_shared<model::Config>(workspace::load(parsed->positional, diags));
  for (const auto& d : diags.items()) {
    err << d.format() << '\n';
  }
  if (diags.hasErrors()) {
    return kExitInvalid;
  }
  auto table = router::RouteTable::compile(config, diags);
  for (const auto& cl : table->listeners()) {
    out << model::dialectName(cl.gateway->dialect) << " gateway " << cl.gateway->meta.id()
        << " listener " << cl.listener->name << " :" << cl.listener->port << " "
        << cl.listener->protocol << "\n";
    for (const auto& b : config->listenerBindings) {
      if (b.gateway == cl.gateway->meta.id() && b.listener == cl.listener->name) {
        out << "  bound to " << b.bind << "\n";
      }
    }
    for (const auto& vh : cl.vhosts) {
      out << "  host " << vh.hostname << "\n";
      int n = 0;
      for (const auto& c : vh.candidates) {
        out << "    " << ++n << ". " << model::routeKindName(c.route->kind) << " "
            << c.route->meta.id() << " rule " << c.rule;
        if (c.route->rules[c.rule].name) {
          out << " (" << *c.route->rules[c.rule].name << ")";
        }
        out << ": " << describeMatch(c) << "\n";
      }
    }
    for (const auto& r : cl.rejected) {
      out << "  not attached: " << r << "\n";
    }
  }
  for (const auto& [id, router] : table->virtualRouters()) {
    out << "appmesh virtual router " << id << "\n";
    int n = 0;
    for (const auto& c : router.candidates) {
      const auto& rule = c.route->rules[c.rule];
      out << "    " << ++n << ". route " << rule.name.value_or(std::to_string(c.rule));
      if (rule.priority) {
        out << " (priority " << *rule.priority << ")";
      }
      out << ": " << describeMatch(c) << "\n";
    }
  }
  return kExitOk;
}

int runMain(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  const std::string usage =
      "Usage: routedeckd COMMAND [OPTIONS] FILE...\n\n"
      "Commands:\n"
      "  check     validate route files and workspaces\n"
      "  explain   show where a request goes and why\n"
      "  convert   write routes in another dialect, with a fidelity report\n"
      "  routes    print the compiled route table\n"
      "  serve     run the proxy on a workspace\n"
      "  echo      run an echo backend (for tests and demos)\n"
      "  route-test  run test cases (Envoy router-check or RouteTests) with coverage\n\n"
      "Run 'routedeckd COMMAND --help' for a command's options.\n";
  if (argv.size() < 2 || argv[1] == "--help" || argv[1] == "-h" || argv[1] == "help") {
    (argv.size() < 2 ? err : out) << usage;
    return argv.size() < 2 ? kExitUsage : kExitOk;
  }
  if (argv[1] == "--version") {
    out << "routedeckd 0.1.0\n";
    return kExitOk;
  }
  std::vector<std::string> rest(argv.begin() + 2, argv.end());
  const std::string& cmd = argv[1];
  if (cmd == "check") {
    return runCheck(rest, out, err);
  }
  if (cmd == "explain") {
    return runExplain(rest, out, err);
  }
  if (cmd == "convert") {
    return runConvert(rest, out, err);
  }
  if (cmd == "routes") {
    return runRoutes(rest, out, err);
  }
  if (cmd == "serve") {
    return runServe(rest, out, err);
  }
  if (cmd == "echo") {
    return runEcho(rest, out, err);
  }
  if (cmd == "route-test") {
    return runRouteTest(rest, out, err);
  }
  err << "routedeckd: unknown command '" << cmd << "'\n\n" << usage;
  return kExitUsage;
}

}  // namespace routedeck::core::cli
