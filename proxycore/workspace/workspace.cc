#include "proxycore/workspace/workspace.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/dialect.h"
#include "proxycore/dialects/reader.h"
#include "proxycore/dialects/semantic_checks.h"
#include "proxycore/schema/schema_validator.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::workspace {

namespace fs = std::filesystem;

namespace {

using yaml::Node;

// Field-by-field validation of the Workspace kind (RouteDeck's own schema).
class WorkspaceReader {
 public:
  WorkspaceReader(const yaml::Document& doc, Diagnostics& diags,
                  std::function<bool(const std::string&)> exists)
      : m_r(doc, diags), m_doc(doc), m_exists(std::move(exists)) {}

  void read(model::Config& out, std::vector<std::string>& sources) {
    const Node& root = m_doc.root;
    allowOnly(root, "", {"apiVersion", "kind", "metadata", "spec"});
    if (root.find("apiVersion")->text() != "routedeck.dev/v1alpha1") {
      m_r.error(*root.find("apiVersion"),
                "unsupported Workspace apiVersion \"" + root.find("apiVersion")->text() +
                    "\" (expected routedeck.dev/v1alpha1)",
                "apiVersion");
    }
    const Node* spec = root.find("spec");
    if (!spec || !spec->isMap()) {
      m_r.error(spec ? *spec : root, spec ? "spec must be an object" : "missing required field \"spec\"",
                "spec");
      return;
    }
    allowOnly(*spec, "spec", {"sources", "listeners", "services", "virtualNodes", "tracing"});
    readSources(*spec, sources);
    readListeners(*spec, out);
    readEndpointSets(*spec, "services", "service", out.serviceEndpoints, true);
    readEndpointSets(*spec, "virtualNodes", "virtualNode", out.virtualNodeEndpoints, false);
    if (const Node* t = spec->find("tracing")) {
      readTracing(*t, out);
    }
  }

 private:
  dialects::Reader m_r;
  const yaml::Document& m_doc;
  std::function<bool(const std::string&)> m_exists;

  void allowOnly(const Node& map, const std::string& path, std::set<std::string> keys) {
    for (const auto& e : map.entries()) {
      if (!keys.count(e.key)) {
        m_r.diagnostics().error({m_doc.file, e.keyMark.line, e.keyMark.column},
                                "unknown field \"" + e.key + "\"",
                                path.empty() ? e.key : path + "." + e.key);
      }
    }
  }

  const Node* list(const Node& spec, const std::string& key) {
    const Node* n = spec.find(key);
    if (n && !n->isSequence() && !n->isNull()) {
      m_r.error(*n, std::string("expected array, got ") + n->typeName(), "spec." + key);
      return nullptr;
    }
    return n && n->isSequence() ? n : nullptr;
  }

  std::optional<std::string> requiredString(const Node& map, const std::string& key,
                                            const std::string& path) {
    const Node* n = map.find(key);
    if (!n) {
      m_r.error(map, "missing required field \"" + key + "\"", path + "." + key);
      return std::nullopt;
    }
    if (!n->isScalar()) {
      m_r.error(*n, std::string("expected string, got ") + n->typeName(), path + "." + key);
      return std::nullopt;
    }
    return n->text();
  }

  bool checkAddress(const Node& map, const std::string& key, const std::string& path) {
    auto v = requiredString(map, key, path);
    if (!v) {
      return false;
    }
    size_t colon = v->rfind(':');
    auto port = colon == std::string::npos ? std::nullopt : strings::parseInt(v->substr(colon + 1));
    if (colon == std::string::npos || colon == 0 || !port || *port < 1 || *port > 65535) {
      m_r.error(*map.find(key), "address \"" + *v + "\" must be HOST:PORT with a port in 1..65535",
                path + "." + key);
      return false;
    }
    return true;
  }

  void readSources(const Node& spec, std::vector<std::string>& sources) {
    const Node* n = list(spec, "sources");
    if (!n) {
      return;
    }
    const fs::path base = fs::path(m_doc.file).parent_path();
    for (size_t i = 0; i < n->size(); ++i) {
      const Node& item = n->items()[i];
      const std::string path = "spec.sources[" + std::to_string(i) + "]";
      if (!item.isScalar()) {
        m_r.error(item, std::string("expected string, got ") + item.typeName(), path);
        continue;
      }
      fs::path file = base / item.text();
      if (!m_exists(file.lexically_normal().string())) {
        m_r.error(item, "source file \"" + item.text() + "\" does not exist (resolved to " +
                            file.lexically_normal().string() + ")",
                  path);
        continue;
      }
      sources.push_back(file.lexically_normal().string());
    }
  }

