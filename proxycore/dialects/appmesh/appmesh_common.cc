#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using model::StringMatchType;
using yaml::Node;

constexpr const char* kStringMatchKeys[] = {"exact", "prefix", "suffix", "regex"};

const char* stringMatchKey(StringMatchType t) {
  switch (t) {
    case StringMatchType::Prefix:
      return "prefix";
    case StringMatchType::Suffix:
      return "suffix";
    case StringMatchType::RegularExpression:
      return "regex";
    default:
      return "exact";
  }
}

StringMatchType stringMatchType(std::string_view key) {
  if (key == "prefix") {
    return StringMatchType::Prefix;
  }
  if (key == "suffix") {
    return StringMatchType::Suffix;
  }
  if (key == "regex") {
    return StringMatchType::RegularExpression;
  }
  return StringMatchType::Exact;
}

// App Mesh hands regexes to Envoy's RE2 engine; an invalid one is rejected there.
void checkRegex(const Reader& r, const Node& at, const std::string& re, const std::string& path) {
  RE2 compiled(re, RE2::Quiet);
  if (!compiled.ok()) {
    r.error(at, "invalid regular expression \"" + re + "\": " + compiled.error(), path);
  }
}

model::HeaderMatch readHeaderMatch(const Reader& r, const Node& item, const std::string& path) {
  model::HeaderMatch h;
  h.name = r.str(&item, "name").value_or("");
  h.invert = r.boolean(&item, "invert").value_or(false);
  const Node* m = r.map(&item, "match");
  // No match block: the header (or gRPC metadata key) only has to be present.
  h.match.type = StringMatchType::Present;
  if (!m) {
    return h;
  }
  int kinds = 0;
  for (const char* key : kStringMatchKeys) {
    if (auto v = r.str(m, key)) {
      ++kinds;
      h.match.type = stringMatchType(key);
      h.match.value = *v;
      if (h.match.type == StringMatchType::RegularExpression) {
        checkRegex(r, *m->find(key), *v, path + ".match.regex");
      }
    }
  }
  if (const Node* range = r.map(m, "range")) {
    ++kinds;
    h.match.type = StringMatchType::Range;
    const Node* start = range->find("start");
    const Node* end = range->find("end");
    h.match.rangeStart = start ? start->asInt().value_or(0) : 0;
    h.match.rangeEnd = end ? end->asInt().value_or(0) : 0;
    if (h.match.rangeStart >= h.match.rangeEnd) {
      r.error(*range,
              "range start " + std::to_string(h.match.rangeStart) + " must be less than end " +
                  std::to_string(h.match.rangeEnd) + " (end is exclusive)",
              path + ".match.range");
    }
  }
  if (kinds > 1) {
    r.error(*m, "a match takes exactly one of exact, prefix, suffix, regex or range",
            path + ".match");
  }
  return h;
}

void writeStringMatch(Node& item, const model::StringMatch& sm) {
  if (sm.type == StringMatchType::Present) {
    const Node* m = item.find("match");
    bool saysSomething = m && m->isMap() && m->has("range");
    for (const char* key : kStringMatchKeys) {
      saysSomething = saysSomething || (m && m->isMap() && m->has(key));
    }
    if (saysSomething) {
      item.erase("match");
    }
    return;
  }
  Node& m = child(item, "match");
  const char* mine = sm.type == StringMatchType::Range ? "range" : stringMatchKey(sm.type);
  for (const char* key : {"exact", "prefix", "suffix", "regex", "range"}) {
    if (std::string_view(key) != mine) {
      m.erase(key);
    }
  }
  if (sm.type == StringMatchType::Range) {
    Node& range = child(m, "range");
    for (auto [key, value] : {std::pair{"start", sm.rangeStart}, std::pair{"end", sm.rangeEnd}}) {
      if (const Node* old = range.find(key); !old || old->asInt() != value) {
        range.set(key, Node::fromInt(value));
      }
    }
  } else {
    setOrErase(m, mine, std::optional(sm.value));
  }
}

std::vector<model::HeaderMatch> readHeaderList(const Reader& r, const Node& match,
                                               std::string_view key, const std::string& path) {
  std::vector<model::HeaderMatch> out;
  if (const Node* list = r.seq(&match, key)) {
    for (size_t i = 0; i < list->size(); ++i) {
      out.push_back(
          readHeaderMatch(r, list->items()[i], indexed(path + "." + std::string(key), i)));
    }
  }
  return out;
}

// Header and query lists carry no origin in the model; they pair by position.
void writeHeaderList(Node& match, const std::string& key,
                     const std::vector<model::HeaderMatch>& headers) {
  if (headers.empty()) {
    dropKey(match, key);
    return;
  }
  Node seq = Node::sequence();
  for (size_t i = 0; i < headers.size(); ++i) {
    Node item = baseItem(&match, key, static_cast<int>(i));
    setOrErase(item, "name", std::optional(headers[i].name));
    setFlag(item, "invert", headers[i].invert);
    writeStringMatch(item, headers[i].match);
    seq.push(std::move(item));
  }
  match.set(key, std::move(seq));
}

void writeQueryList(Node& match, const std::vector<model::QueryParamMatch>& params) {
  if (params.empty()) {
    dropKey(match, "queryParameters");
    return;
  }
  Node seq = Node::sequence();
  for (size_t i = 0; i < params.size(); ++i) {
    Node item = baseItem(&match, "queryParameters", static_cast<int>(i));
    setOrErase(item, "name", std::optional(params[i].name));
    if (params[i].match.type == StringMatchType::Present) {
      dropKey(item, "match");
    } else {
      // App Mesh query matches are exact only; other types come from editors.
      setOrErase(child(item, "match"), "exact", std::optional(params[i].match.value));
    }
    seq.push(std::move(item));
  }
  match.set("queryParameters", std::move(seq));
}

