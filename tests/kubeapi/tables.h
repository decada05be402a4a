#pragma once
// Server-side printing: the meta.k8s.io Table that `kubectl get` asks for
// with Accept: application/json;as=Table;v=v1;g=meta.k8s.io.

#include <string>
#include <vector>

#include "tests/kubeapi/json_support.h"
#include "tests/kubeapi/resource_catalog.h"

namespace routedeck::tests::kubeapi {

// "v1" or "v1beta1" when the Accept header asks for a Table, else empty.
std::string requestedTableVersion(const std::string& accept);
// The Content-Type of a Table answer.
std::string tableContentType(const std::string& version);

// A Table of `objects` (NAME, the type's printer columns, AGE). Watch
// events carry one-row tables; `withColumns` false leaves the column
// definitions out after the first, as the API server does.
Json makeTable(const ResourceType& type, const std::vector<Json>& objects,
               const std::string& tableVersion, bool withColumns);

}  // namespace routedeck::tests::kubeapi
