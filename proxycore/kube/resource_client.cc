#include "proxycore/kube/resource_client.h"

#include "proxycore/common/strings.h"
#include "proxycore/kube/json_node.h"
#include "proxycore/kube/rest_client.h"

namespace routedeck::core::kube {

using yaml::Node;

std::string collectionPath(const ApiResource& r, const std::string& ns) {
  std::string p = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  if (r.namespaced && !ns.empty()) p += "/namespaces/" + urlEncode(ns);
  return p + "/" + r.plural;
}

std::string objectPath(const ApiResource& r, const std::string& ns, const std::string& name) {
  return collectionPath(r, ns) + "/" + urlEncode(name);
}

std::string writeQuery(const WriteOptions& o) {
  std::string q = "fieldManager=" + urlEncode(o.fieldManager);
  if (o.dryRun) q += "&dryRun=All";
  return q;
}

ApiResult<Node> parseObject(const std::string& body, const std::string& method, const std::string& url) {
  auto parsed = parseJson(body);
  if (!parsed || !parsed->isMap()) {
    return makeApiError(ApiErrorKind::BadResponse, "the answer is not a JSON object", method, url);
  }
  return parsed.value();
}

std::string ResourceClient::namespaceFor(const std::string& ns) const {
  if (!m_resource.namespaced) return {};
  return ns.empty() ? m_client.config().ns : ns;
}

ApiResult<Node> ResourceClient::get(const std::string& ns, const std::string& name) {
  RestRequest req;
  req.path = objectPath(m_resource, namespaceFor(ns), name);
  auto resp = m_client.request(req);
  if (!resp) return resp.error();
  return parseObject(resp->body, req.method, m_client.url(req.path));
}

ApiResult<ObjectList> ResourceClient::list(const std::string& ns, const ListOptions& o) {
  ObjectList out;
  std::string cont;
  // Bounded: a server that keeps returning `continue` forever must not hang the caller.
  for (int page = 0; page < 10000; ++page) {
    RestRequest req;
    req.path = collectionPath(m_resource, ns.empty() ? std::string() : namespaceFor(ns)) + "?limit=" +
               std::to_string(o.limit);
    if (!o.labelSelector.empty()) req.path += "&labelSelector=" + urlEncode(o.labelSelector);
    if (!o.fieldSelector.empty()) req.path += "&fieldSelector=" + urlEncode(o.fieldSelector);
    if (!cont.empty()) req.path += "&continue=" + urlEncode(cont);
    auto resp = m_client.request(req);
    if (!resp) return resp.error();
    auto list = parseObject(resp->body, req.method, m_client.url(req.path));
    if (!list) return list.error();
    if (const Node* items = findPath(*list, {"items"}); items && items->isSequence()) {
      for (Node item : items->items()) {
        // Items of a list carry no apiVersion/kind on real servers; fill them in.
        if (!item.has("apiVersion")) item.set("apiVersion", Node::scalar(m_resource.apiVersion(), true));
        if (!item.has("kind")) item.set("kind", Node::scalar(m_resource.kind, true));
        out.items.push_back(std::move(item));
      }
    }
    out.resourceVersion = textAt(*list, {"metadata", "resourceVersion"});
    cont = textAt(*list, {"metadata", "continue"});
    if (cont.empty()) return out;
  }
  return makeApiError(ApiErrorKind::BadResponse, "the list did not end after 10000 pages", "GET",
                      m_client.url(collectionPath(m_resource, ns)));
}

ApiResult<Node> ResourceClient::write(const std::string& method, const std::string& path,
                                      const std::string& contentType, const Node& body, const WriteOptions& o) {
  RestRequest req;
  req.method = method;
  req.path = path + (path.find('?') == std::string::npos ? "?" : "&") + writeQuery(o);
  req.contentType = contentType;
  req.body = toJsonText(body);
  auto resp = m_client.request(req);
  if (!resp) return resp.error();
  return parseObject(resp->body, method, m_client.url(req.path));
}

ApiResult<Node> ResourceClient::create(const std::string& ns, const Node& object, const WriteOptions& o) {
  return write("POST", collectionPath(m_resource, namespaceFor(ns)), "application/json", object, o);
}

ApiResult<Node> ResourceClient::replace(const std::string& ns, const Node& object, const WriteOptions& o) {
  return write("PUT", objectPath(m_resource, namespaceFor(ns), textAt(object, {"metadata", "name"})),
               "application/json", object, o);
}

ApiResult<Node> ResourceClient::mergePatch(const std::string& ns, const std::string& name, const Node& patch,
                                           const WriteOptions& o) {
  return write("PATCH", objectPath(m_resource, namespaceFor(ns), name), "application/merge-patch+json", patch, o);
}

ApiResult<bool> ResourceClient::remove(const std::string& ns, const std::string& name, const std::string& uid,
                                       const WriteOptions& o) {
  RestRequest req;
  req.method = "DELETE";
  req.path = objectPath(m_resource, namespaceFor(ns), name);
  if (o.dryRun) req.path += "?dryRun=All";
  if (!uid.empty()) {
    req.contentType = "application/json";
    req.body = R"({"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":)" + strings::jsonQuote(uid) + "}}";
  }
  auto resp = m_client.request(req);
  if (!resp) return resp.error();
  return true;
}

}  // namespace routedeck::core::kube
