#include "proxycore/proxy/file_stamp.h"

#include <sys/stat.h>

namespace routedeck::core::proxy {

FileStamp stampOf(const std::string& path) {
  FileStamp s;
  s.path = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    s.mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    s.size = static_cast<int64_t>(st.st_size);
    s.inode = static_cast<uint64_t>(st.st_ino);
  }
  return s;
}

bool anyChanged(const std::vector<FileStamp>& seen) {
  for (const auto& s : seen) {
    if (stampOf(s.path) != s) {
      return true;
    }
  }
  return false;
}

}  // namespace routedeck::core::proxy
