#include "tests/kubeapi/object_reads.h"

#include <charconv>

#include "tests/kubeapi/tables.h"

namespace routedeck::tests::kubeapi {

namespace {

std::optional<long long> parseRv(const std::string& rv) {
  long long v = 0;
  auto [p, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), v);
  if (ec != std::errc() || p != rv.data() + rv.size()) {
    return std::nullopt;
  }
  return v;
}

// The continue token: the list's resourceVersion and the last key served,
// base64 JSON like the API server's own (whose shape clients never read).
// Keys order as the store does: namespace, NUL, name.
std::string keyOf(const Json& object) {
  const Json& meta = object["metadata"];
  return meta.value("namespace", "") + std::string(1, '\0') + meta.value("name", "");
}

std::string makeContinue(long long rv, const Json& last) {
  Json token = {{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", keyOf(last)}};
  return base64Encode(token.dump());
}

struct ContinueToken {
  long long rv = 0;
  std::string start;
};

std::optional<ContinueToken> readContinue(const std::string& text) {
  auto raw = base64Decode(text);
  if (!raw) {
    return std::nullopt;
  }
  auto json = parseJson(*raw);
  if (!json || !json->is_object() || !(*json)["rv"].is_number_integer() ||
      !(*json)["start"].is_string()) {
    return std::nullopt;
  }
  return ContinueToken{(*json)["rv"].get<long long>(), (*json)["start"].get<std::string>()};
}

}  // namespace

std::optional<ApiError> tooOld(const Store& store, const std::string& rv) {
  if (rv.empty() || rv == "0") {
    return std::nullopt;
  }
  auto v = parseRv(rv);
  if (!v) {
    return badRequest("Invalid value: \"" + rv + "\": a resourceVersion must be a decimal number");
  }
  if (*v <= store.compactedResourceVersion()) {
    return expired("too old resource version: " + rv + " (" +
                   std::to_string(store.compactedResourceVersion() + 1) + ")");
  }
  return std::nullopt;
}

core::Result<Selectors> parseSelectors(const Query& q) {
  Selectors s;
  auto labels = parseLabelSelector(q.get("labelSelector"));
  if (!labels) {
    return labels.error();
  }
  auto fields = parseFieldSelector(q.get("fieldSelector"));
  if (!fields) {
    return fields.error();
  }
  s.labels = std::move(*labels);
  s.fields = std::move(*fields);
  return s;
}

Answer getObject(const Store& store, const ResourceRequest& r, const std::string& tableVersion) {
  const Json* object = store.get(r.type->groupResource(), r.ns, r.name);
  if (!object) {
    return notFound(*r.type, r.name);
  }
  if (!tableVersion.empty()) {
    Answer a(200, makeTable(*r.type, {*object}, tableVersion, true));
    a.body["metadata"]["resourceVersion"] = (*object)["metadata"]["resourceVersion"];
    a.contentType = tableContentType(tableVersion);
    return a;
  }
  return Answer(200, present(*object, r));
}

Answer listObjects(const Store& store, const ResourceRequest& r, const Query& q,
                   const std::string& tableVersion) {
  auto selectors = parseSelectors(q);
  if (!selectors) {
    return badRequest(selectors.error().message);
  }
  const std::string rv = q.get("resourceVersion");
  if (auto e = tooOld(store, rv)) {
    return *e;
  }
  if (auto v = parseRv(rv); v && *v > store.currentResourceVersion()) {
    return statusError(504, "Timeout",
                       "Too large resource version: " + rv +
                           ", current: " + std::to_string(store.currentResourceVersion()),
                       Json{{"causes", Json::array({{{"reason", "ResourceVersionTooLarge"},
                                                     {"message", "Too large resource version"}}})},
                            {"retryAfterSeconds", 1}});
  }
  long long listRv = store.currentResourceVersion();
  std::string start;
  if (const std::string c = q.get("continue"); !c.empty()) {
    auto token = readContinue(c);
    if (!token) {
      return badRequest("continue key is not valid: the token does not decode");
    }
    if (token->rv <= store.compactedResourceVersion()) {
      return statusError(
          410, "Expired",
          "The provided continue parameter is too old to display a consistent list result. You can "
          "start a new list without the continue parameter, or use the continue token in this "
          "response to retrieve the remainder of the results. Continuing with the provided token "
          "results in an inconsistent list - objects that were created, modified, or deleted "
          "between "
          "the time the first chunk was returned and now may show up in the list.");
    }
    listRv = token->rv;
    start = token->start;
  }
  long long limit = 0;
  if (const std::string l = q.get("limit"); !l.empty()) {
    limit = parseRv(l).value_or(0);
  }
  std::vector<Json> items;
  std::string next;
  long long remaining = 0;
  for (const Json* object : store.list(r.type->groupResource(), r.ns)) {
    if ((!start.empty() && keyOf(*object) <= start) || !selectors->matches(*object)) {
      continue;
    }
    if (limit > 0 && static_cast<long long>(items.size()) == limit) {
      if (next.empty()) {
        next = makeContinue(listRv, items.back());
      }
      ++remaining;
      continue;
    }
    items.push_back(present(*object, r));
  }
  Answer a;
  if (!tableVersion.empty()) {
    a.body = makeTable(*r.type, items, tableVersion, true);
    a.contentType = tableContentType(tableVersion);
  } else {
    a.body = Json::object();
    a.body["apiVersion"] = r.apiVersion();
    a.body["kind"] = r.type->kind + "List";
    a.body["metadata"] = Json::object();
    a.body["items"] = std::move(items);
  }
  Json& meta = a.body["metadata"];
  meta["resourceVersion"] = std::to_string(listRv);
  meta["continue"] = next;
  if (!next.empty() && selectors->labels.empty() && selectors->fields.empty()) {
    meta["remainingItemCount"] = remaining;
  }
  return a;
}

}  // namespace routedeck::tests::kubeapi
