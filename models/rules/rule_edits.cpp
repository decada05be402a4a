#include "models/rules/rule_edits.h"

#include "models/document/rule_lookup.h"

namespace routedeck::models {

namespace model = core::model;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString backendKey(const model::BackendRef& b) {
  return q(b.name) + (b.port ? QStringLiteral(":%1").arg(*b.port) : QString());
}

const model::BackendRef* findBackend(const model::Config& c, const QString& key) {
  for (const auto& r : c.routes) {
    for (const auto& rule : r.rules) {
      for (const auto& b : rule.backends) {
        if (backendKey(b) == key) {
          return &b;
        }
      }
    }
  }
  return nullptr;
}

QString stringMatchText(const model::StringMatch& m) {
  switch (m.type) {
    case model::StringMatchType::Exact: return QStringLiteral("= ") + q(m.value);
    case model::StringMatchType::Prefix: return QStringLiteral("^= ") + q(m.value);
    case model::StringMatchType::Suffix: return QStringLiteral("$= ") + q(m.value);
    case model::StringMatchType::RegularExpression: return QStringLiteral("~ ") + q(m.value);
    case model::StringMatchType::Present: return QStringLiteral("present");
    case model::StringMatchType::Range: return QStringLiteral("in [%1, %2)").arg(m.rangeStart).arg(m.rangeEnd);
  }
  return {};
}

}  // namespace

model::HeaderMatch headerFromDraft(const MatchDraft& d) {
  model::HeaderMatch h;
  h.name = d.headerName.trimmed().toStdString();
  h.match.type = d.headerType == QLatin1String("RegularExpression") ? model::StringMatchType::RegularExpression
                                                                    : model::StringMatchType::Exact;
  h.match.value = d.headerValue.toStdString();
  return h;
}

model::RouteMatch matchFromDraft(const MatchDraft& d) {
  model::RouteMatch m;
  if (!d.pathValue.trimmed().isEmpty()) {
    model::PathMatch p;
    p.type = d.pathType == QLatin1String("Exact")               ? model::PathMatchType::Exact
             : d.pathType == QLatin1String("RegularExpression") ? model::PathMatchType::RegularExpression
                                                                : model::PathMatchType::PathPrefix;
    p.value = d.pathValue.trimmed().toStdString();
    m.path = p;
  }
  if (!d.headerName.trimmed().isEmpty()) {
    m.headers.push_back(headerFromDraft(d));
  }
  if (!d.queryName.trimmed().isEmpty()) {
    m.queryParams.push_back({d.queryName.trimmed().toStdString(), {model::StringMatchType::Exact, d.queryValue.toStdString()}});
  }
  if (!d.method.trimmed().isEmpty()) {
    m.method = d.method.trimmed().toUpper().toStdString();
  }
  return m;
}

ConfigConstPtr withRuleAdded(const ConfigConstPtr& config, const RuleRef& route, const MatchDraft& match,
                             const QString& backend) {
  if (!config || !findRoute(*config, route)) {
    return nullptr;
  }
  const auto* ref = findBackend(*config, backend);
  if (ref == nullptr) {
    return nullptr;
  }
  model::RouteRule rule;
  rule.matches.push_back(matchFromDraft(match));
  model::BackendRef b = *ref;
  b.weight.reset();
  b.origin = {};
  b.requestHeaders = {};  // another rule's per-backend filters are not this rule's
  b.responseHeaders = {};
  b.redirect.reset();
  b.rewrite.reset();
  rule.backends.push_back(std::move(b));
  auto copy = std::make_shared<model::Config>(*config);
  findRoute(*copy, route)->rules.push_back(std::move(rule));
  return copy;
}

ConfigConstPtr withRuleRemoved(const ConfigConstPtr& config, const RuleRef& rule) {
  if (!config || !findRule(*config, rule)) {
    return nullptr;
  }
  auto copy = std::make_shared<model::Config>(*config);
  auto& rules = findRoute(*copy, rule)->rules;
  rules.erase(rules.begin() + rule.index);
  return copy;
}

ConfigConstPtr withRuleMoved(const ConfigConstPtr& config, const RuleRef& rule, int to) {
  const auto* route = config ? findRoute(*config, rule) : nullptr;
  if (!route || !findRule(*config, rule) || to < 0 || static_cast<size_t>(to) >= route->rules.size() || to == rule.index) {
    return nullptr;
  }
  auto copy = std::make_shared<model::Config>(*config);
  auto& rules = findRoute(*copy, rule)->rules;
  auto moved = std::move(rules[static_cast<size_t>(rule.index)]);
  rules.erase(rules.begin() + rule.index);
  rules.insert(rules.begin() + to, std::move(moved));
  return copy;
}

ConfigConstPtr withHeaderMatchAdded(const ConfigConstPtr& config, const RuleRef& rule, int match,
                                    const MatchDraft& draft) {
  if (!config || !findRule(*config, rule) || draft.headerName.trimmed().isEmpty()) {
    return nullptr;
  }
  auto copy = std::make_shared<model::Config>(*config);
  auto& matches = findRule(*copy, rule)->matches;
  if (matches.empty()) {
    matches.emplace_back();  // "every request" becomes "every request with this header"
  }
  if (match < 0 || static_cast<size_t>(match) >= matches.size()) {
    match = 0;
  }
  matches[static_cast<size_t>(match)].headers.push_back(headerFromDraft(draft));
  return copy;
}

QStringList backendChoices(const ConfigConstPtr& config) {
  QStringList out;
  for (const auto& r : config ? config->routes : std::vector<model::Route>{}) {
    for (const auto& rule : r.rules) {
      for (const auto& b : rule.backends) {
        if (!out.contains(backendKey(b))) {
          out << backendKey(b);
        }
      }
    }
  }
  return out;
}

QString pathText(const model::RouteMatch& m) {
  if (!m.path) {
    return QStringLiteral("any");
  }
  switch (m.path->type) {
    case model::PathMatchType::Exact: return QStringLiteral("Exact ") + q(m.path->value);
    case model::PathMatchType::PathPrefix: return QStringLiteral("PathPrefix ") + q(m.path->value);
    case model::PathMatchType::StringPrefix: return QStringLiteral("Prefix ") + q(m.path->value);
    case model::PathMatchType::RegularExpression: return QStringLiteral("Regex ") + q(m.path->value);
  }
  return {};
}

QString headersText(const model::RouteMatch& m) {
  QStringList parts;
  for (const auto& h : m.headers) {
    parts << (h.invert ? QStringLiteral("!") : QString()) + q(h.name) + QLatin1Char(' ') + stringMatchText(h.match);
  }
  return parts.join(QStringLiteral(", "));
}

QString queryText(const model::RouteMatch& m) {
  QStringList parts;
  for (const auto& p : m.queryParams) {
    parts << q(p.name) + QLatin1Char(' ') + stringMatchText(p.match);
  }
  return parts.join(QStringLiteral(", "));
}

}  // namespace routedeck::models
