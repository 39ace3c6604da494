// DetectMagic and Decompress's dispatch (decompress.h).
#include <snappy.h>

#include <cstdint>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/compression/decompress.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::compression {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

uint32_t BigEndian32(std::string_view s) {
  return (uint32_t{static_cast<uint8_t>(s[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[2])} << 8) | uint32_t{static_cast<uint8_t>(s[3])};
}

// Snappy's preamble: the uncompressed length as a little-endian base-128
// varint of at most 5 bytes. False when it does not decode within `s`.
bool SnappyLength(std::string_view s, uint64_t* length) {
  uint64_t value = 0;
  for (int i = 0; i < 5 && i < static_cast<int>(s.size()); ++i) {
    const uint8_t b = static_cast<uint8_t>(s[i]);
    value |= uint64_t{b & 0x7fu} << (7 * i);
    if ((b & 0x80) == 0) {
      *length = value;
      return value <= 0xffffffffu;
    }
  }
  return false;
}

// Hadoop's BlockCompressorStream with SnappyCodec: per block, the
// uncompressed length (4 bytes, big-endian), then chunks of (compressed
// length, 4 bytes big-endian; raw snappy). No magic, so every length must
// agree: the first chunk's own varint no longer than the block, its
// compressed length within what snappy can produce for it.
bool LooksLikeHadoopSnappy(std::string_view head) {
  if (head.size() < 9) return false;
  const uint32_t block = BigEndian32(head.substr(0, 4));
  const uint32_t chunk = BigEndian32(head.substr(4, 4));
  uint64_t chunk_raw = 0;
  if (block == 0 || chunk == 0 || chunk > kMaxHadoopChunkBytes) return false;
  if (!SnappyLength(head.substr(8), &chunk_raw)) return false;
  if (chunk_raw == 0 || chunk_raw > block || chunk_raw > kMaxHadoopChunkBytes) return false;
  return chunk <= snappy::MaxCompressedLength(chunk_raw);
}

}  // namespace

Compression DetectMagic(std::string_view head) {
  using namespace std::string_view_literals;
  // gzip: the magic and CM = 8 (deflate, the only method RFC 1952 defines).
  if (StartsWith(head, "\x1f\x8b\x08"sv)) return Compression::kGzip;
  // bzip2: "BZh", the block size digit, then a block's or the end-of-stream
  // magic (pi and sqrt(pi) in BCD), so a text starting "BZh9" is not taken.
  if (head.size() >= 10 && StartsWith(head, "BZh") && head[3] >= '1' && head[3] <= '9' &&
      (head.substr(4, 6) == "\x31\x41\x59\x26\x53\x59"sv ||
       head.substr(4, 6) == "\x17\x72\x45\x38\x50\x90"sv)) {
    return Compression::kBzip2;
  }
  if (StartsWith(head, "\x28\xb5\x2f\xfd"sv)) return Compression::kZstd;
  // The framing format's stream identifier chunk: type 0xff, length 6.
  if (StartsWith(head, "\xff\x06\x00\x00sNaPpY"sv)) return Compression::kSnappyFramed;
  if (StartsWith(head, "\x04\x22\x4d\x18"sv)) return Compression::kLz4;
  if (LooksLikeHadoopSnappy(head)) return Compression::kHadoopSnappy;
  return Compression::kNone;
}

absl::StatusOr<bool> ConfirmHadoopSnappy(const RandomAccessFile& file) {
  if (file.Size() < 9) return false;
  ASSIGN_OR_RETURN(std::string head, file.ReadAt(0, 16));
  if (!LooksLikeHadoopSnappy(head)) return false;
  const uint32_t chunk = BigEndian32(std::string_view(head).substr(4, 4));
  if (8 + int64_t{chunk} > file.Size()) return false;
  ASSIGN_OR_RETURN(std::string data, file.ReadAt(8, chunk));
  if (data.size() != chunk) return false;
  return snappy::IsValidCompressedBuffer(data.data(), data.size());
}

absl::StatusOr<Decompressed> Decompress(Compression codec, const RandomAccessFile& file,
                                        std::string_view path, int64_t limit) {
  switch (codec) {
    case Compression::kGzip:
      return DecompressGzip(file, path, limit);
    case Compression::kBzip2:
      return DecompressBzip2(file, path, limit);
    case Compression::kZstd:
      return DecompressZstd(file, path, limit);
    case Compression::kSnappyFramed:
      return DecompressSnappyFramed(file, path, limit);
    case Compression::kHadoopSnappy:
      return DecompressHadoopSnappy(file, path, limit);
    case Compression::kLz4:
      return DecompressLz4(file, path, limit);
    case Compression::kNone:
      break;
  }
  return absl::InternalError(absl::StrCat("'", AbslView(path), "': no decompressor for kNone"));
}

}  // namespace almanac::classifiers::compression
