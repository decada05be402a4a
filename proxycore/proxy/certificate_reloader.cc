#include "proxycore/proxy/certificate_reloader.h"

#include "proxycore/net/server.h"
#include "proxycore/proxy/listener_tls.h"
#include "proxycore/tls/server_tls.h"

namespace routedeck::core::proxy {

void CertificateReloader::poll(const Runtime& rt, net::HttpServer& server, const Report& report) {
  if (rt.version() != m_version) {
    m_version = rt.version();
    m_stamps.clear();
    for (int i = 0; rt.listener(i); ++i) {
      m_stamps.push_back(rt.tlsFiles(i));
    }
  }
  for (size_t i = 0; i < m_stamps.size(); ++i) {
    if (m_stamps[i].empty() || !anyChanged(m_stamps[i])) {
      continue;
    }
    const ListenerEntry& le = *rt.listener(static_cast<int>(i));
    const std::string where = le.bind + " (gateway " + le.gateway + " port " +
                              std::to_string(le.port) + ")";
    Diagnostics diags;
    std::vector<FileStamp> stamps;
    auto rebuilt = buildListenerTls(rt.table().config(), le.gateway, le.port, diags, &stamps);
    // Either way these stamps are the state seen: a half-written pair is
    // retried when its other file lands, not every second until then.
    m_stamps[i] = std::move(stamps);
    if (!rebuilt) {
      for (const auto& d : diags.items()) {
        report(d.format() + "; " + where + " keeps its previous certificate");
      }
      continue;
    }
    if (auto set = server.setTls(static_cast<int>(i), std::move(rebuilt)); !set) {
      report("certificate reload of " + where + ": " + set.error().message);
      continue;
    }
    report("reloaded the certificates of " + where + " for new connections");
  }
}

}  // namespace routedeck::core::proxy
