#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::model {

// The route dialect an object was written in. Kubernetes covers core objects
// (Service, Namespace) shared by all dialects. Envoy (RouteConfiguration v3)
// is read-only: it is imported and routed, never exported.
enum class Dialect { GatewayApi, Istio, AppMesh, Kubernetes, RouteDeck, Envoy };

const char* dialectName(Dialect d);

using Labels = std::map<std::string, std::string>;

// A span of time. `text` keeps the spelling the user wrote ("10s", "1500ms")
// so export writes it back unchanged; equality is by value.
struct Duration {
  long long millis = 0;
  std::string text;

  bool operator==(const Duration& o) const { return millis == o.millis; }
  // Go-style ("1h2m3.5s", "250ms"), as Gateway API and Istio accept.
  static std::optional<Duration> parse(const std::string& text);
  static Duration fromMillis(long long ms);
  // The user's spelling when it still denotes the value, else a canonical form.
  std::string str() const;
};

// Where a model object came from. Never part of equality: two objects that
// say the same thing are equal wherever they were written.
struct Origin {
  SourceLocation location;
  // Position in the source list (rules, matches, backends) used to pair a model
  // element with its original YAML on export; -1 when created in an editor.
  int index = -1;
  bool operator==(const Origin&) const { return true; }
};

// The original document of a top-level object. Export to the object's own
// dialect starts from it so fields RouteDeck does not model survive.
struct Provenance {
  std::shared_ptr<const yaml::Node> document;
  std::string file;
  int documentIndex = 0;
  SourceLocation location;
  bool operator==(const Provenance&) const { return true; }
};

struct ObjectMeta {
  std::string apiVersion;
  std::string kind;
  std::string name;
  // As written; empty when the document has no namespace (then the workspace
  // or cluster default applies, see effectiveNamespace()).
  std::string ns;
  Labels labels;
  std::map<std::string, std::string> annotations;
  // RFC 3339 text; Gateway API breaks precedence ties by the oldest route.
  std::string creationTimestamp;
  Provenance provenance;

  bool operator==(const ObjectMeta&) const = default;
  std::string effectiveNamespace() const { return ns.empty() ? "default" : ns; }
  std::string id() const { return effectiveNamespace() + "/" + name; }
};

struct LabelSelector {
  Labels matchLabels;
  bool operator==(const LabelSelector&) const = default;
  bool matches(const Labels& labels) const;
};

}  // namespace routedeck::core::model
