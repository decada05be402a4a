#include "proxycore/kube/kubeconfig.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "proxycore/common/diagnostics.h"
#include "proxycore/common/strings.h"
#include "proxycore/kube/base64.h"
#include "proxycore/kube/json_node.h"
#include "proxycore/yaml/yaml_io.h"

namespace routedeck::core::kube {

namespace fs = std::filesystem;
using yaml::Node;

std::string Origin::format() const {
  return (file.empty() ? std::string("<kubeconfig>") : file) + ':' + std::to_string(line) + ':' +
         std::to_string(column);
}

namespace {

// Reads one kubeconfig document into the merged config; the first definition wins.
class FileReader {
 public:
  FileReader(std::string file, Kubeconfig& out, Diagnostics& diags)
      : m_file(std::move(file)), m_dir(fs::path(m_file).parent_path()), m_out(out), m_diags(diags) {}

  void read(const Node& root) {
    if (root.isNull()) {
      return;  // an empty file is a valid, empty config
    }
    if (!root.isMap()) {
      error(root, "a kubeconfig must be a mapping (apiVersion: v1, kind: Config)");
      return;
    }
    readNamed(root, "clusters", "cluster", [&](const std::string& name, const Node& body, Origin o) {
      readCluster(name, body, o);
    });
    readNamed(root, "users", "user", [&](const std::string& name, const Node& body, Origin o) {
      readUser(name, body, o);
    });
    readNamed(root, "contexts", "context", [&](const std::string& name, const Node& body, Origin o) {
      readContext(name, body, o);
    });
    if (const Node* cc = root.find("current-context"); cc && m_out.currentContext.empty()) {
      m_out.currentContext = scalar(*cc, "current-context");
      m_out.currentContextOrigin = origin(*cc);
    }
  }

 private:
  std::string m_file;
  fs::path m_dir;
  Kubeconfig& m_out;
  Diagnostics& m_diags;

  Origin origin(const Node& n) const { return {m_file, n.mark().line, n.mark().column}; }

  void error(const Node& at, std::string message, std::string path = {}) {
    m_diags.error({m_file, at.mark().line, at.mark().column}, std::move(message), std::move(path));
  }

  std::string scalar(const Node& n, const std::string& path) {
    if (n.isNull()) {
      return {};
    }
    if (!n.isScalar()) {
      error(n, "expected a string, found " + std::string(n.typeName()), path);
      return {};
    }
    return n.text();
  }

  bool boolean(const Node& n, const std::string& path) {
    if (n.isNull()) {
      return false;
    }
    auto b = n.asBool();
    if (!b) {
      error(n, "expected true or false, found \"" + n.text() + "\"", path);
      return false;
    }
    return *b;
  }

  std::string str(const Node& body, std::string_view key, const std::string& path) {
    const Node* n = body.find(key);
    return n ? scalar(*n, path + "." + std::string(key)) : std::string();
  }

  // Relative paths name files beside the kubeconfig that mentions them (kubectl's rule).
  std::string resolvePath(const std::string& p) const {
    if (p.empty() || fs::path(p).is_absolute()) {
      return p;
    }
    return (m_dir / p).lexically_normal().string();
  }

  std::string decoded(const Node& body, std::string_view key, const std::string& path) {
    const Node* n = body.find(key);
    if (!n) {
      return {};
    }
    const std::string fieldPath = path + "." + std::string(key);
    auto bytes = base64Decode(scalar(*n, fieldPath));
    if (!bytes) {
      error(*n, std::string(key) + " is not valid base64", fieldPath);
      return {};
    }
    return *bytes;
  }

