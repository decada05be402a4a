#include "proxycore/router/matchers.h"

#include <re2/re2.h>

#include "proxycore/common/strings.h"

namespace routedeck::core::router {

using model::StringMatchType;

namespace {
std::shared_ptr<const re2::RE2> compileRegex(const std::string& pattern, bool ignoreCase, bool* ok) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_case_sensitive(!ignoreCase);
  auto re = std::make_shared<const re2::RE2>(pattern, opts);
  *ok = re->ok();
  return re;
}
}  // namespace

StringMatcher::StringMatcher(const model::StringMatch& spec, bool ignoreCase)
    : m_spec(spec), m_ignoreCase(ignoreCase) {
  if (spec.type == StringMatchType::RegularExpression) {
    m_re = compileRegex(spec.value, ignoreCase, &m_valid);
  }
}

bool StringMatcher::matches(std::string_view value) const {
  auto eq = [&](std::string_view a, std::string_view b) {
    return m_ignoreCase ? strings::iequals(a, b) : a == b;
  };
  switch (m_spec.type) {
    case StringMatchType::Exact:
      return eq(value, m_spec.value);
    case StringMatchType::Prefix:
      return value.size() >= m_spec.value.size() && eq(value.substr(0, m_spec.value.size()), m_spec.value);
    case StringMatchType::Suffix:
      return value.size() >= m_spec.value.size() &&
             eq(value.substr(value.size() - m_spec.value.size()), m_spec.value);
    case StringMatchType::RegularExpression:
      return m_valid && re2::RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *m_re);
    case StringMatchType::Present:
      return true;
    case StringMatchType::Range: {
      auto v = strings::parseInt(value);
      return v && *v >= m_spec.rangeStart && *v < m_spec.rangeEnd;
    }
  }
  return false;
}

std::string describeStringMatch(const model::StringMatch& m) {
  switch (m.type) {
    case StringMatchType::Exact:
      return "= \"" + m.value + "\"";
    case StringMatchType::Prefix:
      return "starts with \"" + m.value + "\"";
    case StringMatchType::Suffix:
      return "ends with \"" + m.value + "\"";
    case StringMatchType::RegularExpression:
      return "~ /" + m.value + "/";
    case StringMatchType::Present:
      return "present";
    case StringMatchType::Range:
      return "in [" + std::to_string(m.rangeStart) + ", " + std::to_string(m.rangeEnd) + ")";
  }
  return "?";
}

std::string StringMatcher::describe() const { return describeStringMatch(m_spec); }

