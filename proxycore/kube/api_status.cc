#include "proxycore/kube/api_status.h"

#include "proxycore/kube/json_node.h"

namespace routedeck::core::kube {

const char* kindName(ApiErrorKind kind) {
  switch (kind) {
    case ApiErrorKind::Transport: return "transport error";
    case ApiErrorKind::Timeout: return "timeout";
    case ApiErrorKind::Credentials: return "credentials unavailable";
    case ApiErrorKind::Unauthorized: return "Unauthorized";
    case ApiErrorKind::Forbidden: return "Forbidden";
    case ApiErrorKind::NotFound: return "NotFound";
    case ApiErrorKind::AlreadyExists: return "AlreadyExists";
    case ApiErrorKind::Conflict: return "Conflict";
    case ApiErrorKind::Invalid: return "Invalid";
    case ApiErrorKind::Gone: return "Gone";
    case ApiErrorKind::UnsupportedMediaType: return "UnsupportedMediaType";
    case ApiErrorKind::TooManyRequests: return "TooManyRequests";
    case ApiErrorKind::ServerError: return "server error";
    case ApiErrorKind::BadResponse: return "bad response";
    case ApiErrorKind::Other: return "error";
  }
  return "error";
}

ApiErrorKind kindForStatus(int httpStatus, std::string_view reason) {
  if (reason == "AlreadyExists") return ApiErrorKind::AlreadyExists;
  if (reason == "Expired" || reason == "Gone") return ApiErrorKind::Gone;
  switch (httpStatus) {
    case 400: return ApiErrorKind::Invalid;
    case 401: return ApiErrorKind::Unauthorized;
    case 403: return ApiErrorKind::Forbidden;
    case 404: return ApiErrorKind::NotFound;
    case 409: return ApiErrorKind::Conflict;
    case 410: return ApiErrorKind::Gone;
    case 415: return ApiErrorKind::UnsupportedMediaType;
    case 422: return ApiErrorKind::Invalid;
    case 429: return ApiErrorKind::TooManyRequests;
    default: break;
  }
  if (httpStatus >= 500) return ApiErrorKind::ServerError;
  return ApiErrorKind::Other;
}

ApiError makeApiError(ApiErrorKind kind, std::string message, std::string method, std::string url) {
  ApiError e;
  e.kind = kind;
  e.message = std::move(message);
  e.method = std::move(method);
  e.url = std::move(url);
  return e;
}

std::string ApiError::describe() const {
  std::string out;
  if (!method.empty() || !url.empty()) out = method + " " + url + ": ";
  if (httpStatus > 0) {
    out += std::to_string(httpStatus) + " " + (reason.empty() ? kindName(kind) : reason);
  } else {
    out += kindName(kind);
  }
  if (!message.empty()) out += ": " + message;
  // Causes often repeat the message; only add the ones that say more.
  for (const auto& c : causes) {
    if (!c.field.empty() && message.find(c.field) == std::string::npos) {
      out += "\n  " + c.field + ": " + c.message;
    }
  }
  return out;
}

Error ApiError::toError() const {
  ErrorCode code = ErrorCode::Io;
  switch (kind) {
    case ApiErrorKind::NotFound: code = ErrorCode::NotFound; break;
    case ApiErrorKind::Invalid: code = ErrorCode::Invalid; break;
    case ApiErrorKind::UnsupportedMediaType: code = ErrorCode::Unsupported; break;
    case ApiErrorKind::BadResponse: code = ErrorCode::Parse; break;
    default: break;
  }
  return makeError(code, describe());
}

std::vector<std::string> ApiError::conflictingManagers() const {
  std::vector<std::string> out;
  for (const auto& c : causes) {
    if (c.reason != "FieldManagerConflict") continue;
    // The server's text is `conflict with "MANAGER" using GROUP/VERSION` (or `… with "M":`).
    const auto open = c.message.find('"');
    const auto close = open == std::string::npos ? open : c.message.find('"', open + 1);
    if (close == std::string::npos) continue;
    std::string m = c.message.substr(open + 1, close - open - 1);
    bool seen = false;
    for (const auto& o : out) seen = seen || o == m;
    if (!seen) out.push_back(std::move(m));
  }
  return out;
}

ApiError statusFromObject(int httpStatus, const yaml::Node& st, std::string method, std::string url) {
  ApiError e;
  e.method = std::move(method);
  e.url = std::move(url);
  e.reason = textAt(st, {"reason"});
  e.message = textAt(st, {"message"});
  if (const yaml::Node* code = findPath(st, {"code"}); code && code->asInt() && *code->asInt() > 0) {
    // A watch ERROR event arrives on a 200 stream; the Status's code is the real one.
    if (httpStatus == 0 || httpStatus == 200) httpStatus = static_cast<int>(*code->asInt());
  }
  e.httpStatus = httpStatus;
  if (const yaml::Node* causes = findPath(st, {"details", "causes"}); causes && causes->isSequence()) {
    for (const auto& c : causes->items()) {
      e.causes.push_back({textAt(c, {"reason"}), textAt(c, {"message"}), textAt(c, {"field"})});
    }
  }
  e.kind = kindForStatus(httpStatus, e.reason);
  return e;
}

ApiError parseStatus(int httpStatus, std::string_view body, std::string method, std::string url) {
  auto parsed = parseJson(body);
  if (parsed && parsed->isMap() && textAt(*parsed, {"kind"}) == "Status") {
    return statusFromObject(httpStatus, *parsed, std::move(method), std::move(url));
  }
  ApiError e;
  e.method = std::move(method);
  e.url = std::move(url);
  e.httpStatus = httpStatus;
  e.kind = kindForStatus(httpStatus, {});
  std::string text(body.substr(0, 300));
  for (char& ch : text) {
    if (ch == '\n' || ch == '\r') ch = ' ';
  }
  e.message = text.empty() ? std::string("(empty body)") : text;
  return e;
}

}  // namespace routedeck::core::kube
