#include "proxycore/api/explain.h"

#include <algorithm>

#include "proxycore/router/route_table.h"

namespace routedeck::core::api {

namespace {

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

const model::PathMatch* pathOf(const model::Config& config, const ExplainCandidate& c) {
  for (const auto& r : config.routes) {
    if (model::routeKindName(r.kind) == c.routeKind && r.meta.effectiveNamespace() == c.routeNamespace &&
        r.meta.name == c.routeName && c.rule >= 0 && static_cast<size_t>(c.rule) < r.rules.size()) {
      const auto& matches = r.rules[static_cast<size_t>(c.rule)].matches;
      if (c.match >= 0 && static_cast<size_t>(c.match) < matches.size() && matches[static_cast<size_t>(c.match)].path) {
        return &*matches[static_cast<size_t>(c.match)].path;
      }
    }
  }
  return nullptr;
}

// The request path cut to what a prefix looks at: as many segments as an
// element-wise PathPrefix has ("/apiz/x" vs "/api" → "/apiz"), as many
// characters as a string prefix.
std::string prefixStem(const model::PathMatch& p, const std::string& path) {
  if (p.type == model::PathMatchType::StringPrefix) {
    return path.substr(0, std::min(path.size(), p.value.size()));
  }
  const std::string want = model::pathPrefixStem(p.value);
  const auto segments = std::count(want.begin(), want.end(), '/');
  size_t cut = 0;
  for (long i = 0; i <= segments && cut != std::string::npos; ++i) {
    cut = path.find('/', cut + (i == 0 ? 0 : 1));
  }
  return cut == std::string::npos ? path : path.substr(0, cut);
}

// How far the request path is from what a candidate's path match wants, so
// "/reviewz/1" is one edit from PathPrefix "/reviews".
size_t pathDistance(const model::PathMatch& p, const std::string& path) {
  if (p.type == model::PathMatchType::RegularExpression) {
    return std::string::npos;
  }
  const std::string stem = p.type == model::PathMatchType::Exact ? path : prefixStem(p, path);
  return editDistance(stem, p.type == model::PathMatchType::PathPrefix ? model::pathPrefixStem(p.value) : p.value);
}

void findNearest(const model::Config& config, const std::string& path, ExplainReport& out) {
  size_t best = std::string::npos;
  for (size_t i = 0; i < out.candidates.size(); ++i) {
    const auto& c = out.candidates[i];
    const auto* p = pathOf(config, c);
    if (c.outcome != "no match" || p == nullptr || p->value == "/") {
      continue;  // "/" is near everything and helps no one
    }
    const size_t d = pathDistance(*p, path);
    if (d < best && d <= std::max<size_t>(1, p->value.size() / 3)) {
      best = d;
      out.nearest = static_cast<int>(i);
      out.nearestHint = "Nearest match: " + c.routeKind + " " + c.routeNamespace + "/" + c.routeName +
                        " rule " + std::to_string(c.rule) + (c.ruleName.empty() ? "" : " (" + c.ruleName + ")") +
                        " wants path " + p->value + "; the request has " + path + " (" + std::to_string(d) +
                        (d == 1 ? " character" : " characters") + " apart).";
    }
  }
}

const model::RouteMatch kEverything{};

const model::RouteMatch& matchOf(const router::Candidate& c) {
  const auto& matches = c.route->rules[static_cast<size_t>(c.rule)].matches;
  return c.match >= 0 && static_cast<size_t>(c.match) < matches.size() ? matches[static_cast<size_t>(c.match)] : kEverything;
}

// True when every request `later` matches is matched by `earlier` too.
bool pathCovers(const std::optional<model::PathMatch>& earlier, const std::optional<model::PathMatch>& later) {
  if (!earlier || (earlier->type == model::PathMatchType::PathPrefix && model::pathPrefixStem(earlier->value) == "/")) {
    return true;
  }
  if (!later || later->type == model::PathMatchType::RegularExpression) {
    return earlier->type == model::PathMatchType::RegularExpression && later && earlier->value == later->value;
  }
  switch (earlier->type) {
    case model::PathMatchType::Exact:
      return later->type == model::PathMatchType::Exact && later->value == earlier->value;
    case model::PathMatchType::PathPrefix:
      return later->type != model::PathMatchType::StringPrefix && model::pathPrefixMatches(earlier->value, later->value);
    case model::PathMatchType::StringPrefix:
      return later->value.rfind(earlier->value, 0) == 0;
    case model::PathMatchType::RegularExpression:
      return false;
  }
  return false;
}

template <typename T>
bool subset(const std::vector<T>& earlier, const std::vector<T>& later) {
  return std::all_of(earlier.begin(), earlier.end(),
                     [&](const T& e) { return std::find(later.begin(), later.end(), e) != later.end(); });
}

bool covers(const model::RouteMatch& earlier, const model::RouteMatch& later) {
  return pathCovers(earlier.path, later.path) && subset(earlier.headers, later.headers) &&
         subset(earlier.queryParams, later.queryParams) && (!earlier.method || earlier.method == later.method) &&
         (!earlier.grpc || earlier.grpc == later.grpc) && (!earlier.port || earlier.port == later.port) &&
         (!earlier.authority || earlier.authority == later.authority) &&
         (!earlier.scheme || earlier.scheme == later.scheme) && earlier.ignoreUriCase == later.ignoreUriCase;
}

std::string describe(const router::Candidate& c) {
  const auto& rule = c.route->rules[static_cast<size_t>(c.rule)];
  return std::string(model::routeKindName(c.route->kind)) + " " + c.route->meta.effectiveNamespace() + "/" +
         c.route->meta.name + " rule " + std::to_string(c.rule) + (rule.name ? " (" + *rule.name + ")" : "");
}

void markShadowing(const router::VirtualHost& vh, std::vector<PrecedenceEntry>& out) {
  for (size_t i = 0; i < vh.candidates.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (covers(matchOf(vh.candidates[j]), matchOf(vh.candidates[i]))) {
        out[i].shadowedBy = describe(vh.candidates[j]);
        out[j].shadows += (out[j].shadows.empty() ? "" : "; ") + describe(vh.candidates[i]);
        break;
      }
    }
  }
}

}  // namespace

