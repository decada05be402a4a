// Envoy router_check_tool golden files (envoy.RouterCheckToolSchema.Validation):
// {"tests": [{"test_name", "input": {...}, "validate": {...}}]}. The JSON is
// read through the YAML loader, which also takes upstream's trailing commas.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "proxycore/common/strings.h"
#include "proxycore/daemon/route_test.h"
#include "proxycore/dialects/envoy/envoy.h"

namespace routedeck::core::cli::routetest {

namespace {

using yaml::Node;

// Envoy's default route timeout when the route sets none.
constexpr long long kDefaultTimeoutMs = 15000;

std::string durationText(long long ms) {
  if (ms % 1000 == 0) {
    return std::to_string(ms / 1000) + "s";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(ms) / 1000.0);
  return buf;
}

class EnvoyTests {
 public:
  EnvoyTests(const yaml::Document& doc, Diagnostics& diags)
      : m_doc(doc), m_diags(diags), m_r(doc, diags) {}

  std::vector<TestCase> read() {
    std::vector<TestCase> out;
    const Node* tests = m_doc.root.find("tests");
    for (size_t i = 0; i < tests->size(); ++i) {
      const Node& t = tests->items()[i];
      const std::string path = "tests[" + std::to_string(i) + "]";
      if (!t.isMap()) {
        m_r.error(t, "expected a test object", path);
        continue;
      }
      unknown(t, path, {"test_name", "input", "validate"});
      TestCase tc;
      tc.name = text(t, "test_name").value_or("test " + std::to_string(i + 1));
      tc.location = m_r.at(t);
      const Node* input = t.find("input");
      const Node* validate = t.find("validate");
      if (!input || !input->isMap() || !validate || !validate->isMap()) {
        m_r.error(t, "a test needs \"input\" and \"validate\" objects", path);
        continue;
      }
      if (readInput(*input, path + ".input", tc) &&
          readValidate(*validate, path + ".validate", tc)) {
        out.push_back(std::move(tc));
      }
    }
    return out;
  }

 private:
  const yaml::Document& m_doc;
  Diagnostics& m_diags;
  dialects::Reader m_r;

  std::optional<std::string> text(const Node& map, std::string_view key) const {
    const Node* n = map.find(key);
    return n && n->isScalar() ? std::optional(n->text()) : std::nullopt;
  }

  void unknown(const Node& map, const std::string& path,
               std::initializer_list<std::string_view> known) {
    for (const auto& e : map.entries()) {
      if (std::find(known.begin(), known.end(), e.key) == known.end()) {
        m_diags.warning({m_doc.file, e.keyMark.line, e.keyMark.column},
                        "unknown field \"" + e.key + "\"; ignored", path + "." + e.key);
      }
    }
  }

  bool headerList(const Node& map, std::string_view key, const std::string& path,
                  std::vector<std::string>& lines, router::HeaderList* list) {
    const Node* n = map.find(key);
    if (!n) {
      return true;
    }
    if (!n->isSequence()) {
      m_r.error(*n, "expected a list of {key, value}", path + "." + std::string(key));
      return false;
    }
    for (const auto& h : n->items()) {
      auto k = h.isMap() ? text(h, "key") : std::nullopt;
      if (!k) {
        m_r.error(h, "expected {key, value}", path + "." + std::string(key));
        return false;
      }
      const std::string v = text(h, "value").value_or("");
      lines.push_back(*k + ": " + v);
      if (list) {
        list->emplace_back(*k, v);
      }
    }
    return true;
  }

  bool readInput(const Node& in, const std::string& path, TestCase& tc) {
    unknown(in, path,
            {"authority", "path", "method", "ssl", "internal", "random_value",
             "additional_request_headers", "additional_response_headers", "runtime"});
    auto authority = text(in, "authority");
    auto reqPath = text(in, "path");
    if (!authority || !reqPath) {
      m_r.error(in, "input needs \"authority\" and \"path\"", path);
      return false;
    }
    if (in.has("runtime")) {
      m_r.warning(*in.find("runtime"), "runtime keys are not modelled; ignored", path + ".runtime");
    }
    const bool ssl = in.find("ssl") && in.find("ssl")->asBool().value_or(false);
    const bool internal = in.find("internal") && in.find("internal")->asBool().value_or(false);
    // As router_check_tool does: Host from authority, the scheme as x-forwarded-proto.
    std::vector<std::string> lines = {
        "Host: " + *authority, std::string("x-forwarded-proto: ") + (ssl ? "https" : "http")};
    if (internal) {
      lines.push_back("x-envoy-internal: true");
    }
    std::vector<std::string> responseLines;
    if (!headerList(in, "additional_request_headers", path, lines, nullptr) ||
        !headerList(in, "additional_response_headers", path, responseLines, &tc.responseHeaders)) {
      return false;
    }
    const std::string method = text(in, "method").value_or("GET");
    auto req = router::Request::parse(method + " " + *reqPath, lines);
    if (!req) {
      m_r.error(in, "bad request: " + req.error().message, path);
      return false;
    }
    tc.request = *req;
    tc.request.scheme = ssl ? "https" : "http";
    if (const Node* rv = in.find("random_value")) {
      tc.randomValue = static_cast<unsigned long long>(rv->asInt().value_or(0));
    }
    return true;
  }

