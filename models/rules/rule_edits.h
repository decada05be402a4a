#pragma once

#include <QString>
#include <QStringList>

#include "models/engine/metatypes.h"
#include "models/graph/topology.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

// What the rule editor's form holds. Empty fields add no condition.
struct MatchDraft {
  QString pathType = QStringLiteral("PathPrefix");  // PathPrefix | Exact | RegularExpression
  QString pathValue;
  QString headerName;
  QString headerType = QStringLiteral("Exact");  // Exact | RegularExpression
  QString headerValue;
  QString queryName;
  QString queryValue;
  QString method;
};

// Pure config edits for the rule editor; each returns a new config, or null
// when the route, rule or backend does not exist. `route` names a route
// (its index is ignored) or, where a rule is meant, the rule.
core::model::RouteMatch matchFromDraft(const MatchDraft& draft);
core::model::HeaderMatch headerFromDraft(const MatchDraft& draft);
ConfigConstPtr withRuleAdded(const ConfigConstPtr& config, const RuleRef& route, const MatchDraft& match,
                             const QString& backend);
ConfigConstPtr withRuleRemoved(const ConfigConstPtr& config, const RuleRef& rule);
ConfigConstPtr withRuleMoved(const ConfigConstPtr& config, const RuleRef& rule, int to);
ConfigConstPtr withHeaderMatchAdded(const ConfigConstPtr& config, const RuleRef& rule, int match,
                                    const MatchDraft& draft);

// Backends a new rule of the route can send to ("name:port"), from every
// backend reference in the config, in first-seen order.
QStringList backendChoices(const ConfigConstPtr& config);

// One-line texts of a match's conditions, for the editor's columns.
QString pathText(const core::model::RouteMatch& m);
QString headersText(const core::model::RouteMatch& m);
QString queryText(const core::model::RouteMatch& m);

}  // namespace routedeck::models
