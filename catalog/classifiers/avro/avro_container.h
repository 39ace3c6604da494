// The header and block framing of an Avro object container file (Avro 1.11
// specification, "Object Container Files"): the magic "Obj\x01", the file
// metadata (a map of string to bytes holding avro.schema and avro.codec),
// the 16-byte sync marker, then data blocks of (object count, byte size,
// serialized objects, sync marker). Decodes the zig-zag varints and map
// blocks itself and reads only through RandomAccessFile::ReadAt, in bounded
// pieces: the header at most kMaxHeaderBytes, one small read per data block.
//
// Thread-safe: free functions over a const file.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_CONTAINER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_CONTAINER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::classifiers::avro {

// Metadata larger than this (a schema of several MB is already extreme) is
// refused rather than read.
inline constexpr int64_t kMaxHeaderBytes = 4 << 20;
// Counting records walks every block header; past this many blocks the
// count is left unknown (the crawler estimates it from the file size).
inline constexpr int64_t kMaxCountedBlocks = 100000;

struct ContainerHeader {
  std::map<std::string, std::string> metadata;
  std::string schema;  // avro.schema, JSON
  std::string codec;   // avro.codec, "null" when absent
  std::string sync;    // 16 bytes
  int64_t data_offset = 0;
};

// The codecs the specification and its implementations define.
bool IsKnownCodec(std::string_view codec);

// nullopt when `file` does not start with the magic. DataLoss naming `path`
// when it does but the header is cut short, a length in it is negative or
// runs past the file, the metadata exceeds kMaxHeaderBytes, or avro.schema
// is missing. The file's read errors pass through.
absl::StatusOr<std::optional<ContainerHeader>> ReadContainerHeader(const RandomAccessFile& file,
                                                                   std::string_view path);

// The number of records in the file, summed from the data blocks' object
// counts without decompressing them. nullopt when there are more than
// kMaxCountedBlocks blocks or the last block is cut short (a file still
// being written). DataLoss naming `path` when a block's count or size is
// negative or its sync marker differs from the header's.
absl::StatusOr<std::optional<int64_t>> CountRecords(const RandomAccessFile& file,
                                                    std::string_view path,
                                                    const ContainerHeader& header);

}  // namespace almanac::classifiers::avro

#endif  // ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_CONTAINER_H_
