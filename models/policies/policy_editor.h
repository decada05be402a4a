#pragma once

#include <QObject>
#include <QStringList>
#include <array>

#include "models/engine/metatypes.h"
#include "models/graph/topology.h"
#include "models/policies/policy_drafts.h"

namespace routedeck::models {

class WorkspaceDocument;

// The Policies editor of the selected rule: timeouts, retries, rate limit,
// CORS, header modifiers, URL rewrite, redirect and mirror. It reads the
// rule from the document's immutable config; each set* builds a modified
// copy and pushes it as one undo step ("Set timeout 2 s on shop rule 1").
//
// Validation is the core's: the candidate config goes through the semantic
// checks, and the edited route is written in its own dialect and read back
// (schema, importer checks: exactly what Save then Open would report). An
// edit that adds an error or warning is not pushed and error(group) quotes
// the finding; Mode::Check only validates (inline, while typing). What the
// dialect cannot write back (read back differently) is fidelity(group).
// UI thread only.
class PolicyEditor : public QObject {
  Q_OBJECT
 public:
  enum class Mode { Apply, Check };

  explicit PolicyEditor(WorkspaceDocument* document, QObject* parent = nullptr);

  void setRule(const RuleRef& rule);  // an invalid ref clears
  RuleRef rule() const { return m_rule; }
  bool hasRule() const;
  QString dialect() const;  // "Gateway API", "Istio", ...
  // The rule's policies in the current config (defaults when no rule).
  PolicyDrafts drafts() const;
  QStringList backends() const;  // mirror targets, "name:port"

  bool setTimeouts(const TimeoutsDraft& d, Mode mode = Mode::Apply);
  bool setRetry(const std::optional<RetryDraft>& d, Mode mode = Mode::Apply);
  bool setRateLimit(const std::optional<RateLimitDraft>& d, Mode mode = Mode::Apply);
  bool setCors(const std::optional<CorsDraft>& d, Mode mode = Mode::Apply);
  bool setRequestHeaders(const HeaderOpsDraft& d, Mode mode = Mode::Apply);
  bool setResponseHeaders(const HeaderOpsDraft& d, Mode mode = Mode::Apply);
  bool setRewrite(const std::optional<RewriteDraft>& d, Mode mode = Mode::Apply);
  bool setRedirect(const std::optional<RedirectDraft>& d, Mode mode = Mode::Apply);
  bool setMirror(const std::optional<MirrorDraft>& d, Mode mode = Mode::Apply);

  QString error(PolicyGroup g) const { return m_errors[static_cast<size_t>(g)]; }
  QString fidelity(PolicyGroup g) const { return m_fidelity[static_cast<size_t>(g)]; }
  // One line for a list of the groups: "timeout 2 s", "not set".
  QString summary(PolicyGroup g) const;

 signals:
  // The rule or its config changed: forms reload from drafts().
  void changed();
  void errorChanged(routedeck::models::PolicyGroup group, const QString& error);

 private:
  bool edit(PolicyGroup g, const PolicyDrafts& d, Mode mode);
  // The current drafts with one group's replaced, then edit().
  template <typename Field>
  bool editField(PolicyGroup g, Field PolicyDrafts::*field, const Field& value, Mode mode) {
    PolicyDrafts all = drafts();
    all.*field = value;
    return edit(g, all, mode);
  }
  QString newFindings(const ConfigConstPtr& candidate) const;
  void setError(PolicyGroup g, const QString& error);
  void clearErrors();
  void refreshFidelity();

  WorkspaceDocument* m_document;
  RuleRef m_rule;
  std::array<QString, kPolicyGroupCount> m_errors;
  std::array<QString, kPolicyGroupCount> m_fidelity;
  ConfigConstPtr m_seen;  // the config the form was last loaded from
};

}  // namespace routedeck::models
