#include "catalog/classifiers/avro/avro_container.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::avro {
namespace {

constexpr std::string_view kMagic("Obj\x01", 4);
constexpr int64_t kSyncBytes = 16;
constexpr int64_t kFirstHeaderRead = 64 << 10;
// A long's zig-zag varint takes at most 10 bytes; a block starts with two.
constexpr int64_t kMaxBlockHeaderBytes = 20;

enum class Result { kOk, kShort, kBad };

// Avro's binary encoding of longs (zig-zag, then little-endian base-128)
// and of bytes/strings (a long length, then the bytes), over a buffer that
// may end before the value does (kShort) or hold an impossible one (kBad).
class Decoder {
 public:
  explicit Decoder(std::string_view buffer) : buffer_(buffer) {}

  Result Long(int64_t* value) {
    uint64_t n = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos_ >= buffer_.size()) return Result::kShort;
      const uint8_t b = static_cast<uint8_t>(buffer_[pos_++]);
      n |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) {
        *value = static_cast<int64_t>(n >> 1) ^ -static_cast<int64_t>(n & 1);
        return Result::kOk;
      }
    }
    return Result::kBad;  // over 10 bytes: no long encodes so
  }

  Result Bytes(std::string* out) {
    int64_t length = 0;
    if (Result r = Long(&length); r != Result::kOk) return r;
    if (length < 0) return Result::kBad;
    if (static_cast<uint64_t>(length) > buffer_.size() - pos_) return Result::kShort;
    out->assign(buffer_.substr(pos_, static_cast<size_t>(length)));
    pos_ += static_cast<size_t>(length);
    return Result::kOk;
  }

  Result Fixed(size_t n, std::string* out) {
    if (n > buffer_.size() - pos_) return Result::kShort;
    out->assign(buffer_.substr(pos_, n));
    pos_ += n;
    return Result::kOk;
  }

  size_t pos() const { return pos_; }

 private:
  std::string_view buffer_;
  size_t pos_ = 0;
};

// The metadata map (blocks of key/value pairs; a negative count is followed
// by the block's byte size) and the sync marker, after the magic.
Result ParseHeader(std::string_view buffer, ContainerHeader* header, std::string* why) {
  Decoder d(buffer.substr(kMagic.size()));
  header->metadata.clear();
  while (true) {
    int64_t count = 0;
    if (Result r = d.Long(&count); r != Result::kOk) return r;
    if (count == 0) break;
    if (count < 0) {
      if (count == std::numeric_limits<int64_t>::min()) {
        *why = "metadata block count out of range";
        return Result::kBad;
      }
      count = -count;
      int64_t block_bytes = 0;
      if (Result r = d.Long(&block_bytes); r != Result::kOk) return r;
      if (block_bytes < 0) {
        *why = absl::StrCat("metadata block size ", block_bytes, " is negative");
        return Result::kBad;
      }
    }
    for (int64_t i = 0; i < count; ++i) {
      std::string key, value;
      if (Result r = d.Bytes(&key); r != Result::kOk) {
        if (r == Result::kBad) *why = "metadata key with a negative length";
        return r;
      }
      if (Result r = d.Bytes(&value); r != Result::kOk) {
        if (r == Result::kBad) *why = absl::StrCat("metadata '", key, "' has a negative length");
        return r;
      }
      header->metadata[std::move(key)] = std::move(value);
    }
  }
  if (Result r = d.Fixed(kSyncBytes, &header->sync); r != Result::kOk) return r;
  header->data_offset = static_cast<int64_t>(kMagic.size() + d.pos());
  return Result::kOk;
}

absl::Status Broken(std::string_view path, std::string_view why) {
  return absl::DataLossError(absl::StrCat("'", AbslView(path), "': avro header: ", AbslView(why)));
}

}  // namespace

bool IsKnownCodec(std::string_view codec) {
  return codec == "null" || codec == "deflate" || codec == "snappy" || codec == "zstandard" ||
         codec == "bzip2" || codec == "xz";
}

