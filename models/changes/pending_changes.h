#pragma once

#include <QObject>
#include <QVector>

#include "models/document/live_edit.h"
#include "models/engine/metatypes.h"
#include "models/problems/problems_model.h"

namespace routedeck::models {

class WorkspaceDocument;

// The config the core runs ("applied") next to the document being edited.
// Edits wait for apply(); weight and fault edits (and their undo) go live
// at once while live apply is on, copied onto the applied config rule by
// rule. discard() is an undo step back to the applied config. It asks for
// applies through applyRequested and never talks to the engine itself.
// UI thread only.
class PendingChanges : public QObject {
  Q_OBJECT
 public:
  explicit PendingChanges(WorkspaceDocument* document, QObject* parent = nullptr);

  ConfigConstPtr applied() const { return m_applied; }
  ConfigConstPtr document() const;
  bool isPending() const;
  bool liveApply() const { return m_live; }

  // Applies the whole document, or nothing: returns the validator's errors
  // (and requests no apply) when it has any.
  QVector<Problem> apply();
  // Pushes an undo step that returns the document to the applied config.
  void discard();
  void setLiveApply(bool on);
  // What the core really runs, after an apply the core refused.
  void resync(const ConfigConstPtr& running);

 signals:
  void applyRequested(const routedeck::models::ConfigConstPtr& config);
  // The applied config, the document or the pending state changed.
  void changed();
  void liveApplyChanged(bool on);

 private:
  void onLiveEdit(const LiveEdit& edit);

  WorkspaceDocument* m_document;
  ConfigConstPtr m_applied;
  bool m_live = true;
};

}  // namespace routedeck::models
