// routedeckd route-test: run test cases against the route table, report
// PASS/FAIL per case and which rules the cases exercised.
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "proxycore/daemon/args.h"
#include "proxycore/daemon/commands.h"
#include "proxycore/daemon/route_test.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::cli {

namespace {

using RuleKey = std::pair<const model::Route*, int>;

std::string describeRule(const model::Route& r, int rule) {
  const auto& rr = r.rules[rule];
  std::string s = std::string(model::routeKindName(r.kind)) + " " + r.meta.id() + " rule " +
                  std::to_string(rule);
  if (rr.name) {
    s += " (" + *rr.name + ")";
  }
  const auto& loc = rr.origin.location;
  if (loc.line > 0) {
    s += "  " + loc.file + ":" + std::to_string(loc.line);
  }
  return s;
}

std::string summarize(const routetest::Outcome& o) {
  const auto& d = o.decision;
  std::ostringstream s;
  s << "route "
    << (d.route ? d.route->kind + " " + d.route->ns + "/" + d.route->name + " rule " +
                      std::to_string(d.route->rule)
                : std::string("(none)"));
  s << ", status " << (d.status ? std::to_string(d.status) : std::string("forwarded"));
  if (o.backend) {
    s << ", backend " << o.backend->name;
  }
  if (d.virtualCluster) {
    s << ", virtual cluster " << *d.virtualCluster;
  }
  if (o.routeEntry) {
    s << ", path " << o.path << ", host " << o.host;
  }
  if (d.redirectLocation) {
    s << ", redirect " << *d.redirectLocation;
  }
  for (const auto& n : d.notes) {
    s << "; " << n;
  }
  return s.str();
}

// The rules a decision used: the selected rule and, for App Mesh, the
// VirtualRouter route the chain reached.
void markExercised(const model::Config& c, const router::Decision& d, std::set<RuleKey>& used) {
  for (const model::RouteRule* rule : {d.rule, d.innerRule}) {
    if (!rule) {
      continue;
    }
    for (const auto& r : c.routes) {
      for (size_t i = 0; i < r.rules.size(); ++i) {
        if (&r.rules[i] == rule) {
          used.insert({&r, static_cast<int>(i)});
        }
      }
    }
  }
}

void printCoverage(const model::Config& c, const std::set<RuleKey>& used, bool list,
                   std::ostream& out) {
  size_t total = 0;
  std::vector<std::string> missed;
  for (const auto& r : c.routes) {
    for (size_t i = 0; i < r.rules.size(); ++i) {
      ++total;
      if (!used.count({&r, static_cast<int>(i)})) {
        missed.push_back(describeRule(r, static_cast<int>(i)));
      }
    }
  }
  const size_t hit = total - missed.size();
  out << "coverage: " << hit << "/" << total << " rules exercised (" << std::fixed
      << std::setprecision(1)
      << (total ? 100.0 * static_cast<double>(hit) / static_cast<double>(total) : 100.0) << "%)\n";
  if (list) {
    for (const auto& r : c.routes) {
      for (size_t i = 0; i < r.rules.size(); ++i) {
        if (used.count({&r, static_cast<int>(i)})) {
          out << "  exercised:     " << describeRule(r, static_cast<int>(i)) << '\n';
        }
      }
    }
    for (const auto& m : missed) {
      out << "  not exercised: " << m << '\n';
    }
  }
}

}  // namespace

int runRouteTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<OptionSpec> specs = {
      {"help", 'h', false, false, "", "show this help"},
      {"tests", 't', true, true, "FILE",
       "test file: Envoy router-check JSON/YAML or RouteDeck RouteTests"},
      {"details", 'd', false, false, "", "print what routing decided for every case"},
      {"coverage", 'c', false, false, "", "list every rule, exercised or not"}};
  auto parsed = parseArgs(args, specs);
  auto usage = [&](const std::string& message) {
    err << "routedeckd route-test: " << message << "\nTry 'routedeckd route-test --help'.\n";
    return kExitUsage;
  };
  if (!parsed) {
    return usage(parsed.error().message);
  }
  if (parsed->has("help")) {
    out << "Usage: routedeckd route-test ROUTES... --tests FILE [--details] [--coverage]\n\n"
           "Routes each test request through the compiled route table and compares the\n"
           "outcome with the expectations: PASS or FAIL (with what differed) per case, a\n"
           "summary and the share of route rules the tests exercised. Test files are Envoy\n"
           "router_check_tool golden files or RouteDeck RouteTests (any dialect).\n"
           "Exit status: 0 all pass, 1 failures, 2 usage or input errors.\n\nOptions:\n"
        << formatOptions(specs);
    return kExitOk;
  }
  if (parsed->positional.empty()) {
    return usage("no route files");
  }
  if (!parsed->has("tests")) {
    return usage("--tests is required");
  }
  auto config = std::make_shared<model::Config>();
  Diagnostics diags;
  *config = workspace::load(parsed->positional, diags);
  std::vector<std::pair<std::string, std::vector<routetest::TestCase>>> files;
  for (const auto& f : parsed->all("tests")) {
    files.emplace_back(f, routetest::loadTests(f, diags));
  }
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::Error) {
      err << d.format() << '\n';
    }
  }
  if (diags.hasErrors()) {
    err << diags.errorCount() << " error(s); no test was run\n";
    return kExitUsage;
  }
  Diagnostics compileDiags;
  auto table = router::RouteTable::compile(config, compileDiags);
  std::set<RuleKey> used;
  int passed = 0, failed = 0;
  for (const auto& [file, cases] : files) {
    int filePassed = 0, fileFailed = 0;
    for (const auto& tc : cases) {
      routetest::Outcome o = routetest::evaluate(*table, tc);
      markExercised(*config, o.decision, used);
      std::vector<std::string> diffs;
      if (!o.decision.error.empty()) {
        diffs.push_back("routing error: " + o.decision.error);
      }
      for (const auto& check : tc.checks) {
        if (auto diff = check(o); !diff.empty()) {
          diffs.push_back(std::move(diff));
        }
      }
      (diffs.empty() ? filePassed : fileFailed)++;
      out << (diffs.empty() ? "PASS " : "FAIL ") << tc.name;
      if (!diffs.empty()) {
        out << "  (" << tc.location.file << ":" << tc.location.line << ")";
      }
      out << '\n';
      for (const auto& diff : diffs) {
        out << "     " << diff << '\n';
      }
      if (parsed->has("details") || !diffs.empty()) {
        out << "     got: " << summarize(o) << '\n';
      }
    }
    if (files.size() > 1) {
      out << file << ": " << filePassed << " passed, " << fileFailed << " failed\n";
    }
    passed += filePassed;
    failed += fileFailed;
  }
  out << passed << " passed, " << failed << " failed\n";
  printCoverage(*config, used, parsed->has("coverage"), out);
  return failed == 0 ? kExitOk : kExitInvalid;
}

}  // namespace routedeck::core::cli
