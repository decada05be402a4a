#pragma once

// Runtime edits of the running proxy's config: the canary slider's weight
// change and time-boxed fault injection. Each edit copies the running
// config, changes one rule and goes through ProxyService::apply (validated,
// compiled, swapped atomically), so an edit is exactly a config apply.
//
// A fault always carries a deadline: a thread reverts it then, but only if
// the rule still has that fault (a later apply or edit that changed it wins).
// A file reload (SIGHUP/--watch) replaces everything, edits included.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/common/result.h"
#include "proxycore/model/config.h"

namespace routedeck::core::proxy {
class ProxyService;
}

namespace routedeck::core::control {

struct FaultSet {
  uint64_t version = 0;  // the config version that carries the fault
  std::chrono::system_clock::time_point revertAt;
};

class LiveControl {
 public:
  // `proxy` must outlive this object. Starts the revert thread.
  explicit LiveControl(proxy::ProxyService& proxy);
  ~LiveControl();
  LiveControl(const LiveControl&) = delete;
  LiveControl& operator=(const LiveControl&) = delete;

  // All methods: any thread; serialised with each other.
  // The running config (null before the first apply).
  std::shared_ptr<const model::Config> config() const;
  // ProxyService::apply, serialised with the edits below.
  Result<uint64_t> apply(std::shared_ptr<const model::Config> config, Diagnostics& diags);
  // New backend weights of one rule (see rule_edits.h); returns the version.
  Result<uint64_t> setWeights(const std::string& ruleId, const std::vector<int>& weights);
  // Sets the rule's fault until `revertAfter` passes (must be > 0), then
  // restores the fault the rule had before (usually none).
  Result<FaultSet> setFault(const std::string& ruleId, const model::FaultInjection& fault,
                            std::chrono::milliseconds revertAfter);
  // Reverts every pending fault now; with `configured` also removes faults
  // the applied files declare. Returns the version (unchanged when nothing
  // was to do) and, in *cleared, how many rules changed.
  Result<uint64_t> clearFaults(bool configured, int* cleared = nullptr);

 private:
  struct Pending {
    std::string ruleId;
    model::FaultInjection fault;                    // what was set
    std::optional<model::FaultInjection> previous;  // what to restore
    std::chrono::steady_clock::time_point due;
  };
  // With m_mutex held: applies an edited copy of the running config.
  Result<uint64_t> applyEdited(model::Config config, const std::string& what);
  // With m_mutex held: restores the pending faults `which` selects.
  int revert(model::Config& config, const std::vector<Pending>& which);
  void run();

  proxy::ProxyService& m_proxy;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<Pending> m_pending;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace routedeck::core::control
