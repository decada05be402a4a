#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "proxycore/common/result.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::kube {

// What went wrong talking to the API server; callers branch on this, people read message.
enum class ApiErrorKind {
  // Connection, TLS or protocol failure before an HTTP status arrived.
  Transport,
  // No (complete) answer within the client's deadline.
  Timeout,
  // The kubeconfig's credentials could not be produced (exec plugin failed, token file unreadable).
  Credentials,
  Unauthorized,     // 401
  Forbidden,        // 403
  NotFound,         // 404
  AlreadyExists,    // 409 reason AlreadyExists
  Conflict,         // 409: stale resourceVersion, or field managers disagree (see causes)
  Invalid,          // 422, or 400 BadRequest
  Gone,             // 410, or a watch ERROR with code 410 (Expired)
  UnsupportedMediaType,  // 415
  TooManyRequests,  // 429
  ServerError,      // 5xx
  // 2xx with a body that is not what the API promises.
  BadResponse,
  Other,
};
const char* kindName(ApiErrorKind kind);

// metav1.StatusCause: e.g. {FieldValueInvalid, "Invalid value: -5: …", "spec.rules[0]…weight"}
// or {FieldManagerConflict, "conflict with \"kubectl\" using gateway.networking.k8s.io/v1", ".spec.rules"}.
struct StatusCause {
  std::string reason;
  std::string message;
  std::string field;
};

struct ApiError {
  ApiErrorKind kind = ApiErrorKind::Other;
  int httpStatus = 0;  // 0 when no HTTP status arrived
  std::string reason;  // metav1.Status reason ("Conflict", "Invalid", "Expired", …)
  std::string message;
  std::string method;
  std::string url;
  std::vector<StatusCause> causes;
  // After a 409 from server-side apply: the object as the server holds it now, so that
  // the caller can show base (what it read), ours and theirs. Null when not fetched.
  yaml::Node current;

  // "PATCH https://…/httproutes/x: 409 Conflict: Apply failed with 1 conflict: …"
  std::string describe() const;
  Error toError() const;
  // The field managers named by FieldManagerConflict causes, in order, without repeats.
  std::vector<std::string> conflictingManagers() const;
  bool isFieldManagerConflict() const { return !conflictingManagers().empty(); }
};

// metav1.Status (JSON text or an already parsed object) to an error. Bodies that are not a
// Status (a proxy's HTML page, say) still give an error with the HTTP status and a prefix of the body.
ApiError parseStatus(int httpStatus, std::string_view body, std::string method, std::string url);
ApiError statusFromObject(int httpStatus, const yaml::Node& status, std::string method, std::string url);
ApiErrorKind kindForStatus(int httpStatus, std::string_view reason);
// An error that did not come from a Status body (transport, timeout, credentials, client side).
ApiError makeApiError(ApiErrorKind kind, std::string message, std::string method = {}, std::string url = {});

// Result<T> with an ApiError instead of core::Error (which has no room for causes).
template <typename T>
using ApiResult = Result<T, ApiError>;

}  // namespace routedeck::core::kube