std::string ExplainCandidate::ruleId() const {
  return routeKind + "/" + routeNamespace + "/" + routeName + "#" + std::to_string(rule);
}

ExplainReport explainRequest(const std::shared_ptr<const model::Config>& config, const std::string& requestLine,
                             const std::vector<std::string>& headerLines, int port) {
  ExplainReport out;
  if (!config) {
    out.error = "no configuration is loaded";
    return out;
  }
  auto request = router::Request::parse(requestLine, headerLines);
  if (!request) {
    out.error = request.error().message;
    return out;
  }
  Diagnostics diags;
  const auto table = router::RouteTable::compile(config, diags);
  router::EntryPoint entry;
  entry.port = port;
  const router::Decision d = table->route(*request, entry);
  if (!d.error.empty()) {
    out.error = d.error;
    return out;
  }
  out.matched = d.matched;
  out.status = d.status;
  for (const auto& c : d.considered) {
    out.candidates.push_back({c.route.kind, c.route.ns, c.route.name, c.route.rule, c.route.ruleName.value_or(""),
                              c.match, c.hostname, c.outcome, c.reason});
    if (c.outcome == "selected") {
      out.winner = static_cast<int>(out.candidates.size()) - 1;
    }
  }
  for (const auto* b : d.live()) {
    // The protocol only when it is not the default HTTP/1.1.
    out.backends.push_back(b->ns + "/" + b->name + (b->port ? ":" + std::to_string(*b->port) : "") + " (weight " +
                           std::to_string(b->weight) +
                           (b->protocol == router::BackendProtocol::H2c ? ", h2c)" : ")"));
  }
  out.notes = d.notes;
  if (out.winner < 0) {
    findNearest(*config, request->path, out);
  }
  return out;
}

std::vector<PrecedenceEntry> precedenceOf(const std::shared_ptr<const model::Config>& config,
                                          const std::string& routeKind, const std::string& routeNamespace,
                                          const std::string& routeName) {
  std::vector<PrecedenceEntry> out;
  if (!config) {
    return out;
  }
  Diagnostics diags;
  const auto table = router::RouteTable::compile(config, diags);
  for (const auto& l : table->listeners()) {
    for (const auto& vh : l.vhosts) {
      const bool holds = std::any_of(vh.candidates.begin(), vh.candidates.end(), [&](const router::Candidate& c) {
        return model::routeKindName(c.route->kind) == routeKind &&
               c.route->meta.effectiveNamespace() == routeNamespace && c.route->meta.name == routeName;
      });
      if (!holds) {
        continue;
      }
      for (size_t i = 0; i < vh.candidates.size(); ++i) {
        const auto& c = vh.candidates[i];
        out.push_back({vh.hostname, model::routeKindName(c.route->kind), c.route->meta.effectiveNamespace(),
                       c.route->meta.name, c.rule, c.match, static_cast<int>(i), {}, {}});
      }
      markShadowing(vh, out);
      return out;
    }
  }
  return out;
}

}  // namespace routedeck::core::api
