#include "proxycore/kube/change_set.h"

#include "proxycore/kube/json_node.h"
#include "proxycore/kube/rest_client.h"

namespace routedeck::core::kube {

using yaml::Node;

namespace {

std::string describeObject(const Node& o) {
  const std::string ns = textAt(o, {"metadata", "namespace"});
  return textAt(o, {"kind"}) + " " + (ns.empty() ? "" : ns + "/") + textAt(o, {"metadata", "name"});
}

struct Prepared {
  ApiResource resource;
  ApplyPlan plan;
  bool isNew = false;
};

ApiResult<Prepared> prepare(const Discovery& discovery, const Change& c, const ChangeSetOptions& o) {
  auto r = discovery.resolve(textAt(c.after, {"apiVersion"}), textAt(c.after, {"kind"}));
  if (!r) {
    ApiError e = r.error();
    e.message = describeObject(c.after) + ": " + e.message;
    return e;
  }
  Prepared p;
  p.resource = r.value();
  p.isNew = c.before.isNull();
  p.plan = p.isNew ? planCreate(c.after) : planApply(c.before, c.after, o.fieldManager, true);
  return p;
}

RollbackStep rollBack(RestClient& client, size_t index, const Prepared& p, const Change& c, const Node& applied,
                      const std::string& fieldManager) {
  RollbackStep step;
  step.index = index;
  ResourceClient rc(client, p.resource);
  const std::string ns = textAt(applied, {"metadata", "namespace"});
  const std::string name = textAt(applied, {"metadata", "name"});
  if (p.isNew) {
    step.action = "deleted (did not exist before)";
    // The uid precondition spares an object someone else created under the same name since.
    auto del = rc.remove(ns, name, textAt(applied, {"metadata", "uid"}));
    step.ok = del.ok();
    if (!del) step.error = del.error();
    return step;
  }
  step.action = "re-applied previous state";
  // RouteDeck now owns the fields it changed; applying them with their old values (and
  // leaving out the ones it added) restores them. The resourceVersion of our own write is
  // the precondition: a change by someone else in between is reported, not overwritten.
  ApplyPlan back = planApply(applied, c.before, fieldManager, true);
  ApplyOptions ao;
  ao.fieldManager = fieldManager;
  auto res = serverSideApply(rc, back.configuration, ao);
  step.ok = res.ok();
  if (!res) step.error = res.error();
  return step;
}

}  // namespace

bool ChangeSetReport::rolledBackCleanly() const {
  for (const auto& r : rollbacks) {
    if (!r.ok) return false;
  }
  return true;
}

std::string ChangeSetReport::summary() const {
  if (ok) {
    return applied.empty() ? std::to_string(dryRunResults.size()) + " object(s) passed the dry run"
                           : std::to_string(applied.size()) + " object(s) applied";
  }
  std::string out = "the " + failedStage + " of object " + std::to_string(failedIndex + 1) + " failed: " + error.describe();
  if (failedStage == "dry run") return out + "\nnothing was written";
  if (rollbacks.empty()) return out + "\nnothing had been written before it";
  for (const auto& r : rollbacks) {
    out += "\nobject " + std::to_string(r.index + 1) + ": " + r.action + (r.ok ? ": done" : ": FAILED: " + r.error.describe());
  }
  return out;
}

ChangeSetReport applyChangeSet(RestClient& client, const Discovery& discovery, const std::vector<Change>& changes,
                               const ChangeSetOptions& o) {
  ChangeSetReport report;
  std::vector<Prepared> prepared;
  auto fail = [&](const char* stage, size_t i, ApiError e) {
    report.failedStage = stage;
    report.failedIndex = static_cast<int>(i);
    report.error = std::move(e);
    return report;
  };
  ApplyOptions ao;
  ao.fieldManager = o.fieldManager;
  ao.force = o.force;
  for (size_t i = 0; i < changes.size(); ++i) {
    auto p = prepare(discovery, changes[i], o);
    if (!p) return fail("dry run", i, p.error());
    ResourceClient rc(client, p->resource);
    if (p->isNew) {
      // An apply would quietly update an object someone created meanwhile; refuse instead.
      const Node& a = changes[i].after;
      auto existing = rc.get(textAt(a, {"metadata", "namespace"}), textAt(a, {"metadata", "name"}));
      if (existing) {
        ApiError e = makeApiError(ApiErrorKind::AlreadyExists,
                                  describeObject(a) + " already exists on the server; reload it before editing");
        e.current = existing.value();
        return fail("dry run", i, std::move(e));
      }
      if (existing.error().kind != ApiErrorKind::NotFound) return fail("dry run", i, existing.error());
    }
    if (o.dryRunFirst || o.dryRunOnly) {
      ApplyOptions dry = ao;
      dry.dryRun = true;
      auto res = serverSideApply(rc, p->plan.configuration, dry);
      if (!res) return fail("dry run", i, res.error());
      report.dryRunResults.push_back(std::move(res.value()));
    }
    prepared.push_back(std::move(p.value()));
  }
  if (o.dryRunOnly) {
    report.ok = true;
    return report;
  }
  for (size_t i = 0; i < changes.size(); ++i) {
    ResourceClient rc(client, prepared[i].resource);
    auto res = serverSideApply(rc, prepared[i].plan.configuration, ao);
    if (res) {
      report.applied.push_back(std::move(res.value()));
      continue;
    }
    for (size_t j = i; j-- > 0;) {
      report.rollbacks.push_back(rollBack(client, j, prepared[j], changes[j], report.applied[j], o.fieldManager));
    }
    report.applied.clear();
    return fail("apply", i, res.error());
  }
  report.ok = true;
  return report;
}

ChangeSetReport dryRunChangeSet(RestClient& client, const Discovery& discovery, const std::vector<Change>& changes,
                                ChangeSetOptions options) {
  options.dryRunOnly = true;
  return applyChangeSet(client, discovery, changes, options);
}

}  // namespace routedeck::core::kube