  void readListeners(const Node& spec, model::Config& out) {
    const Node* n = list(spec, "listeners");
    if (!n) {
      return;
    }
    for (size_t i = 0; i < n->size(); ++i) {
      const Node& item = n->items()[i];
      const std::string path = "spec.listeners[" + std::to_string(i) + "]";
      if (!item.isMap()) {
        m_r.error(item, std::string("expected object, got ") + item.typeName(), path);
        continue;
      }
      allowOnly(item, path, {"gateway", "listener", "bind"});
      auto gw = requiredString(item, "gateway", path);
      auto listener = requiredString(item, "listener", path);
      bool bindOk = checkAddress(item, "bind", path);
      if (gw && listener) {
        // Kept even with a bad bind address so the gateway reference is checked too.
        model::ListenerBinding b{*gw, *listener, bindOk ? item.find("bind")->text() : "", {}};
        b.origin = m_r.origin(*item.find("gateway"), static_cast<int>(i));
        out.listenerBindings.push_back(std::move(b));
      }
    }
  }

  void readEndpointSets(const Node& spec, const std::string& key, const std::string& refKey,
                        std::vector<model::EndpointSet>& out, bool withPort) {
    const Node* n = list(spec, key);
    if (!n) {
      return;
    }
    for (size_t i = 0; i < n->size(); ++i) {
      const Node& item = n->items()[i];
      const std::string path = "spec." + key + "[" + std::to_string(i) + "]";
      if (!item.isMap()) {
        m_r.error(item, std::string("expected object, got ") + item.typeName(), path);
        continue;
      }
      allowOnly(item, path,
                withPort ? std::set<std::string>{refKey, "port", "endpoints", "healthCheck"}
                         : std::set<std::string>{refKey, "endpoints"});
      model::EndpointSet set;
      auto ref = requiredString(item, refKey, path);
      if (ref && ref->find('/') == std::string::npos) {
        m_r.error(*item.find(refKey), refKey + " \"" + *ref + "\" must be NAMESPACE/NAME",
                  path + "." + refKey);
      }
      set.service = ref.value_or("");
      if (const Node* p = item.find("port")) {
        auto v = p->asInt();
        if (!p->isPlainInt() || !v || *v < 1 || *v > 65535) {
          m_r.error(*p, "port must be an integer in 1..65535, got \"" + p->text() + "\"",
                    path + ".port");
        } else {
          set.port = static_cast<int>(*v);
        }
      }
      const Node* eps = item.find("endpoints");
      if (!eps || !eps->isSequence()) {
        m_r.error(eps ? *eps : item,
                  eps ? std::string("expected array, got ") + eps->typeName()
                      : "missing required field \"endpoints\"",
                  path + ".endpoints");
      } else {
        for (size_t j = 0; j < eps->size(); ++j) {
          const Node& ep = eps->items()[j];
          const std::string epPath = path + ".endpoints[" + std::to_string(j) + "]";
          if (!ep.isMap()) {
            m_r.error(ep, std::string("expected object, got ") + ep.typeName(), epPath);
            continue;
          }
          allowOnly(ep, epPath, {"address", "labels"});
          if (checkAddress(ep, "address", epPath)) {
            set.endpoints.push_back({ep.find("address")->text(), m_r.labels(&ep, "labels")});
          }
        }
      }
      if (const Node* hc = withPort ? item.find("healthCheck") : nullptr) {
        set.healthCheck = readHealthCheck(*hc, path + ".healthCheck");
      }
      out.push_back(std::move(set));
    }
  }

  std::optional<double> percent(const Node& n, const std::string& path) {
    auto v = n.isScalar() ? strings::parseDouble(n.text()) : std::nullopt;
    if (!v || *v < 0 || *v > 100) {
      m_r.error(n, "samplingPercent must be a number in 0..100, got \"" + n.text() + "\"", path);
      return std::nullopt;
    }
    return v;
  }

