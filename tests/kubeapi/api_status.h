#pragma once
// metav1.Status answers: the error bodies real clients parse into their
// messages ("httproutes.gateway.networking.k8s.io \"x\" not found").

#include <optional>
#include <string>
#include <vector>

#include "tests/kubeapi/json_support.h"
#include "tests/kubeapi/resource_catalog.h"

namespace routedeck::tests::kubeapi {

// A failed request: the HTTP status and the Status object to send.
struct ApiError {
  int code = 500;
  Json status;
};

struct StatusCause {
  std::string reason;   // "FieldValueInvalid", "FieldManagerConflict", ...
  std::string message;  // without the field: "Invalid value: -5: ..."
  std::string field;
};

// Any code; reason and message default by code (403 Forbidden, 500
// InternalError, ...). `details` may be null.
ApiError statusError(int code, std::string reason, std::string message, Json details = nullptr);
// The reason real servers give a code ("NotFound" for 404).
std::string defaultReason(int code);

ApiError notFound(const ResourceType& type, const std::string& name);
ApiError alreadyExists(const ResourceType& type, const std::string& name);
// Optimistic concurrency: a stale resourceVersion.
ApiError conflict(const ResourceType& type, const std::string& name);
// 422 with one cause per violation; the message joins them as the API does.
ApiError invalid(const ResourceType& type, const std::string& name,
                 const std::vector<StatusCause>& causes);
ApiError badRequest(std::string message);
ApiError expired(std::string message);
ApiError unsupportedPatch();

// A successful Status (some deletes answer with one).
Json successStatus(const Json& details);

}  // namespace routedeck::tests::kubeapi

namespace routedeck::tests::kubeapi {

// What a request handler answers: a status code and a JSON body, with
// Warning headers (unknown fields pruned).
struct Answer {
  int code = 200;
  Json body;
  std::string contentType = "application/json";
  std::vector<std::string> warnings;
  std::optional<std::string> rawBody;  // sent instead of body (protobuf, plain text)

  Answer() = default;
  Answer(int c, Json b) : code(c), body(std::move(b)) {}
  Answer(ApiError e) : code(e.code), body(std::move(e.status)) {}  // NOLINT: errors are answers
};

}  // namespace routedeck::tests::kubeapi
