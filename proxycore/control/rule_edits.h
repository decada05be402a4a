#pragma once

// Edits of one route rule in a config, addressed the way stats name rules
// (stats::RuleKey::id(): "Kind/namespace/name#index"). Pure functions on
// model::Config: the caller applies the edited copy through the one apply
// path, so an edit is validated and swapped like any other config.

#include <string>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/model/config.h"

namespace routedeck::core::control {

// The rule `ruleId` names in `config`; NotFound (listing the rule ids of the
// route when the route exists) or Invalid for a malformed id.
Result<model::RouteRule*> findRule(model::Config& config, const std::string& ruleId);

// Sets the weights of the rule's backends in order. Invalid when the count
// differs from the rule's backends, a weight is negative, or all are zero.
Result<bool> setWeights(model::Config& config, const std::string& ruleId,
                        const std::vector<int>& weights);

// Checks a fault a client asks for: at least one of delay/abort, percentages
// in 0..100, an abort status in 200..599 and a delay of at most one hour.
Result<bool> checkFault(const model::FaultInjection& fault);

}  // namespace routedeck::core::control
