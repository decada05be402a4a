#pragma once
// The desktop app's view of a Kubernetes cluster (Qt-free; models/ wraps
// it): kubeconfig contexts, a live set of the route objects of every
// dialect the cluster serves, "run these routes locally", and writes as
// server-side apply with a dry run first and conflicts reported, never
// forced unless asked. Blocking calls: run them off the UI thread.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/model/config.h"
#include "proxycore/workspace/workspace.h"

namespace routedeck::core::api {

struct KubeContext {
  std::string name;
  std::string cluster;
  std::string server;
  std::string user;
  std::string ns;
  bool current = false;
};

// The contexts of `paths` merged as kubectl merges them, or of the files
// kubectl would read (KUBECONFIG, ~/.kube/config) when `paths` is empty.
Result<std::vector<KubeContext>> kubeContexts(const std::vector<std::string>& paths = {});

// One object of the cluster as the browser lists it.
struct ClusterItem {
  std::string dialect;  // "Gateway API", "Istio", "App Mesh", "Kubernetes"
  std::string group;
  std::string apiVersion;
  std::string kind;
  std::string ns;
  std::string name;
  std::string resourceVersion;
  std::string json;  // the whole object as the server sent it
  std::string key() const { return group + "/" + kind + "/" + ns + "/" + name; }
};

struct ClusterApplyResult {
  bool ok = false;
  bool dryRun = false;
  // 409: someone else changed the object, or another field manager owns a
  // field this edit changes (managers named). Nothing was written.
  bool conflict = false;
  std::vector<std::string> conflictingManagers;
  // The object moved on since it was opened (its resourceVersion is not
  // the base's): forcing cannot help, the edit has to start from theirs.
  bool stale = false;
  std::vector<std::string> changedFields;  // ".spec.rules", ...
  std::string message;                     // the server's words on failure
  std::string appliedJson;                 // what the server returned (dry run: would store)
  std::string baseJson;                    // the object as it was when it was opened locally
  std::string oursJson;                    // the object as this edit would make it
  std::string theirsJson;                  // on conflict: the object as the server has it now
};

class ClusterConnection {
 public:
  // Connects as `context` ("" = current-context) and starts watching the
  // route kinds of every dialect the cluster serves, plus Services,
  // ReferenceGrants and EndpointSlices.
  static Result<std::unique_ptr<ClusterConnection>> open(const std::string& context,
                                                         const std::vector<std::string>& kubeconfigPaths = {});
  ~ClusterConnection();
  ClusterConnection(const ClusterConnection&) = delete;
  ClusterConnection& operator=(const ClusterConnection&) = delete;

  const std::string& contextName() const;
  // The API server URL: shown on every write, so nobody writes to the wrong cluster.
  const std::string& server() const;
  const std::string& defaultNamespace() const;
  std::vector<std::string> dialects() const;

  // Bumped on every change the watches deliver; items() is the set now.
  uint64_t revision() const;
  bool synced() const;
  std::vector<ClusterItem> items() const;
  std::vector<std::string> takeMessages();

  // "Run this cluster's routes locally": every route object of the cluster
  // (and its Gateways, Services, ReferenceGrants, DestinationRules...) as
  // workspace sources for the embedded core. Each gateway listener binds
  // 127.0.0.1:(listener port + portOffset); Services get the local
  // endpoints `localEndpoints` names ("ns/name" → "127.0.0.1:9001").
  // The objects as they are now become the base of later edits: an apply
  // carries the base's resourceVersion, so a change someone made since
  // comes back as a conflict instead of being overwritten.
  std::vector<workspace::Source> localSources(const std::map<std::string, std::string>& localEndpoints,
                                              int portOffset);
  // Items whose server version moved past the base since localSources():
  // someone else changed them.
  std::vector<ClusterItem> changedSinceOpened() const;

  // The cluster object behind a route of a config loaded from
  // localSources(), edited as `config` holds it now: its own dialect's
  // document with every field RouteDeck does not model kept. Server-side
  // apply (field manager "routedeck") of only what changed, with the
  // base's resourceVersion as a precondition. `dryRun`: admission only.
  // A successful real apply makes the stored object the new base.
  ClusterApplyResult applyEdited(const model::Config& config, const std::string& kind, const std::string& ns,
                                 const std::string& name, bool dryRun, bool force = false);

  // Several edited objects as one change (e.g. a VirtualService and its
  // DestinationRule, an HTTPRoute and a ReferenceGrant): all dry-run
  // first, then applied in order; if one fails, the ones already applied
  // are rolled back and `summary` says exactly what was undone.
  struct ObjectRef {
    std::string kind, ns, name;
  };
  struct ChangeSetResult {
    bool ok = false;
    std::vector<ClusterApplyResult> objects;  // in the order given
    std::string summary;                      // for people, when !ok
  };
  ChangeSetResult applyEditedSet(const model::Config& config, const std::vector<ObjectRef>& objects, bool dryRun,
                                 bool force = false);

  // The object as `config` would write it (its dialect's JSON), "" when
  // the config has no such object: for the pending-change diff.
  std::string editedJson(const model::Config& config, const std::string& kind, const std::string& ns,
                         const std::string& name) const;

 private:
  struct Impl;
  explicit ClusterConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace routedeck::core::api