  template <typename F>
  void readNamed(const Node& root, const char* listKey, const char* bodyKey, F&& readBody) {
    const Node* list = root.find(listKey);
    if (!list || list->isNull()) {
      return;
    }
    if (!list->isSequence()) {
      error(*list, std::string(listKey) + " must be a list", listKey);
      return;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < list->items().size(); ++i) {
      const Node& item = list->items()[i];
      const std::string path = std::string(listKey) + "[" + std::to_string(i) + "]";
      const Node* name = item.isMap() ? item.find("name") : nullptr;
      if (!name || scalar(*name, path + ".name").empty()) {
        error(item, std::string(listKey) + " entry has no name", path);
        continue;
      }
      // client-go rejects one file that names the same entry twice.
      if (!seen.insert(name->text()).second) {
        error(*name, "duplicate name \"" + name->text() + "\" in " + listKey, path + ".name");
        continue;
      }
      const Node* body = item.find(bodyKey);
      static const Node kEmpty = Node::map();
      const Node& b = body && !body->isNull() ? *body : kEmpty;
      if (!b.isMap()) {
        error(b, std::string(bodyKey) + " must be a mapping", path + "." + bodyKey);
        continue;
      }
      readBody(name->text(), b, origin(*name));
    }
  }

  void readCluster(const std::string& name, const Node& b, Origin o) {
    if (m_out.clusters.count(name)) {
      return;
    }
    const std::string p = "clusters[" + name + "].cluster";
    Cluster c;
    c.name = name;
    c.origin = std::move(o);
    c.server = str(b, "server", p);
    c.certificateAuthorityData = decoded(b, "certificate-authority-data", p);
    c.certificateAuthorityFile = resolvePath(str(b, "certificate-authority", p));
    if (const Node* n = b.find("insecure-skip-tls-verify")) {
      c.insecureSkipTlsVerify = boolean(*n, p + ".insecure-skip-tls-verify");
    }
    if (const Node* n = b.find("disable-compression")) {
      c.disableCompression = boolean(*n, p + ".disable-compression");
    }
    c.tlsServerName = str(b, "tls-server-name", p);
    c.proxyUrl = str(b, "proxy-url", p);
    if (const Node* ext = b.find("extensions"); ext && ext->isSequence()) {
      for (const Node& e : ext->items()) {
        const Node* en = e.find("name");
        const Node* ev = e.find("extension");
        if (en && en->text() == "client.authentication.k8s.io/exec" && ev) {
          c.execExtensionJson = toJsonText(*ev);
        }
      }
    }
    m_out.clusters.emplace(name, std::move(c));
  }

  void readExec(const Node& e, const std::string& p, ExecConfig& x) {
    x.origin = origin(e);
    x.apiVersion = str(e, "apiVersion", p);
    x.command = str(e, "command", p);
    if (x.command.empty()) {
      error(e, "exec needs a command", p + ".command");
    } else if (x.command.find('/') != std::string::npos) {
      x.command = resolvePath(x.command);
    }
    if (x.apiVersion != "client.authentication.k8s.io/v1" &&
        x.apiVersion != "client.authentication.k8s.io/v1beta1") {
      error(e.find("apiVersion") ? *e.find("apiVersion") : e,
            "exec apiVersion \"" + x.apiVersion +
                "\" is not supported; use client.authentication.k8s.io/v1 or v1beta1",
            p + ".apiVersion");
    }
    if (const Node* args = e.find("args"); args && args->isSequence()) {
      for (const Node& a : args->items()) x.args.push_back(scalar(a, p + ".args"));
    } else if (args && !args->isNull()) {
      error(*args, "args must be a list of strings", p + ".args");
    }
    if (const Node* env = e.find("env"); env && env->isSequence()) {
      for (const Node& v : env->items()) {
        x.env.emplace_back(str(v, "name", p + ".env"), str(v, "value", p + ".env"));
      }
    } else if (env && !env->isNull()) {
      error(*env, "env must be a list of {name, value}", p + ".env");
    }
    x.installHint = str(e, "installHint", p);
    if (const Node* n = e.find("provideClusterInfo")) {
      x.provideClusterInfo = boolean(*n, p + ".provideClusterInfo");
    }
    x.interactiveMode = str(e, "interactiveMode", p);
    if (x.interactiveMode.empty()) {
      // v1 requires the field; v1beta1 defaulted it to IfAvailable.
      if (x.apiVersion == "client.authentication.k8s.io/v1") {
        error(e, "exec interactiveMode is required for client.authentication.k8s.io/v1",
              p + ".interactiveMode");
      }
      x.interactiveMode = "IfAvailable";
    } else if (x.interactiveMode != "Never" && x.interactiveMode != "IfAvailable" &&
               x.interactiveMode != "Always") {
      error(*e.find("interactiveMode"), "interactiveMode must be Never, IfAvailable or Always",
            p + ".interactiveMode");
    }
  }

