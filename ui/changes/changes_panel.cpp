#include "ui/changes/changes_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QToolButton>
#include <QVBoxLayout>

namespace routedeck::ui {

ChangesPanel::ChangesPanel(models::Workbench* workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_apply(new QAction(tr("&Apply changes"), this)),
      m_discard(new QAction(tr("&Discard changes"), this)),
      m_live(new QCheckBox(tr("Live apply sliders && faults"), this)),
      m_summary(new QLabel(this)),
      m_view(new QListView(this)) {
  m_apply->setObjectName(QStringLiteral("applyChanges"));
  m_apply->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
  m_apply->setToolTip(tr("Apply every pending edit to the core at once (Ctrl+Return)"));
  m_discard->setObjectName(QStringLiteral("discardChanges"));
  m_discard->setToolTip(tr("Return to the configuration the core runs (undoable)"));
  m_live->setToolTip(tr("Canary weights and faults reach the core while you edit them; "
                        "everything else waits for Apply"));
  m_live->setChecked(workbench->changes().liveApply());
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

  m_view->setModel(&workbench->changesDiff());
  m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_view->setUniformItemSizes(true);
  m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_view->setAccessibleName(tr("Pending changes as a YAML diff"));

  auto* applyButton = new QToolButton(this);
  applyButton->setDefaultAction(m_apply);
  applyButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
  auto* discardButton = new QToolButton(this);
  discardButton->setDefaultAction(m_discard);
  discardButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
  auto* bar = new QHBoxLayout;
  bar->addWidget(m_summary, 1);
  bar->addWidget(m_live);
  bar->addWidget(discardButton);
  bar->addWidget(applyButton);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(m_view, 1);

  connect(m_apply, &QAction::triggered, this, [this] {
    if (!m_workbench->applyChanges()) {
      emit applyRefused();
    }
  });
  connect(m_discard, &QAction::triggered, &workbench->changes(), &models::PendingChanges::discard);
  connect(m_live, &QCheckBox::toggled, &workbench->changes(), &models::PendingChanges::setLiveApply);
  connect(&workbench->changes(), &models::PendingChanges::liveApplyChanged, m_live, &QCheckBox::setChecked);
  connect(&workbench->changes(), &models::PendingChanges::changed, this, &ChangesPanel::update);
  connect(&workbench->changesDiff(), &models::ChangesModel::countChanged, this, &ChangesPanel::update);
  update();
}

QString ChangesPanel::tabTitle() const { return tr("Changes (%1)").arg(m_workbench->changesDiff().hunkCount()); }

void ChangesPanel::update() {
  const bool pending = m_workbench->changes().isPending();
  m_apply->setEnabled(pending);
  m_discard->setEnabled(pending);
  const auto& diff = m_workbench->changesDiff();
  if (!pending) {
    m_summary->setText(tr("No pending changes: the core runs what you see."));
  } else {
    m_summary->setText(tr("%n change(s) waiting for Apply (Ctrl+Return): +%1 / −%2 lines, in the workspace's dialect.",
                          nullptr, diff.hunkCount())
                           .arg(diff.addedLines())
                           .arg(diff.removedLines()));
  }
  emit stateChanged();
}

}  // namespace routedeck::ui
