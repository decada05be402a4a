#include "proxycore/router/host_index.h"

#include "proxycore/router/route_table.h"

namespace routedeck::core::router {

namespace {

// ASCII only, inline: libc tolower() per character was a third of a lookup.
inline unsigned char lower(char c) {
  return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

}  // namespace

size_t HostIndex::Hash::operator()(std::string_view s) const {
  size_t h = 14695981039346656037ull;  // FNV-1a over lower-cased bytes
  for (char c : s) {
    h = (h ^ lower(c)) * 1099511628211ull;
  }
  return h;
}

bool HostIndex::Equal::operator()(std::string_view a, std::string_view b) const {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

HostIndex::HostIndex(const std::vector<const VirtualHost*>& sorted) {
  // emplace() keeps the first entry per key, which is the one a scan in
  // `sorted` order would reach first.
  for (const VirtualHost* vh : sorted) {
    const std::string& h = vh->hostname;
    if (h.empty() || h == "*") {
      m_any = m_any ? m_any : vh;
    } else if (h.starts_with("*.")) {
      m_suffix.emplace(h.substr(1), vh);
    } else {
      m_exact.emplace(h, vh);
    }
  }
}

const VirtualHost* HostIndex::find(std::string_view host) const {
  if (!m_exact.empty()) {
    if (auto it = m_exact.find(host); it != m_exact.end()) {
      return it->second;
    }
  }
  if (!m_suffix.empty()) {
    // A wildcard needs at least one character before its suffix, and the
    // longest matching suffix is the most specific one.
    for (size_t dot = host.find('.', 1); dot != std::string_view::npos; dot = host.find('.', dot + 1)) {
      if (auto it = m_suffix.find(host.substr(dot)); it != m_suffix.end()) {
        return it->second;
      }
    }
  }
  return m_any;
}

}  // namespace routedeck::core::router
