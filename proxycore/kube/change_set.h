#pragma once

#include <string>
#include <vector>

#include "proxycore/kube/api_status.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/kube/server_side_apply.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

class RestClient;

// One object of a change set: as read from the server (null when it is new) and as edited.
struct Change {
  yaml::Node before;
  yaml::Node after;
};

struct ChangeSetOptions {
  std::string fieldManager = "routedeck";
  // Only on the user's explicit confirmation (see ApplyOptions::force).
  bool force = false;
  // Stop after the dry run: show the admission result, store nothing.
  bool dryRunOnly = false;
  // The GUI dry-runs when it shows the change and applies after the user confirms; the
  // second call may skip repeating the dry run.
  bool dryRunFirst = true;
};

struct RollbackStep {
  size_t index = 0;
  // "re-applied previous state" or "deleted (did not exist before)".
  std::string action;
  bool ok = false;
  ApiError error;  // when !ok
};

struct ChangeSetReport {
  bool ok = false;
  // Which step failed: "dry run" (nothing was written) or "apply" (earlier ones were rolled back).
  std::string failedStage;
  int failedIndex = -1;
  ApiError error;
  // What admission returned for each object in the dry run (defaults, mutating webhooks).
  std::vector<yaml::Node> dryRunResults;
  // The stored objects after a successful apply.
  std::vector<yaml::Node> applied;
  std::vector<RollbackStep> rollbacks;
  bool rolledBackCleanly() const;
  // A multi-line account for people: what failed, why, what was undone and how.
  std::string summary() const;
};

// Applies several objects as one change: all of them are dry-run first (nothing is written
// unless every one passes admission), then applied in order; if one fails, the ones already
// applied are rolled back in reverse order — re-applied with their previous values, or
// deleted when they did not exist before — and the report says exactly what happened.
ChangeSetReport applyChangeSet(RestClient& client, const Discovery& discovery, const std::vector<Change>& changes,
                               const ChangeSetOptions& options = {});
// applyChangeSet with dryRunOnly: the admission result of every object, nothing stored.
ChangeSetReport dryRunChangeSet(RestClient& client, const Discovery& discovery, const std::vector<Change>& changes,
                                ChangeSetOptions options = {});

}  // namespace routedeck::core::kube
