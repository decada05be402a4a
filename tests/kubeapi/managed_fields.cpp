#include "tests/kubeapi/managed_fields.h"

#include <algorithm>
#include <map>

namespace routedeck::tests::kubeapi {

namespace {

const std::set<std::string> kServerMetadata{"name",
                                            "namespace",
                                            "uid",
                                            "resourceVersion",
                                            "generation",
                                            "creationTimestamp",
                                            "managedFields",
                                            "selfLink",
                                            "deletionTimestamp",
                                            "deletionGracePeriodSeconds"};

void collectLeaves(const Json& value, FieldPath& at, FieldSet& out) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [k, v] : value.items()) {
      at.push_back(k);
      collectLeaves(v, at, out);
      at.pop_back();
    }
    return;
  }
  out.insert(at);
}

const Json* valueAt(const Json& object, const FieldPath& path) {
  const Json* at = &object;
  for (const auto& k : path) {
    if (!at->is_object()) {
      return nullptr;
    }
    auto it = at->find(k);
    if (it == at->end()) {
      return nullptr;
    }
    at = &*it;
  }
  return at;
}

bool sameAt(const Json* a, const Json* b) {
  if (!a || !b) {
    return a == b;
  }
  return sameValue(*a, *b);
}

void eraseAt(Json& object, const FieldPath& path) {
  Json* at = &object;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (!at->is_object() || !at->contains(path[i])) {
      return;
    }
    at = &(*at)[path[i]];
  }
  if (at->is_object() && !path.empty()) {
    at->erase(path.back());
  }
}

// Maps merge key by key; anything else (scalars, lists: atomic) replaces.
void deepMerge(Json& into, const Json& from) {
  if (!into.is_object() || !from.is_object()) {
    into = from;
    return;
  }
  for (const auto& [k, v] : from.items()) {
    if (into.contains(k)) {
      deepMerge(into[k], v);
    } else {
      into[k] = v;
    }
  }
}

Json encode(const FieldSet& fields) {
  Json out = Json::object();
  for (const auto& path : fields) {
    Json* at = &out;
    for (const auto& k : path) {
      at = &(*at)["f:" + k];
      if (at->is_null()) {
        *at = Json::object();
      }
    }
  }
  return out;
}

void decode(const Json& fields, FieldPath& at, FieldSet& out) {
  bool child = false;
  for (const auto& [k, v] : fields.items()) {
    if (k.rfind("f:", 0) != 0) {
      continue;  // "." and list keys: this server writes neither
    }
    child = true;
    at.push_back(k.substr(2));
    decode(v, at, out);
    at.pop_back();
  }
  if (!child && !at.empty()) {
    out.insert(at);
  }
}

bool sameIdentity(const ManagedEntry& e, const std::string& operation, const Writer& w) {
  return e.manager == w.manager && e.operation == operation && e.subresource == w.subresource &&
         (operation == "Apply" || e.apiVersion == w.apiVersion);
}

ManagedEntry& entryFor(std::vector<ManagedEntry>& entries, const std::string& operation,
                       const Writer& w) {
  for (auto& e : entries) {
    if (sameIdentity(e, operation, w)) {
      return e;
    }
  }
  entries.push_back(
      ManagedEntry{w.manager, operation, w.apiVersion, rfc3339(nowSeconds()), w.subresource, {}});
  return entries.back();
}

// Ownership only of fields that still exist as leaves.
void prune(std::vector<ManagedEntry>& entries, const Json& object) {
  const FieldSet present = ownableLeaves(object, FieldScope::Main);
  for (auto& e : entries) {
    std::erase_if(e.fields, [&](const FieldPath& p) { return !present.contains(p); });
  }
  std::erase_if(entries, [](const ManagedEntry& e) { return e.fields.empty(); });
}

std::string printManager(const ManagedEntry& e) {
  std::string out = "\"" + e.manager + "\"";
  if (!e.subresource.empty()) {
    out += " with subresource \"" + e.subresource + "\"";
  }
  if (e.operation == "Update") {
    out += " using " + e.apiVersion;
  }
  return out;
}

}  // namespace

std::string pathString(const FieldPath& path) {
  std::string out;
  for (const auto& k : path) {
    out += "." + k;
  }
  return out;
}

FieldSet ownableLeaves(const Json& object, FieldScope scope) {
  FieldSet out;
  FieldPath at;
  for (const auto& [k, v] : object.items()) {
    if (k == "apiVersion" || k == "kind") {
      continue;
    }
    const bool status = k == "status";
    if ((scope == FieldScope::StatusOnly && !status) ||
        (scope == FieldScope::MainNoStatus && status)) {
      continue;
    }
    at.push_back(k);
    if (k == "metadata" && v.is_object()) {
      for (const auto& [mk, mv] : v.items()) {
        if (!kServerMetadata.contains(mk)) {
          at.push_back(mk);
          collectLeaves(mv, at, out);
          at.pop_back();
        }
      }
    } else {
      collectLeaves(v, at, out);
    }
    at.pop_back();
  }
  return out;
}

