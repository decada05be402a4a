#include "proxycore/kube/watch_event_splitter.h"

namespace routedeck::core::kube {

bool WatchEventSplitter::feed(std::string_view data, const std::function<bool(std::string_view)>& onEvent) {
  m_buffer.append(data);
  for (; m_scan < m_buffer.size(); ++m_scan) {
    const char c = m_buffer[m_scan];
    if (m_inString) {
      if (m_escape) {
        m_escape = false;
      } else if (c == '\\') {
        m_escape = true;
      } else if (c == '"') {
        m_inString = false;
      }
      continue;
    }
    if (c == '"') {
      m_inString = true;
    } else if (c == '{') {
      if (m_depth++ == 0) m_start = m_scan;
    } else if (c == '}' && m_depth > 0 && --m_depth == 0) {
      const std::string_view event(m_buffer.data() + m_start, m_scan + 1 - m_start);
      if (!onEvent(event)) {
        ++m_scan;
        m_start = m_scan;
        return false;
      }
      m_start = m_scan + 1;
    } else if (m_depth == 0) {
      m_start = m_scan + 1;  // whitespace and newlines between events
    }
  }
  // Keep only the unfinished object so the buffer does not grow with the stream.
  if (m_start > 0) {
    m_buffer.erase(0, m_start);
    m_scan -= m_start;
    m_start = 0;
  }
  return true;
}

}  // namespace routedeck::core::kube
