#include "models/faults/fault_model.h"

#include <QThread>

#include "models/document/set_faults_command.h"
#include "models/document/workspace_document.h"

namespace routedeck::models {

namespace model = core::model;

namespace {

QString percentText(const std::optional<double>& p) { return QString::number(p.value_or(100)) + QLatin1Char('%'); }

std::optional<Fault> toFault(const FaultDraft& d) {
  Fault f;
  if (d.delay && d.delayPercent > 0 && d.delayMs > 0) {
    f.delay = model::FaultDelay{model::Duration::fromMillis(d.delayMs), d.delayPercent};
  }
  if (d.abort && d.abortPercent > 0) {
    f.abort = model::FaultAbort{d.abortStatus, std::nullopt, d.abortPercent};
  }
  if (!f.delay && !f.abort) {
    return std::nullopt;
  }
  return f;
}

}  // namespace

FaultModel::FaultModel(WorkspaceDocument* document, QObject* parent) : QAbstractTableModel(parent), m_document(document) {
  m_revert.setSingleShot(true);
  m_tick.setInterval(1000);
  connect(&m_revert, &QTimer::timeout, this, &FaultModel::revertExpired);
  connect(&m_tick, &QTimer::timeout, this, &FaultModel::tick);
  connect(document, &WorkspaceDocument::loaded, this, &FaultModel::onLoaded);
  connect(document, &WorkspaceDocument::configChanged, this, &FaultModel::sync);
  onLoaded();
}

void FaultModel::onLoaded() {
  m_deadlines.clear();
  m_fromFile.clear();
  for (const auto& r : m_document->faultedRules()) {
    m_fromFile.insert(r.id());
  }
  sync();
}

void FaultModel::apply(const RuleRef& rule, const FaultDraft& draft) {
  Q_ASSERT(QThread::currentThread() == thread());
  const auto after = toFault(draft);
  if (!after) {
    clear(rule);
    return;
  }
  m_lastRevertMs = qMax<qint64>(1, draft.revertAfterMs);
  m_fromFile.remove(rule.id());
  // A new fault restarts the countdown even when only its timer changed.
  m_deadlines.insert(rule.id(), QDeadlineTimer(m_lastRevertMs));
  const auto before = m_document->ruleFault(rule);
  m_document->changeFaults({{rule, before, after}}, tr("Fault on %1 #%2").arg(rule.name).arg(rule.index));
  sync();
}

void FaultModel::clear(const RuleRef& rule) {
  m_document->changeFaults({{rule, m_document->ruleFault(rule), std::nullopt}},
                           tr("Clear fault on %1 #%2").arg(rule.name).arg(rule.index));
}

void FaultModel::stopAll() {
  QVector<FaultChange> changes;
  for (const auto& r : m_document->faultedRules()) {
    changes << FaultChange{r, m_document->ruleFault(r), std::nullopt};
  }
  m_document->changeFaults(changes, tr("Stop all faults"));
}

void FaultModel::revertExpired() {
  QVector<FaultChange> changes;
  for (const auto& r : m_rows) {
    const auto it = m_deadlines.constFind(r.id());
    if (it != m_deadlines.constEnd() && it->hasExpired()) {
      changes << FaultChange{r, m_document->ruleFault(r), std::nullopt};
    }
  }
  m_document->changeFaults(changes, tr("Auto-revert faults"));
  armNearest();
}

void FaultModel::sync() {
  const QVector<RuleRef> rows = m_document->faultedRules();
  QSet<QString> live;
  for (const auto& r : rows) {
    live.insert(r.id());
    if (!m_deadlines.contains(r.id()) && !m_fromFile.contains(r.id())) {
      m_deadlines.insert(r.id(), QDeadlineTimer(m_lastRevertMs));
    }
  }
  for (auto it = m_deadlines.begin(); it != m_deadlines.end();) {
    it = live.contains(it.key()) ? std::next(it) : m_deadlines.erase(it);
  }
  if (rows != m_rows) {
    // Only on edits, never on the countdown tick.
    beginResetModel();
    m_rows = rows;
    endResetModel();
    emit activeChanged(activeCount());
  } else if (!m_rows.isEmpty()) {
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  }
  armNearest();
}

void FaultModel::armNearest() {
  qint64 nearest = -1;
  for (const auto& d : std::as_const(m_deadlines)) {
    const qint64 left = qMax<qint64>(0, d.remainingTime());
    nearest = nearest < 0 ? left : qMin(nearest, left);
  }
  if (nearest < 0) {
    m_revert.stop();
    m_tick.stop();
    return;
  }
  m_revert.start(static_cast<int>(nearest));
  if (!m_tick.isActive()) {
    m_tick.start();
  }
}

void FaultModel::tick() {
  if (!m_rows.isEmpty()) {
    emit dataChanged(index(0, RemainingColumn), index(rowCount() - 1, RemainingColumn));
  }
  emit countdownTick();
}

FaultDraft FaultModel::draftFor(const RuleRef& rule) const {
  FaultDraft d;
  d.revertAfterMs = m_lastRevertMs;
  if (const auto f = m_document->ruleFault(rule)) {
    if (f->delay) {
      d.delay = true;
      d.delayMs = static_cast<int>(f->delay->delay.millis);
      d.delayPercent = f->delay->percent.value_or(100);
    }
    if (f->abort && f->abort->httpStatus) {
      d.abort = true;
      d.abortStatus = *f->abort->httpStatus;
      d.abortPercent = f->abort->percent.value_or(100);
    }
  }
  return d;
}

bool FaultModel::hasFault(const RuleRef& rule) const { return m_document->ruleFault(rule).has_value(); }

qint64 FaultModel::remainingMs(const RuleRef& rule) const {
  const auto it = m_deadlines.constFind(rule.id());
  return it == m_deadlines.constEnd() ? -1 : qMax<qint64>(0, it->remainingTime());
}

QString FaultModel::describe(const RuleRef& rule) const {
  const auto f = m_document->ruleFault(rule);
  if (!f) {
    return {};
  }
  QStringList parts;
  if (f->delay) {
    parts << tr("delay %1 @%2").arg(QString::fromStdString(f->delay->delay.str()), percentText(f->delay->percent));
  }
  if (f->abort) {
    const QString status = f->abort->httpStatus ? QString::number(*f->abort->httpStatus)
                                                : QStringLiteral("grpc ") + QString::fromStdString(f->abort->grpcStatus.value_or(""));
    parts << tr("abort %1 @%2").arg(status, percentText(f->abort->percent));
  }
  return parts.join(QStringLiteral(" · "));
}

QString FaultModel::formatCountdown(qint64 ms) {
  if (ms < 0) {
    return QStringLiteral("—");
  }
  const qint64 s = (ms + 999) / 1000;  // 0.2 s left still reads 0:01
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

int FaultModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int FaultModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FaultModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const RuleRef& r = m_rows[index.row()];
  if (role == RuleIdRole) {
    return r.id();
  }
  if (role == RemainingMsRole) {
    return remainingMs(r);
  }
  if (role != Qt::DisplayRole) {
    return {};
  }
  switch (index.column()) {
    case RuleColumn:
      return r.id();
    case FaultColumn:
      return describe(r);
    case RemainingColumn:
      return m_fromFile.contains(r.id()) ? tr("from file") : formatCountdown(remainingMs(r));
    default:
      return {};
  }
}

QVariant FaultModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  switch (section) {
    case RuleColumn:
      return tr("Rule");
    case FaultColumn:
      return tr("Fault");
    case RemainingColumn:
      return tr("Reverts in");
    default:
      return {};
  }
}

}  // namespace routedeck::models
