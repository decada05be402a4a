#pragma once

#include <QString>

#include "models/policies/policy_drafts.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

// Pure translation between a route rule's policies and the editor's drafts.
PolicyDrafts draftsOf(const core::model::RouteRule& rule);

// Writes group `g` of `d` into `rule`, keeping what the draft does not show
// (regex rewrites, further mirrors, the spelling of unchanged durations).
// A per-try timeout lands where the dialect keeps it: Gateway API and Envoy
// in timeouts.backendRequest, Istio and App Mesh in the retry policy.
void applyGroup(PolicyGroup g, const PolicyDrafts& d, core::model::Dialect dialect, core::model::RouteRule& rule);

// Whether two rules say the same for group `g`, and whether `rule` sets it.
bool sameGroup(PolicyGroup g, const core::model::RouteRule& a, const core::model::RouteRule& b);
bool groupSet(PolicyGroup g, const core::model::RouteRule& rule);

// What no validator sees because it is the editor's own distinction: a zero
// where "not set" is meant, an empty field. Empty when fine.
QString draftError(PolicyGroup g, const PolicyDrafts& d);

// "timeout 2 s", "redirect 301", ... for undo texts; empty when unset.
QString groupSummary(PolicyGroup g, const PolicyDrafts& d);
QString groupName(PolicyGroup g);

}  // namespace routedeck::models
