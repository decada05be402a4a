#include "proxycore/common/strings.h"
#include "proxycore/daemon/route_test.h"
#include "proxycore/dialects/envoy/envoy.h"
#include "proxycore/router/envoy_rewrite.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::cli::routetest {

std::string quoted(const std::string& s) { return strings::jsonQuote(s); }

std::string differ(const std::string& field, const std::string& expected,
                   const std::string& actual) {
  return expected == actual ? std::string()
                            : field + ": expected " + quoted(expected) + ", got " + quoted(actual);
}

const router::BackendChoice* pickBackend(const router::Decision& d, unsigned long long random) {
  auto live = d.live();
  unsigned long long total = 0;
  for (const auto* b : live) {
    total += static_cast<unsigned long long>(b->weight);
  }
  if (total == 0) {
    return nullptr;
  }
  unsigned long long bucket = random % total;
  for (const auto* b : live) {
    if (bucket < static_cast<unsigned long long>(b->weight)) {
      return b;
    }
    bucket -= static_cast<unsigned long long>(b->weight);
  }
  return live.back();
}

Check headerCheck(std::vector<model::HeaderMatch> conditions, bool response,
                  const std::string& what) {
  // CompiledMatch points at its spec: keep both alive in the check.
  struct Compiled {
    model::RouteMatch spec;
    std::unique_ptr<router::CompiledMatch> match;
  };
  auto c = std::make_shared<Compiled>();
  c->spec.headers = std::move(conditions);
  c->match = std::make_unique<router::CompiledMatch>(c->spec);
  return [c, response, what](const Outcome& o) -> std::string {
    std::string why;
    if (c->match->evaluate(response ? o.responseAfter : o.requestAfter, &why)) {
      return {};
    }
    return what + ": " + why;
  };
}

Outcome evaluate(const router::RouteTable& table, const TestCase& test) {
  Outcome o;
  o.decision = table.route(test.request, test.entry);
  const router::Decision& d = o.decision;
  const router::Request& req = test.request;
  o.routeEntry = d.rule && !d.rule->redirect && !d.rule->directResponse;
  o.backend = pickBackend(d, test.randomValue);
  o.path = d.rewritePath.value_or(req.path) + (req.query.empty() ? "" : "?" + req.query);
  o.host = d.rewriteHost.value_or(router::envoy::authority(req));
  o.requestUrl = router::envoy::effectiveScheme(req) + "://" + router::envoy::authority(req) +
                 req.pathWithQuery();
  router::FormatContext ctx;
  ctx.request = &req;
  // Request headers as the backend receives them.
  o.requestAfter = req;
  o.requestAfter.host = o.host;
  o.requestAfter.path = d.rewritePath.value_or(req.path);
  router::applyHeaderModifier(*d.requestHeaders, o.requestAfter.headers, &ctx);
  if (o.backend && o.backend->ref) {
    router::applyHeaderModifier(o.backend->ref->requestHeaders, o.requestAfter.headers, &ctx);
  }
  // Response headers: a direct response's body headers first, then the rule's changes.
  router::HeaderList response = test.responseHeaders;
  if (d.rule && d.rule->directResponse && d.rule->directResponse->body &&
      !d.rule->directResponse->body->empty()) {
    response.emplace_back("content-type", "text/plain");
    response.emplace_back("content-length", std::to_string(d.rule->directResponse->body->size()));
  }
  router::applyHeaderModifier(*d.responseHeaders, response, &ctx);
  if (o.backend && o.backend->ref) {
    router::applyHeaderModifier(o.backend->ref->responseHeaders, response, &ctx);
  }
  o.responseAfter.method.clear();
  o.responseAfter.headers = std::move(response);
  return o;
}

std::vector<TestCase> loadTests(const std::string& file, Diagnostics& diags) {
  auto docs = yaml::loadFile(file, diags);
  if (diags.hasErrors()) {
    return {};
  }
  if (docs.size() != 1) {
    diags.error({file, 1, 1},
                "a test file holds exactly one document, found " + std::to_string(docs.size()));
    return {};
  }
  if (isEnvoyTestFile(docs.front().root)) {
    return loadEnvoyTests(docs.front(), diags);
  }
  return loadNativeTests(docs.front(), diags);
}

}  // namespace routedeck::core::cli::routetest