  void readTracing(const Node& n, model::Config& out) {
    if (!n.isMap()) {
      m_r.error(n, std::string("expected object, got ") + n.typeName(), "spec.tracing");
      return;
    }
    allowOnly(n, "spec.tracing", {"samplingPercent", "routes"});
    model::TracingSettings t;
    if (const Node* p = n.find("samplingPercent")) {
      t.percent = percent(*p, "spec.tracing.samplingPercent");
    }
    const Node* routes = n.find("routes");
    if (routes && !routes->isSequence()) {
      m_r.error(*routes, std::string("expected array, got ") + routes->typeName(), "spec.tracing.routes");
      routes = nullptr;
    }
    for (size_t i = 0; routes && i < routes->size(); ++i) {
      const Node& item = routes->items()[i];
      const std::string path = "spec.tracing.routes[" + std::to_string(i) + "]";
      if (!item.isMap()) {
        m_r.error(item, std::string("expected object, got ") + item.typeName(), path);
        continue;
      }
      allowOnly(item, path, {"route", "samplingPercent"});
      auto route = requiredString(item, "route", path);
      const Node* p = item.find("samplingPercent");
      if (!p) {
        m_r.error(item, "missing required field \"samplingPercent\"", path + ".samplingPercent");
      }
      auto pct = p ? percent(*p, path + ".samplingPercent") : std::nullopt;
      if (route && !validRouteSelector(*route)) {
        m_r.error(*item.find("route"),
                  "route \"" + *route + "\" must be [KIND/]NAMESPACE/NAME[#RULE], e.g. HTTPRoute/demo/shop#1",
                  path + ".route");
        continue;
      }
      if (route && pct) {
        t.routes.push_back({*route, *pct, m_r.origin(*item.find("route"), static_cast<int>(i))});
      }
    }
    out.tracing = std::move(t);
  }

  static bool validRouteSelector(const std::string& s) {
    const size_t hash = s.find('#');
    const std::string path = s.substr(0, hash);
    if (hash != std::string::npos) {
      auto rule = strings::parseInt(s.substr(hash + 1));
      if (!rule || *rule < 0) return false;
    }
    const auto parts = std::count(path.begin(), path.end(), '/');
    return (parts == 1 || parts == 2) && path.front() != '/' && path.back() != '/' &&
           path.find("//") == std::string::npos;
  }

