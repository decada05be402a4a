// RouteDeck's own, dialect-neutral test format (routedeck.dev/v1alpha1
// RouteTests); see proxycore/daemon/README.md.
#include <set>

#include "proxycore/common/strings.h"
#include "proxycore/daemon/route_test.h"
#include "proxycore/dialects/reader.h"

namespace routedeck::core::cli::routetest {

namespace {

using yaml::Node;

class NativeTests {
 public:
  NativeTests(const yaml::Document& doc, Diagnostics& diags)
      : m_doc(doc), m_diags(diags), m_r(doc, diags) {}

  std::vector<TestCase> read() {
    std::vector<TestCase> out;
    const Node& root = m_doc.root;
    const Node* apiVersion = root.isMap() ? root.find("apiVersion") : nullptr;
    const Node* kind = root.isMap() ? root.find("kind") : nullptr;
    if (!apiVersion || apiVersion->text() != "routedeck.dev/v1alpha1" || !kind ||
        kind->text() != "RouteTests") {
      m_r.error(root,
                "not a test file: expected an Envoy router-check file ({\"tests\": [...]}) or "
                "apiVersion: routedeck.dev/v1alpha1, kind: RouteTests",
                "");
      return out;
    }
    allowOnly(root, "", {"apiVersion", "kind", "metadata", "spec"});
    const Node* spec = m_r.map(&root, "spec");
    const Node* tests = m_r.seq(spec, "tests");
    if (!tests) {
      m_r.error(spec ? *spec : root, "spec.tests must be a list of tests", "spec.tests");
      return out;
    }
    allowOnly(*spec, "spec", {"gateway", "tests"});
    const std::string gateway = m_r.str(spec, "gateway").value_or("");
    for (size_t i = 0; i < tests->size(); ++i) {
      const Node& t = tests->items()[i];
      const std::string path = "spec.tests[" + std::to_string(i) + "]";
      if (!t.isMap()) {
        m_r.error(t, "expected a test object", path);
        continue;
      }
      allowOnly(t, path, {"name", "request", "expect"});
      TestCase tc;
      tc.name = m_r.str(&t, "name").value_or("test " + std::to_string(i + 1));
      tc.location = m_r.at(t);
      tc.entry.gateway = gateway;
      const Node* request = m_r.map(&t, "request");
      const Node* expect = m_r.map(&t, "expect");
      if (!request || !expect) {
        m_r.error(t, "a test needs \"request\" and \"expect\" objects", path);
        continue;
      }
      if (readRequest(*request, path + ".request", tc) &&
          readExpect(*expect, path + ".expect", tc)) {
        out.push_back(std::move(tc));
      }
    }
    return out;
  }

 private:
  const yaml::Document& m_doc;
  Diagnostics& m_diags;
  dialects::Reader m_r;

  void allowOnly(const Node& map, const std::string& path, std::set<std::string> keys) {
    for (const auto& e : map.entries()) {
      if (!keys.count(e.key)) {
        m_diags.error({m_doc.file, e.keyMark.line, e.keyMark.column},
                      "unknown field \"" + e.key + "\"", path.empty() ? e.key : path + "." + e.key);
      }
    }
  }

  // headers: {name: value} or [{name, value}]
  std::vector<std::pair<std::string, std::optional<std::string>>> headerMap(const Node& n) {
    std::vector<std::pair<std::string, std::optional<std::string>>> out;
    if (n.isMap()) {
      for (const auto& e : n.entries()) {
        out.emplace_back(e.key, e.value.isNull() ? std::nullopt : std::optional(e.value.text()));
      }
    } else if (n.isSequence()) {
      for (const auto& h : n.items()) {
        out.emplace_back(m_r.str(&h, "name").value_or(""), m_r.str(&h, "value"));
      }
    }
    return out;
  }

  bool readRequest(const Node& n, const std::string& path, TestCase& tc) {
    allowOnly(
        n, path,
        {"gateway", "port", "scheme", "method", "host", "path", "headers", "sni", "randomValue"});
    if (auto g = m_r.str(&n, "gateway")) {
      tc.entry.gateway = *g;
    }
    tc.entry.port = m_r.integer(&n, "port").value_or(0);
    tc.entry.sni = m_r.str(&n, "sni").value_or("");
    tc.randomValue = static_cast<unsigned long long>(m_r.integer(&n, "randomValue").value_or(0));
    auto host = m_r.str(&n, "host");
    if (!host) {
      m_r.error(n, "request needs a \"host\"", path + ".host");
      return false;
    }
    const std::string scheme = m_r.str(&n, "scheme").value_or("http");
    const std::string url = scheme + "://" + *host + m_r.str(&n, "path").value_or("/");
    std::vector<std::string> lines;
    if (const Node* h = n.find("headers")) {
      for (const auto& [k, v] : headerMap(*h)) {
        lines.push_back(k + ": " + v.value_or(""));
      }
    }
    auto req = router::Request::parse(m_r.str(&n, "method").value_or("GET") + " " + url, lines);
    if (!req) {
      m_r.error(n, req.error().message, path);
      return false;
    }
    tc.request = *req;
    return true;
  }

