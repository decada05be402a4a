#include "tests/proxycore/dialects_istio/istio_test_util.h"

#include <QDir>

#include <regex>

#include "proxycore/common/strings.h"
#include "proxycore/dialects/gatewayapi/gatewayapi.h"
#include "proxycore/dialects/istio/istio.h"
#include "proxycore/dialects/kubernetes/kubernetes.h"
#include "proxycore/yaml/yaml_io.h"
#include "tests/support/test_support.h"

namespace routedeck::tests::istio {

using namespace routedeck::core;
using model::StringMatchType;

namespace {

std::string apiVersionOf(const yaml::Node& doc) {
  const yaml::Node* api = doc.find("apiVersion");
  return api && api->isScalar() ? api->text() : std::string();
}

QString q(const std::string& s) { return QString::fromStdString(s); }

std::string sm(const model::StringMatch& m) {
  switch (m.type) {
    case StringMatchType::Exact:
      return "Exact:" + m.value;
    case StringMatchType::Prefix:
      return "Prefix:" + m.value;
    case StringMatchType::Suffix:
      return "Suffix:" + m.value;
    case StringMatchType::RegularExpression:
      return "Regex:" + m.value;
    case StringMatchType::Present:
      return "Present";
    case StringMatchType::Range:
      return "Range";
  }
  return "?";
}

std::string pathText(const model::PathMatch& p) {
  static const char* kNames[] = {"Exact", "PathPrefix", "StringPrefix", "RegularExpression"};
  return std::string(kNames[static_cast<int>(p.type)]) + ":" + p.value;
}

void describeHeaders(QStringList& out, const std::string& at, const model::HeaderModifier& m) {
  for (const auto& hv : m.set) {
    out << q(at + ".set[" + hv.name + "]=" + hv.value);
  }
  for (const auto& hv : m.add) {
    out << q(at + ".add[" + hv.name + "]=" + hv.value);
  }
  for (const auto& name : m.remove) {
    out << q(at + ".remove=" + name);
  }
}

std::string backendText(const model::BackendRef& b) {
  std::string s = b.name;
  if (!b.ns.empty()) {
    s = b.ns + "/" + s;
  }
  if (b.port) {
    s += ":" + std::to_string(*b.port);
  }
  if (b.subset) {
    s += " subset=" + *b.subset;
  }
  if (b.weight) {
    s += " weight=" + std::to_string(*b.weight);
  }
  return s;
}

void describeMatch(QStringList& out, const std::string& at, const model::RouteMatch& m) {
  if (m.name) {
    out << q(at + ".name=" + *m.name);
  }
  if (m.path) {
    out << q(at + ".path=" + pathText(*m.path));
  }
  for (const auto& h : m.headers) {
    out << q(at + ".header[" + h.name + "]" + (h.invert ? "!=" : "=") + sm(h.match));
  }
  for (const auto& p : m.queryParams) {
    out << q(at + ".query[" + p.name + "]=" + sm(p.match));
  }
  if (m.method) {
    out << q(at + ".method=" + *m.method);
  }
  if (m.authority) {
    out << q(at + ".authority=" + sm(*m.authority));
  }
  if (m.scheme) {
    out << q(at + ".scheme=" + sm(*m.scheme));
  }
  if (m.port) {
    out << q(at + ".port=" + std::to_string(*m.port));
  }
  if (m.ignoreUriCase) {
    out << q(at + ".ignoreUriCase=true");
  }
}

void describeActions(QStringList& out, const std::string& at, const model::RouteRule& r) {
  if (r.redirect) {
    const auto& d = *r.redirect;
    std::string s = "redirect=";
    if (d.path) {
      s += (d.path->type == model::PathModifierType::ReplaceFullPath ? "full:" : "prefix:") +
           d.path->value;
    }
    s += " host=" + d.hostname.value_or("") + " port=" + (d.port ? std::to_string(*d.port) : "") +
         " scheme=" + d.scheme.value_or("") +
         " code=" + (d.statusCode ? std::to_string(*d.statusCode) : "");
    out << q(at + "." + s);
  }
  if (r.rewrite) {
    const auto& w = *r.rewrite;
    std::string s = "rewrite=";
    if (w.path) {
      s += (w.path->type == model::PathModifierType::ReplaceFullPath ? "full:" : "prefix:") +
           w.path->value;
    }
    s += " host=" + w.hostname.value_or("");
    if (w.regexPattern) {
      s += " regex=" + *w.regexPattern + "->" + w.regexSubstitution.value_or("");
    }
    out << q(at + "." + s);
  }
  if (r.directResponse) {
    out << q(at + ".direct=" + std::to_string(r.directResponse->status) + " " +
             r.directResponse->body.value_or("<no body>"));
  }
  for (size_t i = 0; i < r.mirrors.size(); ++i) {
    const auto& m = r.mirrors[i];
    out << q(at + ".mirror[" + std::to_string(i) + "]=" + backendText(m.backend) +
             (m.percent ? " pct=" + QString::number(*m.percent).toStdString() : ""));
  }
}

void describePolicies(QStringList& out, const std::string& at, const model::RouteRule& r) {
  if (r.timeouts.request) {
    out << q(at + ".timeout=" + std::to_string(r.timeouts.request->millis) + "ms");
  }
  if (r.retry) {
    std::vector<std::string> codes;
    for (int c : r.retry->statusCodes) {
      codes.push_back(std::to_string(c));
    }
    out << q(at + ".retry=attempts:" +
             (r.retry->attempts ? std::to_string(*r.retry->attempts) : "") +
             " perTry:" +
             (r.retry->perTryTimeout ? std::to_string(r.retry->perTryTimeout->millis) : "") +
             " on:" + strings::join(r.retry->retryOn, ",") + " codes:" + strings::join(codes, ","));
  }
  if (r.fault && r.fault->delay) {
    out << q(at + ".fault.delay=" + std::to_string(r.fault->delay->delay.millis) + "ms pct:" +
             (r.fault->delay->percent ? QString::number(*r.fault->delay->percent).toStdString()
                                      : ""));
  }
  if (r.fault && r.fault->abort) {
    const auto& a = *r.fault->abort;
    out << q(at + ".fault.abort=http:" + (a.httpStatus ? std::to_string(*a.httpStatus) : "") +
             " grpc:" + a.grpcStatus.value_or("") +
             " pct:" + (a.percent ? QString::number(*a.percent).toStdString() : ""));
  }
  if (r.cors) {
    std::vector<std::string> origins;
    for (const auto& o : r.cors->allowOrigins) {
      origins.push_back(sm(o));
    }
    out << q(at + ".cors.origins=" + strings::join(origins, ","));
    out << q(at + ".cors.methods=" + strings::join(r.cors->allowMethods, ","));
    out << q(at + ".cors.allowHeaders=" + strings::join(r.cors->allowHeaders, ","));
    out << q(at + ".cors.exposeHeaders=" + strings::join(r.cors->exposeHeaders, ","));
    if (r.cors->maxAge) {
      out << q(at + ".cors.maxAge=" + std::to_string(r.cors->maxAge->millis) + "ms");
    }
    if (r.cors->allowCredentials) {
      out << q(at + ".cors.credentials=" + (*r.cors->allowCredentials ? "true" : "false"));
    }
  }
}

void describeRoute(QStringList& out, const model::Route& route) {
  out << q("route.kind=" + std::string(model::routeKindName(route.kind)));
  out << q("route.hosts=" + strings::join(route.hostnames, ","));
  for (size_t i = 0; i < route.parents.size(); ++i) {
    const auto& p = route.parents[i];
    out << q("route.parent[" + std::to_string(i) + "]=" + p.ns + "/" + p.name);
  }
  if (!route.exportTo.empty()) {
    out << q("route.exportTo=" + strings::join(route.exportTo, ","));
  }
  for (size_t i = 0; i < route.rules.size(); ++i) {
    const auto& r = route.rules[i];
    const std::string at = "rule[" + std::to_string(i) + "]";
    if (r.name) {
      out << q(at + ".name=" + *r.name);
    }
    out << q(at + ".origin=" + std::to_string(r.origin.index));
    for (size_t j = 0; j < r.matches.size(); ++j) {
      describeMatch(out, at + ".match[" + std::to_string(j) + "]", r.matches[j]);
    }
    for (size_t j = 0; j < r.backends.size(); ++j) {
      const std::string b = at + ".backend[" + std::to_string(j) + "]";
      out << q(b + "=" + backendText(r.backends[j]));
      describeHeaders(out, b + ".request", r.backends[j].requestHeaders);
      describeHeaders(out, b + ".response", r.backends[j].responseHeaders);
    }
    describeHeaders(out, at + ".request", r.requestHeaders);
    describeHeaders(out, at + ".response", r.responseHeaders);
    describeActions(out, at, r);
    describePolicies(out, at, r);
  }
}

void describeGateway(QStringList& out, const model::Gateway& g) {
  for (const auto& [k, v] : g.selector) {
    out << q("gateway.selector[" + k + "]=" + v);
  }
  for (size_t i = 0; i < g.listeners.size(); ++i) {
    const auto& l = g.listeners[i];
    const std::string at = "listener[" + std::to_string(i) + "]";
    out << q(at + "=" + l.name + " " + std::to_string(l.port) + " " + l.protocol + " hosts:" +
             strings::join(l.hostnames, ","));
    if (l.tls) {
      out << q(at + ".tls=" + l.tls->mode + " cred:" + l.tls->credentialName.value_or("") +
               " cert:" + l.tls->serverCertificate.value_or("") +
               " key:" + l.tls->privateKey.value_or("") +
               " redirect:" + (l.tls->httpsRedirect ? "true" : "false"));
    }
  }
}

}  // namespace

bool isIstio(const yaml::Node& doc) {
  return apiVersionOf(doc).starts_with("networking.istio.io/");
}

model::Config importText(const std::string& text, Diagnostics& diags, const std::string& fileName) {
  model::Config out;
  for (const auto& d : yaml::loadString(text, fileName, diags)) {
    dialects::Reader r(d, diags);
    if (isIstio(d.root)) {
      dialects::istio::importDocument(r, out);
    } else if (apiVersionOf(d.root).starts_with("gateway.networking.k8s.io/")) {
      dialects::gatewayapi::importDocument(r, out);
    } else if (const yaml::Node* kind = d.root.find("kind"); kind && kind->text() == "Service") {
      dialects::kubernetes::importDocument(r, out);
    }
  }
  return out;
}

model::Config reimport(const std::vector<yaml::Node>& docs, Diagnostics& diags) {
  return importText(yaml::writeDocuments(docs), diags, "exported.yaml");
}

QString samplesDir() {
  const QString corpus = corpusDir();
  if (corpus.isEmpty()) {
    return {};
  }
  QDir dir(corpus + QStringLiteral("/samples/istio"));
  return dir.exists() ? dir.absolutePath() : QString();
}

QStringList describe(const model::Config& config) {
  QStringList out;
  for (const auto& g : config.gateways) {
    describeGateway(out, g);
  }
  for (const auto& r : config.routes) {
    describeRoute(out, r);
  }
  for (const auto& d : config.destinationRules) {
    out << q("dr.host=" + d.host);
    for (const auto& s : d.subsets) {
      std::vector<std::string> labels;
      for (const auto& [k, v] : s.labels) {
        labels.push_back(k + "=" + v);
      }
      out << q("dr.subset[" + s.name + "]=" + strings::join(labels, ","));
    }
    if (!d.exportTo.empty()) {
      out << q("dr.exportTo=" + strings::join(d.exportTo, ","));
    }
  }
  for (const auto& o : config.others) {
    out << q("other=" + o.meta.kind + " " + o.meta.name);
  }
  return out;
}

}  // namespace routedeck::tests::istio
