#include "proxycore/control/live_control.h"

#include <algorithm>

#include "proxycore/control/rule_edits.h"
#include "proxycore/proxy/proxy_service.h"

namespace routedeck::core::control {

LiveControl::LiveControl(proxy::ProxyService& proxy) : m_proxy(proxy) {
  m_thread = std::thread([this] { run(); });
}

LiveControl::~LiveControl() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

std::shared_ptr<const model::Config> LiveControl::config() const {
  auto runtime = m_proxy.current();
  if (!runtime) {
    return nullptr;
  }
  // Shares the runtime's ownership: the config lives as long as the caller
  // holds it, even after the runtime is replaced.
  return std::shared_ptr<const model::Config>(runtime, &runtime->table().config());
}

Result<uint64_t> LiveControl::apply(std::shared_ptr<const model::Config> config,
                                    Diagnostics& diags) {
  std::lock_guard lock(m_mutex);
  return m_proxy.apply(std::move(config), diags);
}

Result<uint64_t> LiveControl::applyEdited(model::Config config, const std::string& what) {
  Diagnostics diags;
  auto applied = m_proxy.apply(std::make_shared<const model::Config>(std::move(config)), diags);
  if (!applied) {
    std::string message = what + " was refused: " + applied.error().message;
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::Error) {
        message += "\n" + d.format();
      }
    }
    return makeError(ErrorCode::Invalid, message);
  }
  return applied;
}

Result<uint64_t> LiveControl::setWeights(const std::string& ruleId,
                                         const std::vector<int>& weights) {
  std::lock_guard lock(m_mutex);
  auto running = config();
  if (!running) {
    return makeError(ErrorCode::NotFound, "no configuration is applied yet");
  }
  model::Config edited = *running;
  if (auto ok = control::setWeights(edited, ruleId, weights); !ok) {
    return ok.error();
  }
  return applyEdited(std::move(edited), "the weight change");
}

Result<FaultSet> LiveControl::setFault(const std::string& ruleId,
                                       const model::FaultInjection& fault,
                                       std::chrono::milliseconds revertAfter) {
  if (revertAfter.count() <= 0) {
    return makeError(ErrorCode::Invalid,
                     "a fault needs an auto-revert deadline greater than 0 (revert_after_ms)");
  }
  if (auto ok = checkFault(fault); !ok) {
    return ok.error();
  }
  std::lock_guard lock(m_mutex);
  auto running = config();
  if (!running) {
    return makeError(ErrorCode::NotFound, "no configuration is applied yet");
  }
  model::Config edited = *running;
  auto rule = findRule(edited, ruleId);
  if (!rule) {
    return rule.error();
  }
  Pending p{ruleId, fault, (*rule)->fault, std::chrono::steady_clock::now() + revertAfter};
  // A fault replacing a pending one restores what the rule had before both.
  auto same = std::find_if(m_pending.begin(), m_pending.end(),
                           [&](const Pending& q) { return q.ruleId == ruleId; });
  if (same != m_pending.end()) {
    p.previous = same->previous;
  }
  (*rule)->fault = fault;
  auto applied = applyEdited(std::move(edited), "the fault");
  if (!applied) {
    return applied.error();
  }
  if (same != m_pending.end()) {
    m_pending.erase(same);
  }
  m_pending.push_back(std::move(p));
  m_changed.notify_all();
  return FaultSet{*applied, std::chrono::system_clock::now() + revertAfter};
}

int LiveControl::revert(model::Config& config, const std::vector<Pending>& which) {
  int changed = 0;
  for (const auto& p : which) {
    auto rule = findRule(config, p.ruleId);
    // Only our own fault is reverted: an apply or edit since then wins.
    if (rule && (*rule)->fault == p.fault) {
      (*rule)->fault = p.previous;
      ++changed;
    }
  }
  return changed;
}

Result<uint64_t> LiveControl::clearFaults(bool configured, int* cleared) {
  std::lock_guard lock(m_mutex);
  auto running = config();
  if (!running) {
    return makeError(ErrorCode::NotFound, "no configuration is applied yet");
  }
  model::Config edited = *running;
  int changed = revert(edited, m_pending);
  m_pending.clear();
  if (configured) {
    for (auto& route : edited.routes) {
      for (auto& rule : route.rules) {
        changed += rule.fault ? 1 : 0;
        rule.fault.reset();
      }
    }
  }
  if (cleared) {
    *cleared = changed;
  }
  if (changed == 0) {
    return m_proxy.version();
  }
  return applyEdited(std::move(edited), "clearing faults");
}

void LiveControl::run() {
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    if (m_pending.empty()) {
      m_changed.wait(lock);
      continue;
    }
    auto next = std::min_element(m_pending.begin(), m_pending.end(),
                                 [](const Pending& a, const Pending& b) { return a.due < b.due; });
    const auto now = std::chrono::steady_clock::now();
    if (next->due > now) {
      m_changed.wait_until(lock, next->due);
      continue;
    }
    std::vector<Pending> due;
    std::erase_if(m_pending, [&](const Pending& p) {
      if (p.due <= now) {
        due.push_back(p);
        return true;
      }
      return false;
    });
    auto running = config();
    if (!running) {
      continue;
    }
    model::Config edited = *running;
    if (revert(edited, due) > 0) {
      // A refused revert (the config changed underneath) leaves the newer config.
      applyEdited(std::move(edited), "the fault revert");
    }
  }
}

}  // namespace routedeck::core::control
