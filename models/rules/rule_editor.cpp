#include "models/rules/rule_editor.h"

#include <QSet>

#include "models/document/edit_config_command.h"
#include "models/document/rule_lookup.h"
#include "models/document/workspace_document.h"
#include "models/problems/problems_model.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

namespace {

QSet<QString> errorTexts(const ConfigConstPtr& config) {
  QSet<QString> out;
  if (config) {
    for (const auto& p : toProblems(core::api::validate(*config))) {
      if (p.severity == Problem::Severity::Error) {
        out.insert(p.field.isEmpty() ? p.message : p.message + QStringLiteral(" [") + p.field + QLatin1Char(']'));
      }
    }
  }
  return out;
}

}  // namespace

RuleEditor::RuleEditor(WorkspaceDocument* document, QObject* parent) : QObject(parent), m_document(document) {
  connect(document, &WorkspaceDocument::configChanged, this, [this](const ConfigConstPtr& c) { m_table.setConfig(c); });
  connect(document, &WorkspaceDocument::loaded, this, [this](const ConfigConstPtr& c) {
    setError({});
    m_table.setConfig(c);
  });
}

void RuleEditor::setRoute(const RuleRef& routeOrRule) {
  const RuleRef route{routeOrRule.kind, routeOrRule.ns, routeOrRule.name, -1};
  if (route == m_table.route() && m_table.rowCount() > 0) {
    return;
  }
  setError({});
  m_table.setRoute(route, m_document->config());
}

QStringList RuleEditor::backends() const { return backendChoices(m_document->config()); }

QString RuleEditor::newErrors(const ConfigConstPtr& candidate) const {
  const QSet<QString> before = errorTexts(m_document->config());
  QStringList added;
  for (const auto& e : errorTexts(candidate)) {
    if (!before.contains(e)) {
      added << e;
    }
  }
  added.sort();
  return added.join(QLatin1Char('\n'));
}

QString RuleEditor::checkNewRule(const MatchDraft& draft, const QString& backend) const {
  const auto next = withRuleAdded(m_document->config(), route(), draft, backend);
  return next ? newErrors(next) : tr("Choose a route and a backend.");
}

bool RuleEditor::push(const ConfigConstPtr& next, const QString& text) {
  if (!next) {
    setError(tr("Nothing to change: select a rule of this route first."));
    return false;
  }
  if (const QString errors = newErrors(next); !errors.isEmpty()) {
    setError(errors);
    return false;
  }
  setError({});
  m_document->undoStack()->push(new EditConfigCommand(m_document, m_document->config(), next, text));
  return true;
}

void RuleEditor::setError(const QString& error) {
  if (error != m_error) {
    m_error = error;
    emit errorChanged(error);
  }
}

RuleRef RuleEditor::ruleAtRow(int row) const {
  RuleRef r = route();
  r.index = m_table.ruleAt(row);
  return r;
}

bool RuleEditor::addRule(const MatchDraft& draft, const QString& backend) {
  const auto config = m_document->config();
  const auto* routeSpec = config ? findRoute(*config, route()) : nullptr;
  const int index = routeSpec ? static_cast<int>(routeSpec->rules.size()) : -1;
  if (!push(withRuleAdded(config, route(), draft, backend), tr("Add rule to %1 → %2").arg(route().name, backend))) {
    return false;
  }
  emit ruleAdded(index);
  return true;
}

bool RuleEditor::addHeaderMatch(int row, const MatchDraft& draft) {
  const RuleRef rule = ruleAtRow(row);
  const int match = m_table.index(row, 0).data(RuleTableModel::MatchIndexRole).toInt();
  return push(withHeaderMatchAdded(m_document->config(), rule, match, draft),
              tr("Add header match %1 to %2 #%3").arg(draft.headerName, rule.name).arg(rule.index));
}

bool RuleEditor::removeRule(int row) {
  const RuleRef rule = ruleAtRow(row);
  return push(withRuleRemoved(m_document->config(), rule), tr("Remove rule %1 #%2").arg(rule.name).arg(rule.index));
}

bool RuleEditor::moveRule(int row, int delta) {
  const RuleRef rule = ruleAtRow(row);
  return push(withRuleMoved(m_document->config(), rule, rule.index + delta),
              tr("Move rule %1 #%2 to %3").arg(rule.name).arg(rule.index).arg(rule.index + delta));
}

}  // namespace routedeck::models