  void readUser(const std::string& name, const Node& b, Origin o) {
    if (m_out.users.count(name)) {
      return;
    }
    const std::string p = "users[" + name + "].user";
    User u;
    u.name = name;
    u.origin = std::move(o);
    u.clientCertificateData = decoded(b, "client-certificate-data", p);
    u.clientCertificateFile = resolvePath(str(b, "client-certificate", p));
    u.clientKeyData = decoded(b, "client-key-data", p);
    u.clientKeyFile = resolvePath(str(b, "client-key", p));
    u.token = str(b, "token", p);
    u.tokenFile = resolvePath(str(b, "tokenFile", p));
    u.username = str(b, "username", p);
    u.password = str(b, "password", p);
    u.impersonate = str(b, "as", p);
    u.impersonateUid = str(b, "as-uid", p);
    if (const Node* g = b.find("as-groups"); g && g->isSequence()) {
      for (const Node& v : g->items()) u.impersonateGroups.push_back(scalar(v, p + ".as-groups"));
    }
    if (const Node* e = b.find("exec"); e && !e->isNull()) {
      if (!e->isMap()) {
        error(*e, "exec must be a mapping", p + ".exec");
      } else {
        u.hasExec = true;
        readExec(*e, p + ".exec", u.exec);
      }
    }
    if (const Node* ap = b.find("auth-provider"); ap && ap->isMap()) {
      u.authProvider = str(*ap, "name", p + ".auth-provider");
      if (const Node* cfg = ap->find("config"); cfg && cfg->isMap()) {
        u.authProviderIdToken = str(*cfg, "id-token", p + ".auth-provider.config");
      }
    }
    m_out.users.emplace(name, std::move(u));
  }

  void readContext(const std::string& name, const Node& b, Origin o) {
    if (m_out.contexts.count(name)) {
      return;
    }
    const std::string p = "contexts[" + name + "].context";
    Context c;
    c.name = name;
    c.origin = std::move(o);
    c.cluster = str(b, "cluster", p);
    c.user = str(b, "user", p);
    c.ns = str(b, "namespace", p);
    m_out.contexts.emplace(name, std::move(c));
  }
};

Result<Kubeconfig> finish(Kubeconfig config, const Diagnostics& diags) {
  if (diags.hasErrors()) {
    return makeError(ErrorCode::Parse, diags.format());
  }
  return config;
}

void readText(const std::string& text, const std::string& file, Kubeconfig& out, Diagnostics& diags) {
  const auto docs = yaml::loadString(text, file, diags);
  if (docs.size() > 1) {
    diags.error({file, 1, 1}, "a kubeconfig holds one YAML document, found " + std::to_string(docs.size()));
    return;
  }
  if (!docs.empty() && !diags.hasErrors()) {
    FileReader(file, out, diags).read(docs.front().root);
  }
}

}  // namespace

std::vector<std::string> defaultKubeconfigPaths() {
  std::vector<std::string> paths;
  const char* env = std::getenv("KUBECONFIG");
  if (env && *env) {
    std::set<std::string> seen;
    for (auto& p : strings::split(env, ':')) {
      if (!p.empty() && seen.insert(p).second) {
        paths.push_back(p);
      }
    }
  }
  if (paths.empty()) {
    const char* home = std::getenv("HOME");
    paths.push_back(std::string(home ? home : "") + "/.kube/config");
  }
  return paths;
}

Result<Kubeconfig> loadKubeconfig(const std::vector<std::string>& paths) {
  Kubeconfig out;
  Diagnostics diags;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diags.error({path, 0, 0}, "cannot read kubeconfig");
      continue;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    out.files.push_back(path);
    readText(ss.str(), path, out, diags);
  }
  if (out.files.empty() && !diags.hasErrors()) {
    return makeError(ErrorCode::Io, "no kubeconfig found (looked for " + strings::join(paths, ", ") +
                                        "); set KUBECONFIG or create ~/.kube/config");
  }
  return finish(std::move(out), diags);
}

