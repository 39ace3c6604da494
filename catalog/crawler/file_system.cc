#include "catalog/crawler/file_system.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/sample_reader.h"

namespace almanac::crawler {
namespace {

absl::Status Errno(int err, const std::string& what) {
  const std::string message = absl::StrCat(what, ": ", std::strerror(err));
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(message);
  if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(message);
  return absl::UnavailableError(message);
}

std::string Identity(const struct stat& st) { return absl::StrCat(st.st_dev, ":", st.st_ino); }

class LocalFileSystem : public FileSystem {
 public:
  absl::StatusOr<std::vector<DirEntry>> List(const std::string& path) const override {
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) return Errno(errno, absl::StrCat("cannot list '", path, "'"));
    std::vector<DirEntry> out;
    errno = 0;
    while (struct dirent* e = readdir(dir)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      struct stat st {};
      // stat, not lstat: links are followed; a dangling one fails and is
      // left out (there is nothing to read).
      if (fstatat(dirfd(dir), name.c_str(), &st, 0) != 0) continue;
      if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) continue;  // sockets, fifos, devices
      DirEntry entry;
      entry.name = name;
      entry.is_dir = S_ISDIR(st.st_mode);
      entry.size = entry.is_dir ? 0 : static_cast<int64_t>(st.st_size);
      entry.mtime = static_cast<int64_t>(st.st_mtim.tv_sec);
      entry.id = Identity(st);
      out.push_back(std::move(entry));
    }
    const int err = errno;
    closedir(dir);
    if (err != 0) return Errno(err, absl::StrCat("cannot list '", path, "'"));
    std::sort(out.begin(), out.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    return out;
  }

  absl::StatusOr<std::unique_ptr<classifiers::RandomAccessFile>> Open(
      const std::string& path) const override {
    return classifiers::OpenLocalFile(path);
  }

  absl::StatusOr<std::string> FolderId(const std::string& path) const override {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return Errno(errno, absl::StrCat("cannot read '", path, "'"));
    if (!S_ISDIR(st.st_mode)) {
      return absl::FailedPreconditionError(absl::StrCat("'", path, "' is not a folder"));
    }
    return Identity(st);
  }
};

}  // namespace

std::unique_ptr<FileSystem> NewLocalFileSystem() { return std::make_unique<LocalFileSystem>(); }

}  // namespace almanac::crawler
