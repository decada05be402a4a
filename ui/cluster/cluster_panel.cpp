#include "ui/cluster/cluster_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include "models/workbench.h"
#include "ui/widgets/vector_icons.h"

namespace routedeck::ui {

namespace {
// Local listeners of a cluster run count up from here (clear of the demo's).
constexpr int kLocalPortBase = 18600;
}  // namespace

ClusterPanel::ClusterPanel(models::Workbench* workbench, QWidget* parent)
    : QWidget(parent), m_workbench(workbench) {
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  m_contexts = new QComboBox(this);
  m_contexts->setAccessibleName(tr("Kubernetes context"));
  m_connect = new QPushButton(tr("Connect"), this);
  row->addWidget(m_contexts, 1);
  row->addWidget(m_connect);
  layout->addLayout(row);
  m_target = new QLabel(tr("Not connected"), this);
  m_target->setWordWrap(true);
  m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_target);
  m_search = new QLineEdit(this);
  m_search->setPlaceholderText(tr("Find objects (name, namespace, kind)…"));
  addClearButton(m_search);  // a vector icon, sharp at any device pixel ratio
  layout->addWidget(m_search);
  m_filter = new QSortFilterProxyModel(this);
  m_filter->setSourceModel(&workbench->clusterObjects());
  m_filter->setRecursiveFilteringEnabled(true);
  m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_tree = new QTreeView(this);
  m_tree->setModel(m_filter);
  m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_tree->setAccessibleName(tr("Cluster objects"));
  layout->addWidget(m_tree, 1);
  auto* buttons = new QHBoxLayout;
  m_runLocally = new QPushButton(tr("Run locally"), this);
  m_runLocally->setToolTip(tr("Load this cluster's routes into the embedded core to rehearse and edit them"));
  m_apply = new QPushButton(tr("Review && apply…"), this);
  m_apply->setToolTip(tr("Show the diff and the server's dry run of your local edits, then apply them"));
  buttons->addWidget(m_runLocally);
  buttons->addWidget(m_apply);
  layout->addLayout(buttons);
  m_status = new QLabel(this);
  m_status->setWordWrap(true);
  layout->addWidget(m_status);
  m_runLocally->setEnabled(false);
  m_apply->setEnabled(false);

  auto& session = workbench->cluster();
  connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
  connect(m_connect, &QPushButton::clicked, this, [this] {
    m_status->setText(tr("Connecting to %1…").arg(m_contexts->currentText()));
    m_workbench->cluster().open(m_contexts->currentData().toString(), m_kubeconfigPaths);
  });
  connect(&session, &models::ClusterSession::opened, this, [this](const QString& context, const QString& server) {
    // Bold and on its own line: every write goes here.
    m_target->setText(tr("<b>%1</b> — %2<br>%3").arg(context.toHtmlEscaped(), server.toHtmlEscaped(),
                                                      m_workbench->cluster().dialects().join(QStringLiteral(", "))));
    m_status->clear();
    m_runLocally->setEnabled(true);
  });
  connect(&session, &models::ClusterSession::failed, this, [this](const QString& why) {
    m_status->setText(tr("Could not connect: %1").arg(why));
  });
  connect(&session, &models::ClusterSession::message, this, [this](const QString& m) { m_status->setText(m); });
  connect(&session, &models::ClusterSession::rowsChanged, m_tree, &QTreeView::expandAll);
  connect(m_runLocally, &QPushButton::clicked, this, [this] {
    m_workbench->cluster().runLocally(m_localEndpoints, kLocalPortBase);
    m_apply->setEnabled(true);
  });
  connect(m_apply, &QPushButton::clicked, this, &ClusterPanel::applyRequested);
  // Opening an object (double-click, Enter) shows its first rule in the
  // graph and editors, running the cluster's routes locally first if needed.
  connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex& idx) {
    const QString kind = idx.data(models::ClusterObjectsModel::KindRole).toString();
    const QString name = idx.data(models::ClusterObjectsModel::NameRole).toString();
    if (kind.isEmpty() || name.isEmpty()) return;
    const QString rule = QStringLiteral("ru:%1/%2/%3#0")
                             .arg(kind, idx.data(models::ClusterObjectsModel::NamespaceRole).toString(), name);
    if (m_workbench->routeTree().indexForId(rule).isValid()) {
      m_workbench->select(rule);
      return;
    }
    m_pendingSelect = rule;
    m_runLocally->click();
  });
  connect(&m_workbench->document(), &models::WorkspaceDocument::loaded, this, [this] {
    if (!m_pendingSelect.isEmpty() && m_workbench->routeTree().indexForId(m_pendingSelect).isValid()) {
      m_workbench->select(m_pendingSelect);
    }
    m_pendingSelect.clear();
  });
  // The selected route's traffic goes to the Cluster metrics tab.
  connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& idx) {
    const QString json = idx.data(models::ClusterObjectsModel::JsonRole).toString();
    if (json.isEmpty()) return;
    m_workbench->clusterMetrics().setObject(
        QStringLiteral("%1 %2/%3")
            .arg(idx.data(models::ClusterObjectsModel::KindRole).toString(),
                 idx.data(models::ClusterObjectsModel::NamespaceRole).toString(),
                 idx.data(models::ClusterObjectsModel::NameRole).toString()),
        json);
  });
}

void ClusterPanel::reloadContexts(const QStringList& kubeconfigPaths) {
  m_kubeconfigPaths = kubeconfigPaths;
  m_contexts->clear();
  QString error;
  const auto contexts = models::ClusterSession::contexts(kubeconfigPaths, &error);
  for (const auto& c : contexts) {
    m_contexts->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(c.name), QString::fromStdString(c.server)),
                        QString::fromStdString(c.name));
    if (c.current) m_contexts->setCurrentIndex(m_contexts->count() - 1);
  }
  m_connect->setEnabled(!contexts.isEmpty());
  m_status->setText(contexts.isEmpty() ? (error.isEmpty() ? tr("No kubeconfig contexts") : error) : QString());
}

}  // namespace routedeck::ui