std::vector<ManagedEntry> readManagedFields(const Json& object) {
  std::vector<ManagedEntry> out;
  const Json* list = valueAt(object, {"metadata", "managedFields"});
  if (!list || !list->is_array()) {
    return out;
  }
  for (const auto& item : *list) {
    ManagedEntry e;
    e.manager = item.value("manager", "");
    e.operation = item.value("operation", "");
    e.apiVersion = item.value("apiVersion", "");
    e.time = item.value("time", "");
    e.subresource = item.value("subresource", "");
    FieldPath at;
    if (item.contains("fieldsV1")) {
      decode(item["fieldsV1"], at, e.fields);
    }
    out.push_back(std::move(e));
  }
  return out;
}

void writeManagedFields(Json& object, const std::vector<ManagedEntry>& entries) {
  if (entries.empty()) {
    if (object.contains("metadata")) {
      object["metadata"].erase("managedFields");
    }
    return;
  }
  Json list = Json::array();
  for (const auto& e : entries) {
    Json item = Json::object();
    item["apiVersion"] = e.apiVersion;
    item["fieldsType"] = "FieldsV1";
    item["fieldsV1"] = encode(e.fields);
    item["manager"] = e.manager;
    item["operation"] = e.operation;
    if (!e.subresource.empty()) {
      item["subresource"] = e.subresource;
    }
    item["time"] = e.time;
    list.push_back(std::move(item));
  }
  object["metadata"]["managedFields"] = std::move(list);
}

void trackUpdate(std::vector<ManagedEntry>& entries, const Json* before, const Json& after,
                 const Writer& writer) {
  FieldSet changed;
  for (const auto& p : ownableLeaves(after, writer.scope)) {
    if (!before || !sameAt(valueAt(*before, p), valueAt(after, p))) {
      changed.insert(p);
    }
  }
  if (!changed.empty()) {
    for (auto& e : entries) {
      for (const auto& p : changed) {
        e.fields.erase(p);
      }
    }
    ManagedEntry& mine = entryFor(entries, "Update", writer);
    mine.fields.insert(changed.begin(), changed.end());
    mine.time = rfc3339(nowSeconds());
    mine.apiVersion = writer.apiVersion;
  }
  prune(entries, after);
}

ApplyOutcome applyConfiguration(const Json* live, const Json& appliedIn, const Writer& writer,
                                bool force) {
  Json applied = appliedIn;
  if (applied.contains("metadata") && applied["metadata"].is_object()) {
    applied["metadata"].erase("managedFields");
  }
  ApplyOutcome out;
  const FieldSet applyLeaves = ownableLeaves(applied, writer.scope);
  std::vector<ManagedEntry> entries = live ? readManagedFields(*live) : std::vector<ManagedEntry>{};
  std::map<size_t, FieldSet> taken;  // entry index → fields the applier takes from it
  for (size_t i = 0; i < entries.size(); ++i) {
    const ManagedEntry& e = entries[i];
    if (sameIdentity(e, "Apply", writer)) {
      continue;
    }
    for (const auto& p : applyLeaves) {
      if (e.fields.contains(p) &&
          !sameAt(live ? valueAt(*live, p) : nullptr, valueAt(applied, p))) {
        out.conflicts.push_back(ApplyConflict{printManager(e), p});
        taken[i].insert(p);
      }
    }
  }
  if (!out.conflicts.empty() && !force) {
    return out;
  }
  out.conflicts.clear();
  for (auto& [index, fields] : taken) {
    for (const auto& p : fields) {
      entries[index].fields.erase(p);
    }
  }
  out.object = live ? *live : Json::object();
  Json part = applied;
  if (writer.scope == FieldScope::MainNoStatus) {
    part.erase("status");
  } else if (writer.scope == FieldScope::StatusOnly) {
    part = Json::object();
    if (applied.contains("status")) {
      part["status"] = applied["status"];
    }
    if (applied.contains("metadata") && applied["metadata"].contains("resourceVersion")) {
      part["metadata"]["resourceVersion"] = applied["metadata"]["resourceVersion"];
    }
  }
  deepMerge(out.object, part);
  ManagedEntry& mine = entryFor(entries, "Apply", writer);
  for (const auto& p : mine.fields) {
    if (applyLeaves.contains(p)) {
      continue;
    }
    const bool ownedElsewhere =
        std::any_of(entries.begin(), entries.end(),
                    [&](const ManagedEntry& e) { return &e != &mine && e.fields.contains(p); });
    if (!ownedElsewhere) {
      eraseAt(out.object, p);
    }
  }
  if (mine.fields != applyLeaves) {
    mine.time = rfc3339(nowSeconds());
  }
  mine.fields = applyLeaves;
  mine.apiVersion = writer.apiVersion;
  prune(entries, out.object);
  writeManagedFields(out.object, entries);
  return out;
}

std::string conflictMessage(const std::vector<ApplyConflict>& conflicts) {
  if (conflicts.size() == 1) {
    return "Apply failed with 1 conflict: conflict with " + conflicts[0].manager + ": " +
           pathString(conflicts[0].path);
  }
  std::map<std::string, std::vector<std::string>> byManager;
  for (const auto& c : conflicts) {
    byManager[c.manager].push_back(pathString(c.path));
  }
  std::string lines;
  for (const auto& [manager, paths] : byManager) {
    lines += (lines.empty() ? "" : "\n") + std::string("conflicts with ") + manager + ":";
    for (const auto& p : paths) {
      lines += "\n- " + p;
    }
  }
  return "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: " + lines;
}

}  // namespace routedeck::tests::kubeapi
