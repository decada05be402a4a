#include "tests/proxycore/dialects_appmesh/route_sim.h"

#include <regex>
#include <tuple>

namespace routedeck::tests::appmesh {

using core::yaml::Node;

namespace {

std::string str(const Node* n, const char* key, std::string fallback = {}) {
  const Node* v = n ? n->find(key) : nullptr;
  return v && v->isScalar() ? v->text() : fallback;
}

const Node* seq(const Node* n, const char* key) {
  const Node* v = n ? n->find(key) : nullptr;
  return v && v->isSequence() ? v : nullptr;
}

std::string pathOnly(const std::string& p) { return p.substr(0, p.find('?')); }

std::map<std::string, std::string> queryOf(const std::string& p) {
  std::map<std::string, std::string> out;
  size_t q = p.find('?');
  if (q == std::string::npos) {
    return out;
  }
  std::string rest = p.substr(q + 1);
  size_t start = 0;
  while (start <= rest.size()) {
    size_t amp = rest.find('&', start);
    std::string kv = rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    size_t eq = kv.find('=');
    out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (amp == std::string::npos) {
      break;
    }
    start = amp + 1;
  }
  return out;
}

bool fullMatch(const std::string& re, const std::string& value) {
  return std::regex_match(value, std::regex(re, std::regex::ECMAScript));
}

// Header names compare case-insensitively.
bool headerValue(const Request& r, const std::string& name, std::string& value) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(a) == std::tolower(b);
        })) {
      value = v;
      return true;
    }
  }
  return false;
}

// --- Gateway API -----------------------------------------------------------

std::string trimSlash(std::string p) {
  if (p.size() > 1 && p.ends_with('/')) {
    p.pop_back();
  }
  return p;
}

bool gwPathMatches(const Node* path, const std::string& p, std::string& prefix) {
  const std::string type = str(path, "type", "PathPrefix");
  const std::string value = str(path, "value", "/");
  if (type == "Exact") {
    return p == value;
  }
  if (type == "RegularExpression") {
    return fullMatch(value, p);
  }
  prefix = trimSlash(value);
  return prefix == "/" || p == prefix || p.starts_with(prefix + "/");
}

bool gwValueMatches(const Node& m, const std::string& value) {
  return str(&m, "type", "Exact") == "RegularExpression" ? fullMatch(str(&m, "value"), value)
                                                         : value == str(&m, "value");
}

std::string gwRewrite(const Node* rule, const std::string& path, const std::string& prefix) {
  const Node* filters = seq(rule, "filters");
  for (size_t i = 0; filters && i < filters->size(); ++i) {
    const Node& filter = filters->items()[i];
    const Node* rw = filter.find("urlRewrite");
    const Node* p = rw ? rw->find("path") : nullptr;
    if (str(&filter, "type") != "URLRewrite" || !p) {
      continue;
    }
    if (str(p, "type") == "ReplaceFullPath") {
      return str(p, "replaceFullPath");
    }
    // Segment-wise: the rest of the path is "" or starts with "/".
    const std::string to = str(p, "replacePrefixMatch");
    std::string rest = prefix == "/" ? path : path.substr(prefix.size());
    if (to.ends_with('/') && rest.starts_with('/')) {
      rest = rest.substr(1);
    }
    return to.empty() && rest.empty() ? "/" : to + rest;
  }
  return path;
}

// --- Istio -----------------------------------------------------------------

bool istioString(const Node* m, const std::string& value, std::string* matchedPrefix = nullptr) {
  if (!m || !m->isMap()) {
    return false;
  }
  if (m->has("exact")) {
    return value == str(m, "exact");
  }
  if (m->has("prefix")) {
    if (matchedPrefix) {
      *matchedPrefix = str(m, "prefix");
    }
    return value.starts_with(str(m, "prefix"));
  }
  if (m->has("regex")) {
    return fullMatch(str(m, "regex"), value);
  }
  return true;
}

