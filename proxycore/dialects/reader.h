#pragma once

#include <optional>
#include <string>
#include <vector>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/basics.h"
#include "proxycore/model/match.h"
#include "proxycore/yaml/node.h"

namespace routedeck::core::dialects {

// Lenient typed access to a document for importers. Shape errors (wrong type,
// missing required field, bad enum) are the schema validator's job; importers
// skip what they cannot read and report only semantic problems through error().
class Reader {
 public:
  Reader(const yaml::Document& doc, Diagnostics& diags) : m_doc(doc), m_diags(diags) {}

  const yaml::Document& document() const { return m_doc; }
  const std::string& file() const { return m_doc.file; }
  SourceLocation at(const yaml::Node& n) const { return {m_doc.file, n.mark().line, n.mark().column}; }
  model::Origin origin(const yaml::Node& n, int index = -1) const { return {at(n), index}; }

  std::optional<std::string> str(const yaml::Node* parent, std::string_view key) const;
  std::optional<int> integer(const yaml::Node* parent, std::string_view key) const;
  std::optional<double> number(const yaml::Node* parent, std::string_view key) const;
  std::optional<bool> boolean(const yaml::Node* parent, std::string_view key) const;
  std::vector<std::string> strings(const yaml::Node* parent, std::string_view key) const;
  model::Labels labels(const yaml::Node* parent, std::string_view key) const;
  // parent[key] if it is a map / sequence, else nullptr.
  const yaml::Node* map(const yaml::Node* parent, std::string_view key) const;
  const yaml::Node* seq(const yaml::Node* parent, std::string_view key) const;
  // A Duration field; an unparsable value is reported at the node.
  std::optional<model::Duration> duration(const yaml::Node* parent, std::string_view key,
                                          const std::string& fieldPath) const;

  void error(const yaml::Node& at, std::string message, std::string fieldPath) const;
  void warning(const yaml::Node& at, std::string message, std::string fieldPath) const;
  Diagnostics& diagnostics() const { return m_diags; }

 private:
  const yaml::Document& m_doc;
  Diagnostics& m_diags;
};

// metadata + apiVersion/kind + provenance of a Kubernetes-style document.
model::ObjectMeta readMeta(const Reader& r);
// Writes apiVersion, kind and metadata into doc (a map), keeping any
// metadata fields RouteDeck does not model.
void writeMeta(yaml::Node& doc, const model::ObjectMeta& meta);
// A fresh document for meta in the given apiVersion/kind (cross-dialect export).
yaml::Node newDocument(const std::string& apiVersion, const std::string& kind,
                       const model::ObjectMeta& meta);
// The original document for meta, or an empty map.
yaml::Node baseDocument(const model::ObjectMeta& meta);

// Sets key to value, or removes it when value is empty: the building block of
// export-by-patching, which leaves unmodelled keys untouched.
void setOrErase(yaml::Node& map, const std::string& key, const std::optional<std::string>& value);
void setOrErase(yaml::Node& map, const std::string& key, const std::optional<int>& value);
void setOrErase(yaml::Node& map, const std::string& key, const std::optional<double>& value);
void setOrErase(yaml::Node& map, const std::string& key, const std::optional<bool>& value);
void setStrings(yaml::Node& map, const std::string& key, const std::vector<std::string>& values);
void setLabels(yaml::Node& map, const std::string& key, const model::Labels& values);
// map[key] as a map, created if missing (keeps existing content).
yaml::Node& child(yaml::Node& map, const std::string& key);
// The element of base's sequence `key` at `index`, or an empty map.
yaml::Node baseItem(const yaml::Node* base, std::string_view key, int index);
// Sets key to seq, or removes it when seq is empty; an explicitly empty list
// in the original stays as written.
void setSequence(yaml::Node& map, const std::string& key, yaml::Node seq);
// The original document of meta with apiVersion/kind/metadata written, for
// export by patching. Objects built in code may leave apiVersion/kind empty:
// the dialect's defaults fill them.
yaml::Node startDocument(const model::ObjectMeta& meta, const std::string& defaultApiVersion,
                         const std::string& defaultKind);

}  // namespace routedeck::core::dialects
