#pragma once

#include <QUndoCommand>
#include <QVector>

#include "models/graph/topology.h"

namespace routedeck::models {

class WorkspaceDocument;

// One weight change of one rule; a slider drag merges into a single command.
class SetWeightsCommand : public QUndoCommand {
 public:
  static constexpr int kId = 0x5701;

  SetWeightsCommand(WorkspaceDocument* doc, RuleRef rule, QVector<int> before, QVector<int> after,
                    bool mergeable);
  void redo() override;
  void undo() override;
  int id() const override { return kId; }
  bool mergeWith(const QUndoCommand* other) override;

 private:
  void set(const QVector<int>& weights);
  void updateText();

  WorkspaceDocument* m_doc;
  RuleRef m_rule;
  QVector<int> m_before;
  QVector<int> m_after;
  bool m_mergeable;
};

}  // namespace routedeck::models
