#pragma once

#include <QUndoCommand>
#include <QVector>
#include <optional>

#include "models/engine/metatypes.h"
#include "models/graph/topology.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

class WorkspaceDocument;

using Fault = core::model::FaultInjection;

// One rule's fault before and after an edit (nullopt: no fault).
struct FaultChange {
  RuleRef rule;
  std::optional<Fault> before;
  std::optional<Fault> after;
};

// Sets, clears or reverts the faults of one or more rules as one undo step
// ("Stop all faults" and a timer that expires for several rules at once are
// one step each).
class SetFaultsCommand : public QUndoCommand {
 public:
  SetFaultsCommand(WorkspaceDocument* doc, QVector<FaultChange> changes, const QString& text);
  void redo() override;
  void undo() override;

 private:
  void set(bool after);

  WorkspaceDocument* m_doc;
  QVector<FaultChange> m_changes;
};

// The config with `rule`'s fault replaced (null when the rule is unknown).
ConfigConstPtr withRuleFault(const ConfigConstPtr& config, const RuleRef& rule, const std::optional<Fault>& fault);

}  // namespace routedeck::models
