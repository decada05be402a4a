#include "models/policies/policy_editor.h"

#include <QSet>

#include "models/document/edit_config_command.h"
#include "models/document/rule_lookup.h"
#include "models/document/workspace_document.h"
#include "models/policies/policy_mapping.h"
#include "models/problems/problems_model.h"
#include "models/rules/rule_edits.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

namespace {

namespace cm = core::model;

constexpr PolicyGroup kGroups[] = {PolicyGroup::Timeouts,        PolicyGroup::Retry,   PolicyGroup::RateLimit,
                                   PolicyGroup::Cors,            PolicyGroup::RequestHeaders,
                                   PolicyGroup::ResponseHeaders, PolicyGroup::Rewrite, PolicyGroup::Redirect,
                                   PolicyGroup::Mirror};

QString dialectTitle(cm::Dialect d) {
  switch (d) {
    case cm::Dialect::GatewayApi: return QStringLiteral("Gateway API");
    case cm::Dialect::Istio: return QStringLiteral("Istio");
    case cm::Dialect::AppMesh: return QStringLiteral("App Mesh");
    case cm::Dialect::Envoy: return QStringLiteral("Envoy");
    default: return QString::fromLatin1(cm::dialectName(d));
  }
}

void addTexts(const core::Diagnostics& diags, QSet<QString>& out) {
  for (const auto& p : toProblems(diags)) {
    if (p.severity != Problem::Severity::Note) {
      out.insert(p.field.isEmpty() ? p.message : p.message + QStringLiteral(" [") + p.field + QLatin1Char(']'));
    }
  }
}

// Just the route `rule` names: what Save writes for it, without the rest.
cm::Config routeOnly(const cm::Config& config, const RuleRef& rule) {
  cm::Config out;
  if (const auto* route = findRoute(config, rule)) {
    out.routes.push_back(*route);
  }
  return out;
}

// Errors and warnings the config has, in memory and once written and read back.
QSet<QString> findings(const ConfigConstPtr& config, const RuleRef& rule) {
  QSet<QString> out;
  if (config) {
    addTexts(core::api::validate(*config), out);
    addTexts(core::api::roundTrip(routeOnly(*config, rule)).diagnostics, out);
  }
  return out;
}

}  // namespace

PolicyEditor::PolicyEditor(WorkspaceDocument* document, QObject* parent) : QObject(parent), m_document(document) {
  // Weight drags and fault timers change the config too: the form (and what
  // the user is typing in it) only reloads when the rule's policies changed.
  connect(document, &WorkspaceDocument::configChanged, this, [this](const ConfigConstPtr& config) {
    const auto* before = m_seen ? findRule(*m_seen, m_rule) : nullptr;
    const auto* after = config ? findRule(*config, m_rule) : nullptr;
    bool same = !before == !after;
    for (PolicyGroup g : kGroups) {
      same = same && (!before || sameGroup(g, *before, *after));
    }
    m_seen = config;
    if (!same) {
      refreshFidelity();
      emit changed();
    }
  });
  connect(document, &WorkspaceDocument::loaded, this, [this](const ConfigConstPtr& config) {
    m_seen = config;
    clearErrors();
    refreshFidelity();
    emit changed();
  });
}

void PolicyEditor::setRule(const RuleRef& rule) {
  if (rule == m_rule) {
    return;
  }
  m_rule = rule;
  m_seen = m_document->config();
  clearErrors();
  refreshFidelity();
  emit changed();
}

bool PolicyEditor::hasRule() const {
  const auto config = m_document->config();
  return config && findRule(*config, m_rule) != nullptr;
}

QString PolicyEditor::dialect() const {
  const auto config = m_document->config();
  const auto* route = config ? findRoute(*config, m_rule) : nullptr;
  return route ? dialectTitle(route->dialect) : QString();
}

PolicyDrafts PolicyEditor::drafts() const {
  const auto config = m_document->config();
  const auto* rule = config ? findRule(*config, m_rule) : nullptr;
  return rule ? draftsOf(*rule) : PolicyDrafts{};
}

QString PolicyEditor::summary(PolicyGroup g) const {
  const QString s = groupSummary(g, drafts());
  return s.isEmpty() ? tr("not set") : s;
}

QStringList PolicyEditor::backends() const { return backendChoices(m_document->config()); }

bool PolicyEditor::setTimeouts(const TimeoutsDraft& d, Mode mode) {
  return editField(PolicyGroup::Timeouts, &PolicyDrafts::timeouts, d, mode);
}

bool PolicyEditor::setRetry(const std::optional<RetryDraft>& d, Mode mode) {
  return editField(PolicyGroup::Retry, &PolicyDrafts::retry, d, mode);
}

