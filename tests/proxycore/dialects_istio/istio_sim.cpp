// A deliberately small Istio (Envoy) route matcher for translation tests:
// first http[] entry whose any match holds wins. It knows nothing about the
// translators, so a precedence or path-semantics bug in them shows up as a
// request routed to the wrong backend.
#include <regex>

#include "proxycore/common/strings.h"
#include "tests/proxycore/dialects_istio/istio_test_util.h"

namespace routedeck::tests::istio {

using namespace routedeck::core;
using model::PathMatchType;
using model::StringMatchType;

namespace {

bool matchString(const model::StringMatch& m, const std::string& value) {
  switch (m.type) {
    case StringMatchType::Exact:
      return value == m.value;
    case StringMatchType::Prefix:
      return value.starts_with(m.value);
    case StringMatchType::Suffix:
      return value.ends_with(m.value);
    case StringMatchType::RegularExpression:
      return std::regex_match(value, std::regex(m.value));
    case StringMatchType::Present:
      return true;
    case StringMatchType::Range:
      return false;
  }
  return false;
}

bool matchPath(const model::PathMatch& p, std::string path, bool ignoreCase) {
  std::string value = p.value;
  if (ignoreCase) {
    path = strings::toLower(path);
    value = strings::toLower(value);
  }
  switch (p.type) {
    case PathMatchType::Exact:
      return path == value;
    case PathMatchType::StringPrefix:
      return path.starts_with(value);
    case PathMatchType::PathPrefix: {
      while (value.size() > 1 && value.back() == '/') {
        value.pop_back();
      }
      return value == "/" || path == value ||
             (path.starts_with(value) && path.size() > value.size() && path[value.size()] == '/');
    }
    case PathMatchType::RegularExpression:
      return std::regex_match(path, std::regex(p.value));
  }
  return false;
}

using Params = std::map<std::string, std::string>;

bool matchNamed(const std::string& name, const model::StringMatch& m, bool invert,
                const Params& values) {
  auto it = values.find(name);
  const bool ok = it != values.end() && matchString(m, it->second);
  return invert ? !ok : ok;
}

bool matches(const model::RouteMatch& m, const std::string& path, const Params& query,
             const Request& req) {
  if (m.path && !matchPath(*m.path, path, m.ignoreUriCase)) {
    return false;
  }
  if (m.method && *m.method != req.method) {
    return false;
  }
  Params headers = req.headers;
  headers[":method"] = req.method;
  for (const auto& h : m.headers) {
    if (!matchNamed(strings::toLower(h.name), h.match, h.invert, headers)) {
      return false;
    }
  }
  for (const auto& qp : m.queryParams) {
    if (!matchNamed(qp.name, qp.match, false, query)) {
      return false;
    }
  }
  return !m.authority || matchNamed("host", *m.authority, false, headers);
}

}  // namespace

Request parseRequest(const yaml::Node& request) {
  Request r;
  if (const yaml::Node* p = request.find("path")) {
    r.path = p->text();
  }
  if (const yaml::Node* m = request.find("method")) {
    r.method = m->text();
  }
  if (const yaml::Node* hs = request.find("headers"); hs && hs->isMap()) {
    for (const auto& e : hs->entries()) {
      r.headers[strings::toLower(e.key)] = e.value.text();
    }
  }
  if (const yaml::Node* h = request.find("host")) {
    r.headers["host"] = h->text();
  }
  return r;
}

int firstMatch(const model::Route& vs, const Request& req) {
  const size_t qmark = req.path.find('?');
  const std::string path = req.path.substr(0, qmark);
  Params query;
  if (qmark != std::string::npos) {
    for (const auto& pair : strings::split(req.path.substr(qmark + 1), '&')) {
      const size_t eq = pair.find('=');
      query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
    }
  }
  for (size_t i = 0; i < vs.rules.size(); ++i) {
    const auto& rule = vs.rules[i];
    if (rule.matches.empty()) {
      return static_cast<int>(i);
    }
    for (const auto& m : rule.matches) {
      if (matches(m, path, query, req)) {
        return static_cast<int>(i);
      }
    }
  }
  return -1;
}

}  // namespace routedeck::tests::istio