Result<Kubeconfig> loadKubeconfigString(const std::string& text, const std::string& fileName) {
  Kubeconfig out;
  Diagnostics diags;
  out.files.push_back(fileName);
  readText(text, fileName, out, diags);
  return finish(std::move(out), diags);
}

Result<ClientConfig> resolveContext(const Kubeconfig& config, const std::string& contextName) {
  const std::string name = contextName.empty() ? config.currentContext : contextName;
  const std::string files = strings::join(config.files, ", ");
  if (name.empty()) {
    return makeError(ErrorCode::NotFound, "no context chosen: current-context is not set in " + files);
  }
  auto ctx = config.contexts.find(name);
  if (ctx == config.contexts.end()) {
    std::string where = contextName.empty() ? " (current-context at " + config.currentContextOrigin.format() + ")" : "";
    return makeError(ErrorCode::NotFound, "context \"" + name + "\" is not defined in " + files + where);
  }
  const Context& c = ctx->second;
  auto cl = config.clusters.find(c.cluster);
  if (c.cluster.empty() || cl == config.clusters.end()) {
    return makeError(ErrorCode::NotFound, c.origin.format() + ": context \"" + name + "\" names cluster \"" +
                                              c.cluster + "\", which is not defined in " + files);
  }
  if (cl->second.server.empty()) {
    return makeError(ErrorCode::Invalid, cl->second.origin.format() + ": cluster \"" + c.cluster + "\" has no server");
  }
  ClientConfig out;
  out.contextName = name;
  out.cluster = cl->second;
  if (!c.ns.empty()) {
    out.ns = c.ns;
  }
  if (!c.user.empty()) {
    auto u = config.users.find(c.user);
    if (u == config.users.end()) {
      return makeError(ErrorCode::NotFound, c.origin.format() + ": context \"" + name + "\" names user \"" +
                                                c.user + "\", which is not defined in " + files);
    }
    out.user = u->second;
    out.user.name = c.user;
  }
  // kubectl's rule: inline data wins over the file it would otherwise read.
  if (!out.cluster.certificateAuthorityData.empty()) out.cluster.certificateAuthorityFile.clear();
  if (!out.user.clientCertificateData.empty()) out.user.clientCertificateFile.clear();
  if (!out.user.clientKeyData.empty()) out.user.clientKeyFile.clear();
  if (!out.user.token.empty()) out.user.tokenFile.clear();
  const bool hasCert = !out.user.clientCertificateData.empty() || !out.user.clientCertificateFile.empty();
  const bool hasKey = !out.user.clientKeyData.empty() || !out.user.clientKeyFile.empty();
  if (hasCert != hasKey) {
    return makeError(ErrorCode::Invalid, out.user.origin.format() + ": user \"" + out.user.name +
                                             "\" has a client " + (hasCert ? "certificate without a key" : "key without a certificate"));
  }
  if (!out.user.authProvider.empty() && (out.user.authProvider != "oidc" || out.user.authProviderIdToken.empty())) {
    return makeError(ErrorCode::Unsupported,
                     out.user.origin.format() + ": user \"" + out.user.name + "\" uses auth-provider \"" +
                         out.user.authProvider +
                         "\", which RouteDeck does not support (only oidc with an id-token); use an exec "
                         "credential plugin such as gke-gcloud-auth-plugin or kubelogin instead");
  }
  return out;
}

}  // namespace routedeck::core::kube
