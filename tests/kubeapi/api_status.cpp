#include "tests/kubeapi/api_status.h"

namespace routedeck::tests::kubeapi {

namespace {

Json resourceDetails(const ResourceType& type, const std::string& name,
                     const std::string& kindField) {
  Json d = Json::object();
  d["name"] = name;
  if (!type.group.empty()) {
    d["group"] = type.group;
  }
  d["kind"] = kindField;
  return d;
}

}  // namespace

std::string defaultReason(int code) {
  switch (code) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Expired";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return code >= 500 ? "InternalError" : "Unknown";
  }
}

namespace {

std::string defaultMessage(int code) {
  switch (code) {
    case 401:
      return "Unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "the server could not find the requested resource";
    case 409:
      return "the object has been modified; please apply your changes to the latest version and "
             "try again";
    case 410:
      return "too old resource version";
    case 429:
      return "Too many requests, please try again later.";
    case 500:
      return "Internal error occurred: injected by the test fixture";
    case 503:
      return "the server is currently unable to handle the request";
    case 504:
      return "Timeout: request did not complete within requested timeout";
    default:
      return "the server rejected the request (injected by the test fixture)";
  }
}

}  // namespace

ApiError statusError(int code, std::string reason, std::string message, Json details) {
  Json s = Json::object();
  s["kind"] = "Status";
  s["apiVersion"] = "v1";
  s["metadata"] = Json::object();
  s["status"] = "Failure";
  s["message"] = message.empty() ? defaultMessage(code) : message;
  s["reason"] = reason.empty() ? defaultReason(code) : reason;
  if (!details.is_null()) {
    s["details"] = std::move(details);
  }
  s["code"] = code;
  return ApiError{code, std::move(s)};
}

ApiError notFound(const ResourceType& type, const std::string& name) {
  return statusError(404, "NotFound", type.groupResource() + " \"" + name + "\" not found",
                     resourceDetails(type, name, type.plural));
}

ApiError alreadyExists(const ResourceType& type, const std::string& name) {
  return statusError(409, "AlreadyExists",
                     type.groupResource() + " \"" + name + "\" already exists",
                     resourceDetails(type, name, type.plural));
}

ApiError conflict(const ResourceType& type, const std::string& name) {
  return statusError(
      409, "Conflict",
      "Operation cannot be fulfilled on " + type.groupResource() + " \"" + name +
          "\": the object has been modified; please apply your changes to the latest version and "
          "try again",
      resourceDetails(type, name, type.plural));
}

ApiError invalid(const ResourceType& type, const std::string& name,
                 const std::vector<StatusCause>& causes) {
  Json details = resourceDetails(type, name, type.kind);
  Json list = Json::array();
  std::string joined;
  for (const auto& c : causes) {
    list.push_back({{"reason", c.reason}, {"message", c.message}, {"field", c.field}});
    joined +=
        (joined.empty() ? "" : ", ") + (c.field.empty() ? c.message : c.field + ": " + c.message);
  }
  details["causes"] = std::move(list);
  const std::string what = causes.size() == 1 ? joined : "[" + joined + "]";
  return statusError(422, "Invalid", type.groupKind() + " \"" + name + "\" is invalid: " + what,
                     std::move(details));
}

ApiError badRequest(std::string message) {
  return statusError(400, "BadRequest", std::move(message));
}

ApiError expired(std::string message) { return statusError(410, "Expired", std::move(message)); }

ApiError unsupportedPatch() {
  return statusError(
      415, "UnsupportedMediaType",
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
}

Json successStatus(const Json& details) {
  Json s = Json::object();
  s["kind"] = "Status";
  s["apiVersion"] = "v1";
  s["metadata"] = Json::object();
  s["status"] = "Success";
  s["details"] = details;
  return s;
}

}  // namespace routedeck::tests::kubeapi
