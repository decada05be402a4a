#include "ui/main/connections_sidebar.h"

#include <QInputDialog>

namespace routedeck::ui {

ConnectionsSidebar::ConnectionsSidebar(QWidget* parent) : QTreeWidget(parent) {
  setHeaderHidden(true);
  setRootIsDecorated(true);
  m_embedded = new QTreeWidgetItem(this, {tr("Embedded core")});
  m_workspace = new QTreeWidgetItem(m_embedded, {tr("(starting…)")});
  m_remote = new QTreeWidgetItem(this, {tr("Remote routedeckd…")});
  m_remote->setToolTip(0, tr("Double-click to add a routedeckd admin endpoint"));
  expandAll();
  connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
    if (item == m_remote) {
      promptAddRemote();
    }
  });
}

void ConnectionsSidebar::setWorkspaceName(const QString& name, bool running) {
  m_workspace->setText(0, name);
  m_embedded->setText(0, running ? tr("Embedded core ● running") : tr("Embedded core ○ stopped"));
}

void ConnectionsSidebar::addRemote(const QString& address) {
  auto* item = new QTreeWidgetItem(m_remote, {tr("%1 — not connected").arg(address)});
  item->setData(0, Qt::UserRole, address);
  item->setToolTip(0, tr("Remote control of routedeckd arrives with the gRPC admin API"));
  m_remote->setExpanded(true);
}

QStringList ConnectionsSidebar::remotes() const {
  QStringList out;
  for (int i = 0; i < m_remote->childCount(); ++i) {
    out << m_remote->child(i)->data(0, Qt::UserRole).toString();
  }
  return out;
}

void ConnectionsSidebar::promptAddRemote() {
  bool ok = false;
  const QString address = QInputDialog::getText(this, tr("Add remote routedeckd"), tr("Admin address (host:port):"),
                                                QLineEdit::Normal, QStringLiteral("127.0.0.1:9901"), &ok);
  if (ok && !address.trimmed().isEmpty()) {
    addRemote(address.trimmed());
  }
}

}  // namespace routedeck::ui
