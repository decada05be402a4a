// Envoy route matching (RouteMatch, HeaderMatcher, StringMatcher) lowered to
// the model's conditions. Where Envoy means something the model cannot say
// directly, it is rewritten to an equivalent the router evaluates exactly:
// `contains` and `ignore_case` become RE2 patterns, `grpc` a content-type
// condition, and an inverted value matcher also requires the header.
#include <re2/re2.h>

#include "proxycore/dialects/envoy/envoy.h"
#include "proxycore/dialects/envoy/envoy_internal.h"

namespace routedeck::core::dialects::envoy {

namespace detail {

namespace {

using model::StringMatch;
using model::StringMatchType;

// A safe_regex {regex, google_re2} object.
std::optional<std::string> readRegex(const Fields& f, const yaml::Node& n,
                                     const std::string& path) {
  if (!n.isMap()) {
    f.error(n, std::string("expected object {regex: ...}, got ") + n.typeName(), path);
    return std::nullopt;
  }
  f.keys(n, path, {"regex", "google_re2"});
  auto re = f.string(n, "regex", path);
  if (!re) {
    f.error(n, "missing required field \"regex\"", path + ".regex");
    return std::nullopt;
  }
  if (!f.checkRegex(*n.find("regex"), *re, path + ".regex")) {
    return std::nullopt;
  }
  return re;
}

}  // namespace

std::optional<StringMatch> readStringMatcher(const Fields& f, const yaml::Node& n,
                                             const std::string& path) {
  if (!n.isMap()) {
    f.error(n, std::string("expected a StringMatcher object, got ") + n.typeName(), path);
    return std::nullopt;
  }
  f.keys(n, path, {"exact", "prefix", "suffix", "contains", "safe_regex", "ignore_case"},
         {"custom"});
  const bool ignoreCase = f.boolean(n, "ignore_case", path).value_or(false);
  std::optional<StringMatch> out;
  int kinds = 0;
  for (const char* key : {"exact", "prefix", "suffix", "contains"}) {
    if (auto v = f.string(n, key, path)) {
      ++kinds;
      const std::string k = key;
      if (k == "contains") {
        out = StringMatch{
            StringMatchType::RegularExpression,
            std::string(ignoreCase ? "(?i)" : "") + "(?s).*" + RE2::QuoteMeta(*v) + ".*"};
      } else if (ignoreCase) {
        const std::string q = RE2::QuoteMeta(*v);
        out = StringMatch{StringMatchType::RegularExpression, k == "exact"    ? "(?i)" + q
                                                              : k == "prefix" ? "(?is)" + q + ".*"
                                                                              : "(?is).*" + q};
      } else {
        out = StringMatch{k == "exact"    ? StringMatchType::Exact
                          : k == "prefix" ? StringMatchType::Prefix
                                          : StringMatchType::Suffix,
                          *v};
      }
    }
  }
  if (const yaml::Node* re = n.find("safe_regex")) {
    ++kinds;
    if (auto pattern = readRegex(f, *re, path + ".safe_regex")) {
      out = StringMatch{StringMatchType::RegularExpression, *pattern};
    }
  }
  if (kinds != 1) {
    f.error(n,
            kinds == 0
                ? "StringMatcher needs one of exact, prefix, suffix, contains, safe_regex"
                : "StringMatcher must set only one of exact, prefix, suffix, contains, safe_regex",
            path);
    return std::nullopt;
  }
  return out;
}

namespace {

// One HeaderMatcher; Envoy's semantics for an absent header: only a
// presence check can match it.
void readHeader(const Fields& f, const yaml::Node& n, const std::string& path,
                std::vector<model::HeaderMatch>& out) {
  if (!n.isMap()) {
    f.error(n, std::string("expected a HeaderMatcher object, got ") + n.typeName(), path);
    return;
  }
  f.keys(n, path,
         {"name", "exact_match", "safe_regex_match", "range_match", "present_match", "prefix_match",
          "suffix_match", "contains_match", "string_match", "invert_match",
          "treat_missing_header_as_empty"});
  auto name = f.string(n, "name", path);
  if (!name || name->empty()) {
    f.error(n, "header matcher needs a \"name\"", path + ".name");
    return;
  }
  bool invert = f.boolean(n, "invert_match", path).value_or(false);
  if (f.boolean(n, "treat_missing_header_as_empty", path).value_or(false)) {
    f.warning(*n.find("treat_missing_header_as_empty"),
              "treat_missing_header_as_empty is not supported: an absent header never matches",
              path + ".treat_missing_header_as_empty");
  }
  std::optional<StringMatch> match;
  int kinds = 0;
  for (const char* key : {"exact_match", "prefix_match", "suffix_match", "contains_match"}) {
    if (auto v = f.string(n, key, path)) {
      ++kinds;
      const std::string k = key;
      match = k == "contains_match" ? StringMatch{StringMatchType::RegularExpression,
                                                  "(?s).*" + RE2::QuoteMeta(*v) + ".*"}
                                    : StringMatch{k == "exact_match"    ? StringMatchType::Exact
                                                  : k == "prefix_match" ? StringMatchType::Prefix
                                                                        : StringMatchType::Suffix,
                                                  *v};
    }
  }
  if (const yaml::Node* sm = n.find("string_match")) {
    ++kinds;
    match = readStringMatcher(f, *sm, path + ".string_match");
  }
  if (const yaml::Node* re = n.find("safe_regex_match")) {
    ++kinds;
    if (auto pattern = readRegex(f, *re, path + ".safe_regex_match")) {
      match = StringMatch{StringMatchType::RegularExpression, *pattern};
    }
  }
  if (const yaml::Node* range = f.object(n, "range_match", path)) {
    ++kinds;
    f.keys(*range, path + ".range_match", {"start", "end"});
    StringMatch m{StringMatchType::Range, {}};
    m.rangeStart = f.integer(*range, "start", path + ".range_match").value_or(0);
    m.rangeEnd = f.integer(*range, "end", path + ".range_match").value_or(0);
    match = m;
  }
  if (auto present = f.boolean(n, "present_match", path)) {
    ++kinds;
    match = StringMatch{StringMatchType::Present, {}};
    // present_match: false asks for an absent header.
    invert = invert != !*present;
  }
  if (kinds > 1) {
    f.error(n,
            "header matcher must set only one of exact_match, string_match, safe_regex_match, "
            "range_match, present_match, prefix_match, suffix_match, contains_match",
            path);
    return;
  }
  if (kinds == 0) {
    match = StringMatch{StringMatchType::Present, {}};  // name only: the header is present
  }
  if (!match) {
    return;  // the inner matcher was reported
  }
  if (invert && match->type != StringMatchType::Present) {
    out.push_back({*name, StringMatch{StringMatchType::Present, {}}, false});
  }
  out.push_back({*name, *match, invert});
}

}  // namespace

std::vector<model::HeaderMatch> readHeaders(const Fields& f, const yaml::Node& list,
                                            const std::string& path) {
  std::vector<model::HeaderMatch> out;
  for (size_t i = 0; i < list.size(); ++i) {
    readHeader(f, list.items()[i], idx(path, i), out);
  }
  return out;
}

void readRouteMatch(const Fields& f, const yaml::Node& n, const std::string& path,
                    model::RouteMatch& m) {
  f.keys(n, path,
         {"prefix", "path", "safe_regex", "path_separated_prefix", "case_sensitive", "headers",
          "query_parameters", "grpc"},
         {"connect_matcher", "path_match_policy", "runtime_fraction", "tls_context",
          "dynamic_metadata", "filter_state", "cel_expression"});
  int kinds = 0;
  const bool caseSensitive = f.boolean(n, "case_sensitive", path).value_or(true);
  auto literal = [&](const char* key, model::PathMatchType type) {
    if (auto v = f.string(n, key, path)) {
      ++kinds;
      m.path = model::PathMatch{type, *v};
      m.ignoreUriCase = !caseSensitive;
    }
  };
  literal("prefix", model::PathMatchType::StringPrefix);
  literal("path", model::PathMatchType::Exact);
  if (auto v = f.string(n, "path_separated_prefix", path)) {
    ++kinds;
    // Envoy: the prefix must be followed by the end of the path, "/" or "?":
    // the model's element-wise PathPrefix.
    if (v->empty() || v->front() != '/' || (v->size() > 1 && v->back() == '/')) {
      f.error(*n.find("path_separated_prefix"),
              "path_separated_prefix must start with \"/\" and not end with \"/\"",
              path + ".path_separated_prefix");
    }
    m.path = model::PathMatch{model::PathMatchType::PathPrefix, *v};
    m.ignoreUriCase = !caseSensitive;
  }
  if (const yaml::Node* re = n.find("safe_regex")) {
    ++kinds;
    if (auto pattern = readRegex(f, *re, path + ".safe_regex")) {
      m.path = model::PathMatch{model::PathMatchType::RegularExpression, *pattern};
    }
  }
  if (kinds != 1) {
    f.error(n,
            kinds == 0 ? "route match needs one of prefix, path, safe_regex, path_separated_prefix"
                       : "route match must set only one of prefix, path, safe_regex, "
                         "path_separated_prefix",
            path);
  }
  if (const yaml::Node* headers = f.list(n, "headers", path)) {
    m.headers = readHeaders(f, *headers, path + ".headers");
  }
  if (const yaml::Node* grpc = n.find("grpc")) {
    if (grpc->isMap()) {
      f.keys(*grpc, path + ".grpc", {});
    }
    // Envoy's gRPC test: content-type application/grpc, optionally +subtype or ;params.
    m.headers.push_back(
        {"content-type",
         StringMatch{StringMatchType::RegularExpression, "application/grpc([+;].*)?"}, false});
  }
  if (const yaml::Node* qs = f.list(n, "query_parameters", path)) {
    for (size_t i = 0; i < qs->size(); ++i) {
      const yaml::Node& q = qs->items()[i];
      const std::string qp = idx(path + ".query_parameters", i);
      if (!q.isMap()) {
        f.error(q, std::string("expected object, got ") + q.typeName(), qp);
        continue;
      }
      f.keys(q, qp, {"name", "string_match", "present_match"});
      auto name = f.string(q, "name", qp);
      if (!name || name->empty()) {
        f.error(q, "query parameter matcher needs a \"name\"", qp + ".name");
        continue;
      }
      std::optional<StringMatch> sm = StringMatch{StringMatchType::Present, {}};
      if (const yaml::Node* s = q.find("string_match")) {
        sm = readStringMatcher(f, *s, qp + ".string_match");
      }
      if (sm) {
        m.queryParams.push_back({*name, *sm});
      }
    }
  }
}

}  // namespace detail

std::vector<model::HeaderMatch> readHeaderMatchers(const Reader& r, const yaml::Node& list,
                                                   const std::string& path) {
  detail::Fields f(r);
  if (!list.isSequence()) {
    f.error(list, std::string("expected array, got ") + list.typeName(), path);
    return {};
  }
  return detail::readHeaders(f, list, path);
}

}  // namespace routedeck::core::dialects::envoy
