#pragma once
// Reads: get and list (limit/continue, label and field selectors,
// resourceVersion semantics), as objects or as a Table.

#include <string>

#include "tests/kubeapi/api_status.h"
#include "tests/kubeapi/query.h"
#include "tests/kubeapi/resource_request.h"
#include "tests/kubeapi/store.h"

namespace routedeck::tests::kubeapi {

// `tableVersion` non-empty: answer a Table of that meta.k8s.io version.
Answer getObject(const Store& store, const ResourceRequest& r, const std::string& tableVersion);
Answer listObjects(const Store& store, const ResourceRequest& r, const Query& q,
                   const std::string& tableVersion);

// The label and field selectors of a list or watch, parsed once.
struct Selectors {
  std::vector<LabelRequirement> labels;
  std::vector<FieldRequirement> fields;
  bool matches(const Json& object) const {
    return matchesLabels(labels, object) && matchesFields(fields, object);
  }
};
core::Result<Selectors> parseSelectors(const Query& q);

// A resourceVersion older than the last compaction: the 410 the API gives.
// `rv` as the client sent it; "" and "0" are never too old.
std::optional<ApiError> tooOld(const Store& store, const std::string& rv);

}  // namespace routedeck::tests::kubeapi
