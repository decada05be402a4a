#include <re2/re2.h>

#include <cmath>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/envoy/envoy_internal.h"

namespace routedeck::core::dialects::envoy::detail {

std::string idx(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

void Fields::error(const yaml::Node& at, std::string message, const std::string& path) const {
  m_r.error(at, std::move(message), path);
}

void Fields::warning(const yaml::Node& at, std::string message, const std::string& path) const {
  m_r.warning(at, std::move(message), path);
}

void Fields::keys(const yaml::Node& map, const std::string& path,
                  std::initializer_list<std::string_view> handled,
                  std::initializer_list<std::string_view> unsupported) const {
  auto in = [](std::initializer_list<std::string_view> list, const std::string& key) {
    for (auto k : list) {
      if (k == key) {
        return true;
      }
    }
    return false;
  };
  for (const auto& e : map.entries()) {
    const std::string field = path.empty() ? e.key : path + "." + e.key;
    const SourceLocation loc{m_r.file(), e.keyMark.line, e.keyMark.column};
    if (in(handled, e.key)) {
      continue;
    }
    if (in(unsupported, e.key)) {
      m_r.diagnostics().warning(
          loc, "Envoy field \"" + e.key + "\" is not supported by RouteDeck; ignored", field);
    } else {
      m_r.diagnostics().warning(loc, "unknown field \"" + e.key + "\"; ignored", field);
    }
  }
}

std::optional<std::string> Fields::string(const yaml::Node& map, std::string_view key,
                                          const std::string& path) const {
  const yaml::Node* n = map.find(key);
  if (!n || n->isNull()) {
    return std::nullopt;
  }
  if (!n->isScalar()) {
    error(*n, std::string("expected string, got ") + n->typeName(), path + "." + std::string(key));
    return std::nullopt;
  }
  return n->text();
}

std::optional<bool> Fields::boolean(const yaml::Node& map, std::string_view key,
                                    const std::string& path) const {
  const yaml::Node* n = map.find(key);
  if (!n || n->isNull()) {
    return std::nullopt;
  }
  // google.protobuf.BoolValue may be written as {value: bool}.
  const yaml::Node* v = n->isMap() ? n->find("value") : n;
  if (v && v->isScalar() && v->asBool()) {
    return v->asBool();
  }
  error(*n,
        "expected true or false, got " +
            (n->isScalar() ? "\"" + n->text() + "\"" : std::string(n->typeName())),
        path + "." + std::string(key));
  return std::nullopt;
}

std::optional<long long> Fields::integer(const yaml::Node& map, std::string_view key,
                                         const std::string& path) const {
  const yaml::Node* n = map.find(key);
  if (!n || n->isNull()) {
    return std::nullopt;
  }
  // UInt32Value may be written as {value: n}; proto JSON also allows "30".
  const yaml::Node* v = n->isMap() ? n->find("value") : n;
  if (v && v->isScalar()) {
    if (auto i = strings::parseInt(v->text())) {
      return i;
    }
  }
  error(*n,
        "expected an integer, got " +
            (n->isScalar() ? "\"" + n->text() + "\"" : std::string(n->typeName())),
        path + "." + std::string(key));
  return std::nullopt;
}

const yaml::Node* Fields::object(const yaml::Node& map, std::string_view key,
                                 const std::string& path) const {
  const yaml::Node* n = map.find(key);
  if (!n || n->isNull()) {
    return nullptr;
  }
  if (!n->isMap()) {
    error(*n, std::string("expected object, got ") + n->typeName(), path + "." + std::string(key));
    return nullptr;
  }
  return n;
}

const yaml::Node* Fields::list(const yaml::Node& map, std::string_view key,
                               const std::string& path) const {
  const yaml::Node* n = map.find(key);
  if (!n || n->isNull()) {
    return nullptr;
  }
  if (!n->isSequence()) {
    error(*n, std::string("expected array, got ") + n->typeName(), path + "." + std::string(key));
    return nullptr;
  }
  return n;
}

std::optional<model::Duration> Fields::duration(const yaml::Node& map, std::string_view key,
                                                const std::string& path) const {
  const yaml::Node* n = map.find(key);
  if (!n || n->isNull()) {
    return std::nullopt;
  }
  const std::string field = path + "." + std::string(key);
  if (n->isMap()) {
    keys(*n, field, {"seconds", "nanos"});
    auto seconds = integer(*n, "seconds", field).value_or(0);
    auto nanos = integer(*n, "nanos", field).value_or(0);
    if (seconds < 0 || nanos < 0 || nanos > 999999999) {
      error(*n, "duration must be non-negative with nanos in 0..999999999", field);
      return std::nullopt;
    }
    return model::Duration::fromMillis(seconds * 1000 + nanos / 1000000);
  }
  // Proto JSON form: decimal seconds with an "s" suffix ("30s", "1.500s").
  std::string text = n->isScalar() ? n->text() : "";
  std::optional<double> secs;
  if (text.size() > 1 && text.back() == 's') {
    secs = strings::parseDouble(text.substr(0, text.size() - 1));
  }
  if (!secs || *secs < 0) {
    error(*n,
          "invalid duration \"" + text + "\" (expected e.g. \"30s\", \"0.250s\" or {seconds: 30})",
          field);
    return std::nullopt;
  }
  model::Duration d = model::Duration::fromMillis(std::llround(*secs * 1000));
  return d;
}

bool Fields::checkRegex(const yaml::Node& at, const std::string& pattern,
                        const std::string& path) const {
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(pattern, opts);
  if (!re.ok()) {
    error(at, "regular expression \"" + pattern + "\" is not valid RE2: " + re.error(), path);
    return false;
  }
  return true;
}

}  // namespace routedeck::core::dialects::envoy::detail
