#pragma once

#include <string>
#include <vector>

namespace routedeck::core {

// A position in a source file, 1-based. line == 0 means "unknown".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // Provenance never makes two model values different.
  bool operator==(const SourceLocation&) const { return true; }
};

enum class Severity { Error, Warning, Note };

// One finding about the input, formatted as FILE:LINE:COL: error: MESSAGE [field.path]
struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation location;
  std::string message;
  // Dotted path inside the document, e.g. "spec.rules[0].backendRefs[1].weight".
  std::string fieldPath;

  std::string format() const;
};

// Collects every finding; validation never stops at the first error.
class Diagnostics {
 public:
  void error(const SourceLocation& at, std::string message, std::string fieldPath = {});
  void warning(const SourceLocation& at, std::string message, std::string fieldPath = {});
  void note(const SourceLocation& at, std::string message, std::string fieldPath = {});
  void add(Diagnostic d) { m_items.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool hasErrors() const;
  int errorCount() const;
  const std::vector<Diagnostic>& items() const { return m_items; }
  bool empty() const { return m_items.empty(); }
  // Stable order: by file, line, column, then insertion order.
  void sort();
  // Keeps one finding per (location, field path, severity): when the schema
  // and a semantic check flag the same value, the later, more specific
  // message wins.
  void dedupe();
  std::string format() const;

 private:
  std::vector<Diagnostic> m_items;
};

}  // namespace routedeck::core
