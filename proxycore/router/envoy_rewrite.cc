#include "proxycore/router/envoy_rewrite.h"

#include <re2/re2.h>

#include "proxycore/common/strings.h"

namespace routedeck::core::router::envoy {

namespace {
bool defaultPort(int port) { return port == 0 || port == 80 || port == 443; }
}  // namespace

std::string replaceMatchedPrefix(const std::string& path, const model::RouteMatch* match,
                                 const std::string& replacement) {
  if (!match || !match->path) {
    return replacement + path;
  }
  switch (match->path->type) {
    case model::PathMatchType::StringPrefix:
    case model::PathMatchType::PathPrefix:
      return replacement + path.substr(std::min(match->path->value.size(), path.size()));
    case model::PathMatchType::Exact:
    case model::PathMatchType::RegularExpression:
      return replacement;
  }
  return replacement;
}

std::string rewrittenPath(const model::Rewrite& rw, const model::RouteMatch* match,
                          const std::string& path) {
  if (rw.path) {
    return rw.path->type == model::PathModifierType::ReplaceFullPath
               ? rw.path->value
               : replaceMatchedPrefix(path, match, rw.path->value);
  }
  if (rw.regexPattern && rw.regexSubstitution) {
    std::string out = path;
    RE2 re(*rw.regexPattern);
    if (re.ok()) {
      RE2::GlobalReplace(&out, re, *rw.regexSubstitution);
    }
    return out;
  }
  return path;
}

std::string effectiveScheme(const Request& req) {
  if (auto proto = req.header("x-forwarded-proto")) {
    return strings::toLower(*proto);
  }
  return req.scheme;
}

std::string authority(const Request& req) {
  return defaultPort(req.port) ? req.host : req.host + ":" + std::to_string(req.port);
}

std::string redirectLocation(const model::Redirect& r, const model::RouteMatch* match,
                             const Request& req) {
  const std::string scheme = r.scheme.value_or(effectiveScheme(req));
  std::string host = r.hostname.value_or(req.host);
  if (r.port) {
    if (!defaultPort(*r.port)) {
      host += ":" + std::to_string(*r.port);
    }
  } else if (!r.hostname && !r.scheme && !defaultPort(req.port)) {
    host += ":" + std::to_string(req.port);
  }
  std::string path = req.path;
  std::string query = req.query;
  if (r.path && r.path->type == model::PathModifierType::ReplaceFullPath) {
    path = r.path->value;
    if (size_t q = path.find('?'); q != std::string::npos) {
      query = path.substr(q + 1);
      path = path.substr(0, q);
    }
  } else if (r.path) {
    path = replaceMatchedPrefix(req.path, match, r.path->value);
  }
  return scheme + "://" + host + path + (query.empty() ? "" : "?" + query);
}

}  // namespace routedeck::core::router::envoy
