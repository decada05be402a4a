#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace routedeck::models {
class Workbench;
}

namespace routedeck::ui {

// The Clusters dock: pick a kube context, browse its route objects of every
// dialect (searchable, live), run them locally, and review and apply the
// local edits back. The context and API server are always in view.
class ClusterPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ClusterPanel(models::Workbench* workbench, QWidget* parent = nullptr);

  QComboBox* contexts() const { return m_contexts; }
  QPushButton* connectButton() const { return m_connect; }
  QLineEdit* search() const { return m_search; }
  QTreeView* tree() const { return m_tree; }
  QPushButton* runLocallyButton() const { return m_runLocally; }
  QPushButton* applyButton() const { return m_apply; }
  QLabel* target() const { return m_target; }
  QLabel* status() const { return m_status; }

  // Reads the kubeconfig's contexts (KUBECONFIG, ~/.kube/config, or `paths`).
  void reloadContexts(const QStringList& kubeconfigPaths = {});
  // Local endpoints for "Run locally": Service "ns/name" → "host:port".
  void setLocalEndpoints(const QMap<QString, QString>& endpoints) { m_localEndpoints = endpoints; }

 signals:
  void applyRequested();

 private:
  models::Workbench* m_workbench;
  QStringList m_kubeconfigPaths;
  QMap<QString, QString> m_localEndpoints;
  QString m_pendingSelect;  // a rule node to select once the local run has loaded
  QComboBox* m_contexts;
  QPushButton* m_connect;
  QLabel* m_target;
  QLineEdit* m_search;
  QSortFilterProxyModel* m_filter;
  QTreeView* m_tree;
  QPushButton* m_runLocally;
  QPushButton* m_apply;
  QLabel* m_status;
};

}  // namespace routedeck::ui
