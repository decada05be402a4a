#include "tests/proxycore/router/router_fixture.h"

#include "proxycore/dialects/dialect.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/decision_compare.h"

namespace routedeck::tests {

std::string routeOnce(const std::string& yaml, const std::string& request,
                      const std::vector<std::string>& headers, const std::string& gateway,
                      core::router::Decision* decision) {
  core::Diagnostics diags;
  auto docs = core::yaml::loadString(yaml, "inline.yaml", diags);
  auto config = std::make_shared<core::model::Config>();
  for (const auto& d : docs) {
    core::dialects::importDocument(d, *config, diags);
  }
  if (diags.hasErrors()) {
    return "error: " + diags.format();
  }
  auto table = core::router::RouteTable::compile(config, diags);
  auto req = core::router::Request::parse(request, headers);
  if (!req) {
    return "error: " + req.error().message;
  }
  core::router::EntryPoint entry;
  entry.gateway = gateway;
  if (std::string diff = traceModesDiffer(*table, *req, entry); !diff.empty()) {
    return "error: untraced route differs from explain: " + diff;
  }
  core::router::Decision d = table->route(*req, entry);
  if (decision) {
    // The decision views the table; keep the last one alive for the caller.
    static core::router::RouteTableConstSharedPtr keepAlive;
    keepAlive = table;
    *decision = d;
  }
  if (!d.error.empty()) {
    return "error: " + d.error;
  }
  if (d.status != 0) {
    return "status " + std::to_string(d.status);
  }
  return d.route->kind + " " + d.route->ns + "/" + d.route->name + "#" + std::to_string(d.route->rule);
}

}  // namespace routedeck::tests
