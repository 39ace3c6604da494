// What a classifier sees of one file: random access to its raw bytes (for
// formats whose schema sits in a footer or header: Parquet, ORC, Avro), and a
// bounded prefix of its content after whole-file decompression (for text
// formats: JSON, CSV, XML, logs). The crawler builds a FileSample once per
// file and hands the same one to every classifier it tries, so a file is
// opened and its prefix decompressed once.
//
// Not thread-safe: a sample belongs to the one crawl worker classifying it.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_FILE_SAMPLE_H_
#define ALMANAC_CATALOG_CLASSIFIERS_FILE_SAMPLE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace almanac::classifiers {

// Ranged reads of one file's raw (still compressed, if it is) bytes.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // The size in bytes, as seen when the file was opened.
  virtual int64_t Size() const = 0;
  // Reads up to `length` bytes at `offset`; fewer only at the end of the
  // file. OutOfRange when `offset` is past the end; Unavailable or
  // PermissionDenied (naming the file) when the read fails, e.g. the file
  // vanished or shrank during the crawl.
  virtual absl::StatusOr<std::string> ReadAt(int64_t offset, int64_t length) const = 0;
};

// Whole-file compression, detected from the content's magic bytes, never the
// file name. Glue's `compressionType` table parameter is Name() of it.
enum class Compression { kNone, kGzip, kBzip2, kZstd, kSnappyFramed, kHadoopSnappy, kLz4 };

struct FileSample {
  // The file's URL (file:///data/x.csv), for messages only.
  std::string path;
  // The raw bytes. Columnar classifiers read their footer or header here; a
  // compressed file (compression != kNone) is never Parquet, ORC or Avro.
  const RandomAccessFile* file = nullptr;
  Compression compression = Compression::kNone;
  // The first bytes of the content, decompressed: at most the sampling limit
  // (Glue's: 1 MB for text formats, 10 MB for JSON; the crawler fills the
  // larger and text classifiers other than JSON look at the first 1 MB and
  // the first 1,000 records only).
  std::string_view content;
  // Whether `content` holds the whole (decompressed) file, so a classifier
  // may count every record and need not drop a possibly cut last line.
  bool content_complete = false;
};

// The sampling limits, Glue's.
inline constexpr int64_t kTextSampleBytes = 1 << 20;       // CSV, XML, logs
inline constexpr int64_t kJsonSampleBytes = 10 << 20;      // JSON
inline constexpr int64_t kSampleRecords = 1000;

}  // namespace almanac::classifiers

#endif  // ALMANAC_CATALOG_CLASSIFIERS_FILE_SAMPLE_H_
