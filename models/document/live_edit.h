#pragma once

#include <QVector>

#include "models/engine/metatypes.h"
#include "models/graph/topology.h"

namespace routedeck::models {

// What a weight or fault edit touched, so that it can go live on its own
// while other edits of the document still wait for Apply.
struct LiveEdit {
  enum class Part { Weights, Fault };
  Part part = Part::Weights;
  QVector<RuleRef> rules;
};

// `running` with the edited part of each rule copied from `edited`; null
// when a rule is missing from either or differs in anything else (a pending
// structural edit moved or changed it), so the edit stays pending instead
// of landing on the wrong rule.
ConfigConstPtr transplantLive(const ConfigConstPtr& running, const ConfigConstPtr& edited, const LiveEdit& edit);

}  // namespace routedeck::models
