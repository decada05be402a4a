#include "models/document/edit_config_command.h"

#include "models/document/workspace_document.h"

namespace routedeck::models {

EditConfigCommand::EditConfigCommand(WorkspaceDocument* doc, ConfigConstPtr before, ConfigConstPtr after,
                                     const QString& text)
    : m_doc(doc), m_before(std::move(before)), m_after(std::move(after)) {
  setText(text);
}

void EditConfigCommand::redo() { m_doc->replaceConfig(m_after); }
void EditConfigCommand::undo() { m_doc->replaceConfig(m_before); }

}  // namespace routedeck::models
