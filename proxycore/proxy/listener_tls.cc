#include "proxycore/proxy/listener_tls.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "proxycore/tls/server_tls.h"

namespace routedeck::core::proxy {

namespace {

bool terminates(const model::Gateway& g, const model::Listener& l) {
  if (g.dialect == model::Dialect::AppMesh) {
    // App Mesh listeners say http/http2/grpc; TLS is the tls block's mode.
    // PERMISSIVE (TLS or plaintext on one port) is served as TLS only.
    return l.tls && (l.tls->mode == "STRICT" || l.tls->mode == "PERMISSIVE");
  }
  if (l.protocol != "HTTPS" || !l.tls) {
    return false;
  }
  const std::string& m = l.tls->mode;
  // Gateway API's mode defaults to Terminate.
  return m.empty() || m == "Terminate" || m == "SIMPLE" || m == "MUTUAL";
}

// Istio paths are absolute inside a gateway pod; a relative one is taken
// from the folder of the file that declares the gateway. The file's stamp is
// taken before it is read, so that a change racing the read is seen as a
// change by the next poll (CertificateReloader).
std::optional<std::string> readFile(const std::string& path, const model::Gateway& g,
                                    std::string* error, std::vector<FileStamp>* stamps) {
  std::filesystem::path p(path);
  if (p.is_relative() && !g.meta.provenance.file.empty()) {
    p = std::filesystem::path(g.meta.provenance.file).parent_path() / p;
  }
  if (stamps) {
    stamps->push_back(stampOf(p.string()));
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    *error = "cannot read \"" + p.string() + "\"";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Gateway API: a certificateRef to a Secret in another namespace needs a
// ReferenceGrant there (core Secret, all or this name) from the Gateway's.
bool secretGranted(const model::Config& cfg, const std::string& fromKind, const std::string& fromNs,
                   const std::string& ns, const std::string& name) {
  for (const auto& g : cfg.referenceGrants) {
    if (g.meta.effectiveNamespace() != ns) {
      continue;
    }
    bool fromOk = false;
    for (const auto& f : g.from) {
      fromOk = fromOk || (f.group == "gateway.networking.k8s.io" && f.kind == fromKind && f.ns == fromNs);
    }
    bool toOk = false;
    for (const auto& t : g.to) {
      toOk = toOk || ((t.group.empty() || t.group == "core") && t.kind == "Secret" && (!t.name || *t.name == name));
    }
    if (fromOk && toOk) {
      return true;
    }
  }
  return false;
}

struct Resolver {
  const model::Config& cfg;
  const model::Gateway& gateway;
  const model::Listener& listener;
  std::vector<FileStamp>* stamps;
  std::string error;

  std::optional<std::string> read(const std::string& path) {
    return readFile(path, gateway, &error, stamps);
  }

  const model::Secret* secret(const std::string& ns, const std::string& name,
                              const std::string& field) {
    const model::Secret* s = cfg.findSecret(ns, name);
    if (!s) {
      error = field + ": Secret " + ns + "/" + name + " is not in the loaded files";
    } else if (s->type != "kubernetes.io/tls") {
      error = field + ": Secret " + ns + "/" + name + " has type \"" + s->type +
              "\", not kubernetes.io/tls";
      return nullptr;
    }
    return s;
  }

  bool fromSecret(const model::Secret& s, const std::string& field, tls::CertificateSource& out) {
    auto crt = s.data.find("tls.crt");
    auto key = s.data.find("tls.key");
    if (crt == s.data.end() || crt->second.empty() || key == s.data.end() || key->second.empty()) {
      error = field + ": Secret " + s.meta.effectiveNamespace() + "/" + s.meta.name +
              " needs both tls.crt and tls.key";
      return false;
    }
    out.certificateChainPem = crt->second;
    out.privateKeyPem = key->second;
    out.description = "Secret " + s.meta.effectiveNamespace() + "/" + s.meta.name;
    return true;
  }

  bool gatewayApi(tls::CertificateSource& out) {
    const auto& refs = listener.tls->certificateRefs;
    if (refs.empty()) {
      error = "tls.certificateRefs: an HTTPS listener that terminates TLS needs a certificate";
      return false;
    }
    // Several refs serve different key types (RSA and ECDSA); the first is
    // used until the context holds more than one certificate.
    const auto& ref = refs.front();
    if (!(ref.kind.empty() || ref.kind == "Secret") || !(ref.group.empty() || ref.group == "core")) {
      error = "tls.certificateRefs[0]: only core Secrets are supported, not " + ref.group + "/" +
              ref.kind;
      return false;
    }
    const std::string gatewayNs = gateway.meta.effectiveNamespace();
    const std::string ns = ref.ns.empty() ? gatewayNs : ref.ns;
    const std::string kind = gateway.isListenerSet() ? gateway.meta.kind : "Gateway";
    if (ns != gatewayNs && !secretGranted(cfg, kind, gatewayNs, ns, ref.name)) {
      error = "tls.certificateRefs[0]: Secret " + ns + "/" + ref.name +
              " is in another namespace and no ReferenceGrant there allows " + kind + "s from " +
              gatewayNs;
      return false;
    }
    const model::Secret* s = secret(ns, ref.name, "tls.certificateRefs[0]");
    return s && fromSecret(*s, "tls.certificateRefs[0]", out);
  }

  bool appMesh(tls::CertificateSource& out);

  bool istio(tls::CertificateSource& out) {
    const model::TlsSettings& t = *listener.tls;
    const bool mutual = t.mode == "MUTUAL";
    const std::string ns = gateway.meta.effectiveNamespace();
    if (mutual) {
      out.clientSubjectAltNames = t.subjectAltNames;
    }
    if (t.credentialName) {
      const model::Secret* s = secret(ns, *t.credentialName, "tls.credentialName");
      if (!s || !fromSecret(*s, "tls.credentialName", out)) {
        return false;
      }
      if (mutual) {
        // Istio takes the CA from ca.crt, or from the companion <name>-cacert Secret.
        auto ca = s->data.find("ca.crt");
        const model::Secret* companion = cfg.findSecret(ns, *t.credentialName + "-cacert");
        if (ca != s->data.end() && !ca->second.empty()) {
          out.clientCaPem = ca->second;
        } else if (companion && companion->data.count("ca.crt")) {
          out.clientCaPem = companion->data.at("ca.crt");
        } else {
          error = "tls.credentialName: MUTUAL needs ca.crt in Secret " + ns + "/" +
                  *t.credentialName + " or a Secret " + *t.credentialName + "-cacert";
          return false;
        }
      }
      return true;
    }
    if (!t.serverCertificate || !t.privateKey) {
      error = "tls: " + t.mode + " needs a credentialName, or serverCertificate and privateKey";
      return false;
    }
    auto crt = read(*t.serverCertificate);
    auto key = crt ? read(*t.privateKey) : std::nullopt;
    if (!key) {
      return false;
    }
    out.certificateChainPem = std::move(*crt);
    out.privateKeyPem = std::move(*key);
    out.description = "certificate " + *t.serverCertificate;
    if (mutual) {
      if (!t.caCertificates) {
        error = "tls.caCertificates: MUTUAL needs the client CA certificates";
        return false;
      }
      auto ca = read(*t.caCertificates);
      if (!ca) {
        return false;
      }
      out.clientCaPem = std::move(*ca);
    }
    return true;
  }
};

// App Mesh listener TLS: certificate.file paths (read as Istio's), or an SDS
// secret, served by the mesh's SDS agent and looked up here as a
// kubernetes.io/tls Secret of that name beside the VirtualGateway; client
// certificates are verified when validation.trust names a CA.
bool Resolver::appMesh(tls::CertificateSource& out) {
  const model::TlsSettings& t = *listener.tls;
  const std::string ns = gateway.meta.effectiveNamespace();
  if (t.serverCertificate && t.privateKey) {
    auto crt = read(*t.serverCertificate);
    auto key = crt ? read(*t.privateKey) : std::nullopt;
    if (!key) {
      return false;
    }
    out.certificateChainPem = std::move(*crt);
    out.privateKeyPem = std::move(*key);
    out.description = "certificate " + *t.serverCertificate;
  } else if (t.credentialName) {
    const model::Secret* s = secret(ns, *t.credentialName, "tls.certificate.sds");
    if (!s || !fromSecret(*s, "tls.certificate.sds", out)) {
      return false;
    }
  } else {
    error = "tls.certificate: " + t.mode +
            " needs certificate.file or certificate.sds (ACM certificates cannot leave AWS)";
    return false;
  }
  if (t.caCertificates) {
    auto ca = read(*t.caCertificates);
    if (!ca) {
      return false;
    }
    out.clientCaPem = std::move(*ca);
  } else if (t.clientCaSecretName) {
    const model::Secret* s = cfg.findSecret(ns, *t.clientCaSecretName);
    const auto ca = s ? s->data.find("ca.crt") : std::map<std::string, std::string>::const_iterator{};
    if (!s || ca == s->data.end() || ca->second.empty()) {
      error = "tls.validation.trust.sds: needs a Secret " + ns + "/" + *t.clientCaSecretName +
              " with ca.crt in the loaded files";
      return false;
    }
    out.clientCaPem = ca->second;
  }
  if (!out.clientCaPem.empty()) {
    out.clientSubjectAltNames = t.subjectAltNames;
  }
  return true;
}

std::vector<std::string> sniNames(const model::Listener& l) {
  std::vector<std::string> out;
  for (const auto& h : l.hostnames) {
    const size_t slash = h.find('/');  // Istio "namespace/host"
    out.push_back(slash == std::string::npos ? h : h.substr(slash + 1));
  }
  return out;
}

}  // namespace

std::shared_ptr<const tls::ServerTls> buildListenerTls(const model::Config& cfg,
                                                       const std::string& gatewayId, int port,
                                                       Diagnostics& diags,
                                                       std::vector<FileStamp>* files) {
  std::vector<tls::CertificateSource> sources;
  bool failed = false;
  for (const auto& g : cfg.gateways) {
    const bool owner = g.meta.id() == gatewayId;
    const bool listenerSetOf = g.isListenerSet() && g.parentGatewayName &&
                               (g.parentGatewayNamespace.value_or(g.meta.effectiveNamespace()) +
                                "/" + *g.parentGatewayName) == gatewayId;
    if (!owner && !listenerSetOf) {
      continue;
    }
    for (const auto& l : g.listeners) {
      if (l.port != port || !terminates(g, l)) {
        continue;
      }
      Resolver r{cfg, g, l, files, {}};
      tls::CertificateSource source;
      const bool ok = g.dialect == model::Dialect::Istio     ? r.istio(source)
                      : g.dialect == model::Dialect::AppMesh ? r.appMesh(source)
                                                             : r.gatewayApi(source);
      if (ok) {
        source.hostnames = sniNames(l);
        // Checked alone so that a bad certificate is reported at its listener.
        auto alone = tls::ServerTls::create({source});
        if (!alone) {
          r.error = alone.error().message;
        }
      }
      if (!r.error.empty()) {
        diags.error(l.origin.location, "listener \"" + l.name + "\" of " + g.meta.id() + ": " +
                                           r.error);
        failed = true;
        continue;
      }
      sources.push_back(std::move(source));
    }
  }
  if (failed || sources.empty()) {
    return nullptr;
  }
  auto all = tls::ServerTls::create(std::move(sources));
  if (!all) {
    diags.error({}, "TLS on port " + std::to_string(port) + " of " + gatewayId + ": " +
                        all.error().message);
    return nullptr;
  }
  return *all;
}

}  // namespace routedeck::core::proxy