  static std::string str(const std::optional<std::string>& s) { return s.value_or(""); }

  void expectRoute(const Node& n, const std::string& path, TestCase& tc) {
    allowOnly(n, path, {"kind", "namespace", "name", "rule", "ruleName"});
    for (const char* key : {"kind", "namespace", "name", "rule", "ruleName"}) {
      auto expected = m_r.str(&n, key);
      if (!expected) {
        continue;
      }
      const std::string k = key;
      tc.checks.push_back([k, e = *expected](const Outcome& o) {
        const auto& r = o.decision.route;
        const std::string actual = !r                 ? "(no route)"
                                   : k == "kind"      ? r->kind
                                   : k == "namespace" ? r->ns
                                   : k == "name"      ? r->name
                                   : k == "rule"      ? std::to_string(r->rule)
                                                      : r->ruleName.value_or("");
        return differ("route." + k, e, actual);
      });
    }
  }

  void expectBackend(const Node& n, const std::string& path, TestCase& tc) {
    if (n.isNull()) {
      tc.checks.push_back([](const Outcome& o) {
        return o.backend ? "backend: expected none, got " + quoted(o.backend->name) : std::string();
      });
      return;
    }
    allowOnly(n, path, {"kind", "name", "namespace", "port"});
    for (const char* key : {"kind", "name", "namespace", "port"}) {
      auto expected = m_r.str(&n, key);
      if (!expected) {
        continue;
      }
      const std::string k = key;
      tc.checks.push_back([k, e = *expected](const Outcome& o) {
        const auto* b = o.backend;
        const std::string actual = !b                 ? "(none)"
                                   : k == "kind"      ? b->kind
                                   : k == "name"      ? b->name
                                   : k == "namespace" ? b->ns
                                                      : (b->port ? std::to_string(*b->port) : "");
        return differ("backend." + k, e, actual);
      });
    }
  }

  void expectHeaders(const Node& n, bool response, TestCase& tc) {
    std::vector<model::HeaderMatch> conditions;
    for (const auto& [name, value] : headerMap(n)) {
      if (value) {
        conditions.push_back({name, {model::StringMatchType::Exact, *value}, false});
      } else {
        conditions.push_back({name, {model::StringMatchType::Present, {}}, true});
      }
    }
    tc.checks.push_back(headerCheck(std::move(conditions), response,
                                    response ? "responseHeaders" : "requestHeaders"));
  }

  bool readExpect(const Node& n, const std::string& path, TestCase& tc) {
    allowOnly(n, path,
              {"status", "route", "backend", "rewrittenPath", "rewrittenHost", "redirect",
               "requestHeaders", "responseHeaders"});
    if (const Node* s = n.find("status")) {
      const std::string e = s->text();
      if (e != "forwarded" && !s->asInt()) {
        m_r.error(*s, "status must be an HTTP status or \"forwarded\"", path + ".status");
        return false;
      }
      tc.checks.push_back([e](const Outcome& o) {
        const int st = o.decision.status;
        return differ("status", e, st == 0 ? "forwarded" : std::to_string(st));
      });
    }
    if (const Node* r = m_r.map(&n, "route")) {
      expectRoute(*r, path + ".route", tc);
    }
    if (const Node* b = n.find("backend")) {
      expectBackend(*b, path + ".backend", tc);
    }
    if (auto e = m_r.str(&n, "rewrittenPath")) {
      tc.checks.push_back(
          [e = *e](const Outcome& o) { return differ("rewrittenPath", e, o.path); });
    }
    if (auto e = m_r.str(&n, "rewrittenHost")) {
      tc.checks.push_back(
          [e = *e](const Outcome& o) { return differ("rewrittenHost", e, o.host); });
    }
    if (const Node* r = n.find("redirect")) {
      const std::string e = r->isNull() ? "" : r->text();
      tc.checks.push_back([e](const Outcome& o) {
        return differ("redirect", e, o.decision.redirectLocation.value_or(""));
      });
    }
    if (const Node* h = n.find("requestHeaders")) {
      expectHeaders(*h, false, tc);
    }
    if (const Node* h = n.find("responseHeaders")) {
      expectHeaders(*h, true, tc);
    }
    return true;
  }
};

}  // namespace

std::vector<TestCase> loadNativeTests(const yaml::Document& doc, Diagnostics& diags) {
  return NativeTests(doc, diags).read();
}

}  // namespace routedeck::core::cli::routetest