void readHttpFields(const Reader& r, const Node& m, const std::string& path,
                    model::RouteMatch& out) {
  if (auto prefix = r.str(&m, "prefix")) {
    out.path = model::PathMatch{model::PathMatchType::StringPrefix, *prefix};
  }
  if (const Node* p = r.map(&m, "path")) {
    if (out.path) {
      r.error(*p, "prefix and path are mutually exclusive", path + ".path");
    }
    if (auto exact = r.str(p, "exact")) {
      out.path = model::PathMatch{model::PathMatchType::Exact, *exact};
    } else if (auto regex = r.str(p, "regex")) {
      out.path = model::PathMatch{model::PathMatchType::RegularExpression, *regex};
      checkRegex(r, *p->find("regex"), *regex, path + ".path.regex");
    }
  }
  out.headers = readHeaderList(r, m, "headers", path);
  if (const Node* qs = r.seq(&m, "queryParameters")) {
    for (const auto& q : qs->items()) {
      model::QueryParamMatch qm{r.str(&q, "name").value_or(""), {StringMatchType::Present, {}}};
      if (auto exact = r.str(r.map(&q, "match"), "exact")) {
        qm.match = {StringMatchType::Exact, *exact};
      }
      out.queryParams.push_back(qm);
    }
  }
  out.method = r.str(&m, "method");
  if (auto scheme = r.str(&m, "scheme")) {
    out.scheme = model::StringMatch{StringMatchType::Exact, *scheme};
  }
}

void writePath(Node& m, const std::optional<model::PathMatch>& path) {
  using model::PathMatchType;
  const bool prefix = path && (path->type == PathMatchType::StringPrefix ||
                               path->type == PathMatchType::PathPrefix);
  setOrErase(m, "prefix", prefix ? std::optional(path->value) : std::nullopt);
  if (!path || prefix) {
    dropKey(m, "path");
    return;
  }
  Node& p = child(m, "path");
  const bool exact = path->type == PathMatchType::Exact;
  p.erase(exact ? "regex" : "exact");
  setOrErase(p, exact ? "exact" : "regex", std::optional(path->value));
}

}  // namespace

std::string indexed(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

model::RouteMatch readMatch(const Reader& r, const Node& m, const std::string& path,
                            const std::string& protocol) {
  model::RouteMatch out;
  out.origin = r.origin(m, 0);
  if (protocol == "grpc") {
    auto service = r.str(&m, "serviceName");
    auto method = r.str(&m, "methodName");
    if (method && !service) {
      r.error(*m.find("methodName"), "methodName requires serviceName", path + ".methodName");
    }
    if (service || method) {
      out.grpc =
          model::GrpcMethodMatch{StringMatchType::Exact, service.value_or(""), method.value_or("")};
    }
    out.headers = readHeaderList(r, m, "metadata", path);
  } else if (protocol != "tcp") {
    readHttpFields(r, m, path, out);
  }
  if (const Node* host = r.map(&m, "hostname")) {
    if (auto exact = r.str(host, "exact")) {
      out.authority = model::StringMatch{StringMatchType::Exact, *exact};
    } else if (auto suffix = r.str(host, "suffix")) {
      out.authority = model::StringMatch{StringMatchType::Suffix, *suffix};
    }
  }
  out.port = r.integer(&m, "port");
  return out;
}

void writeMatch(Node& m, const model::RouteMatch& match, const std::string& protocol) {
  if (protocol == "grpc") {
    const auto& g = match.grpc;
    setOrErase(m, "serviceName",
               g && !g->service.empty() ? std::optional(g->service) : std::nullopt);
    setOrErase(m, "methodName", g && !g->method.empty() ? std::optional(g->method) : std::nullopt);
    writeHeaderList(m, "metadata", match.headers);
  } else if (protocol != "tcp") {
    writePath(m, match.path);
    writeHeaderList(m, "headers", match.headers);
    writeQueryList(m, match.queryParams);
    setOrErase(m, "method", match.method);
    setOrErase(m, "scheme", match.scheme ? std::optional(match.scheme->value) : std::nullopt);
  }
  if (match.authority) {
    Node& host = child(m, "hostname");
    const bool suffix = match.authority->type == StringMatchType::Suffix;
    host.erase(suffix ? "exact" : "suffix");
    setOrErase(host, suffix ? "suffix" : "exact", std::optional(match.authority->value));
  } else {
    dropKey(m, "hostname");
  }
  setOrErase(m, "port", match.port);
}

void dropKey(Node& map, const std::string& key) {
  if (const Node* n = map.find(key);
      n && !n->isNull() && !((n->isMap() || n->isSequence()) && n->size() == 0)) {
    map.erase(key);
  }
}

void setFlag(Node& map, const std::string& key, bool value) {
  if (value) {
    setOrErase(map, key, std::optional(true));
  } else if (const Node* old = map.find(key); old && old->asBool() != false) {
    map.erase(key);
  }
}

void writeSelector(Node& map, const std::string& key,
                   const std::optional<model::LabelSelector>& selector) {
  const Node* old = map.find(key);
  if (!selector) {
    // A null selector reads as absent; an empty map reads as "select all".
    if (old && !old->isNull()) {
      map.erase(key);
    }
    return;
  }
  Node s = old && old->isMap() ? *old : Node::map();
  setLabels(s, "matchLabels", selector->matchLabels);
  map.set(key, std::move(s));
}

}  // namespace routedeck::core::dialects::appmesh::detail
