#include "proxycore/control/rule_edits.h"

#include "proxycore/common/strings.h"

namespace routedeck::core::control {

Result<model::RouteRule*> findRule(model::Config& config, const std::string& ruleId) {
  const size_t hash = ruleId.rfind('#');
  const size_t slash1 = ruleId.find('/');
  const size_t slash2 = slash1 == std::string::npos ? slash1 : ruleId.find('/', slash1 + 1);
  auto index =
      hash == std::string::npos ? std::nullopt : strings::parseInt(ruleId.substr(hash + 1));
  if (slash2 == std::string::npos || hash == std::string::npos || hash < slash2 || !index ||
      *index < 0) {
    return makeError(ErrorCode::Invalid,
                     "rule \"" + ruleId + "\" is not of the form KIND/NAMESPACE/NAME#INDEX");
  }
  const std::string kind = ruleId.substr(0, slash1);
  const std::string ns = ruleId.substr(slash1 + 1, slash2 - slash1 - 1);
  const std::string name = ruleId.substr(slash2 + 1, hash - slash2 - 1);
  for (auto& route : config.routes) {
    if (model::routeKindName(route.kind) != kind || route.meta.effectiveNamespace() != ns ||
        route.meta.name != name) {
      continue;
    }
    if (static_cast<size_t>(*index) >= route.rules.size()) {
      return makeError(ErrorCode::NotFound, "rule \"" + ruleId + "\" does not exist: " + kind +
                                                " " + ns + "/" + name + " has " +
                                                std::to_string(route.rules.size()) + " rule(s)");
    }
    return &route.rules[static_cast<size_t>(*index)];
  }
  return makeError(ErrorCode::NotFound, "rule \"" + ruleId + "\" does not exist: no " + kind + " " +
                                            ns + "/" + name + " in the running config");
}

Result<bool> setWeights(model::Config& config, const std::string& ruleId,
                        const std::vector<int>& weights) {
  auto rule = findRule(config, ruleId);
  if (!rule) {
    return rule.error();
  }
  auto& backends = (*rule)->backends;
  if (weights.size() != backends.size()) {
    return makeError(ErrorCode::Invalid, "rule \"" + ruleId + "\" has " +
                                             std::to_string(backends.size()) + " backend(s), got " +
                                             std::to_string(weights.size()) + " weight(s)");
  }
  bool anyPositive = false;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) {
      return makeError(ErrorCode::Invalid, "weight " + std::to_string(i) + " of rule \"" + ruleId +
                                               "\" is negative (" + std::to_string(weights[i]) +
                                               ")");
    }
    anyPositive = anyPositive || weights[i] > 0;
  }
  if (!anyPositive && !weights.empty()) {
    return makeError(ErrorCode::Invalid,
                     "every weight of rule \"" + ruleId + "\" is 0: no request could be routed");
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    backends[i].weight = weights[i];
  }
  return true;
}

Result<bool> checkFault(const model::FaultInjection& fault) {
  auto percentOk = [](const std::optional<double>& p) { return !p || (*p >= 0 && *p <= 100); };
  if (!fault.delay && !fault.abort) {
    return makeError(ErrorCode::Invalid, "a fault needs a delay, an abort or both");
  }
  if (fault.delay) {
    if (fault.delay->delay.millis < 0 || fault.delay->delay.millis > 3600 * 1000) {
      return makeError(ErrorCode::Invalid, "fault delay must be between 0 and 1h, got " +
                                               std::to_string(fault.delay->delay.millis) + "ms");
    }
    if (!percentOk(fault.delay->percent)) {
      return makeError(ErrorCode::Invalid, "fault delay percent must be in 0..100");
    }
  }
  if (fault.abort) {
    if (!fault.abort->httpStatus || *fault.abort->httpStatus < 200 ||
        *fault.abort->httpStatus > 599) {
      return makeError(ErrorCode::Invalid, "fault abort status must be in 200..599, got " +
                                               std::to_string(fault.abort->httpStatus.value_or(0)));
    }
    if (!percentOk(fault.abort->percent)) {
      return makeError(ErrorCode::Invalid, "fault abort percent must be in 0..100");
    }
  }
  return true;
}

}  // namespace routedeck::core::control
