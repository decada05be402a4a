#include "models/canary/weight_math.h"

#include <algorithm>
#include <numeric>

namespace routedeck::models::weights {

namespace {

// Splits `total` into integers proportional to `shares` (largest remainder).
std::vector<int> apportion(const std::vector<double>& shares, int total) {
  std::vector<int> out(shares.size(), 0);
  if (shares.empty() || total <= 0) {
    return out;
  }
  double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  std::vector<double> s = shares;
  if (sum <= 0) {
    std::fill(s.begin(), s.end(), 1.0);
    sum = static_cast<double>(s.size());
  }
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const double exact = s[i] * total / sum;
    out[i] = static_cast<int>(exact);
    given += out[i];
    remainders.emplace_back(exact - out[i], i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < total; ++k, ++given) {
    ++out[remainders[k % remainders.size()].second];
  }
  return out;
}

}  // namespace

std::vector<int> toPercentages(const std::vector<int>& weights) {
  std::vector<double> shares;
  for (int w : weights) {
    shares.push_back(std::max(0, w));
  }
  return apportion(shares, 100);
}

std::vector<int> rebalance(const std::vector<int>& percent, const std::vector<bool>& locked, int index,
                           int value) {
  const int n = static_cast<int>(percent.size());
  if (index < 0 || index >= n || (index < static_cast<int>(locked.size()) && locked[static_cast<size_t>(index)])) {
    return percent;
  }
  int lockedSum = 0;
  std::vector<int> others;
  for (int i = 0; i < n; ++i) {
    if (i == index) {
      continue;
    }
    if (i < static_cast<int>(locked.size()) && locked[static_cast<size_t>(i)]) {
      lockedSum += percent[static_cast<size_t>(i)];
    } else {
      others.push_back(i);
    }
  }
  std::vector<int> out = percent;
  if (others.empty()) {
    return out;  // nothing can absorb the change
  }
  value = std::clamp(value, 0, std::max(0, 100 - lockedSum));
  out[static_cast<size_t>(index)] = value;
  std::vector<double> shares;
  for (int i : others) {
    shares.push_back(percent[static_cast<size_t>(i)]);
  }
  const auto split = apportion(shares, 100 - lockedSum - value);
  for (size_t k = 0; k < others.size(); ++k) {
    out[static_cast<size_t>(others[k])] = split[k];
  }
  return out;
}

}  // namespace routedeck::models::weights
