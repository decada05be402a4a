#include "models/document/live_edit.h"

#include "models/document/rule_lookup.h"

namespace routedeck::models {

namespace {

// The rule with the part a live edit may change taken from `from`.
core::model::RouteRule withPart(core::model::RouteRule rule, const core::model::RouteRule& from, LiveEdit::Part part) {
  if (part == LiveEdit::Part::Fault) {
    rule.fault = from.fault;
  } else if (rule.backends.size() == from.backends.size()) {
    for (size_t i = 0; i < rule.backends.size(); ++i) {
      rule.backends[i].weight = from.backends[i].weight;
    }
  }
  return rule;
}

}  // namespace

ConfigConstPtr transplantLive(const ConfigConstPtr& running, const ConfigConstPtr& edited, const LiveEdit& edit) {
  if (!running || !edited || edit.rules.isEmpty()) {
    return nullptr;
  }
  auto copy = std::make_shared<core::model::Config>(*running);
  for (const auto& ref : edit.rules) {
    auto* target = findRule(*copy, ref);
    const auto* source = findRule(*edited, ref);
    if (target == nullptr || source == nullptr) {
      return nullptr;
    }
    auto moved = withPart(*target, *source, edit.part);
    if (!(moved == *source)) {
      return nullptr;  // the rules differ beyond the edited part
    }
    *target = std::move(moved);
  }
  return copy;
}

}  // namespace routedeck::models
