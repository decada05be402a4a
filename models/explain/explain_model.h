#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QThreadPool>
#include <QVector>

#include "models/engine/metatypes.h"

namespace routedeck::models {

// "Test a request": every candidate rule the request was tried against, in
// precedence order, why each failed, the winner (bold) and, for a request
// no rule takes, the nearest match. The core's explainer compiles the config
// passed in (milliseconds for the demo, more for thousands of routes), so it
// runs on a worker; the newest request's answer wins and older ones are
// dropped. explained() says the rows changed. UI thread only.
class ExplainModel final : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { OrderColumn, RuleColumn, HostColumn, OutcomeColumn, ReasonColumn, ColumnCount };
  enum Role { OutcomeRole = Qt::UserRole + 1, RuleIdRole, WinnerRole, NearestRole };

  explicit ExplainModel(QObject* parent = nullptr);
  ~ExplainModel() override;

  // `headers`: "Name: value" lines; blank lines are skipped.
  void explain(const ConfigConstPtr& config, const QString& requestLine, const QString& headers);
  void clear();
  bool busy() const { return m_busy; }

  QString requestLine() const { return m_request; }
  QString error() const { return m_error; }
  int winnerRow() const { return m_winner; }
  int nearestRow() const { return m_nearest; }
  QString summary() const { return m_summary; }     // where the request goes, or the local reply
  QString nearestHint() const { return m_nearestHint; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 signals:
  void explained();

 private:
  struct Row {
    QString ruleId, rule, host, outcome, reason;
  };
  struct Result {
    QVector<Row> rows;
    QString request, error, summary, nearestHint;
    int winner = -1;
    int nearest = -1;
  };
  static Result compute(const ConfigConstPtr& config, const QString& requestLine, const QString& headers);
  void show(Result result);

  QThreadPool m_pool;  // one thread
  quint64 m_generation = 0;
  bool m_busy = false;
  QVector<Row> m_rows;
  QString m_request;
  QString m_error;
  QString m_summary;
  QString m_nearestHint;
  int m_winner = -1;
  int m_nearest = -1;
};

}  // namespace routedeck::models