absl::StatusOr<std::optional<ContainerHeader>> ReadContainerHeader(const RandomAccessFile& file,
                                                                   std::string_view path) {
  const int64_t size = file.Size();
  if (size < static_cast<int64_t>(kMagic.size())) return std::nullopt;
  ASSIGN_OR_RETURN(std::string buffer, file.ReadAt(0, std::min(size, kFirstHeaderRead)));
  if (buffer.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  ContainerHeader header;
  std::string why;
  Result r = ParseHeader(buffer, &header, &why);
  const int64_t most = std::min(size, kMaxHeaderBytes);
  if (r == Result::kShort && static_cast<int64_t>(buffer.size()) < most) {
    ASSIGN_OR_RETURN(buffer, file.ReadAt(0, most));
    r = ParseHeader(buffer, &header, &why);
  }
  if (r == Result::kBad) return Broken(path, why.empty() ? "bad varint" : why);
  if (r == Result::kShort) {
    if (static_cast<int64_t>(buffer.size()) >= size) {
      return Broken(
          path, absl::StrCat("cut short (a length runs past the end of the ", size, "-byte file)"));
    }
    return Broken(path, absl::StrCat("metadata exceeds ", kMaxHeaderBytes, " bytes"));
  }
  auto schema = header.metadata.find("avro.schema");
  if (schema == header.metadata.end()) return Broken(path, "no avro.schema in the metadata");
  header.schema = schema->second;
  auto codec = header.metadata.find("avro.codec");
  header.codec = codec == header.metadata.end() || codec->second.empty() ? "null" : codec->second;
  return header;
}

absl::StatusOr<std::optional<int64_t>> CountRecords(const RandomAccessFile& file,
                                                    std::string_view path,
                                                    const ContainerHeader& header) {
  const int64_t size = file.Size();
  int64_t pos = header.data_offset;
  int64_t records = 0;
  // The bytes at `pos`: the next block's count and size varints.
  ASSIGN_OR_RETURN(std::string ahead, file.ReadAt(pos, kMaxBlockHeaderBytes));
  for (int64_t blocks = 0; pos < size; ++blocks) {
    if (blocks == kMaxCountedBlocks) return std::nullopt;
    Decoder d(ahead);
    int64_t count = 0, bytes = 0;
    Result r = d.Long(&count);
    if (r == Result::kOk) r = d.Long(&bytes);
    if (r == Result::kShort && static_cast<int64_t>(ahead.size()) < kMaxBlockHeaderBytes) {
      return std::nullopt;  // the file ends inside the block header
    }
    if (r != Result::kOk) {
      return absl::DataLossError(
          absl::StrCat("'", AbslView(path), "': bad avro block header at offset ", pos));
    }
    if (count < 0 || bytes < 0) {
      return absl::DataLossError(absl::StrCat("'", AbslView(path), "': avro block at offset ", pos,
                                              " has count ", count, " and size ", bytes));
    }
    const int64_t after = pos + static_cast<int64_t>(d.pos());
    if (bytes > size - after || kSyncBytes > size - after - bytes) return std::nullopt;
    const int64_t sync_at = after + bytes;
    ASSIGN_OR_RETURN(std::string next, file.ReadAt(sync_at, kSyncBytes + kMaxBlockHeaderBytes));
    if (next.substr(0, kSyncBytes) != header.sync) {
      return absl::DataLossError(
          absl::StrCat("'", AbslView(path), "': avro sync marker mismatch at offset ", sync_at));
    }
    if (count > std::numeric_limits<int64_t>::max() - records) {
      return absl::DataLossError(
          absl::StrCat("'", AbslView(path), "': avro record counts overflow"));
    }
    records += count;
    pos = sync_at + kSyncBytes;
    ahead = next.substr(kSyncBytes);
  }
  return records;
}

}  // namespace almanac::classifiers::avro