std::string describeMatch(const model::RouteMatch& m) {
  std::string out;
  auto add = [&](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (m.path) {
    static constexpr const char* kTypes[] = {"path =", "path prefix", "path starts with", "path ~"};
    add(std::string(kTypes[static_cast<int>(m.path->type)]) + " " + m.path->value);
  }
  if (m.method) add("method " + *m.method);
  for (const auto& h : m.headers) {
    add(std::string(h.invert ? "not " : "") + "header " + h.name + " " + describeStringMatch(h.match));
  }
  for (const auto& q : m.queryParams) add("query " + q.name + " " + describeStringMatch(q.match));
  if (m.authority) add("authority " + describeStringMatch(*m.authority));
  if (m.scheme) add("scheme " + describeStringMatch(*m.scheme));
  if (m.port) add("port " + std::to_string(*m.port));
  if (m.grpc) add("grpc " + m.grpc->service + "/" + m.grpc->method);
  return out.empty() ? "any request" : out;
}

CompiledMatch::CompiledMatch(const model::RouteMatch& spec) : m_spec(&spec) {
  if (spec.path) {
    const auto& p = *spec.path;
    model::StringMatch sm;
    switch (p.type) {
      case model::PathMatchType::Exact:
        sm = {StringMatchType::Exact, p.value};
        break;
      case model::PathMatchType::StringPrefix:
        sm = {StringMatchType::Prefix, p.value};
        break;
      case model::PathMatchType::RegularExpression:
        sm = {StringMatchType::RegularExpression, p.value};
        break;
      case model::PathMatchType::PathPrefix:
        m_prefixStem = model::pathPrefixStem(p.value);
        break;  // element-wise, handled in pathMatches()
    }
    if (p.type != model::PathMatchType::PathPrefix) {
      m_path = std::make_unique<StringMatcher>(sm, spec.ignoreUriCase);
    }
  }
  for (const auto& h : spec.headers) {
    m_headers.emplace_back(h.match);
  }
  for (const auto& q : spec.queryParams) {
    m_query.emplace_back(q.match);
  }
  if (spec.grpc) {
    if (!spec.grpc->service.empty()) {
      m_grpcService = std::make_unique<StringMatcher>(model::StringMatch{spec.grpc->type, spec.grpc->service});
    }
    if (!spec.grpc->method.empty()) {
      m_grpcMethod = std::make_unique<StringMatcher>(model::StringMatch{spec.grpc->type, spec.grpc->method});
    }
  }
  if (spec.authority) {
    m_authority = std::make_unique<StringMatcher>(*spec.authority, true);
  }
  if (spec.scheme) {
    m_scheme = std::make_unique<StringMatcher>(*spec.scheme);
  }
}

size_t CompiledMatch::pathLength() const {
  return m_spec->path ? m_spec->path->value.size() : 0;
}

bool CompiledMatch::pathMatches(std::string_view path) const {
  if (!m_spec->path) {
    return true;
  }
  if (m_spec->path->type == model::PathMatchType::PathPrefix) {
    // model::pathPrefixMatches() with the stem computed once.
    const std::string_view p = m_prefixStem;
    return p == "/" || p.empty() || path == p ||
           (path.size() > p.size() && path.starts_with(p) && path[p.size()] == '/');
  }
  return m_path->matches(path);
}

namespace {

// Reports a failed condition. The reason is built only when someone asks for
// it: on the data plane's path (whyNot null) evaluate() must not allocate.
template <class Why>
bool fail(std::string* whyNot, Why&& why) {
  if (whyNot) {
    *whyNot = why();
  }
  return false;
}

}  // namespace

bool CompiledMatch::evaluate(const Request& req, std::string* whyNot) const {
  const auto& s = *m_spec;
  if (s.port && req.port != 0 && *s.port != req.port) {
    return fail(whyNot, [&] { return "port " + std::to_string(req.port) + " is not " + std::to_string(*s.port); });
  }
  if (m_scheme && !m_scheme->matches(req.scheme)) {
    return fail(whyNot, [&] { return "scheme \"" + req.scheme + "\" is not " + m_scheme->describe(); });
  }
  if (m_authority && !m_authority->matches(req.host)) {
    return fail(whyNot, [&] { return "authority \"" + req.host + "\" does not match " + m_authority->describe(); });
  }
  if (s.grpc) {
    // gRPC paths are "/package.Service/Method".
    std::string_view service, method;
    if (req.path.size() > 1) {
      const std::string_view path = req.path;
      size_t slash = path.find('/', 1);
      service = path.substr(1, slash == std::string_view::npos ? std::string_view::npos : slash - 1);
      method = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    }
    if (m_grpcService && !m_grpcService->matches(service)) {
      return fail(whyNot, [&] {
        return "gRPC service \"" + std::string(service) + "\" is not " + m_grpcService->describe();
      });
    }
    if (m_grpcMethod && !m_grpcMethod->matches(method)) {
      return fail(whyNot, [&] {
        return "gRPC method \"" + std::string(method) + "\" is not " + m_grpcMethod->describe();
      });
    }
  }
  if (!pathMatches(req.path)) {
    return fail(whyNot, [&] {
      const auto& p = *s.path;
      const char* kind = p.type == model::PathMatchType::Exact               ? "exact path"
                         : p.type == model::PathMatchType::RegularExpression ? "path regex"
                         : p.type == model::PathMatchType::PathPrefix        ? "path prefix"
                                                                             : "string prefix";
      return "path \"" + req.path + "\" does not match " + kind + " \"" + p.value + "\"";
    });
  }
  if (s.method && *s.method != req.method) {
    return fail(whyNot, [&] { return "method " + req.method + " is not " + *s.method; });
  }
  return evaluateHeaders(req, whyNot) && evaluateQuery(req, whyNot);
}

bool CompiledMatch::evaluateHeaders(const Request& req, std::string* whyNot) const {
  std::string scratch;  // only used when a header occurs several times
  for (size_t i = 0; i < m_spec->headers.size(); ++i) {
    const auto& h = m_spec->headers[i];
    auto value = req.headerView(h.name, scratch);
    bool ok = value && m_headers[i].matches(*value);
    if (ok == h.invert) {
      return fail(whyNot, [&] {
        if (h.invert) {
          return "header " + h.name + " " + m_headers[i].describe() + " (must not match)";
        }
        return value ? "header " + h.name + ": \"" + std::string(*value) + "\" does not match " +
                           m_headers[i].describe()
                     : "header " + h.name + " is absent";
      });
    }
  }
  return true;
}

bool CompiledMatch::evaluateQuery(const Request& req, std::string* whyNot) const {
  for (size_t i = 0; i < m_spec->queryParams.size(); ++i) {
    const auto& q = m_spec->queryParams[i];
    auto value = req.queryParamView(q.name);
    if (!value || !m_query[i].matches(*value)) {
      return fail(whyNot, [&] {
        return value ? "query " + q.name + "=\"" + std::string(*value) + "\" does not match " +
                           m_query[i].describe()
                     : "query parameter " + q.name + " is absent";
      });
    }
  }
  return true;
}

}  // namespace routedeck::core::router
