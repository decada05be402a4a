#include "tests/kubeapi/control_api.h"

namespace routedeck::tests::kubeapi {

namespace {

Answer addFault(ServerState& state, std::string_view body) {
  auto json = parseJson(body.empty() ? std::string_view("{}") : body);
  if (!json) {
    return badRequest("the fault is not JSON: " + json.error().message);
  }
  auto fault = Fault::fromJson(*json);
  if (!fault) {
    return badRequest(fault.error().message);
  }
  return Answer(201, Json{{"id", state.faults.add(*fault)}});
}

Answer addToken(ServerState& state, std::string_view body) {
  auto json = parseJson(body);
  if (!json || !json->is_object() || !(*json)["token"].is_string() ||
      (*json)["token"].get<std::string>().empty()) {
    return badRequest("a token needs {\"token\": \"...\"} and may set expiresInSeconds and user");
  }
  const Json& j = *json;
  const long long lifetime =
      j.contains("expiresInSeconds") && j["expiresInSeconds"].is_number_integer()
          ? j["expiresInSeconds"].get<long long>()
          : 3600;
  const std::string user =
      j.contains("user") && j["user"].is_string() ? j["user"].get<std::string>() : "exec-user";
  state.tokens.add(j["token"].get<std::string>(), user, std::chrono::seconds(lifetime));
  return Answer(201, Json{{"user", user}, {"expiresInSeconds", lifetime}});
}

}  // namespace

Answer handleControl(ServerState& state, const std::string& method, const std::string& path,
                     std::string_view body) {
  const std::string what = path.substr(kControlPrefix.size());
  if (what == "faults" && method == "POST") {
    return addFault(state, body);
  }
  if (what == "faults" && method == "DELETE") {
    state.faults.clear();
    return Answer(200, Json::object());
  }
  if (what == "compact" && method == "POST") {
    state.store.compact();
    return Answer(200, Json{{"compactedResourceVersion",
                             std::to_string(state.store.compactedResourceVersion())}});
  }
  if (what == "close-watches" && method == "POST") {
    state.store.closeAllWatches(true);
    return Answer(200, Json::object());
  }
  if (what == "tokens" && method == "POST") {
    return addToken(state, body);
  }
  if (what == "requests" && method == "GET") {
    return Answer(200, state.log.toJson());
  }
  if (what == "requests" && method == "DELETE") {
    state.log.clear();
    return Answer(200, Json::object());
  }
  return statusError(404, "NotFound", "no control endpoint " + method + " " + path);
}

}  // namespace routedeck::tests::kubeapi
