#include <algorithm>
#include <set>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/appmesh/appmesh_internal.h"

namespace routedeck::core::dialects::appmesh::detail {

namespace {

using yaml::Node;

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool listHas(const Node* policy, const char* list, const std::string& event) {
  const Node* seq = policy ? policy->find(list) : nullptr;
  if (!seq || !seq->isSequence()) {
    return false;
  }
  return std::any_of(seq->items().begin(), seq->items().end(),
                     [&](const Node& n) { return n.isScalar() && n.text() == event; });
}

}  // namespace

std::optional<model::Duration> readDuration(const Reader& r, const Node* parent,
                                            std::string_view key) {
  const Node* n = r.map(parent, key);
  auto value = r.integer(n, "value");
  auto unit = r.str(n, "unit");
  // A missing value or an unknown unit is the schema validator's finding.
  if (!value || !unit || (*unit != "s" && *unit != "ms")) {
    return std::nullopt;
  }
  const long long ms = *unit == "s" ? *value * 1000LL : *value;
  return model::Duration{ms, std::to_string(*value) + *unit};
}

DurationParts durationParts(const model::Duration& d) {
  const std::string& t = d.text;
  // "ms" first: "500ms" also ends with "s".
  for (auto [suffix, scale] : {std::pair{"ms", 1LL}, std::pair{"s", 1000LL}}) {
    const std::string_view sv(suffix);
    if (t.size() > sv.size() && t.ends_with(sv)) {
      std::string digits = t.substr(0, t.size() - sv.size());
      if (allDigits(digits)) {
        if (auto v = strings::parseInt(digits); v && *v * scale == d.millis) {
          return {*v, std::string(suffix)};
        }
      }
      break;
    }
  }
  if (d.millis % 1000 == 0) {
    return {d.millis / 1000, "s"};
  }
  return {d.millis, "ms"};
}

void writeDuration(Node& parent, const std::string& key, const std::optional<model::Duration>& d) {
  const Node* old = parent.find(key);
  if (!d) {
    // Keep what the importer could not read (it was not modelled, so not removed).
    if (old && old->isMap() && old->has("value") && old->has("unit")) {
      auto unit = old->find("unit");
      if (unit->isScalar() && (unit->text() == "s" || unit->text() == "ms") &&
          old->find("value")->asInt()) {
        parent.erase(key);
      }
    }
    return;
  }
  const DurationParts parts = durationParts(*d);
  Node& n = child(parent, key);
  setOrErase(n, "unit", std::optional(parts.unit));
  if (const Node* v = n.find("value"); !v || v->asInt() != parts.value) {
    n.set("value", Node::fromInt(parts.value));
  }
}

const char* retryEventList(const std::string& event, const Node* originalPolicy) {
  for (const char* list : kRetryEventLists) {
    if (listHas(originalPolicy, list, event)) {
      return list;
    }
  }
  static const std::set<std::string> kTcp{"connection-error"};
  static const std::set<std::string> kGrpc{"cancelled", "deadline-exceeded", "internal",
                                           "resource-exhausted", "unavailable"};
  if (kTcp.count(event)) {
    return "tcpRetryEvents";
  }
  if (kGrpc.count(event)) {
    return "grpcRetryEvents";
  }
  return "httpRetryEvents";
}

std::optional<model::RetryPolicy> readRetryPolicy(const Reader& r, const Node* route,
                                                  const std::string& path) {
  const Node* p = r.map(route, "retryPolicy");
  if (!p) {
    return std::nullopt;
  }
  model::RetryPolicy retry;
  retry.attempts = r.integer(p, "maxRetries");
  retry.perTryTimeout = readDuration(r, p, "perRetryTimeout");
  for (const char* list : kRetryEventLists) {
    for (auto& e : r.strings(p, list)) {
      retry.retryOn.push_back(std::move(e));
    }
  }
  if (retry.retryOn.empty()) {
    r.error(*p,
            "retryPolicy needs at least one event in httpRetryEvents, tcpRetryEvents or "
            "grpcRetryEvents",
            path + ".retryPolicy");
  }
  return retry;
}

void writeRetryPolicy(Node& route, const std::optional<model::RetryPolicy>& retry) {
  if (!retry) {
    dropKey(route, "retryPolicy");
    return;
  }
  const Node* old = route.find("retryPolicy");
  const Node original = old && old->isMap() ? *old : Node::map();
  patchMap(route, "retryPolicy", [&](Node& p) {
    setOrErase(p, "maxRetries", retry->attempts);
    writeDuration(p, "perRetryTimeout", retry->perTryTimeout);
    for (const char* list : kRetryEventLists) {
      std::vector<std::string> events;
      for (const auto& e : retry->retryOn) {
        if (std::string_view(retryEventList(e, &original)) == list) {
          events.push_back(e);
        }
      }
      setStrings(p, list, events);
    }
  });
}

}  // namespace routedeck::core::dialects::appmesh::detail
