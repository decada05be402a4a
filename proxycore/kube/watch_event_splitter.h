#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace routedeck::core::kube {

// Cuts a watch stream into whole JSON objects. The API server ends each event with a
// newline, but kubectl also copes without one, so boundaries are found by brace depth
// (outside strings) rather than by newlines.
class WatchEventSplitter {
 public:
  // Calls onEvent for every complete object in the data fed so far; stops early (and
  // returns false) when onEvent does.
  bool feed(std::string_view data, const std::function<bool(std::string_view)>& onEvent);
  // Bytes of an incomplete object waiting for the rest.
  size_t pending() const { return m_buffer.size() - m_start; }

 private:
  std::string m_buffer;
  size_t m_start = 0;  // where the current object begins in m_buffer
  size_t m_scan = 0;   // how far m_buffer has been scanned
  int m_depth = 0;
  bool m_inString = false;
  bool m_escape = false;
};

}  // namespace routedeck::core::kube
