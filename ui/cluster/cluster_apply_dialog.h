#pragma once

#include <QDialog>
#include <QVector>

#include "models/cluster/cluster_session.h"

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QWidget;

namespace routedeck::models {
class Workbench;
}

namespace routedeck::ui {

// Review and apply local edits to the cluster: the target context and
// server in the title line, each changed object with its diff and the
// server's dry-run verdict, then Apply. A conflict (someone else changed
// the object, or another field manager owns the field) shows base, yours
// and theirs side by side; nothing is overwritten unless the user chooses
// "Force" and confirms.
class ClusterApplyDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ClusterApplyDialog(models::Workbench* workbench, QWidget* parent = nullptr);

  // Finds the changes and dry-runs them (asynchronously).
  void review();

  QLabel* target() const { return m_target; }
  QListWidget* changeList() const { return m_list; }
  QPlainTextEdit* diff() const { return m_diff; }
  QLabel* verdict() const { return m_verdict; }
  QPushButton* applyButton() const { return m_applyButton; }
  QPushButton* forceButton() const { return m_force; }
  QWidget* conflictView() const { return m_conflict; }
  QPlainTextEdit* theirs() const { return m_theirs; }
  const QVector<models::ClusterChange>& changes() const { return m_changes; }
  // Forced applies skip the confirmation box (tests).
  void setConfirmForce(bool ask) { m_confirmForce = ask; }

 signals:
  void reviewed();
  void applied(bool ok);

 private:
  void show(const QVector<models::ClusterChange>& changes, bool afterApply);
  void showChange(int row);
  void apply(bool force);

  models::Workbench* m_workbench;
  QVector<models::ClusterChange> m_changes;
  QLabel* m_target;
  QListWidget* m_list;
  QPlainTextEdit* m_diff;
  QLabel* m_verdict;
  QWidget* m_conflict;
  QLabel* m_conflictText;
  QPlainTextEdit* m_base;
  QPlainTextEdit* m_ours;
  QPlainTextEdit* m_theirs;
  QPushButton* m_applyButton;
  QPushButton* m_force;
  bool m_confirmForce = true;
};

}  // namespace routedeck::ui