  std::optional<model::HealthCheck> readHealthCheck(const Node& n, const std::string& path) {
    if (!n.isMap()) {
      m_r.error(n, std::string("expected object, got ") + n.typeName(), path);
      return std::nullopt;
    }
    allowOnly(n, path, {"path", "interval", "timeout", "unhealthyThreshold", "healthyThreshold"});
    model::HealthCheck hc;
    bool ok = true;
    if (auto p = requiredString(n, "path", path)) {
      if (p->empty() || p->front() != '/' || p->find_first_of(" \t\r\n") != std::string::npos) {
        m_r.error(*n.find("path"), "health check path \"" + *p + "\" must start with \"/\" and contain no whitespace",
                  path + ".path");
        ok = false;
      }
      hc.path = *p;
    } else {
      ok = false;
    }
    auto duration = [&](const char* key, model::Duration& target) {
      const Node* d = n.find(key);
      if (!d) {
        return;
      }
      auto v = d->isScalar() ? model::Duration::parse(d->text()) : std::nullopt;
      if (!v || v->millis <= 0) {
        m_r.error(*d, std::string(key) + " must be a positive duration such as \"5s\" or \"500ms\", got \"" +
                          d->text() + "\"",
                  path + "." + key);
        ok = false;
        return;
      }
      target = *v;
    };
    duration("interval", hc.interval);
    duration("timeout", hc.timeout);
    if (ok && hc.timeout.millis > hc.interval.millis) {
      m_r.error(n.find("timeout") ? *n.find("timeout") : n,
                "timeout " + hc.timeout.str() + " is longer than interval " + hc.interval.str() +
                    " (a probe must end before the next one starts)",
                path + ".timeout");
      ok = false;
    }
    auto threshold = [&](const char* key, int& target) {
      const Node* t = n.find(key);
      if (!t) {
        return;
      }
      auto v = t->asInt();
      if (!t->isPlainInt() || !v || *v < 1 || *v > 1000) {
        m_r.error(*t, std::string(key) + " must be an integer in 1..1000, got \"" + t->text() + "\"",
                  path + "." + key);
        ok = false;
        return;
      }
      target = static_cast<int>(*v);
    };
    threshold("unhealthyThreshold", hc.unhealthyThreshold);
    threshold("healthyThreshold", hc.healthyThreshold);
    return ok ? std::optional(hc) : std::nullopt;
  }
};

void checkBindings(const model::Config& c, Diagnostics& diags) {
  std::set<std::string> binds;
  for (const auto& b : c.listenerBindings) {
    std::string ns = "default", name = b.gateway;
    if (size_t slash = b.gateway.find('/'); slash != std::string::npos) {
      ns = b.gateway.substr(0, slash);
      name = b.gateway.substr(slash + 1);
    }
    const SourceLocation& at = b.origin.location;
    const std::string path = "spec.listeners[" + std::to_string(b.origin.index) + "]";
    const model::Gateway* g = c.findGateway(ns, name);
    if (!g) {
      diags.error(at, "gateway \"" + b.gateway + "\" is not defined in the workspace sources",
                  path + ".gateway");
      continue;
    }
    bool found = false;
    std::vector<std::string> names;
    for (const auto& l : g->listeners) {
      found = found || l.name == b.listener;
      names.push_back(l.name);
    }
    if (!found) {
      diags.error(at, "gateway \"" + b.gateway + "\" has no listener \"" + b.listener +
                          "\" (listeners: " + strings::join(names, ", ") + ")",
                  path + ".listener");
    }
    if (!b.bind.empty() && !binds.insert(b.bind).second) {
      diags.error(at, "bind address " + b.bind + " is used by two listeners", path + ".bind");
    }
  }
}

// Loads `files` and the workspace sources they name through `read`
// (documents of one file) and `exists`; shared by the file and in-memory forms.
model::Config loadWith(const std::vector<std::string>& files, Diagnostics& diags,
                       std::vector<std::string>* loadedFiles,
                       const std::function<std::vector<yaml::Document>(const std::string&)>& read,
                       const std::function<bool(const std::string&)>& exists,
                       const std::function<std::string(const std::string&)>& identity) {
  model::Config config;
  std::vector<std::string> queue = files;
  std::set<std::string> seen;
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    const std::string file = queue[qi];
    if (!seen.insert(identity(file)).second) {
      continue;  // a source listed twice, or by two workspaces
    }
    if (loadedFiles) {
      loadedFiles->push_back(file);
    }
    for (auto& doc : read(file)) {
      const Node* apiVersion = doc.root.isMap() ? doc.root.find("apiVersion") : nullptr;
      const Node* kind = doc.root.isMap() ? doc.root.find("kind") : nullptr;
      if (apiVersion && kind && apiVersion->isScalar() && kind->isScalar() &&
          dialects::classify(apiVersion->text(), kind->text()) == dialects::DocumentKind::Workspace) {
        std::vector<std::string> sources;
        WorkspaceReader(doc, diags, exists).read(config, sources);
        queue.insert(queue.end(), sources.begin(), sources.end());
        continue;
      }
      schema::validateDocument(doc, diags);
      dialects::importDocument(doc, config, diags);
    }
  }
  dialects::checkSemantics(config, diags);
  checkBindings(config, diags);
  diags.sort();
  diags.dedupe();
  return config;
}

}  // namespace

model::Config load(const std::vector<std::string>& files, Diagnostics& diags,
                   std::vector<std::string>* loadedFiles) {
  return loadWith(
      files, diags, loadedFiles, [&diags](const std::string& f) { return yaml::loadFile(f, diags); },
      [](const std::string& f) { return fs::exists(f); },
      [](const std::string& f) {
        std::error_code ec;
        std::string key = fs::weakly_canonical(f, ec).string();
        return key.empty() ? f : key;
      });
}

model::Config loadSources(const std::vector<Source>& sources, Diagnostics& diags) {
  std::map<std::string, const Source*> byName;
  std::vector<std::string> names;
  for (const auto& s : sources) {
    const std::string name = fs::path(s.name).lexically_normal().string();
    if (byName.emplace(name, &s).second) {
      names.push_back(name);
    } else {
      diags.error({s.name, 0, 0}, "source \"" + s.name + "\" is given twice");
    }
  }
  return loadWith(
      names, diags, nullptr,
      [&](const std::string& f) { return yaml::loadString(byName.at(f)->text, f, diags); },
      [&](const std::string& f) { return byName.count(f) > 0; },
      [](const std::string& f) { return f; });
}

}  // namespace routedeck::core::workspace
