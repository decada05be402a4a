#include "proxycore/stats/access_log_sink.h"

#include <cerrno>
#include <cstring>

namespace routedeck::core::stats {

Result<std::unique_ptr<AccessLogSink>> AccessLogSink::open(const std::string& path,
                                                           AccessLogFormat format) {
  if (path == "-") {
    return std::unique_ptr<AccessLogSink>(new AccessLogSink(path, format, stdout));
  }
  std::FILE* f = std::fopen(path.c_str(), "ae");
  if (!f) {
    return makeError(ErrorCode::Io,
                     "cannot open access log \"" + path + "\": " + std::strerror(errno));
  }
  return std::unique_ptr<AccessLogSink>(new AccessLogSink(path, format, f));
}

AccessLogSink::~AccessLogSink() {
  flush();
  if (m_file && m_file != stdout) std::fclose(m_file);
}

void AccessLogSink::write(const AccessRecord& r) {
  if (m_format == AccessLogFormat::Json) {
    appendJson(m_buffer, r);
  } else {
    m_buffer += formatText(r);
  }
  m_buffer += '\n';
  if (m_buffer.size() >= 64 * 1024) flush();
}

void AccessLogSink::flush() {
  if (m_buffer.empty() || !m_file) {
    m_buffer.clear();
    return;
  }
  if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size() ||
      std::fflush(m_file) != 0) {
    ++m_writeErrors;
  }
  m_buffer.clear();
}

void AccessLogSink::reopen() {
  flush();
  if (m_file == stdout) return;
  std::FILE* f = std::fopen(m_path.c_str(), "ae");
  if (!f) {
    ++m_writeErrors;  // keep writing to the old file rather than lose lines
    return;
  }
  if (m_file) std::fclose(m_file);
  m_file = f;
}

}  // namespace routedeck::core::stats
