// The crawler's view of storage: list a folder, open a file for ranged
// reads. One interface with a local implementation today (S3 comes with the
// crawler's second part), the way LevelDB's Env keeps every file access
// behind one seam; tests may implement it in memory.
//
// Thread-safe: implementations may be called from several crawl workers.
#ifndef ALMANAC_CATALOG_CRAWLER_FILE_SYSTEM_H_
#define ALMANAC_CATALOG_CRAWLER_FILE_SYSTEM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::crawler {

struct DirEntry {
  std::string name;
  bool is_dir = false;
  int64_t size = 0;
  int64_t mtime = 0;  // seconds since the epoch
  // Identity of a folder (device and inode for local files), so that a
  // walk following symbolic links notices a loop.
  std::string id;
  // The version the listing saw, where the storage says (an S3 ETag).
  std::string etag;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The entries of folder `path`, sorted by name; symbolic links are
  // followed (a dangling one is left out). NotFound, PermissionDenied or
  // Unavailable naming the folder.
  virtual absl::StatusOr<std::vector<DirEntry>> List(const std::string& path) const = 0;
  // Opens a file for ranged reads; errors as List.
  virtual absl::StatusOr<std::unique_ptr<classifiers::RandomAccessFile>> Open(
      const std::string& path) const = 0;
  // Opens file `path` as `listed` (from List of its folder) describes it:
  // a storage that must ask for a file's size first (S3's HEAD) can take
  // the listing's size and version instead. The default is Open(path).
  virtual absl::StatusOr<std::unique_ptr<classifiers::RandomAccessFile>> OpenListed(
      const std::string& path, const DirEntry& listed) const {
    (void)listed;
    return Open(path);
  }
  // The identity of folder `path` itself (see DirEntry::id).
  virtual absl::StatusOr<std::string> FolderId(const std::string& path) const = 0;
};

// Local files; paths are absolute.
std::unique_ptr<FileSystem> NewLocalFileSystem();

}  // namespace almanac::crawler

#endif  // ALMANAC_CATALOG_CRAWLER_FILE_SYSTEM_H_
