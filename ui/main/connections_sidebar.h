#pragma once

#include <QTreeWidget>

namespace routedeck::ui {

// Where the routes come from: the embedded core (the open workspace) and
// remote routedeckd endpoints (listed; connecting arrives with the admin API).
class ConnectionsSidebar : public QTreeWidget {
  Q_OBJECT
 public:
  explicit ConnectionsSidebar(QWidget* parent = nullptr);
  void setWorkspaceName(const QString& name, bool running);
  void addRemote(const QString& address);
  QStringList remotes() const;

 public slots:
  void promptAddRemote();

 private:
  QTreeWidgetItem* m_embedded;
  QTreeWidgetItem* m_workspace;
  QTreeWidgetItem* m_remote;
};

}  // namespace routedeck::ui
