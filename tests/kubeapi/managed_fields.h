#pragma once
// Server-side apply's field ownership (metadata.managedFields, FieldsV1):
// which manager set which field, conflicts between appliers and the
// managers that own a field, and what an apply removes.
//
// Simplified from structured-merge-diff: every list is atomic (owned as a
// whole, as the Gateway API route lists are), maps are granular.

#include <set>
#include <string>
#include <vector>

#include "tests/kubeapi/json_support.h"

namespace routedeck::tests::kubeapi {

using FieldPath = std::vector<std::string>;
using FieldSet = std::set<FieldPath>;

// Which part of an object a write may touch.
enum class FieldScope {
  Main,          // everything (a resource without a status subresource)
  MainNoStatus,  // everything but .status (the main endpoint of a resource with one)
  StatusOnly,    // the /status subresource
};

// ".spec.rules", as conflict messages and causes print a path.
std::string pathString(const FieldPath& path);

// The leaves a manager can own: scalars, lists and empty maps, without the
// fields the server sets itself (name, uid, resourceVersion, ...).
FieldSet ownableLeaves(const Json& object, FieldScope scope);

struct ManagedEntry {
  std::string manager;
  std::string operation;  // "Apply" or "Update"
  std::string apiVersion;
  std::string time;
  std::string subresource;  // "" or "status"
  FieldSet fields;
};

std::vector<ManagedEntry> readManagedFields(const Json& object);
void writeManagedFields(Json& object, const std::vector<ManagedEntry>& entries);

// Who writes and how, as the entry identity sees it (an applier's identity
// leaves out the apiVersion, an updater's includes it).
struct Writer {
  std::string manager;
  std::string apiVersion;
  std::string subresource;
  FieldScope scope = FieldScope::Main;
};

// An update (create, PUT, merge or JSON patch) by `writer`: every leaf it
// changed becomes its own and leaves the other managers; no conflicts.
void trackUpdate(std::vector<ManagedEntry>& entries, const Json* before, const Json& after,
                 const Writer& writer);

struct ApplyConflict {
  std::string manager;  // as the message prints it: "\"kubectl\"" or "\"m\" using g/v"
  FieldPath path;
};

struct ApplyOutcome {
  Json object;  // live merged with the applied configuration, managedFields updated
  std::vector<ApplyConflict> conflicts;  // non-empty: refused (force was false)
};

// Server-side apply of `applied` by `writer` onto `live` (null: create).
// Conflicts are fields another manager owns with a different value; with
// `force` the applier takes them over. Fields the applier owned before and
// no longer applies are removed unless someone else owns them.
ApplyOutcome applyConfiguration(const Json* live, const Json& applied, const Writer& writer,
                                bool force);

// "Apply failed with 1 conflict: conflict with \"m\" using g/v: .spec.rules",
// as kube-apiserver words it.
std::string conflictMessage(const std::vector<ApplyConflict>& conflicts);

}  // namespace routedeck::tests::kubeapi