  void expectString(const Node& v, const char* key,
                    std::function<std::string(const Outcome&)> actual, TestCase& tc) {
    if (auto expected = text(v, key)) {
      tc.checks.push_back([field = std::string(key), e = *expected, actual](const Outcome& o) {
        return differ(field, e, actual(o));
      });
    }
  }

  bool readValidate(const Node& v, const std::string& path, TestCase& tc) {
    unknown(v, path,
            {"cluster_name", "virtual_host_name", "virtual_cluster_name", "path_rewrite",
             "host_rewrite", "path_redirect", "code_redirect", "timeout", "request_header_matches",
             "response_header_matches", "request_header_fields", "response_header_fields"});
    // The tool reports route-entry fields as "" for redirects, direct
    // responses and requests no route takes.
    expectString(
        v, "cluster_name",
        [](const Outcome& o) {
          return o.routeEntry && o.backend ? o.backend->name : std::string();
        },
        tc);
    expectString(
        v, "virtual_host_name",
        [](const Outcome& o) { return o.routeEntry ? o.decision.route->name : std::string(); }, tc);
    expectString(
        v, "virtual_cluster_name",
        [](const Outcome& o) {
          return o.routeEntry ? o.decision.virtualCluster.value_or("") : std::string();
        },
        tc);
    expectString(
        v, "path_rewrite", [](const Outcome& o) { return o.routeEntry ? o.path : std::string(); },
        tc);
    expectString(
        v, "host_rewrite", [](const Outcome& o) { return o.routeEntry ? o.host : std::string(); },
        tc);
    expectString(
        v, "path_redirect",
        [](const Outcome& o) {
          const auto& d = o.decision;
          if (d.redirectLocation) {
            return *d.redirectLocation;
          }
          return d.rule && d.rule->directResponse ? o.requestUrl : std::string();
        },
        tc);
    if (const Node* code = v.find("code_redirect")) {
      auto expected = code->asInt();
      if (!expected) {
        m_r.error(*code, "code_redirect must be an integer", path + ".code_redirect");
        return false;
      }
      tc.checks.push_back([e = *expected](const Outcome& o) {
        const bool local =
            o.decision.redirectLocation || (o.decision.rule && o.decision.rule->directResponse);
        const long long actual = local ? o.decision.status : 0;
        return actual == e ? std::string()
                           : "code_redirect: expected " + std::to_string(e) + ", got " +
                                 std::to_string(actual);
      });
    }
    if (auto timeout = text(v, "timeout")) {
      std::optional<double> secs;
      if (timeout->size() > 1 && timeout->back() == 's') {
        secs = strings::parseDouble(timeout->substr(0, timeout->size() - 1));
      }
      if (!secs) {
        m_r.error(*v.find("timeout"), "timeout must be a duration like \"15s\"", path + ".timeout");
        return false;
      }
      tc.checks.push_back([e = std::llround(*secs * 1000)](const Outcome& o) {
        long long actual = 0;
        if (o.routeEntry) {
          const auto& t = o.decision.rule->timeouts.request;
          actual = t ? t->millis : kDefaultTimeoutMs;
        }
        return actual == e
                   ? std::string()
                   : "timeout: expected " + durationText(e) + ", got " + durationText(actual);
      });
    }
    for (const char* key : {"request_header_matches", "response_header_matches"}) {
      if (const Node* list = v.find(key)) {
        const int before = m_diags.errorCount();
        auto conditions = dialects::envoy::readHeaderMatchers(m_r, *list, path + "." + key);
        if (m_diags.errorCount() > before) {
          return false;
        }
        tc.checks.push_back(headerCheck(std::move(conditions), key[2] == 's', key));
      }
    }
    for (const char* key : {"request_header_fields", "response_header_fields"}) {
      if (const Node* n = v.find(key)) {
        m_r.error(*n,
                  std::string(key) + " is the deprecated form; use " +
                      (key[2] == 's' ? "response_header_matches" : "request_header_matches"),
                  path + "." + key);
        return false;
      }
    }
    return true;
  }
};

}  // namespace

bool isEnvoyTestFile(const yaml::Node& root) {
  const Node* tests = root.isMap() ? root.find("tests") : nullptr;
  return tests && tests->isSequence() && !root.has("apiVersion");
}

std::vector<TestCase> loadEnvoyTests(const yaml::Document& doc, Diagnostics& diags) {
  return EnvoyTests(doc, diags).read();
}

}  // namespace routedeck::core::cli::routetest
