#include "tests/support/decision_compare.h"

#include <sstream>

namespace routedeck::tests {

namespace {

std::string describe(const core::router::Decision& d) {
  std::ostringstream o;
  o << "matched=" << d.matched << " status=" << d.status << " error=" << d.error
    << " listener=" << d.listener;
  if (d.route) {
    o << " route=" << d.route->kind << " " << d.route->ns << "/" << d.route->name << "#" << d.route->rule;
  }
  o << " rule=" << d.rule << " inner=" << d.innerRule << " match=" << d.match;
  for (const auto& b : d.backends) {
    o << " backend=" << b.kind << ":" << b.ns << "/" << b.name << ":" << b.port.value_or(0) << "w"
      << b.weight << (b.valid ? "" : "(invalid)") << "@" << b.ref;
  }
  for (const auto& m : d.mirrors) {
    o << " mirror=" << m.ns << "/" << m.name;
  }
  o << " rewrite=" << d.rewriteHost.value_or("-") << "," << d.rewritePath.value_or("-")
    << " redirect=" << d.redirectLocation.value_or("-");
  auto headers = [&](const char* what, const core::model::HeaderModifier& m) {
    for (const auto& h : m.set) {
      o << " " << what << ".set=" << h.name << ":" << h.value;
    }
    for (const auto& h : m.add) {
      o << " " << what << ".add=" << h.name << ":" << h.value;
    }
    for (const auto& h : m.remove) {
      o << " " << what << ".remove=" << h;
    }
  };
  headers("request", *d.requestHeaders);
  headers("response", *d.responseHeaders);
  for (const auto& c : d.chain) {
    o << " chain=" << c.kind << ":" << c.ns << "/" << c.name;
  }
  return o.str();
}

}  // namespace

std::string traceModesDiffer(const core::router::RouteTable& table, const core::router::Request& req,
                             core::router::EntryPoint entry) {
  entry.trace = true;
  const std::string traced = describe(table.route(req, entry));
  entry.trace = false;
  const std::string fast = describe(table.route(req, entry));
  return traced == fast ? std::string() : "explain: " + traced + "\n  data plane: " + fast;
}

}  // namespace routedeck::tests