bool PolicyEditor::setRateLimit(const std::optional<RateLimitDraft>& d, Mode mode) {
  return editField(PolicyGroup::RateLimit, &PolicyDrafts::rateLimit, d, mode);
}

bool PolicyEditor::setCors(const std::optional<CorsDraft>& d, Mode mode) {
  return editField(PolicyGroup::Cors, &PolicyDrafts::cors, d, mode);
}

bool PolicyEditor::setRequestHeaders(const HeaderOpsDraft& d, Mode mode) {
  return editField(PolicyGroup::RequestHeaders, &PolicyDrafts::requestHeaders, d, mode);
}

bool PolicyEditor::setResponseHeaders(const HeaderOpsDraft& d, Mode mode) {
  return editField(PolicyGroup::ResponseHeaders, &PolicyDrafts::responseHeaders, d, mode);
}

bool PolicyEditor::setRewrite(const std::optional<RewriteDraft>& d, Mode mode) {
  return editField(PolicyGroup::Rewrite, &PolicyDrafts::rewrite, d, mode);
}

bool PolicyEditor::setRedirect(const std::optional<RedirectDraft>& d, Mode mode) {
  return editField(PolicyGroup::Redirect, &PolicyDrafts::redirect, d, mode);
}

bool PolicyEditor::setMirror(const std::optional<MirrorDraft>& d, Mode mode) {
  return editField(PolicyGroup::Mirror, &PolicyDrafts::mirror, d, mode);
}

QString PolicyEditor::newFindings(const ConfigConstPtr& candidate) const {
  const QSet<QString> before = findings(m_document->config(), m_rule);
  QStringList added;
  for (const auto& f : findings(candidate, m_rule)) {
    if (!before.contains(f)) {
      added << f;
    }
  }
  added.sort();
  return added.join(QLatin1Char('\n'));
}

bool PolicyEditor::edit(PolicyGroup g, const PolicyDrafts& d, Mode mode) {
  const auto config = m_document->config();
  const auto* route = config ? findRoute(*config, m_rule) : nullptr;
  if (!route || !findRule(*config, m_rule)) {
    setError(g, tr("Select a rule first."));
    return false;
  }
  if (const QString e = draftError(g, d); !e.isEmpty()) {
    setError(g, e);
    return false;
  }
  auto next = std::make_shared<cm::Config>(*config);
  auto* rule = findRule(*next, m_rule);
  applyGroup(g, d, route->dialect, *rule);
  if (sameGroup(g, *rule, *findRule(*config, m_rule))) {
    setError(g, {});
    return true;  // nothing changes: no undo step
  }
  if (const QString e = newFindings(next); !e.isEmpty()) {
    setError(g, e);
    return false;
  }
  setError(g, {});
  if (mode == Mode::Check) {
    return true;
  }
  const QString summary = groupSummary(g, d);
  const QString where = QStringLiteral("%1 rule %2").arg(m_rule.name).arg(m_rule.index);
  const QString text = summary.isEmpty() ? tr("Clear %1 on %2").arg(groupName(g), where)
                                         : tr("Set %1 on %2").arg(summary, where);
  m_document->undoStack()->push(new EditConfigCommand(m_document, config, next, text));
  return true;
}

void PolicyEditor::setError(PolicyGroup g, const QString& error) {
  QString& slot = m_errors[static_cast<size_t>(g)];
  if (slot != error) {
    slot = error;
    emit errorChanged(g, error);
  }
}

void PolicyEditor::clearErrors() {
  for (PolicyGroup g : kGroups) {
    setError(g, {});
  }
}

void PolicyEditor::refreshFidelity() {
  m_fidelity.fill({});
  const auto config = m_document->config();
  const auto* route = config ? findRoute(*config, m_rule) : nullptr;
  const auto* rule = config ? findRule(*config, m_rule) : nullptr;
  if (!rule) {
    return;
  }
  const QString dialect = dialectTitle(route->dialect);
  const auto back = core::api::roundTrip(routeOnly(*config, m_rule)).config;
  const auto* readBack = back ? findRule(*back, m_rule) : nullptr;
  for (PolicyGroup g : kGroups) {
    QString& note = m_fidelity[static_cast<size_t>(g)];
    if (!readBack) {
      if (groupSet(g, *rule)) {
        note = tr("%1 routes are import-only: this applies live, but Save does not write it.").arg(dialect);
      }
    } else if (!sameGroup(g, *rule, *readBack)) {
      note = groupSet(g, *readBack)
                 ? tr("%1 cannot express all of this: it applies live, but Save writes it differently.").arg(dialect)
                 : tr("%1 cannot express this: it applies live, but Save drops it.").arg(dialect);
    }
  }
}

}  // namespace routedeck::models
