#include "proxycore/stats/snapshot.h"

namespace routedeck::core::stats {

std::string RuleKey::id() const { return kind + "/" + ns + "/" + name + "#" + std::to_string(rule); }

const RuleStats* Snapshot::rule(const RuleKey& key) const {
  for (const auto& r : rules) {
    if (r.key.kind == key.kind && r.key.ns == key.ns && r.key.name == key.name &&
        r.key.rule == key.rule) {
      return &r;
    }
  }
  return nullptr;
}

const BackendStats* RuleStats::backend(const std::string& service) const {
  for (const auto& b : backends) {
    if (b.service == service) {
      return &b;
    }
  }
  return nullptr;
}

}  // namespace routedeck::core::stats
