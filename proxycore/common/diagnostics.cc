#include "proxycore/common/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace routedeck::core {

namespace {
const char* severityName(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}
}  // namespace

std::string Diagnostic::format() const {
  std::string out = location.file.empty() ? std::string("<input>") : location.file;
  out += ':' + std::to_string(location.line) + ':' + std::to_string(location.column) + ": ";
  out += severityName(severity);
  out += ": ";
  out += message;
  if (!fieldPath.empty()) {
    out += " [" + fieldPath + "]";
  }
  return out;
}

void Diagnostics::error(const SourceLocation& at, std::string message, std::string fieldPath) {
  m_items.push_back({Severity::Error, at, std::move(message), std::move(fieldPath)});
}
void Diagnostics::warning(const SourceLocation& at, std::string message, std::string fieldPath) {
  m_items.push_back({Severity::Warning, at, std::move(message), std::move(fieldPath)});
}
void Diagnostics::note(const SourceLocation& at, std::string message, std::string fieldPath) {
  m_items.push_back({Severity::Note, at, std::move(message), std::move(fieldPath)});
}

void Diagnostics::append(const Diagnostics& other) {
  m_items.insert(m_items.end(), other.m_items.begin(), other.m_items.end());
}

bool Diagnostics::hasErrors() const { return errorCount() > 0; }

int Diagnostics::errorCount() const {
  return static_cast<int>(std::count_if(m_items.begin(), m_items.end(),
                                        [](const auto& d) { return d.severity == Severity::Error; }));
}

void Diagnostics::sort() {
  std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  });
}

void Diagnostics::dedupe() {
  std::vector<Diagnostic> out;
  for (size_t i = 0; i < m_items.size(); ++i) {
    const auto& d = m_items[i];
    bool supersededLater = false;
    for (size_t j = i + 1; j < m_items.size() && !supersededLater; ++j) {
      const auto& e = m_items[j];
      supersededLater = e.severity == d.severity && e.location.file == d.location.file &&
                        e.location.line == d.location.line &&
                        e.location.column == d.location.column && e.fieldPath == d.fieldPath &&
                        !d.fieldPath.empty();
    }
    if (!supersededLater) {
      out.push_back(d);
    }
  }
  m_items = std::move(out);
}

std::string Diagnostics::format() const {
  std::string out;
  for (const auto& d : m_items) {
    out += d.format();
    out += '\n';
  }
  return out;
}

}  // namespace routedeck::core
