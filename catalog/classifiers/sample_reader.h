// Reads what classifiers see of a file: detects whole-file compression from
// the first bytes (gzip, bzip2, zstd, snappy in its framing format and in
// Hadoop's block format, lz4 frames; never from the name) and decompresses a
// bounded prefix of the content, so memory stays flat whatever the file's
// size. Also the local-file implementation of RandomAccessFile.
//
// Thread-safe: free functions; each returned object belongs to its caller.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_SAMPLE_READER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_SAMPLE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::classifiers {

// Glue's compressionType for `c`: "gzip", "bzip2", "zstd", "snappy",
// "lz4"; "none" for kNone. Both snappy framings report "snappy".
std::string_view CompressionName(Compression c);

// The compression `head` (a file's first bytes, at least 16 when the file
// has them) starts with; kNone when it is none of those.
Compression DetectCompression(std::string_view head);

// A FileSample that owns the bytes its `content` views. Move-only.
class OwnedSample {
 public:
  OwnedSample() = default;
  OwnedSample(OwnedSample&&) = default;
  OwnedSample& operator=(OwnedSample&&) = default;
  const FileSample& sample() const { return sample_; }

 private:
  friend absl::StatusOr<OwnedSample> ReadSample(std::unique_ptr<RandomAccessFile> file,
                                                std::string path, int64_t max_content_bytes);
  std::unique_ptr<RandomAccessFile> file_;
  // Behind a pointer so that `sample_.content` stays valid when moved.
  std::unique_ptr<std::string> content_ = std::make_unique<std::string>();
  FileSample sample_;
};

// Opens a sample of `file`: detects its compression and reads (and, when
// compressed, decompresses) at most `max_content_bytes` of its content.
// DataLoss naming the file when the compressed stream is corrupt before
// the limit; a stream merely cut short (a truncated .gz) yields what could
// be decompressed, with content_complete false. The file's own read errors
// pass through.
absl::StatusOr<OwnedSample> ReadSample(std::unique_ptr<RandomAccessFile> file, std::string path,
                                       int64_t max_content_bytes = kJsonSampleBytes);

// A local file opened for ranged reads (pread). NotFound, PermissionDenied
// or Unavailable naming the path when it cannot be opened; FailedPrecondition
// when it is not a regular file.
absl::StatusOr<std::unique_ptr<RandomAccessFile>> OpenLocalFile(const std::string& path);

}  // namespace almanac::classifiers

#endif  // ALMANAC_CATALOG_CLASSIFIERS_SAMPLE_READER_H_
