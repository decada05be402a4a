#pragma once
// Which handler a request path belongs to.

#include <string>

#include "tests/kubeapi/resource_request.h"

namespace routedeck::tests::kubeapi {

struct Route {
  enum class Kind {
    NotFound,
    Version,
    Health,
    CoreRoot,      // /api
    GroupsRoot,    // /apis
    Group,         // /apis/<group>
    ResourceList,  // /api/v1, /apis/<group>/<version>
    OpenApiV2,
    OpenApiV3Root,
    OpenApiV3Doc,  // /openapi/v3/<api/v1 | apis/g/v>
    Resource,
  };
  Kind kind = Kind::NotFound;
  std::string group;
  std::string version;
  std::string openApiPath;
  ResourceRequest resource;
};

Route resolveRoute(const std::string& path);

// The RBAC verb of a request, as 403 messages name it.
std::string verbOf(const std::string& method, const ResourceRequest& r, bool watch);

}  // namespace routedeck::tests::kubeapi
