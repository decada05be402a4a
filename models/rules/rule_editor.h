#pragma once

#include <QObject>
#include <QStringList>

#include "models/rules/rule_edits.h"
#include "models/rules/rule_table_model.h"

namespace routedeck::models {

class WorkspaceDocument;

// The match-rule editor's actions on the selected route. Every edit is
// validated first: when it would add a validation error, nothing is pushed
// (so nothing is applied) and error() quotes the validator. Valid edits are
// one undo step each. UI thread only.
class RuleEditor : public QObject {
  Q_OBJECT
 public:
  explicit RuleEditor(WorkspaceDocument* document, QObject* parent = nullptr);

  RuleTableModel& table() { return m_table; }
  // A rule or route node's RuleRef; the editor edits that rule's route.
  void setRoute(const RuleRef& routeOrRule);
  RuleRef route() const { return m_table.route(); }
  QStringList backends() const;

  // The exact validation error the edit would cause, or empty.
  QString checkNewRule(const MatchDraft& draft, const QString& backend) const;
  bool addRule(const MatchDraft& draft, const QString& backend);
  bool addHeaderMatch(int row, const MatchDraft& draft);
  bool removeRule(int row);
  bool moveRule(int row, int delta);
  QString error() const { return m_error; }

 signals:
  void errorChanged(const QString& error);
  void ruleAdded(int ruleIndex);

 private:
  QString newErrors(const ConfigConstPtr& candidate) const;
  bool push(const ConfigConstPtr& next, const QString& text);
  void setError(const QString& error);
  RuleRef ruleAtRow(int row) const;

  WorkspaceDocument* m_document;
  RuleTableModel m_table;
  QString m_error;
};

}  // namespace routedeck::models
