#include "catalog/classifiers/sample_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/compression/decompress.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers {
namespace {

class LocalFile : public RandomAccessFile {
 public:
  LocalFile(int fd, int64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {}
  ~LocalFile() override { close(fd_); }
  int64_t Size() const override { return size_; }
  absl::StatusOr<std::string> ReadAt(int64_t offset, int64_t length) const override {
    if (offset < 0 || length < 0) {
      return absl::InvalidArgumentError(absl::StrCat("negative read of '", path_, "'"));
    }
    if (offset > size_) {
      return absl::OutOfRangeError(
          absl::StrCat("read at ", offset, " past the end of '", path_, "' (", size_, " bytes)"));
    }
    std::string out(static_cast<size_t>(std::min(length, size_ - offset)), '\0');
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = pread(fd_, out.data() + done, out.size() - done, offset + done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return absl::UnavailableError(
            absl::StrCat("cannot read '", path_, "': ", std::strerror(errno)));
      }
      if (n == 0) break;  // the file shrank since it was opened
      done += n;
    }
    out.resize(done);
    return out;
  }

 private:
  int fd_;
  int64_t size_;
  std::string path_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RandomAccessFile>> OpenLocalFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    const std::string why = absl::StrCat("cannot open '", path, "': ", std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(why);
    if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(why);
    return absl::UnavailableError(why);
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot stat '", path, "': ", std::strerror(err)));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return absl::FailedPreconditionError(absl::StrCat("'", path, "' is not a regular file"));
  }
  return std::make_unique<LocalFile>(fd, static_cast<int64_t>(st.st_size), path);
}

std::string_view CompressionName(Compression c) {
  switch (c) {
    case Compression::kNone: return "none";
    case Compression::kGzip: return "gzip";
    case Compression::kBzip2: return "bzip2";
    case Compression::kZstd: return "zstd";
    case Compression::kSnappyFramed:
    case Compression::kHadoopSnappy: return "snappy";
    case Compression::kLz4: return "lz4";
  }
  return "none";
}

Compression DetectCompression(std::string_view head) { return compression::DetectMagic(head); }

absl::StatusOr<OwnedSample> ReadSample(std::unique_ptr<RandomAccessFile> file, std::string path,
                                       int64_t max_content_bytes) {
  OwnedSample out;
  ASSIGN_OR_RETURN(std::string head, file->ReadAt(0, std::min<int64_t>(file->Size(), 64)));
  Compression compression = DetectCompression(head);
  if (compression == Compression::kHadoopSnappy) {
    // Hadoop's block format has no magic: only a first chunk that really
    // decompresses tells it from binary data whose lengths happen to agree.
    ASSIGN_OR_RETURN(bool hadoop, compression::ConfirmHadoopSnappy(*file));
    if (!hadoop) compression = Compression::kNone;
  }
  if (compression == Compression::kNone) {
    ASSIGN_OR_RETURN(*out.content_, file->ReadAt(0, std::min(file->Size(), max_content_bytes)));
    out.sample_.content_complete = static_cast<int64_t>(out.content_->size()) == file->Size();
  } else {
    ASSIGN_OR_RETURN(compression::Decompressed d,
                     compression::Decompress(compression, *file, path, max_content_bytes));
    *out.content_ = std::move(d.content);
    out.sample_.content_complete = d.complete;
  }
  out.file_ = std::move(file);
  out.sample_.path = std::move(path);
  out.sample_.file = out.file_.get();
  out.sample_.compression = compression;
  out.sample_.content = *out.content_;
  return out;
}

}  // namespace almanac::classifiers
