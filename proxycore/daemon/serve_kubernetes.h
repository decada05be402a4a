#pragma once
// serve --kubernetes: the configuration comes from a cluster's watched
// objects instead of files (proxycore/cluster), and route status goes back.

#include <memory>
#include <ostream>
#include <vector>

#include "proxycore/daemon/args.h"

namespace routedeck::core::proxy {
class ProxyService;
}
namespace routedeck::core::control {
class LiveControl;
}

namespace routedeck::core::cli {

// The serve options of this mode, for serve's --help and parser.
std::vector<OptionSpec> kubernetesOptionSpecs();

class KubernetesSource {
 public:
  // Reads the cluster options, builds the client (--kubeconfig/KUBECONFIG,
  // or the pod's service account) and starts the watches. Errors are
  // printed; null means exit with a usage or invalid-input code (`exitCode`).
  static std::unique_ptr<KubernetesSource> start(const ParsedArgs& args, std::ostream& err, int* exitCode);
  ~KubernetesSource();

  // Waits (bounded) for the first complete list and applies it. False when
  // the cluster never listed or its objects do not load.
  bool applyInitial(proxy::ProxyService& svc, control::LiveControl& control, std::ostream& err);
  // One tick of serve's loop: applies what changed and writes route status.
  // True when a new configuration was applied.
  bool poll(proxy::ProxyService& svc, control::LiveControl& control, std::ostream& err);

 private:
  struct State;
  explicit KubernetesSource(std::unique_ptr<State> state);
  bool apply(proxy::ProxyService& svc, control::LiveControl& control, std::ostream& err, bool initial);
  std::unique_ptr<State> m_state;
};

}  // namespace routedeck::core::cli
