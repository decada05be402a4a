#include "proxycore/dialects/fidelity.h"

#include <algorithm>

namespace routedeck::core::dialects {

void FidelityReport::exact(std::string object, std::string feature, std::string detail) {
  m_items.push_back({Fidelity::Exact, std::move(object), std::move(feature), std::move(detail)});
}

void FidelityReport::approximate(std::string object, std::string feature, std::string detail) {
  m_items.push_back(
      {Fidelity::Approximate, std::move(object), std::move(feature), std::move(detail)});
}

void FidelityReport::lost(std::string object, std::string feature, std::string detail) {
  m_items.push_back({Fidelity::Lost, std::move(object), std::move(feature), std::move(detail)});
}

int FidelityReport::count(Fidelity level) const {
  return static_cast<int>(std::count_if(m_items.begin(), m_items.end(),
                                        [&](const auto& i) { return i.level == level; }));
}

std::string FidelityReport::format() const {
  std::string out = "fidelity: " + std::to_string(count(Fidelity::Exact)) + " exact, " +
                    std::to_string(count(Fidelity::Approximate)) + " approximate, " +
                    std::to_string(count(Fidelity::Lost)) + " lost\n";
  for (Fidelity level : {Fidelity::Lost, Fidelity::Approximate}) {
    for (const auto& i : m_items) {
      if (i.level != level) {
        continue;
      }
      out += level == Fidelity::Lost ? "  lost:        " : "  approximate: ";
      out += i.object + ": " + i.feature;
      if (!i.detail.empty()) {
        out += " — " + i.detail;
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace routedeck::core::dialects
