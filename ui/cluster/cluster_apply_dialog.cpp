#include "ui/cluster/cluster_apply_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "models/changes/line_diff.h"
#include "models/workbench.h"

namespace routedeck::ui {

namespace {

// The part of an object people edit, pretty-printed for diffs.
QString specText(const QString& json) {
  const auto doc = QJsonDocument::fromJson(json.toUtf8());
  if (!doc.isObject()) return json;
  return QString::fromUtf8(QJsonDocument(doc.object().value(QStringLiteral("spec")).toObject()).toJson());
}

QPlainTextEdit* readOnlyText(QWidget* parent) {
  auto* t = new QPlainTextEdit(parent);
  t->setReadOnly(true);
  t->setLineWrapMode(QPlainTextEdit::NoWrap);
  return t;
}

}  // namespace

ClusterApplyDialog::ClusterApplyDialog(models::Workbench* workbench, QWidget* parent)
    : QDialog(parent), m_workbench(workbench) {
  setWindowTitle(tr("Apply to cluster"));
  auto* layout = new QVBoxLayout(this);
  m_target = new QLabel(this);
  m_target->setWordWrap(true);
  layout->addWidget(m_target);
  auto* split = new QSplitter(Qt::Horizontal, this);
  m_list = new QListWidget(split);
  m_diff = readOnlyText(split);
  split->addWidget(m_list);
  split->addWidget(m_diff);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);
  m_verdict = new QLabel(this);
  m_verdict->setWordWrap(true);
  layout->addWidget(m_verdict);
  m_conflict = new QWidget(this);
  auto* conflictLayout = new QVBoxLayout(m_conflict);
  m_conflictText = new QLabel(m_conflict);
  m_conflictText->setWordWrap(true);
  conflictLayout->addWidget(m_conflictText);
  auto* three = new QHBoxLayout;
  for (auto [title, edit] : {std::pair{tr("Base (as you opened it)"), &m_base}, std::pair{tr("Yours"), &m_ours},
                             std::pair{tr("Theirs (in the cluster now)"), &m_theirs}}) {
    auto* col = new QVBoxLayout;
    col->addWidget(new QLabel(title, m_conflict));
    *edit = readOnlyText(m_conflict);
    col->addWidget(*edit);
    three->addLayout(col);
  }
  conflictLayout->addLayout(three);
  m_conflict->hide();
  layout->addWidget(m_conflict, 1);
  auto* box = new QDialogButtonBox(this);
  m_applyButton = box->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
  m_force = box->addButton(tr("Force (take their fields)…"), QDialogButtonBox::DestructiveRole);
  m_force->hide();
  box->addButton(QDialogButtonBox::Cancel);
  layout->addWidget(box);
  m_applyButton->setEnabled(false);
  resize(900, 600);

  auto& session = workbench->cluster();
  connect(m_list, &QListWidget::currentRowChanged, this, &ClusterApplyDialog::showChange);
  connect(&session, &models::ClusterSession::changesFound, this, [this](const QVector<models::ClusterChange>& c) {
    show(c, false);
    emit reviewed();
  });
  connect(&session, &models::ClusterSession::applyDone, this, [this](const QVector<models::ClusterChange>& c) {
    show(c, true);
    bool ok = true;
    for (const auto& x : c) ok = ok && x.ok;
    emit applied(ok);
  });
  connect(m_applyButton, &QPushButton::clicked, this, [this] { apply(false); });
  connect(m_force, &QPushButton::clicked, this, [this] {
    if (m_confirmForce &&
        QMessageBox::warning(this, tr("Force the apply?"),
                             tr("This takes over fields another writer owns in %1 and overwrites their values. "
                                "Continue?")
                                 .arg(m_workbench->cluster().server()),
                             QMessageBox::Yes | QMessageBox::Cancel) != QMessageBox::Yes) {
      return;
    }
    apply(true);
  });
  connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void ClusterApplyDialog::review() {
  auto& session = m_workbench->cluster();
  m_target->setText(tr("Target: <b>%1</b> — %2").arg(session.contextName().toHtmlEscaped(),
                                                     session.server().toHtmlEscaped()));
  m_verdict->setText(tr("Comparing your edits with the cluster and asking the server for a dry run…"));
  m_applyButton->setEnabled(false);
  session.findChanges(m_workbench->document().config());
}

void ClusterApplyDialog::show(const QVector<models::ClusterChange>& changes, bool afterApply) {
  m_changes = changes;
  m_list->clear();
  int conflicts = 0, failures = 0, owned = 0;
  for (const auto& c : changes) {
    owned += !c.conflictingManagers.isEmpty() && !c.stale;
    m_list->addItem(QStringLiteral("%1 %2/%3 — %4").arg(c.kind, c.ns, c.name, c.changedFields.join(QStringLiteral(", "))));
    conflicts += c.conflict;
    failures += !c.ok;
  }
  m_conflict->setVisible(conflicts > 0);
  // Force takes fields from other managers; it cannot make a stale base
  // current (that needs "Run locally" again, from their version).
  m_force->setVisible(owned > 0);
  if (changes.isEmpty()) {
    m_verdict->setText(tr("No local edits differ from the cluster."));
  } else if (conflicts > 0) {
    m_verdict->setText(owned > 0 ? tr("Conflict: nothing was written. Another field manager owns fields you "
                                      "changed in %n object(s); Force takes them over.",
                                      nullptr, conflicts)
                                 : tr("Conflict: nothing was written. Someone else changed %n object(s) since you "
                                      "opened them; run the cluster's routes locally again to start from their "
                                      "version.",
                                      nullptr, conflicts));
  } else if (failures > 0) {
    m_verdict->setText(tr("The server refused %n change(s): %1", nullptr, failures)
                           .arg(std::find_if(changes.begin(), changes.end(), [](const auto& c) { return !c.ok; })->message));
  } else {
    m_verdict->setText(afterApply ? tr("Applied %n object(s) to %1.", nullptr, changes.size()).arg(m_workbench->cluster().server())
                                  : tr("Server dry run: accepted (%n object(s)). Nothing is written until you Apply.",
                                       nullptr, changes.size()));
  }
  m_applyButton->setEnabled(!changes.isEmpty() && failures == 0 && !afterApply);
  if (!changes.isEmpty()) m_list->setCurrentRow(0);
}

void ClusterApplyDialog::showChange(int row) {
  if (row < 0 || row >= m_changes.size()) return;
  const auto& c = m_changes[row];
  const QStringList before = specText(c.baseJson).split(QLatin1Char('\n'));
  const QStringList after = specText(c.oursJson).split(QLatin1Char('\n'));
  m_diff->setPlainText(models::formatUnified(models::unifiedDiff(before, after)));
  if (c.conflict) {
    m_conflictText->setText(
        c.conflictingManagers.isEmpty() || c.stale
            ? tr("%1 %2/%3 was changed in the cluster after you opened it.").arg(c.kind, c.ns, c.name)
            : tr("%1 %2/%3: these fields belong to %4.").arg(c.kind, c.ns, c.name, c.conflictingManagers.join(", ")));
    m_base->setPlainText(specText(c.baseJson));
    m_ours->setPlainText(specText(c.oursJson));
    m_theirs->setPlainText(specText(c.theirsJson));
  }
}

void ClusterApplyDialog::apply(bool force) {
  m_applyButton->setEnabled(false);
  m_verdict->setText(tr("Applying to %1…").arg(m_workbench->cluster().server()));
  m_workbench->cluster().apply(m_workbench->document().config(), m_changes, force);
}

}  // namespace routedeck::ui
