// Patches retries, fault and corsPolicy of a VirtualService http[] entry.

#include <algorithm>
#include <cmath>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/istio/istio_internal.h"

namespace routedeck::core::dialects::istio::detail {

namespace {

using model::StringMatchType;
using yaml::Node;

std::vector<std::string> retryTokens(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : strings::split(text, ',')) {
    std::string token(strings::trim(t));
    if (!token.empty()) {
      out.push_back(std::move(token));
    }
  }
  return out;
}

// Percent with Istio's deprecated integer spelling kept where it was used.
void setPercentOrLegacy(Node& map, const std::string& key, const std::string& legacy,
                        const std::optional<double>& pct) {
  if (!map.has(key) && map.has(legacy)) {
    if (pct && std::floor(*pct) == *pct) {
      setOrErase(map, legacy, std::optional(static_cast<int>(*pct)));
      return;
    }
    map.erase(legacy);
  }
  setPercentage(map, key, pct);
}

}  // namespace

void setRetries(Node& h, const std::optional<model::RetryPolicy>& retry) {
  if (!retry) {
    h.erase("retries");
    return;
  }
  Node& n = child(h, "retries");
  setOrErase(n, "attempts", retry->attempts);
  setDuration(n, "perTryTimeout", retry->perTryTimeout);
  setDuration(n, "backoff", retry->backoff);
  std::vector<std::string> tokens = retry->retryOn;
  for (int code : retry->statusCodes) {
    tokens.push_back(std::to_string(code));
  }
  if (tokens.empty()) {
    n.erase("retryOn");
    return;
  }
  // The importer splits codes from conditions; an unchanged set of tokens
  // keeps the user's order and spacing.
  if (const Node* old = n.find("retryOn"); old && old->isScalar()) {
    std::vector<std::string> before = retryTokens(old->text());
    std::vector<std::string> after = tokens;
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    if (before == after) {
      return;
    }
  }
  n.set("retryOn", Node::str(strings::join(tokens, ",")));
}

void setFault(Node& h, const std::optional<model::FaultInjection>& fault) {
  if (!fault) {
    h.erase("fault");
    return;
  }
  Node& f = child(h, "fault");
  if (fault->delay) {
    Node& d = child(f, "delay");
    const model::Duration& delay = fault->delay->delay;
    // A delay imported without fixedDelay (exponentialDelay) stays without one.
    if (d.has("fixedDelay") || delay.millis != 0 || !delay.text.empty()) {
      setDuration(d, "fixedDelay", delay);
    }
    setPercentOrLegacy(d, "percentage", "percent", fault->delay->percent);
  } else {
    f.erase("delay");
  }
  if (fault->abort) {
    Node& a = child(f, "abort");
    setOrErase(a, "httpStatus", fault->abort->httpStatus);
    setOrErase(a, "grpcStatus", fault->abort->grpcStatus);
    setPercentage(a, "percentage", fault->abort->percent);
  } else {
    f.erase("abort");
  }
}

void setCors(Node& h, const std::optional<model::CorsPolicy>& cors) {
  if (!cors) {
    h.erase("corsPolicy");
    return;
  }
  Node& c = child(h, "corsPolicy");
  const bool legacy = c.has("allowOrigin") && !c.has("allowOrigins");
  const bool allExact = std::all_of(cors->allowOrigins.begin(), cors->allowOrigins.end(),
                                    [](const auto& o) { return o.type == StringMatchType::Exact; });
  if (legacy && allExact) {
    std::vector<std::string> origins;
    for (const auto& o : cors->allowOrigins) {
      origins.push_back(o.value);
    }
    setStrings(c, "allowOrigin", origins);
  } else {
    if (legacy) {
      c.erase("allowOrigin");
    }
    const Node* old = c.find("allowOrigins");
    Node seq = Node::sequence();
    for (size_t i = 0; i < cors->allowOrigins.size(); ++i) {
      const Node* o = old && old->isSequence() && i < old->size() ? &old->items()[i] : nullptr;
      seq.push(writeStringMatch(cors->allowOrigins[i], o));
    }
    setSequence(c, "allowOrigins", std::move(seq));
  }
  setStrings(c, "allowMethods", cors->allowMethods);
  setStrings(c, "allowHeaders", cors->allowHeaders);
  setStrings(c, "exposeHeaders", cors->exposeHeaders);
  setDuration(c, "maxAge", cors->maxAge);
  setOrErase(c, "allowCredentials", cors->allowCredentials);
}

}  // namespace routedeck::core::dialects::istio::detail
