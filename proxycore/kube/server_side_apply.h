#pragma once

#include <string>
#include <vector>

#include "proxycore/kube/api_status.h"
#include "proxycore/kube/resource_client.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

// The apply configuration for an edit: apiVersion, kind, metadata.name/namespace, every
// field RouteDeck changed, and every field RouteDeck already owns (an apply that leaves
// out a field its manager owns deletes that field). A changed list is sent whole.
struct ApplyPlan {
  yaml::Node configuration;
  // ".spec.rules", ".metadata.labels.app": what the edit changes, removals included.
  std::vector<std::string> changedFields;
  // Fields the edit removes but another manager owns: an apply cannot remove them.
  std::vector<std::string> removalsNotOwned;
  bool hasChanges() const { return !changedFields.empty(); }
};

// `original` is the object as read from the server (with managedFields); `edited` the
// same object after RouteDeck's edits. With requireUnchanged the plan carries the original's
// resourceVersion, so the server answers 409 if anyone changed the object since it was read.
ApplyPlan planApply(const yaml::Node& original, const yaml::Node& edited, const std::string& fieldManager = "routedeck",
                    bool requireUnchanged = true);
// For a new object: everything but server-set fields.
ApplyPlan planCreate(const yaml::Node& object);

struct ApplyOptions {
  std::string fieldManager = "routedeck";
  // Takes fields other managers own. Only ever on the user's explicit confirmation.
  bool force = false;
  bool dryRun = false;
};

// PATCH application/apply-patch+yaml. Returns the server's object. On 409 the error's
// causes name the other managers and fields (FieldManagerConflict) or there are none (the
// resourceVersion was stale), and error.current holds the object as the server has it now.
ApiResult<yaml::Node> serverSideApply(ResourceClient& resources, const yaml::Node& configuration,
                                      const ApplyOptions& options = {});

}  // namespace routedeck::core::kube
