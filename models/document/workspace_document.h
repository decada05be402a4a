#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoStack>
#include <QVector>
#include <optional>

#include "models/document/live_edit.h"
#include "models/engine/metatypes.h"
#include "models/graph/topology.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

struct FaultChange;

// The workspace being edited: the current config, its undo stack and
// whether it differs from the file. Every edit is a QUndoCommand whose
// redo/undo swaps in a new immutable config and emits configChanged();
// weight and fault edits also say what they touched (liveEdited) so that
// PendingChanges can apply them at once. Undo takes the same path as the
// edit. UI thread only.
class WorkspaceDocument : public QObject {
  Q_OBJECT
 public:
  explicit WorkspaceDocument(QObject* parent = nullptr);

  // A freshly loaded workspace: clears the undo history. `label` names a
  // document without a file (a remote daemon's config); `dirty` keeps the
  // "differs from the file" mark of a document brought back after a switch.
  void reset(ConfigConstPtr config, const QString& path, bool isDemo, const QString& label = {},
             bool dirty = false);
  ConfigConstPtr config() const { return m_config; }
  QString path() const { return m_path; }
  QString displayName() const;
  bool isDemo() const { return m_demo; }
  bool isDirty() const { return !m_undo.isClean(); }
  QUndoStack* undoStack() { return &m_undo; }

  // Configured weights and backend labels of a rule (empty when unknown).
  QVector<int> ruleWeights(const RuleRef& rule) const;
  QStringList ruleBackends(const RuleRef& rule) const;

  // Sets a rule's backend weights as one undo step. Successive calls with
  // `dragging` for the same rule merge into that step until endGesture().
  void setRuleWeights(const RuleRef& rule, const QVector<int>& weights, bool dragging);
  void endGesture();

  // A rule's fault injection (nullopt: none or unknown rule).
  std::optional<core::model::FaultInjection> ruleFault(const RuleRef& rule) const;
  // Rules of the current config that carry a fault, in config order.
  QVector<RuleRef> faultedRules() const;
  // Pushes one undo step for the changes (ignored when none changes anything).
  void changeFaults(const QVector<FaultChange>& changes, const QString& text);

  // Used by the undo commands; `live` names a weight or fault edit.
  void replaceConfig(ConfigConstPtr config, const std::optional<LiveEdit>& live = std::nullopt);
  bool gestureOpen() const { return m_gestureOpen; }
  void markSaved(const QString& path);
  // The whole workspace was written to `path` (File → Save Workspace): the
  // document now belongs to that file, clean, and Save writes there again.
  void markWorkspaceSaved(const QString& path);
  // The file Save writes without asking: one this document was saved to as
  // a whole workspace (empty: Save asks for a file). Files opened from disk
  // are not rewritten unasked — they may be a workspace spread over several
  // files, with comments.
  QString workspaceFile() const { return m_workspaceFile; }

 signals:
  // Emitted before configChanged for a weight or fault edit (or its undo).
  void liveEdited(const routedeck::models::LiveEdit& edit);
  void configChanged(const routedeck::models::ConfigConstPtr& config);
  void loaded(const routedeck::models::ConfigConstPtr& config);
  void dirtyChanged(bool dirty);

 private:
  ConfigConstPtr m_config;
  QString m_path;
  QString m_label;
  QString m_workspaceFile;
  bool m_demo = false;
  bool m_gestureOpen = false;
  QUndoStack m_undo;
};

// The config with `rule`'s backend weights replaced (null when the rule or
// the number of backends does not match).
ConfigConstPtr withRuleWeights(const ConfigConstPtr& config, const RuleRef& rule, const QVector<int>& weights);

}  // namespace routedeck::models
