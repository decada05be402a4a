// The charts panel's actions: pause, reset zoom, and export of the visible
// charts (PNG) and of the selected rule's recorded series (CSV).
#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPixmap>
#include <QRegularExpression>
#include <QSettings>

#include "models/metrics/series_csv.h"
#include "ui/charts/charts_panel.h"

namespace routedeck::ui {

namespace {
const QString kExportDirKey = QStringLiteral("charts/exportDir");

QString fileStem(const QString& ruleId) {
  QString s = ruleId.isEmpty() ? QStringLiteral("charts") : ruleId;
  s.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
  return QStringLiteral("routedeck-%1-%2").arg(s, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}
}  // namespace

void ChartsPanel::buildActions() {
  m_menu = new QMenu(tr("&Charts"), this);
  m_pauseAction = m_menu->addAction(tr("&Pause charts"));
  m_pauseAction->setCheckable(true);
  m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
  m_pauseAction->setToolTip(tr("Freeze the charts; recording goes on (%1)").arg(m_pauseAction->shortcut().toString(QKeySequence::NativeText)));
  connect(m_pauseAction, &QAction::toggled, this, [this](bool on) {
    m_pauseAction->setText(on ? tr("Resume") : tr("&Pause charts"));
    m_viewport.setPaused(on, newest());
    refresh();
  });
  m_resetZoomAction = m_menu->addAction(tr("&Reset chart zoom"), this, &ChartsPanel::resetZoom);
  m_resetZoomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
  m_menu->addSeparator();
  m_pngAction = m_menu->addAction(tr("Export charts as P&NG…"), this, &ChartsPanel::exportPngDialog);
  m_pngAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  m_csvAction = m_menu->addAction(tr("Export series as &CSV…"), this, &ChartsPanel::exportCsvDialog);
  m_csvAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
  m_resetZoomAction->setIconText(tr("Reset zoom"));
  m_pngAction->setIconText(tr("PNG…"));
  m_csvAction->setIconText(tr("CSV…"));
  for (QAction* a : {m_resetZoomAction, m_pngAction, m_csvAction}) {
    a->setToolTip(QStringLiteral("%1 (%2)").arg(a->text().remove(QLatin1Char('&')), a->shortcut().toString(QKeySequence::NativeText)));
  }
}

QPixmap ChartsPanel::renderImage() const { return m_grid->grab(); }

bool ChartsPanel::exportPng(const QString& path) { return renderImage().save(path, "PNG"); }

bool ChartsPanel::exportCsv(const QString& path, QString* error) {
  return models::writeSeriesCsv(m_workbench->series(), m_ruleId, path, error);
}

QString ChartsPanel::exportDir() const {
  const QString dir = m_settings ? m_settings->value(kExportDirKey).toString() : QString();
  return dir.isEmpty() ? QDir::homePath() : dir;
}

void ChartsPanel::rememberExportDir(const QString& file) {
  if (m_settings) {
    m_settings->setValue(kExportDirKey, QFileInfo(file).absolutePath());
  }
}

void ChartsPanel::exportPngDialog() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Export charts as PNG"),
                                                    QDir(exportDir()).filePath(fileStem(m_ruleId) + QStringLiteral(".png")),
                                                    tr("PNG image (*.png)"));
  if (path.isEmpty()) {
    return;
  }
  rememberExportDir(path);
  if (!exportPng(path)) {
    QMessageBox::critical(this, tr("Export failed"), tr("Cannot write %1").arg(path));
  }
}

void ChartsPanel::exportCsvDialog() {
  if (m_ruleId.isEmpty()) {
    QMessageBox::information(this, tr("Export series"), tr("Select a rule first: the CSV holds that rule's series."));
    return;
  }
  const QString path = QFileDialog::getSaveFileName(this, tr("Export series as CSV"),
                                                    QDir(exportDir()).filePath(fileStem(m_ruleId) + QStringLiteral(".csv")),
                                                    tr("CSV (*.csv)"));
  if (path.isEmpty()) {
    return;
  }
  rememberExportDir(path);
  QString error;
  if (!exportCsv(path, &error)) {
    QMessageBox::critical(this, tr("Export failed"), tr("Cannot write %1: %2").arg(path, error));
  }
}

}  // namespace routedeck::ui
