#pragma once
// Writes: create, replace (PUT), patch (merge, JSON, strategic for core
// kinds, server-side apply) and delete, each with dryRun, optimistic
// concurrency, generation, managedFields and schema validation.

#include <string>
#include <string_view>

#include "tests/kubeapi/api_status.h"
#include "tests/kubeapi/resource_request.h"
#include "tests/kubeapi/store.h"

namespace routedeck::tests::kubeapi {

Answer createObject(Store& store, const ResourceRequest& r, std::string_view body,
                    const WriteOptions& o);
Answer replaceObject(Store& store, const ResourceRequest& r, std::string_view body,
                     const WriteOptions& o);
Answer patchObject(Store& store, const ResourceRequest& r, const std::string& contentType,
                   std::string_view body, const WriteOptions& o);
Answer deleteObject(Store& store, const ResourceRequest& r, std::string_view body,
                    const WriteOptions& o);

}  // namespace routedeck::tests::kubeapi
