// ORC's compressed streams: a sequence of chunks, each a 3-byte
// little-endian header (chunk length << 1 | is-original) followed by that
// many bytes, either stored as is or compressed with the file's codec
// (zlib's raw deflate, snappy, lz4 blocks, zstd frames). LZO is refused.
//
// Thread-safe: a free function over its arguments.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_DECOMPRESS_H_
#define ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_DECOMPRESS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace almanac::classifiers::orc {

// The PostScript's CompressionKind values.
enum CompressionKind : uint32_t {
  kNone = 0,
  kZlib = 1,
  kSnappy = 2,
  kLzo = 3,
  kLz4 = 4,
  kZstd = 5,
};

// The codec's name for messages: "zlib", "snappy", ...; "kind 9" for one
// this reader does not know.
std::string CompressionKindName(uint32_t kind);

// Decodes `stream` compressed with `kind` in chunks of at most `block_size`
// decompressed bytes (the PostScript's compressionBlockSize), producing at
// most `max_output` bytes. kNone returns `stream` as is. DataLoss (the
// message says what, without the file name: the caller adds it) when a
// chunk header points past the stream's end, a chunk does not decompress or
// decompresses to more than `block_size`, or the output would pass
// `max_output`; Unimplemented for LZO and for an unknown kind.
absl::StatusOr<std::string> Decompress(uint32_t kind, std::string_view stream, uint64_t block_size,
                                       uint64_t max_output);

}  // namespace almanac::classifiers::orc

#endif  // ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_DECOMPRESS_H_
