#include "tests/kubeapi/control_state.h"

#include <algorithm>

namespace routedeck::tests::kubeapi {

namespace {

core::Error bad(const std::string& field, const std::string& what) {
  return core::makeError(core::ErrorCode::Invalid, "fault field \"" + field + "\": " + what);
}

}  // namespace

core::Result<Fault> Fault::fromJson(const Json& body) {
  if (!body.is_object()) {
    return core::makeError(core::ErrorCode::Invalid, "a fault must be a JSON object");
  }
  Fault f;
  for (const auto& [key, v] : body.items()) {
    if (key == "method" || key == "path" || key == "reason" || key == "message") {
      if (!v.is_string()) {
        return bad(key, "must be a string");
      }
      const std::string s = v.get<std::string>();
      (key == "method"   ? f.method
       : key == "path"   ? f.pathPrefix
       : key == "reason" ? f.reason
                         : f.message) = s;
    } else if (key == "watch") {
      if (!v.is_boolean()) {
        return bad(key, "must be true or false");
      }
      f.watch = v.get<bool>();
    } else if (key == "status" || key == "delayMs" || key == "dropAfterEvents" || key == "times") {
      if (!v.is_number_integer() || v.get<long long>() < 0) {
        return bad(key, "must be a non-negative integer");
      }
      const int n = v.get<int>();
      (key == "status"            ? f.status
       : key == "delayMs"         ? f.delayMs
       : key == "dropAfterEvents" ? f.dropAfterEvents
                                  : f.times) = n;
    } else {
      return bad(key, "unknown field");
    }
  }
  if (f.status != 0 && (f.status < 400 || f.status > 599)) {
    return bad("status", "must be an error code (400-599)");
  }
  return f;
}

int FaultSet::add(Fault f) {
  f.id = m_nextId++;
  m_faults.push_back(f);
  return f.id;
}

std::optional<Fault> FaultSet::take(const std::string& method, const std::string& path,
                                    bool watch) {
  for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
    if ((!it->method.empty() && it->method != method) || !path.starts_with(it->pathPrefix) ||
        (it->watch && *it->watch != watch)) {
      continue;
    }
    Fault f = *it;
    if (it->times > 0 && --it->times == 0) {
      m_faults.erase(it);
    }
    return f;
  }
  return std::nullopt;
}

void TokenAuthenticator::add(std::string token, std::string user, std::chrono::seconds lifetime) {
  std::erase_if(m_extra, [&](const Extra& e) { return e.token == token; });
  m_extra.push_back(
      Extra{std::move(token), std::move(user), std::chrono::steady_clock::now() + lifetime});
}

std::string TokenAuthenticator::userFor(const std::string& token) const {
  if (token.empty()) {
    return {};
  }
  if (token == m_token) {
    return m_user;
  }
  const auto now = std::chrono::steady_clock::now();
  for (const auto& e : m_extra) {
    if (e.token == token && now < e.expires) {
      return e.user;
    }
  }
  return {};
}

void RequestLog::add(RequestRecord r) {
  if (m_records.size() == kCapacity) {
    m_records.pop_front();
  }
  m_records.push_back(std::move(r));
}

Json RequestLog::toJson() const {
  Json out = Json::array();
  for (const auto& r : m_records) {
    out.push_back({{"method", r.method},
                   {"path", r.path},
                   {"query", r.query},
                   {"contentType", r.contentType},
                   {"user", r.user},
                   {"fieldManager", r.fieldManager},
                   {"dryRun", r.dryRun},
                   {"status", r.status}});
  }
  return out;
}

}  // namespace routedeck::tests::kubeapi
