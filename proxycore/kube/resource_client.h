#pragma once

#include <string>
#include <vector>

#include "proxycore/kube/api_status.h"
#include "proxycore/kube/discovery.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

class RestClient;

// "/apis/g/v/namespaces/ns/plural" (all namespaces when ns is empty or the kind is cluster-scoped).
std::string collectionPath(const ApiResource& r, const std::string& ns);
std::string objectPath(const ApiResource& r, const std::string& ns, const std::string& name);

struct ListOptions {
  std::string labelSelector;
  std::string fieldSelector;
  // Page size; the list follows `continue` until the last page.
  int limit = 500;
};

struct ObjectList {
  std::vector<yaml::Node> items;  // each with apiVersion and kind filled in
  std::string resourceVersion;    // the list's, where a watch starts
};

struct WriteOptions {
  std::string fieldManager = "routedeck";
  // dryRun=All: admission runs (webhooks included), nothing is stored.
  bool dryRun = false;
};

// Plain verbs on one resource type. Blocking, thread-safe as RestClient is.
class ResourceClient {
 public:
  ResourceClient(RestClient& client, ApiResource resource) : m_client(client), m_resource(std::move(resource)) {}

  ApiResult<yaml::Node> get(const std::string& ns, const std::string& name);
  ApiResult<ObjectList> list(const std::string& ns, const ListOptions& options = {});
  ApiResult<yaml::Node> create(const std::string& ns, const yaml::Node& object, const WriteOptions& options = {});
  // PUT: the object's metadata.resourceVersion is the precondition (409 Conflict when stale).
  ApiResult<yaml::Node> replace(const std::string& ns, const yaml::Node& object, const WriteOptions& options = {});
  // application/merge-patch+json; a metadata.resourceVersion in the patch is a precondition too.
  ApiResult<yaml::Node> mergePatch(const std::string& ns, const std::string& name, const yaml::Node& patch,
                                   const WriteOptions& options = {});
  // Deletes only the object with this uid (when given), so a re-created namesake survives.
  ApiResult<bool> remove(const std::string& ns, const std::string& name, const std::string& uid = {},
                         const WriteOptions& options = {});

  const ApiResource& resource() const { return m_resource; }
  RestClient& rest() { return m_client; }
  // The namespace to use: the given one, the kubeconfig context's for an empty one, none
  // for cluster-scoped kinds.
  std::string namespaceFor(const std::string& ns) const;

 private:
  ApiResult<yaml::Node> write(const std::string& method, const std::string& path, const std::string& contentType,
                              const yaml::Node& body, const WriteOptions& options);
  RestClient& m_client;
  ApiResource m_resource;
};

// A parsed response object, or BadResponse naming the URL.
ApiResult<yaml::Node> parseObject(const std::string& body, const std::string& method, const std::string& url);
std::string writeQuery(const WriteOptions& options);

}  // namespace routedeck::core::kube
