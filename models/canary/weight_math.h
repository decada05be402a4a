#pragma once

#include <vector>

namespace routedeck::models::weights {

// Integer percentages proportional to `weights` that sum to exactly 100
// (largest remainder; ties go to the earlier entry). All-zero or empty
// weights: an even split. A single entry gets 100.
std::vector<int> toPercentages(const std::vector<int>& weights);

// Sets entry `index` to `value` and rebalances the other unlocked entries
// proportionally to their current values (evenly when they are all 0) so
// the result still sums to 100. `value` is clamped to what the locked
// entries leave; a locked entry, or one with no other unlocked entry,
// cannot change.
// `percent` must sum to 100.
std::vector<int> rebalance(const std::vector<int>& percent, const std::vector<bool>& locked, int index,
                           int value);

}  // namespace routedeck::models::weights
