#pragma once

#include <string>
#include <vector>

namespace routedeck::core::dialects {

// What a cross-dialect conversion did with each feature.
enum class Fidelity {
  Exact,        // same behaviour in the target dialect
  Approximate,  // expressible, but the behaviour differs in the stated way
  Lost,         // the target dialect cannot express it; dropped
};

struct FidelityItem {
  Fidelity level = Fidelity::Exact;
  std::string object;   // e.g. "VirtualService default/reviews"
  std::string feature;  // e.g. "http[0].fault.delay"
  std::string detail;
};

class FidelityReport {
 public:
  void exact(std::string object, std::string feature, std::string detail = {});
  void approximate(std::string object, std::string feature, std::string detail);
  void lost(std::string object, std::string feature, std::string detail);

  const std::vector<FidelityItem>& items() const { return m_items; }
  int count(Fidelity level) const;
  // Human-readable report: a summary line, then lost and approximate items.
  std::string format() const;

 private:
  std::vector<FidelityItem> m_items;
};

}  // namespace routedeck::core::dialects
