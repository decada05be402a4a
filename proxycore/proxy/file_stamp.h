#pragma once
// What a certificate file looked like when it was read, to notice a change
// by polling (no inotify: it misses Kubernetes' symlink swaps of a mounted
// Secret's ..data directory unless every link is watched).

#include <cstdint>
#include <string>
#include <vector>

namespace routedeck::core::proxy {

struct FileStamp {
  std::string path;
  // -1 when the file could not be stat'ed (then any later state differs).
  int64_t mtimeNs = -1;
  int64_t size = -1;
  uint64_t inode = 0;  // a rename over the file changes it even within one mtime tick
  bool operator==(const FileStamp&) const = default;
};

// stat(2) follows symlinks: a swapped link target is a change.
FileStamp stampOf(const std::string& path);

// True when any file's stamp differs from `seen` now.
bool anyChanged(const std::vector<FileStamp>& seen);

}  // namespace routedeck::core::proxy
