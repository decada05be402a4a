#include "models/document/set_weights_command.h"

#include <QStringList>

#include "models/document/workspace_document.h"

namespace routedeck::models {

SetWeightsCommand::SetWeightsCommand(WorkspaceDocument* doc, RuleRef rule, QVector<int> before,
                                     QVector<int> after, bool mergeable)
    : m_doc(doc), m_rule(std::move(rule)), m_before(std::move(before)), m_after(std::move(after)),
      m_mergeable(mergeable) {
  updateText();
}

void SetWeightsCommand::updateText() {
  QStringList parts;
  for (int w : m_after) {
    parts << QString::number(w);
  }
  setText(QStringLiteral("Weights of %1 #%2 → %3").arg(m_rule.name).arg(m_rule.index).arg(parts.join(QLatin1Char('/'))));
}

void SetWeightsCommand::set(const QVector<int>& weights) {
  if (auto next = withRuleWeights(m_doc->config(), m_rule, weights)) {
    m_doc->replaceConfig(next, LiveEdit{LiveEdit::Part::Weights, {m_rule}});
  }
}

void SetWeightsCommand::redo() { set(m_after); }
void SetWeightsCommand::undo() { set(m_before); }

bool SetWeightsCommand::mergeWith(const QUndoCommand* other) {
  const auto* o = static_cast<const SetWeightsCommand*>(other);
  if (!m_mergeable || !o->m_mergeable || !(o->m_rule == m_rule) || !m_doc->gestureOpen()) {
    return false;
  }
  m_after = o->m_after;
  updateText();
  return true;
}

}  // namespace routedeck::models
