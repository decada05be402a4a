#include "models/document/set_faults_command.h"

#include "models/document/rule_lookup.h"
#include "models/document/workspace_document.h"

namespace routedeck::models {

ConfigConstPtr withRuleFault(const ConfigConstPtr& config, const RuleRef& rule, const std::optional<Fault>& fault) {
  if (!config || findRule(*config, rule) == nullptr) {
    return nullptr;
  }
  auto copy = std::make_shared<core::model::Config>(*config);
  findRule(*copy, rule)->fault = fault;
  return copy;
}

SetFaultsCommand::SetFaultsCommand(WorkspaceDocument* doc, QVector<FaultChange> changes, const QString& text)
    : m_doc(doc), m_changes(std::move(changes)) {
  setText(text);
}

void SetFaultsCommand::set(bool after) {
  // All rules in one new config, so the engine applies them as one swap.
  ConfigConstPtr next = m_doc->config();
  LiveEdit live{LiveEdit::Part::Fault, {}};
  for (const auto& c : m_changes) {
    if (auto updated = withRuleFault(next, c.rule, after ? c.after : c.before)) {
      next = updated;
      live.rules << c.rule;
    }
  }
  m_doc->replaceConfig(next, live);
}

void SetFaultsCommand::redo() { set(true); }
void SetFaultsCommand::undo() { set(false); }

}  // namespace routedeck::models
