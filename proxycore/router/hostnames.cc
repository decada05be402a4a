#include "proxycore/router/hostnames.h"

#include "proxycore/common/strings.h"

namespace routedeck::core::router::hostnames {

bool matches(const std::string& pattern, const std::string& host) {
  if (pattern.empty() || pattern == "*") {
    return true;
  }
  if (pattern.starts_with("*.")) {
    const std::string_view suffix = std::string_view(pattern).substr(1);  // ".example.com"
    return host.size() > suffix.size() &&
           strings::iequals(std::string_view(host).substr(host.size() - suffix.size()), suffix);
  }
  return strings::iequals(pattern, host);
}

int specificity(const std::string& pattern) {
  if (pattern.empty() || pattern == "*") {
    return 0;
  }
  if (pattern.starts_with("*.")) {
    return 1 + static_cast<int>(pattern.size());
  }
  return 100000 + static_cast<int>(pattern.size());
}

std::optional<std::vector<std::string>> intersect(const std::string& listenerHostname,
                                                  const std::vector<std::string>& routeHostnames) {
  if (listenerHostname.empty() || listenerHostname == "*") {
    return routeHostnames.empty() ? std::vector<std::string>{"*"} : routeHostnames;
  }
  if (routeHostnames.empty()) {
    return std::vector<std::string>{listenerHostname};
  }
  std::vector<std::string> out;
  for (const auto& r : routeHostnames) {
    if (matches(listenerHostname, r) && !r.starts_with("*")) {
      out.push_back(r);  // exact route host inside the listener's wildcard (or equal)
    } else if (r.starts_with("*.") && listenerHostname.starts_with("*.")) {
      // Both wildcards: the narrower one, if one contains the other.
      if (matches(r, listenerHostname.substr(2)) || r == listenerHostname) {
        out.push_back(listenerHostname.size() >= r.size() ? listenerHostname : r);
      } else if (matches(listenerHostname, r.substr(2))) {
        out.push_back(r);
      }
    } else if (r.starts_with("*.") && matches(r, listenerHostname)) {
      out.push_back(listenerHostname);
    } else if (strings::iequals(r, listenerHostname)) {
      out.push_back(r);
    }
  }
  if (out.empty()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace routedeck::core::router::hostnames
