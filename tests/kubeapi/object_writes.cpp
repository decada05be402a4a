#include "tests/kubeapi/object_writes.h"

#include <optional>

#include "tests/kubeapi/managed_fields.h"
#include "tests/kubeapi/validation.h"

namespace routedeck::tests::kubeapi {

namespace {

enum class Op { Create, Update, Apply };

FieldScope scopeOf(const ResourceRequest& r) {
  if (r.status) {
    return FieldScope::StatusOnly;
  }
  return r.type->statusSubresource ? FieldScope::MainNoStatus : FieldScope::Main;
}

Writer writerOf(const ResourceRequest& r, const WriteOptions& o) {
  return Writer{o.fieldManager, r.apiVersion(), r.status ? "status" : "", scopeOf(r)};
}

std::string resourceVersionOf(const Json& object) {
  auto m = object.find("metadata");
  if (m == object.end() || !m->is_object() || !m->contains("resourceVersion")) {
    return {};
  }
  const Json& rv = (*m)["resourceVersion"];
  return rv.is_string() ? rv.get<std::string>() : rv.dump();
}

// Managed-field timestamps and the resourceVersion do not make a write real.
Json withoutVolatile(Json object) {
  Json& meta = object["metadata"];
  meta.erase("resourceVersion");
  if (meta.contains("managedFields")) {
    for (auto& e : meta["managedFields"]) {
      e.erase("time");
    }
  }
  return object;
}

// What generation counts: everything but metadata (and status, when the
// status subresource keeps it apart).
Json generationPart(Json object, const ResourceType& type) {
  object.erase("metadata");
  object.erase("apiVersion");
  object.erase("kind");
  if (type.statusSubresource) {
    object.erase("status");
  }
  return object;
}

ApiError namespaceNotFound(const std::string& ns) {
  return statusError(404, "NotFound", "namespaces \"" + ns + "\" not found",
                     Json{{"name", ns}, {"kind", "namespaces"}});
}

std::optional<ApiError> checkNamespace(const Store& store, const ResourceRequest& r) {
  if (r.type->namespaced && !store.get("namespaces", "", r.ns)) {
    return namespaceNotFound(r.ns);
  }
  return std::nullopt;
}

std::string generatedSuffix() {
  static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";  // as the API server's names
  const std::string random = randomToken(5);
  std::string out;
  for (char c : random.substr(0, 5)) {
    out += kAlphabet[static_cast<unsigned char>(c) % (sizeof kAlphabet - 1)];
  }
  return out;
}

// apiVersion, kind, name and namespace of a body against the URL.
std::optional<ApiError> checkIdentity(const ResourceRequest& r, Json& object, bool creating) {
  if (!object.is_object()) {
    return badRequest("the body of the request is not a JSON object");
  }
  const std::string kind = object.value("kind", r.type->kind);
  if (kind != r.type->kind) {
    return badRequest("the kind in the body (" + kind +
                      ") does not match the kind served at the URL (" + r.type->kind + ")");
  }
  const std::string apiVersion = object.value("apiVersion", r.apiVersion());
  if (apiVersion != r.apiVersion() && !ResourceCatalog::instance().findKind(apiVersion, kind)) {
    return badRequest("the API version in the data (" + apiVersion +
                      ") does not match the expected API version (" + r.apiVersion() + ")");
  }
  object["apiVersion"] = r.apiVersion();
  object["kind"] = r.type->kind;
  Json& meta = object["metadata"];
  if (!meta.is_object()) {
    meta = Json::object();
  }
  std::string name = meta.value("name", "");
  if (!r.name.empty() && !name.empty() && name != r.name) {
    return badRequest("the name of the object (" + name + ") does not match the name on the URL (" +
                      r.name + ")");
  }
  if (name.empty()) {
    name = r.name;
  }
  if (name.empty() && creating && !meta.value("generateName", "").empty()) {
    name = meta.value("generateName", "") + generatedSuffix();
  }
  if (name.empty()) {
    return invalid(*r.type, "",
                   {{"FieldValueRequired", "Required value: name or generateName is required",
                     "metadata.name"}});
  }
  meta["name"] = name;
  if (r.type->namespaced) {
    const std::string ns = meta.value("namespace", "");
    if (!ns.empty() && ns != r.ns) {
      return badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    meta["namespace"] = r.ns;
  } else {
    meta.erase("namespace");
  }
  return std::nullopt;
}

// Values the API server itself fills in for the core kinds it serves.
void applyDefaults(const ResourceRequest& r, Json& object) {
  if (r.type->kind == "Namespace" && r.type->group.empty()) {
    object["metadata"]["labels"]["kubernetes.io/metadata.name"] = object["metadata"]["name"];
    if (!object.contains("status")) {
      object["status"] = {{"phase", "Active"}};
    }
  } else if (r.type->kind == "Service" && r.type->group.empty()) {
    Json& spec = object["spec"];
    if (!spec.contains("type")) {
      spec["type"] = "ClusterIP";
    }
    if (!spec.contains("sessionAffinity")) {
      spec["sessionAffinity"] = "None";
    }
    if (!object.contains("status")) {
      object["status"] = {{"loadBalancer", Json::object()}};
    }
  }
}

Answer commit(Store& store, const ResourceRequest& r, const Json* old, Json candidate,
              const WriteOptions& o, Op op) {
  const Json* previous = old;
  Json& meta = candidate["metadata"];
  // The status subresource and the main resource each keep to their part.
  if (op != Op::Apply && previous && r.status) {
    Json merged = *previous;
    merged["status"] = candidate.contains("status") ? candidate["status"] : Json::object();
    if (meta.contains("resourceVersion")) {
      merged["metadata"]["resourceVersion"] = meta["resourceVersion"];
    } else {
      merged["metadata"].erase("resourceVersion");
    }
    candidate = std::move(merged);
  } else if (op != Op::Apply && r.type->statusSubresource) {
    if (previous && previous->contains("status")) {
      candidate["status"] = (*previous)["status"];
    } else {
      candidate.erase("status");
    }
  }
  Json& m = candidate["metadata"];
  const std::string givenRv = resourceVersionOf(candidate);
  if (previous) {
    if (!givenRv.empty() && givenRv != resourceVersionOf(*previous)) {
      return conflict(*r.type, m["name"].get<std::string>());
    }
    if (op == Op::Update && givenRv.empty() && r.type->custom) {
      return invalid(*r.type, m["name"].get<std::string>(),
                     {{"FieldValueInvalid", "Invalid value: 0x0: must be specified for an update",
                       "metadata.resourceVersion"}});
    }
  } else if (!givenRv.empty() && op == Op::Create) {
    return badRequest("resourceVersion should not be set on objects to be created");
  }
  m.erase("resourceVersion");
  const Json& base = previous ? *previous : candidate;
  m["uid"] = previous ? (*previous)["metadata"]["uid"] : Json(randomUuid());
  m["creationTimestamp"] =
      previous ? (*previous)["metadata"]["creationTimestamp"] : Json(rfc3339(nowSeconds()));
  if (r.type->custom) {
    long long generation = previous ? (*previous)["metadata"].value("generation", 1LL) : 1;
    if (previous &&
        !sameValue(generationPart(candidate, *r.type), generationPart(*previous, *r.type))) {
      ++generation;
    }
    m["generation"] = generation;
  }
  if (!previous) {
    applyDefaults(r, candidate);
  }
  if (op != Op::Apply) {
    auto entries = readManagedFields(base);
    if (!previous) {
      entries.clear();
    }
    trackUpdate(entries, previous, candidate, writerOf(r, o));
    writeManagedFields(candidate, entries);
  }
  auto checked = validateObject(*r.type, candidate, o.fieldValidation);
  if (checked.error) {
    return *checked.error;
  }
  Answer answer;
  answer.warnings = checked.warnings;
  if (previous && sameValue(withoutVolatile(candidate), withoutVolatile(*previous))) {
    answer.code = 200;
    answer.body = present(*previous, r);  // a no-op keeps the resourceVersion
    return answer;
  }
  answer.code = previous ? 200 : 201;
  if (o.dryRun) {
    if (previous) {
      candidate["metadata"]["resourceVersion"] = (*previous)["metadata"]["resourceVersion"];
    }
    answer.body = present(candidate, r);
    return answer;
  }
  const std::string name = candidate["metadata"]["name"].get<std::string>();
  answer.body = present(store.put(r.type->groupResource(), r.ns, name, std::move(candidate)), r);
  return answer;
}

// Strategic-merge directives ("$patch", "$setElementOrder/ports", ...) have
// no meaning in a JSON merge patch; core kinds take the rest as one.
void dropDirectives(Json& patch) {
  if (patch.is_object()) {
    for (auto it = patch.begin(); it != patch.end();) {
      if (it.key().rfind('$', 0) == 0) {
        it = patch.erase(it);
      } else {
        dropDirectives(it.value());
        ++it;
      }
    }
  } else if (patch.is_array()) {
    for (auto& v : patch) {
      dropDirectives(v);
    }
  }
}

std::string mediaType(const std::string& contentType) {
  std::string out = contentType.substr(0, contentType.find(';'));
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

Answer applyPatch(Store& store, const ResourceRequest& r, const Json* old, std::string_view body,
                  const WriteOptions& o) {
  if (!o.fieldManagerGiven || o.fieldManager.empty()) {
    return statusError(
        422, "Invalid",
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for "
        "apply patch",
        Json{{"group", "meta.k8s.io"},
             {"kind", "PatchOptions"},
             {"causes", Json::array({{{"reason", "FieldValueRequired"},
                                      {"message", "Required value: is required for apply patch"},
                                      {"field", "fieldManager"}}})}});
  }
  auto applied = parseYamlOrJson(body);
  if (!applied || !applied->is_object()) {
    return badRequest("error decoding YAML: " +
                      (applied ? std::string("not an object") : applied.error().message));
  }
  if (!applied->contains("apiVersion") || !applied->contains("kind")) {
    return badRequest(
        "invalid object type: the applied configuration must set apiVersion and kind");
  }
  if (auto e = checkIdentity(r, *applied, !old)) {
    return *e;
  }
  if (!old) {
    if (r.status) {
      return notFound(*r.type, r.name);
    }
    if (auto e = checkNamespace(store, r)) {
      return *e;
    }
    (*applied)["metadata"].erase("resourceVersion");
  }
  auto outcome = applyConfiguration(old, *applied, writerOf(r, o), o.force);
  if (!outcome.conflicts.empty()) {
    Json causes = Json::array();
    for (const auto& c : outcome.conflicts) {
      causes.push_back({{"reason", "FieldManagerConflict"},
                        {"message", "conflict with " + c.manager},
                        {"field", pathString(c.path)}});
    }
    return statusError(409, "Conflict", conflictMessage(outcome.conflicts),
                       Json{{"causes", causes}});
  }
  return commit(store, r, old, std::move(outcome.object), o, Op::Apply);
}

}  // namespace

Answer createObject(Store& store, const ResourceRequest& r, std::string_view body,
                    const WriteOptions& o) {
  auto object = parseJson(body);
  if (!object) {
    return badRequest("the body of the request could not be decoded: " + object.error().message);
  }
  if (auto e = checkIdentity(r, *object, true)) {
    return *e;
  }
  ResourceRequest target = r;
  target.name = (*object)["metadata"]["name"].get<std::string>();
  if (auto e = checkNamespace(store, target)) {
    return *e;
  }
  if (store.get(r.type->groupResource(), r.ns, target.name)) {
    return alreadyExists(*r.type, target.name);
  }
  return commit(store, target, nullptr, std::move(*object), o, Op::Create);
}

Answer replaceObject(Store& store, const ResourceRequest& r, std::string_view body,
                     const WriteOptions& o) {
  auto object = parseJson(body);
  if (!object) {
    return badRequest("the body of the request could not be decoded: " + object.error().message);
  }
  if (auto e = checkIdentity(r, *object, false)) {
    return *e;
  }
  const Json* old = store.get(r.type->groupResource(), r.ns, r.name);
  if (!old) {
    return notFound(*r.type, r.name);
  }
  return commit(store, r, old, std::move(*object), o, Op::Update);
}

Answer patchObject(Store& store, const ResourceRequest& r, const std::string& contentType,
                   std::string_view body, const WriteOptions& o) {
  const std::string type = mediaType(contentType);
  const Json* old = store.get(r.type->groupResource(), r.ns, r.name);
  if (type == "application/apply-patch+yaml") {
    return applyPatch(store, r, old, body, o);
  }
  if (o.force) {
    return statusError(
        422, "Invalid",
        "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for "
        "non-apply patch");
  }
  const bool strategic = type == "application/strategic-merge-patch+json";
  if ((strategic && r.type->custom) || (!strategic && type != "application/merge-patch+json" &&
                                        type != "application/json-patch+json")) {
    return unsupportedPatch();
  }
  if (!old) {
    return notFound(*r.type, r.name);
  }
  auto patch = parseJson(body);
  if (!patch) {
    return badRequest("error decoding patch: " + patch.error().message);
  }
  Json patched = present(*old, r);
  if (type == "application/json-patch+json") {
    if (!patch->is_array()) {
      return badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    try {
      patched = patched.patch(*patch);
    } catch (const Json::exception& e) {
      return statusError(422, "Invalid",
                         std::string("the JSON patch could not be applied: ") + e.what());
    }
  } else {
    if (strategic) {
      dropDirectives(*patch);
    }
    patched.merge_patch(*patch);
  }
  if (auto e = checkIdentity(r, patched, false)) {
    return *e;
  }
  return commit(store, r, old, std::move(patched), o, Op::Update);
}

Answer deleteObject(Store& store, const ResourceRequest& r, std::string_view body,
                    const WriteOptions& o) {
  const Json* old = store.get(r.type->groupResource(), r.ns, r.name);
  if (!old) {
    return notFound(*r.type, r.name);
  }
  if (!body.empty()) {
    auto options = parseJson(body);
    if (!options) {
      return badRequest("the DeleteOptions could not be decoded: " + options.error().message);
    }
    const Json* pre = valueAtFieldPath(*options, "preconditions.resourceVersion");
    if (pre && pre->is_string() && pre->get<std::string>() != resourceVersionOf(*old)) {
      return statusError(
          409, "Conflict",
          "Operation cannot be fulfilled on " + r.type->groupResource() + " \"" + r.name +
              "\": the ResourceVersion in the precondition (" + pre->get<std::string>() +
              ") does not match the ResourceVersion in record (" + resourceVersionOf(*old) +
              "). The object might have been modified",
          Json{{"name", r.name}, {"group", r.type->group}, {"kind", r.type->plural}});
    }
  }
  if (o.dryRun) {
    return Answer(200, present(*old, r));
  }
  if (r.type->kind == "Namespace" && r.type->group.empty()) {
    // The namespace controller's work, done at once: its objects go first.
    for (const auto& t : ResourceCatalog::instance().types()) {
      if (!t.namespaced) {
        continue;
      }
      for (const Json* object : store.list(t.groupResource(), r.name)) {
        const std::string name = (*object)["metadata"]["name"].get<std::string>();
        store.erase(t.groupResource(), r.name, name);
      }
    }
  }
  return Answer(200, present(store.erase(r.type->groupResource(), r.ns, r.name), r));
}

}  // namespace routedeck::tests::kubeapi
