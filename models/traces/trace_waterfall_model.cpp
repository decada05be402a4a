#include "models/traces/trace_waterfall_model.h"

#include <QStringList>
#include <QThread>

namespace routedeck::models {

namespace trace = core::trace;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
double ms(int64_t nanos) { return static_cast<double>(nanos) / 1e6; }

QString kindName(trace::SpanKind k) {
  switch (k) {
    case trace::SpanKind::Server: return QStringLiteral("server");
    case trace::SpanKind::Client: return QStringLiteral("client");
    case trace::SpanKind::Internal: break;
  }
  return QStringLiteral("internal");
}

QString statusName(const trace::Span& s) {
  switch (s.status) {
    case trace::SpanStatus::Ok: return QStringLiteral("ok");
    case trace::SpanStatus::Error:
      return s.statusMessage.empty() ? QStringLiteral("error") : QStringLiteral("error: %1").arg(q(s.statusMessage));
    case trace::SpanStatus::Unset: break;
  }
  return QStringLiteral("unset");
}

QString valueText(const trace::Attribute& a) {
  return std::visit([](const auto& v) -> QString {
    using T = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<T, std::string>) {
      return q(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      return v ? QStringLiteral("true") : QStringLiteral("false");
    } else {
      return QString::number(v);
    }
  }, a.value);
}

}  // namespace

TraceWaterfallModel::TraceWaterfallModel(QObject* parent) : QAbstractTableModel(parent) {}

void TraceWaterfallModel::setTrace(const TraceConstPtr& trace) {
  Q_ASSERT(QThread::currentThread() == thread());
  if (trace == m_trace) {
    return;
  }
  beginResetModel();
  m_trace = trace;
  m_rows = trace ? waterfallRows(*trace) : std::vector<WaterfallRow>{};
  m_totalMs = 0;
  for (const auto& r : m_rows) {
    m_totalMs = qMax(m_totalMs, ms(r.offsetNanos + static_cast<int64_t>(r.durationNanos)));
  }
  endResetModel();
}

QString TraceWaterfallModel::details(int row) const {
  if (row < 0 || row >= rowCount()) {
    return {};
  }
  const WaterfallRow& r = m_rows[static_cast<size_t>(row)];
  const trace::Span& s = *r.span;
  QStringList lines;
  lines << QStringLiteral("%1 · %2 · %3").arg(q(s.name), kindName(s.kind), statusName(s));
  lines << tr("starts at +%1 ms · lasts %2 ms · span %3")
               .arg(ms(r.offsetNanos), 0, 'f', 2)
               .arg(ms(static_cast<int64_t>(r.durationNanos)), 0, 'f', 2)
               .arg(q(trace::toHex(s.spanId)));
  lines << QString() << tr("Attributes");
  for (const auto& a : s.attributes) {
    lines << QStringLiteral("  %1 = %2").arg(q(a.key), valueText(a));
  }
  if (!s.events.empty()) {
    lines << QString() << tr("Events");
  }
  for (const auto& e : s.events) {
    QStringList attrs;
    for (const auto& a : e.attributes) {
      attrs << QStringLiteral("%1=%2").arg(q(a.key), valueText(a));
    }
    const int64_t at = static_cast<int64_t>(e.timeUnixNanos - s.startUnixNanos);
    lines << QStringLiteral("  +%1 ms  %2  %3").arg(ms(at), 0, 'f', 2).arg(q(e.name), attrs.join(QLatin1Char(' '))).trimmed();
  }
  return lines.join(QLatin1Char('\n'));
}

int TraceWaterfallModel::rowOfName(const QString& spanName) const {
  for (size_t i = 0; i < m_rows.size(); ++i) {
    if (q(m_rows[i].span->name) == spanName) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int TraceWaterfallModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int TraceWaterfallModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TraceWaterfallModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const WaterfallRow& r = m_rows[static_cast<size_t>(index.row())];
  const trace::Span& s = *r.span;
  const double durationMs = ms(static_cast<int64_t>(r.durationNanos));
  switch (role) {
    case DepthRole: return r.depth;
    case OffsetMsRole: return ms(r.offsetNanos);
    case DurationMsRole: return durationMs;
    case TotalMsRole: return m_totalMs;
    case ErrorRole: return s.status == trace::SpanStatus::Error;
    case DetailsRole: return details(index.row());
    case Qt::ToolTipRole:
      return QStringLiteral("%1: +%2 ms, %3 ms").arg(q(s.name)).arg(ms(r.offsetNanos), 0, 'f', 2).arg(durationMs, 0, 'f', 2);
    case Qt::TextAlignmentRole:
      return index.column() == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole: break;
    default: return {};
  }
  switch (index.column()) {
    case SpanColumn: return q(s.name);
    case TimelineColumn: return {};
    case DurationColumn: return QString::number(durationMs, 'f', 2);
    case KindColumn: return kindName(s.kind);
    case StatusColumn: return statusName(s);
    default: return {};
  }
}

QVariant TraceWaterfallModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  static const char* const names[] = {"Span", "Timeline", "ms", "Kind", "Status"};
  return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

}  // namespace routedeck::models