bool istioMatches(const Node& m, const Request& req, const std::string& path,
                  const std::map<std::string, std::string>& query, std::string& prefix) {
  if (const Node* uri = m.find("uri"); uri && !istioString(uri, path, &prefix)) {
    return false;
  }
  if (m.has("method") && !istioString(m.find("method"), req.method)) {
    return false;
  }
  if (m.has("port") && str(&m, "port") != std::to_string(req.listenerPort)) {
    return false;
  }
  if (const Node* hs = m.find("headers")) {
    for (const auto& e : hs->entries()) {
      std::string value;
      if (!headerValue(req, e.key, value) || !istioString(&e.value, value)) {
        return false;
      }
    }
  }
  if (const Node* hs = m.find("withoutHeaders")) {
    for (const auto& e : hs->entries()) {
      std::string value;
      if (headerValue(req, e.key, value) && istioString(&e.value, value)) {
        return false;
      }
    }
  }
  if (const Node* qs = m.find("queryParams")) {
    for (const auto& e : qs->entries()) {
      auto it = query.find(e.key);
      if (it == query.end() || !istioString(&e.value, it->second)) {
        return false;
      }
    }
  }
  return true;
}

std::string istioRewrite(const Node& entry, const std::string& path, const std::string& prefix) {
  if (const Node* rr = entry.find("uriRegexRewrite")) {
    return std::regex_replace(path, std::regex(str(rr, "match")), str(rr, "rewrite"));
  }
  const Node* rw = entry.find("rewrite");
  if (!rw || !rw->has("uri")) {
    return path;
  }
  if (prefix.empty()) {
    return str(rw, "uri");
  }
  return str(rw, "uri") + path.substr(prefix.size());
}

}  // namespace

Request requestFrom(const Node& request, int defaultPort) {
  Request r;
  r.listenerPort = defaultPort;
  if (const Node* p = request.find("listenerPort")) {
    r.listenerPort = static_cast<int>(p->asInt().value_or(defaultPort));
  }
  r.method = str(&request, "method", "GET");
  r.path = str(&request, "path", "/");
  for (const char* key : {"headers", "metadata"}) {
    if (const Node* hs = request.find(key); hs && hs->isMap()) {
      for (const auto& e : hs->entries()) {
        r.headers[e.key] = e.value.isScalar() ? e.value.text() : "";
      }
    }
  }
  if (const Node* m = request.find("fullMethod")) {
    r.grpc = true;
    r.method = "POST";
    r.path = m->text();
  }
  return r;
}

std::optional<Outcome> routeGatewayApi(const std::vector<Node>& docs, const Request& req) {
  using Rank = std::tuple<int, size_t, int, size_t, size_t>;
  struct Candidate {
    Rank rank;
    std::string routeId;
    size_t ruleIndex;
    const Node* rule;
    std::string prefix;
  };
  std::optional<Candidate> best;
  const std::string path = pathOnly(req.path);
  const auto query = queryOf(req.path);
  for (const auto& gw : docs) {
    if (str(&gw, "kind") != "Gateway") {
      continue;
    }
    const std::string gwName = str(gw.find("metadata"), "name");
    const std::string gwNs = str(gw.find("metadata"), "namespace", "default");
    std::string listener;
    for (const auto& l : seq(gw.find("spec"), "listeners")->items()) {
      if (str(&l, "port") == std::to_string(req.listenerPort)) {
        listener = str(&l, "name");
      }
    }
    if (listener.empty()) {
      continue;
    }
    for (const auto& route : docs) {
      const std::string kind = str(&route, "kind");
      if (kind != (req.grpc ? "GRPCRoute" : "HTTPRoute")) {
        continue;
      }
      const std::string ns = str(route.find("metadata"), "namespace", "default");
      bool attached = false;
      for (const auto& p : seq(route.find("spec"), "parentRefs")->items()) {
        attached = attached || (str(&p, "name") == gwName && str(&p, "namespace", ns) == gwNs &&
                                (!p.has("sectionName") || str(&p, "sectionName") == listener));
      }
      if (!attached) {
        continue;
      }
      const Node* rules = seq(route.find("spec"), "rules");
      for (size_t ri = 0; rules && ri < rules->size(); ++ri) {
        const Node& rule = rules->items()[ri];
        std::vector<Node> matches =
            seq(&rule, "matches") ? seq(&rule, "matches")->items() : std::vector<Node>{Node::map()};
        for (const auto& m : matches) {
          std::string prefix = "/";
          Rank rank{2, 1, 0, 0, 0};
          if (req.grpc) {
            const Node* meth = m.find("method");
            const std::string svc = str(meth, "service");
            const std::string method = str(meth, "method");
            if ((!svc.empty() && !path.starts_with("/" + svc + "/")) ||
                (!method.empty() && !path.ends_with("/" + method))) {
              continue;
            }
            rank = {0, svc.size(), 0, method.size(), 0};
          } else {
            if (!gwPathMatches(m.find("path"), path, prefix)) {
              continue;
            }
            const std::string type = str(m.find("path"), "type", "PathPrefix");
            rank = {type == "Exact"        ? 3
                    : type == "PathPrefix" ? 2
                                           : 1,
                    type == "PathPrefix" ? str(m.find("path"), "value", "/").size() : 0, 0, 0, 0};
            if (m.has("method")) {
              if (str(&m, "method") != req.method) {
                continue;
              }
              std::get<2>(rank) = 1;
            }
          }
          bool ok = true;
          const Node* hs = seq(&m, "headers");
          for (size_t h = 0; ok && hs && h < hs->size(); ++h) {
            std::string value;
            ok = headerValue(req, str(&hs->items()[h], "name"), value) &&
                 gwValueMatches(hs->items()[h], value);
          }
          const Node* qs = seq(&m, "queryParams");
          for (size_t q = 0; ok && qs && q < qs->size(); ++q) {
            auto it = query.find(str(&qs->items()[q], "name"));
            ok = it != query.end() && gwValueMatches(qs->items()[q], it->second);
          }
          if (!ok) {
            continue;
          }
          if (req.grpc) {
            std::get<4>(rank) = hs ? hs->size() : 0;
          } else {
            std::get<3>(rank) = hs ? hs->size() : 0;
            std::get<4>(rank) = qs ? qs->size() : 0;
          }
          Candidate c{rank, ns + "/" + str(route.find("metadata"), "name"), ri, &rule, prefix};
          // Higher rank wins; ties: route name, then rule order.
          if (!best || c.rank > best->rank ||
              (c.rank == best->rank &&
               std::tie(c.routeId, c.ruleIndex) < std::tie(best->routeId, best->ruleIndex))) {
            best = c;
          }
        }
      }
    }
  }
  if (!best) {
    return std::nullopt;
  }
  Outcome out;
  out.route = best->routeId;
  out.upstreamPath = req.grpc ? path : gwRewrite(best->rule, path, best->prefix);
  if (const Node* bs = seq(best->rule, "backendRefs")) {
    for (const auto& b : bs->items()) {
      out.services.push_back(str(&b, "name"));
    }
    if (bs->size() > 0) {
      out.service = out.services.front();
      if (const Node* port = bs->items()[0].find("port")) {
        out.port = static_cast<int>(*port->asInt());
      }
    }
  }
  return out;
}

