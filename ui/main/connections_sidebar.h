#pragma once

#include <QListView>

namespace routedeck::models {
class Workbench;
}

namespace routedeck::ui {

// Where the routes come from: the embedded core and remote routedeckd admin
// endpoints (models::ConnectionsModel). Double-click (or Enter) shows one;
// connecting happens off the UI thread and a failure stays on its row.
class ConnectionsSidebar : public QListView {
  Q_OBJECT
 public:
  explicit ConnectionsSidebar(models::Workbench* workbench, QWidget* parent = nullptr);

 public slots:
  // Asks for HOST:PORT and an optional token or token file, then connects.
  void promptAddRemote();

 signals:
  // A remote endpoint was added by the user (for the recent list).
  void remoteAdded(const QString& address, const QString& tokenFile);

 private:
  void showMenu(const QPoint& pos);

  models::Workbench* m_workbench;
};

}  // namespace routedeck::ui
