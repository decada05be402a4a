#include "proxycore/router/rewrite.h"

#include <re2/re2.h>

namespace routedeck::core::router {

namespace {

int wellKnownPort(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

std::string joinPath(const std::string& head, const std::string& rest) {
  if (rest.empty()) {
    return head.empty() ? "/" : head;
  }
  if (head.empty() || head == "/") {
    return rest.front() == '/' ? rest : "/" + rest;
  }
  if (head.back() == '/' && rest.front() == '/') {
    return head + rest.substr(1);
  }
  if (head.back() != '/' && rest.front() != '/') {
    return head + "/" + rest;
  }
  return head + rest;
}

}  // namespace

std::string replacePrefix(const std::string& path, const model::RouteMatch* match,
                          const std::string& replacement) {
  if (!match || !match->path) {
    return joinPath(replacement, path == "/" ? "" : path);
  }
  const auto& pm = *match->path;
  switch (pm.type) {
    case model::PathMatchType::PathPrefix: {
      const std::string prefix = model::pathPrefixStem(pm.value);
      std::string rest = prefix == "/" ? path : path.substr(std::min(prefix.size(), path.size()));
      return joinPath(replacement, rest);
    }
    case model::PathMatchType::StringPrefix: {
      std::string rest = path.substr(std::min(pm.value.size(), path.size()));
      return joinPath(replacement, rest);
    }
    case model::PathMatchType::Exact:
    case model::PathMatchType::RegularExpression:
      return replacement;
  }
  return replacement;
}

std::string redirectLocation(const model::Redirect& r, const model::RouteMatch* match,
                             const Request& req, model::Dialect dialect) {
  const std::string scheme = r.scheme.value_or(req.scheme);
  const std::string host = r.hostname.value_or(req.host);
  int port = 0;
  if (r.port) {
    port = *r.port;
  } else if (r.scheme) {
    port = wellKnownPort(*r.scheme);
  } else {
    port = req.port ? req.port : wellKnownPort(scheme);
  }
  std::string path = req.path;
  if (r.path) {
    path = r.path->type == model::PathModifierType::ReplaceFullPath
               ? r.path->value
               : replacePrefix(req.path, match, r.path->value);
  }
  std::string location = scheme + "://" + host;
  if (port != wellKnownPort(scheme)) {
    location += ":" + std::to_string(port);
  }
  location += path;
  if (!req.query.empty()) {
    location += "?" + req.query;
  }
  (void)dialect;
  return location;
}

void applyRewrite(const model::Rewrite& rw, const model::RouteMatch* match, const Request& req,
                  Decision& d) {
  if (rw.hostname) {
    d.rewriteHost = *rw.hostname;
  }
  if (rw.path) {
    d.rewritePath = rw.path->type == model::PathModifierType::ReplaceFullPath
                        ? rw.path->value
                        : replacePrefix(req.path, match, rw.path->value);
  } else if (rw.regexPattern && rw.regexSubstitution) {
    std::string path = req.path;
    RE2 re(*rw.regexPattern);
    if (re.ok()) {
      RE2::GlobalReplace(&path, re, *rw.regexSubstitution);
      d.rewritePath = path;
    }
  }
}

}  // namespace routedeck::core::router
