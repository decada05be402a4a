#include "proxycore/kube/server_side_apply.h"

#include <map>

#include "proxycore/kube/json_node.h"
#include "proxycore/kube/rest_client.h"

namespace routedeck::core::kube {

using yaml::Node;

namespace {

// Fields a manager owns, from FieldsV1 ("f:spec": {"f:rules": {}}). A node without
// children is owned whole; list items ("k:", "v:", "i:") make RouteDeck own the list.
struct Owned {
  std::map<std::string, Owned> children;
  bool whole = false;
};

void readFieldsV1(const Node& f, Owned& out) {
  if (!f.isMap() || f.entries().empty()) {
    out.whole = true;
    return;
  }
  for (const auto& e : f.entries()) {
    if (e.key == ".") continue;
    if (e.key.rfind("f:", 0) == 0) {
      readFieldsV1(e.value, out.children[e.key.substr(2)]);
    } else {
      out.whole = true;  // a list item or set member: send the whole list
    }
  }
}

Owned ownedBy(const Node& object, const std::string& manager) {
  Owned root;
  const Node* mf = findPath(object, {"metadata", "managedFields"});
  if (!mf || !mf->isSequence()) return root;
  for (const auto& entry : mf->items()) {
    if (textAt(entry, {"manager"}) == manager && textAt(entry, {"operation"}) == "Apply" &&
        textAt(entry, {"subresource"}).empty()) {
      if (const Node* f = findPath(entry, {"fieldsV1"})) readFieldsV1(*f, root);
    }
  }
  return root;
}

bool serverSet(const std::string& path) {
  static const char* kSkip[] = {".status", ".metadata.managedFields", ".metadata.resourceVersion",
                                ".metadata.uid", ".metadata.creationTimestamp", ".metadata.generation",
                                ".metadata.selfLink", ".metadata.deletionTimestamp",
                                ".metadata.deletionGracePeriodSeconds", ".apiVersion", ".kind",
                                ".metadata.name", ".metadata.namespace"};
  for (const char* s : kSkip) {
    if (path == s) return true;
  }
  return false;
}

struct Differ {
  ApplyPlan& plan;

  // The part of `edited` to send at `path`; null when nothing there needs sending.
  Node build(const Node* orig, const Node& edited, const Owned* owned, const std::string& path) {
    if (owned && owned->whole) {
      if (!orig || !(*orig == edited)) plan.changedFields.push_back(path);
      return edited;
    }
    static const Node kEmpty = Node::map();
    if (edited.isMap() && !orig) {
      orig = &kEmpty;  // a new map: still filter out server-set fields below it
    }
    if (!edited.isMap() || !orig || !orig->isMap()) {
      if (!orig || !(*orig == edited)) {
        plan.changedFields.push_back(path);
        return edited;
      }
      return Node();
    }
    Node out = Node::map();
    for (const auto& e : edited.entries()) {
      const std::string p = path + "." + e.key;
      if (serverSet(p)) continue;
      const Owned* sub = nullptr;
      if (owned) {
        auto it = owned->children.find(e.key);
        if (it != owned->children.end()) sub = &it->second;
      }
      const Node* o = orig->find(e.key);
      const bool changed = !o || !(*o == e.value);
      if (!changed && !sub) continue;
      Node part = build(o, e.value, sub, p);
      if (!part.isNull() || (changed && e.value.isNull())) {
        // An emptied map needs no entry: its removed keys are simply left out.
        if (part.isMap() && part.entries().empty() && (!e.value.entries().empty() || (o && o->isMap()))) continue;
        out.set(e.key, std::move(part));
      }
    }
    for (const auto& e : orig->entries()) {
      const std::string p = path + "." + e.key;
      if (edited.has(e.key) || serverSet(p)) continue;
      plan.changedFields.push_back(p);
      if (!owned || !owned->children.count(e.key)) plan.removalsNotOwned.push_back(p);
    }
    return out;
  }
};

Node identity(const Node& object) {
  Node out = Node::map();
  out.set("apiVersion", Node::scalar(textAt(object, {"apiVersion"}), true));
  out.set("kind", Node::scalar(textAt(object, {"kind"}), true));
  Node meta = Node::map();
  meta.set("name", Node::scalar(textAt(object, {"metadata", "name"}), true));
  const std::string ns = textAt(object, {"metadata", "namespace"});
  if (!ns.empty()) meta.set("namespace", Node::scalar(ns, true));
  out.set("metadata", std::move(meta));
  return out;
}

void mergeInto(Node& target, const Node& part) {
  for (const auto& e : part.entries()) {
    Node* have = target.find(e.key);
    if (have && have->isMap() && e.value.isMap()) {
      mergeInto(*have, e.value);
    } else {
      target.set(e.key, e.value);
    }
  }
}

}  // namespace

ApplyPlan planApply(const Node& original, const Node& edited, const std::string& fieldManager, bool requireUnchanged) {
  ApplyPlan plan;
  const Owned owned = ownedBy(original, fieldManager);
  Differ d{plan};
  Node body = d.build(&original, edited, &owned, "");
  plan.configuration = identity(edited);
  if (body.isMap()) mergeInto(plan.configuration, body);
  const std::string rv = textAt(original, {"metadata", "resourceVersion"});
  if (requireUnchanged && !rv.empty()) {
    plan.configuration.find("metadata")->set("resourceVersion", Node::scalar(rv, true));
  }
  return plan;
}

ApplyPlan planCreate(const Node& object) {
  return planApply(Node::map(), object, "routedeck", false);
}

ApiResult<Node> serverSideApply(ResourceClient& resources, const Node& configuration, const ApplyOptions& o) {
  const std::string name = textAt(configuration, {"metadata", "name"});
  const std::string ns = resources.namespaceFor(textAt(configuration, {"metadata", "namespace"}));
  RestRequest req;
  req.method = "PATCH";
  req.path = objectPath(resources.resource(), ns, name) + "?fieldManager=" + urlEncode(o.fieldManager) +
             (o.force ? "&force=true" : "&force=false") + (o.dryRun ? "&dryRun=All" : "");
  req.contentType = "application/apply-patch+yaml";
  // JSON is YAML, and the server keeps JSON's types exactly.
  req.body = toJsonText(configuration);
  auto resp = resources.rest().request(req);
  if (!resp) {
    ApiError e = resp.error();
    if (e.kind == ApiErrorKind::Conflict) {
      // The three-way view needs "theirs": the object as it is now.
      auto current = resources.get(ns, name);
      if (current) e.current = current.value();
    }
    return e;
  }
  return parseObject(resp->body, req.method, resources.rest().url(req.path));
}

}  // namespace routedeck::core::kube
