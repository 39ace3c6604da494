// Whole-file decompressors for the sample reader (sample_reader.h): each
// codec's detection from a file's first bytes and a bounded, streaming
// decompression of a file's prefix. The raw file is read in chunks of
// kReadChunkBytes through RandomAccessFile::ReadAt, so memory stays bounded
// by the content limit plus one chunk (plus the codec's own state: a zstd
// window is capped at kMaxZstdWindowLog, a snappy chunk at the format's
// maximum, a Hadoop snappy chunk at kMaxHadoopChunkBytes).
//
// Every decompressor follows one contract: at most `limit` bytes of content;
// `complete` true only when the stream ended (and nothing but another member
// or frame followed) before or exactly at the limit; a stream cut short
// yields what was decompressed with `complete` false; corrupt data met before
// the limit is DataLoss naming the file and the codec. The file's own read
// errors pass through.
//
// Thread-safe: free functions over a const file.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_COMPRESSION_DECOMPRESS_H_
#define ALMANAC_CATALOG_CLASSIFIERS_COMPRESSION_DECOMPRESS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::classifiers::compression {

inline constexpr int64_t kReadChunkBytes = 64 << 10;
// zstd frames asking for a larger window (zstd --long) are refused rather
// than allocating up to the library's default 128 MiB.
inline constexpr int kMaxZstdWindowLog = 25;  // 32 MiB
// Hadoop's SnappyCodec writes chunks of its buffer size (256 KiB by default);
// a chunk claiming more than this, compressed or not, is not Hadoop snappy.
inline constexpr int64_t kMaxHadoopChunkBytes = 16 << 20;

struct Decompressed {
  std::string content;
  bool complete = false;
};

// The codec `head` (a file's first bytes, at least 16 when the file has
// them) starts with, kNone when none. Only magic bytes and, for Hadoop's
// magic-less snappy block format, lengths that agree with each other;
// ConfirmHadoopSnappy then decompresses the first chunk to be sure.
Compression DetectMagic(std::string_view head);

// Whether `file`, which DetectMagic took for Hadoop snappy, really is: its
// first chunk decompresses and its length agrees with the block's.
absl::StatusOr<bool> ConfirmHadoopSnappy(const RandomAccessFile& file);

// Decompresses `file` (of compression `codec`, not kNone) from its start;
// see the contract above. `path` is for messages only.
absl::StatusOr<Decompressed> Decompress(Compression codec, const RandomAccessFile& file,
                                        std::string_view path, int64_t limit);

// The codecs, one file each; Decompress dispatches to them.
absl::StatusOr<Decompressed> DecompressGzip(const RandomAccessFile& file, std::string_view path,
                                            int64_t limit);
absl::StatusOr<Decompressed> DecompressBzip2(const RandomAccessFile& file, std::string_view path,
                                             int64_t limit);
absl::StatusOr<Decompressed> DecompressZstd(const RandomAccessFile& file, std::string_view path,
                                            int64_t limit);
absl::StatusOr<Decompressed> DecompressLz4(const RandomAccessFile& file, std::string_view path,
                                           int64_t limit);
absl::StatusOr<Decompressed> DecompressSnappyFramed(const RandomAccessFile& file,
                                                    std::string_view path, int64_t limit);
absl::StatusOr<Decompressed> DecompressHadoopSnappy(const RandomAccessFile& file,
                                                    std::string_view path, int64_t limit);

}  // namespace almanac::classifiers::compression

#endif  // ALMANAC_CATALOG_CLASSIFIERS_COMPRESSION_DECOMPRESS_H_
