#pragma once

// Where access-log lines go: a file (append; reopened on request, for log
// rotation) or stdout. Used only from the collector thread, so a slow disk
// delays the log, never a worker.

#include <cstdio>
#include <memory>
#include <string>

#include "proxycore/common/result.h"
#include "proxycore/stats/access_log_format.h"

namespace routedeck::core::stats {

class AccessLogSink {
 public:
  // path "-" is stdout.
  static Result<std::unique_ptr<AccessLogSink>> open(const std::string& path, AccessLogFormat format);
  ~AccessLogSink();

  void write(const AccessRecord& r);
  void flush();
  // Closes and reopens the file by name (after logrotate renamed it).
  void reopen();
  uint64_t writeErrors() const { return m_writeErrors; }

 private:
  AccessLogSink(std::string path, AccessLogFormat format, std::FILE* f)
      : m_path(std::move(path)), m_format(format), m_file(f) {}
  std::string m_path;
  AccessLogFormat m_format;
  std::FILE* m_file;
  std::string m_buffer;
  uint64_t m_writeErrors = 0;
};

}  // namespace routedeck::core::stats
