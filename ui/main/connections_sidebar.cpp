#include "ui/main/connections_sidebar.h"

#include <QMenu>

#include "models/workbench.h"
#include "ui/main/add_remote_dialog.h"

namespace routedeck::ui {

ConnectionsSidebar::ConnectionsSidebar(models::Workbench* workbench, QWidget* parent)
    : QListView(parent), m_workbench(workbench) {
  setObjectName(QStringLiteral("connections"));
  setAccessibleName(tr("Connections"));
  setModel(&workbench->connections());
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setContextMenuPolicy(Qt::CustomContextMenu);
  connect(this, &QListView::activated, this, [this](const QModelIndex& index) {
    m_workbench->activateConnection(index.row());
  });
  connect(this, &QWidget::customContextMenuRequested, this, &ConnectionsSidebar::showMenu);
}

void ConnectionsSidebar::promptAddRemote() {
  auto* dialog = new AddRemoteDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    auto& connections = m_workbench->connections();
    const int row = connections.addRemote(dialog->address(), dialog->token(), dialog->tokenFile());
    if (row > 0) {
      emit remoteAdded(dialog->address(), dialog->tokenFile());
      m_workbench->activateConnection(row);
    }
  });
  dialog->open();
}

void ConnectionsSidebar::showMenu(const QPoint& pos) {
  const QModelIndex index = indexAt(pos);
  QMenu menu(this);
  if (index.isValid()) {
    menu.addAction(index.row() == 0 ? tr("Show the embedded core") : tr("Connect"), this,
                   [this, row = index.row()] { m_workbench->activateConnection(row); });
    if (index.row() > 0) {
      auto* remove = menu.addAction(tr("Remove"), this, [this, row = index.row()] {
        m_workbench->connections().removeRemote(row);
      });
      remove->setEnabled(!index.data(models::ConnectionsModel::ActiveRole).toBool());
    }
    menu.addSeparator();
  }
  menu.addAction(tr("Add remote routedeckd…"), this, &ConnectionsSidebar::promptAddRemote);
  menu.exec(viewport()->mapToGlobal(pos));
}

}  // namespace routedeck::ui
