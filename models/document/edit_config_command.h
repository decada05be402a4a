#pragma once

#include <QUndoCommand>

#include "models/engine/metatypes.h"

namespace routedeck::models {

class WorkspaceDocument;

// A structural edit (add, remove or reorder rules, add a match) as the two
// immutable configs it goes between.
class EditConfigCommand : public QUndoCommand {
 public:
  EditConfigCommand(WorkspaceDocument* doc, ConfigConstPtr before, ConfigConstPtr after, const QString& text);
  void redo() override;
  void undo() override;

 private:
  WorkspaceDocument* m_doc;
  ConfigConstPtr m_before;
  ConfigConstPtr m_after;
};

}  // namespace routedeck::models
