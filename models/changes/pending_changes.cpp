#include "models/changes/pending_changes.h"

#include "models/document/edit_config_command.h"
#include "models/document/workspace_document.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

namespace {
bool sameConfig(const ConfigConstPtr& a, const ConfigConstPtr& b) {
  return a == b || (a && b && *a == *b);
}
}  // namespace

PendingChanges::PendingChanges(WorkspaceDocument* document, QObject* parent)
    : QObject(parent), m_document(document) {
  // A loaded workspace is what the core runs.
  connect(document, &WorkspaceDocument::loaded, this, [this](const ConfigConstPtr& c) {
    m_applied = c;
    emit changed();
  });
  connect(document, &WorkspaceDocument::liveEdited, this, &PendingChanges::onLiveEdit);
  connect(document, &WorkspaceDocument::configChanged, this, &PendingChanges::changed);
}

ConfigConstPtr PendingChanges::document() const { return m_document->config(); }

bool PendingChanges::isPending() const { return !sameConfig(m_applied, m_document->config()); }

void PendingChanges::onLiveEdit(const LiveEdit& edit) {
  if (!m_live) {
    return;
  }
  if (auto next = transplantLive(m_applied, m_document->config(), edit)) {
    m_applied = next;
    emit applyRequested(m_applied);
  }
}

QVector<Problem> PendingChanges::apply() {
  const auto config = m_document->config();
  if (!config || !isPending()) {
    return {};
  }
  QVector<Problem> errors;
  for (const auto& p : toProblems(core::api::validate(*config))) {
    if (p.severity == Problem::Severity::Error) {
      errors << p;
    }
  }
  if (!errors.isEmpty()) {
    return errors;
  }
  m_applied = config;
  emit applyRequested(m_applied);
  emit changed();
  return {};
}

void PendingChanges::discard() {
  if (!isPending() || !m_applied) {
    return;
  }
  m_document->undoStack()->push(
      new EditConfigCommand(m_document, m_document->config(), m_applied, tr("Discard pending changes")));
}

void PendingChanges::setLiveApply(bool on) {
  if (on == m_live) {
    return;
  }
  m_live = on;
  emit liveApplyChanged(on);
}

void PendingChanges::resync(const ConfigConstPtr& running) {
  if (running && !sameConfig(running, m_applied)) {
    m_applied = running;
    emit changed();
  }
}

}  // namespace routedeck::models
