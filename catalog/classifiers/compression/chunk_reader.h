// ChunkReader: sequential reads of a RandomAccessFile in bounded chunks, the
// input side of every streaming decompressor (decompress.h).
//
// Not thread-safe: one reader per decompression.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_COMPRESSION_CHUNK_READER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_COMPRESSION_CHUNK_READER_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/compression/decompress.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::classifiers::compression {

class ChunkReader {
 public:
  explicit ChunkReader(const RandomAccessFile& file) : file_(file), size_(file.Size()) {}

  // The next chunk of at most kReadChunkBytes; empty at the end of the file.
  // The view is valid until the next call.
  absl::StatusOr<std::string_view> Next() { return Read(kReadChunkBytes); }

  // The next `n` bytes, fewer only at the end of the file (the caller
  // bounds `n`). The view is valid until the next call.
  absl::StatusOr<std::string_view> Read(int64_t n) {
    n = std::max<int64_t>(0, std::min(n, size_ - offset_));
    if (n == 0) return std::string_view();
    absl::StatusOr<std::string> got = file_.ReadAt(offset_, n);
    if (!got.ok()) return got.status();
    buffer_ = *std::move(got);
    offset_ += static_cast<int64_t>(buffer_.size());
    return std::string_view(buffer_);
  }

  // Moves past `n` bytes without reading them; false when fewer remain.
  bool Skip(int64_t n) {
    if (n > size_ - offset_) {
      offset_ = size_;
      return false;
    }
    offset_ += n;
    return true;
  }

  bool AtEnd() const { return offset_ >= size_; }

 private:
  const RandomAccessFile& file_;
  const int64_t size_;
  int64_t offset_ = 0;
  std::string buffer_;
};

}  // namespace almanac::classifiers::compression

#endif  // ALMANAC_CATALOG_CLASSIFIERS_COMPRESSION_CHUNK_READER_H_
