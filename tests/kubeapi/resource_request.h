#pragma once
// One request on a resource path, as the router resolved it.

#include <string>

#include "tests/kubeapi/json_support.h"
#include "tests/kubeapi/resource_catalog.h"

namespace routedeck::tests::kubeapi {

struct ResourceRequest {
  const ResourceType* type = nullptr;
  std::string version;
  std::string ns;       // empty: cluster-scoped, or every namespace for a collection
  std::string name;     // empty: the collection
  bool status = false;  // the /status subresource

  std::string apiVersion() const { return type->apiVersion(version); }
};

struct WriteOptions {
  bool dryRun = false;
  std::string fieldManager;  // as given, or derived from the User-Agent
  bool fieldManagerGiven = false;
  std::string fieldValidation;  // "Strict", "Warn", "Ignore" or empty
  bool force = false;
};

// A stored object as served at the request's version.
inline Json present(const Json& stored, const ResourceRequest& r) {
  Json out = stored;
  out["apiVersion"] = r.apiVersion();
  return out;
}

}  // namespace routedeck::tests::kubeapi
