#include "proxycore/router/host_index.h"

#include "proxycore/common/strings.h"
#include "proxycore/router/route_table.h"

namespace routedeck::core::router {

namespace {

// DNS names are at most 253 characters; longer hosts take a heap copy.
constexpr size_t kStackHost = 256;

}  // namespace

HostIndex::HostIndex(const std::vector<const VirtualHost*>& sorted) {
  // emplace() keeps the first entry per key, which is the one a scan in
  // `sorted` order would reach first.
  for (const VirtualHost* vh : sorted) {
    const std::string& h = vh->hostname;
    if (h.empty() || h == "*") {
      m_any = m_any ? m_any : vh;
    } else if (h.starts_with("*.")) {
      m_suffix.emplace(strings::toLower(h.substr(1)), vh);
    } else {
      m_exact.emplace(strings::toLower(h), vh);
    }
  }
}

const VirtualHost* HostIndex::find(std::string_view host) const {
  if (m_exact.empty() && m_suffix.empty()) {
    return m_any;
  }
  char buf[kStackHost];
  std::string heap;
  char* lower = buf;
  if (host.size() > kStackHost) {
    heap.resize(host.size());
    lower = heap.data();
  }
  for (size_t i = 0; i < host.size(); ++i) {
    const char c = host[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
  }
  return findLower(std::string_view(lower, host.size()));
}

const VirtualHost* HostIndex::findLower(std::string_view host) const {
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