std::optional<Outcome> routeIstio(const std::vector<Node>& docs, const Request& req) {
  const std::string path = pathOnly(req.path);
  const auto query = queryOf(req.path);
  for (const auto& gw : docs) {
    if (str(&gw, "kind") != "Gateway" ||
        !str(&gw, "apiVersion").starts_with("networking.istio.io")) {
      continue;
    }
    bool listens = false;
    for (const auto& s : seq(gw.find("spec"), "servers")->items()) {
      listens = listens || str(s.find("port"), "number") == std::to_string(req.listenerPort);
    }
    if (!listens) {
      continue;
    }
    const std::string gwName = str(gw.find("metadata"), "name");
    for (const auto& vs : docs) {
      if (str(&vs, "kind") != "VirtualService") {
        continue;
      }
      const Node* gateways = seq(vs.find("spec"), "gateways");
      bool bound = false;
      for (size_t i = 0; gateways && i < gateways->size(); ++i) {
        const std::string g = gateways->items()[i].text();
        bound = bound || g == gwName || g.ends_with("/" + gwName);
      }
      const Node* http = seq(vs.find("spec"), "http");
      for (size_t i = 0; bound && http && i < http->size(); ++i) {
        const Node& entry = http->items()[i];
        std::vector<Node> matches =
            seq(&entry, "match") ? seq(&entry, "match")->items() : std::vector<Node>{Node::map()};
        for (const auto& m : matches) {
          std::string prefix;
          if (!istioMatches(m, req, path, query, prefix)) {
            continue;
          }
          Outcome out;
          out.route = str(&entry, "name");
          out.upstreamPath = istioRewrite(entry, path, prefix);
          for (const auto& d : seq(&entry, "route")->items()) {
            out.services.push_back(str(d.find("destination"), "host"));
          }
          const Node* dest = seq(&entry, "route")->items()[0].find("destination");
          out.service = out.services.front();
          if (const Node* port = dest->find("port")) {
            out.port = static_cast<int>(*port->find("number")->asInt());
          }
          return out;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace routedeck::tests::appmesh
