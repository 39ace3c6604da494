#include "catalog/classifiers/orc/orc_decompress.h"

#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace almanac::classifiers::orc {
namespace {

// Streaming codecs write in pieces this large, so a chunk's output grows
// with what it really holds, not with the block size the file claims.
constexpr size_t kPiece = 64 << 10;

absl::Status Loss(std::string_view codec, std::string_view what) {
  return absl::DataLossError(absl::StrCat(std::string(codec), " chunk ", std::string(what)));
}

// Raw deflate (no zlib header), as ORC writes it.
absl::Status Inflate(std::string_view in, uint64_t capacity, std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return absl::InternalError("zlib: inflateInit2 failed");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  uint64_t produced = 0;
  while (true) {
    // At the limit, one more byte of room tells a stream that ends exactly
    // there from one that goes on.
    size_t piece = produced >= capacity
                       ? 1
                       : static_cast<size_t>(std::min<uint64_t>(kPiece, capacity - produced));
    size_t old = out->size();
    out->resize(old + piece);
    z.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    z.avail_out = static_cast<uInt>(piece);
    int rc = inflate(&z, Z_NO_FLUSH);
    size_t wrote = piece - z.avail_out;
    out->resize(old + wrote);
    produced += wrote;
    if (produced > capacity) return Loss("zlib", "decompresses past its limit");
    if (rc == Z_STREAM_END) return absl::OkStatus();
    if (rc == Z_BUF_ERROR && z.avail_in == 0)
      return Loss("zlib", "ends before its stream does (cut short or corrupt)");
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Loss("zlib", absl::StrCat("does not inflate: ", z.msg != nullptr ? z.msg : "error"));
    }
    if (wrote == 0 && z.avail_in == 0)
      return Loss("zlib", "ends before its stream does (cut short or corrupt)");
  }
}

absl::Status Unsnappy(std::string_view in, uint64_t capacity, std::string* out) {
  size_t length = 0;
  if (!snappy::GetUncompressedLength(in.data(), in.size(), &length)) {
    return Loss("snappy", "has no valid length");
  }
  if (length > capacity) return Loss("snappy", "decompresses past its limit");
  size_t old = out->size();
  out->resize(old + length);
  if (!snappy::RawUncompress(in.data(), in.size(), out->data() + old)) {
    return Loss("snappy", "does not decompress");
  }
  return absl::OkStatus();
}

absl::Status Unlz4(std::string_view in, uint64_t capacity, std::string* out) {
  // An lz4 block expands at most ~255 times; no larger buffer is needed.
  uint64_t bound = static_cast<uint64_t>(in.size()) * 255 + 16;
  size_t room = static_cast<size_t>(std::min(capacity, bound));
  size_t old = out->size();
  out->resize(old + room);
  int n = LZ4_decompress_safe(in.data(), out->data() + old, static_cast<int>(in.size()),
                              static_cast<int>(room));
  if (n < 0) {
    out->resize(old);
    return Loss("lz4", "does not decompress (or decompresses past its limit)");
  }
  out->resize(old + static_cast<size_t>(n));
  return absl::OkStatus();
}

absl::Status Unzstd(std::string_view in, uint64_t capacity, std::string* out) {
  std::unique_ptr<ZSTD_DStream, size_t (*)(ZSTD_DStream*)> stream(ZSTD_createDStream(),
                                                                  ZSTD_freeDStream);
  if (stream == nullptr) return absl::InternalError("zstd: cannot create a stream");
  ZSTD_initDStream(stream.get());
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  uint64_t produced = 0;
  size_t last = 1;
  while (input.pos < input.size || last != 0) {
    size_t piece = produced >= capacity
                       ? 1
                       : static_cast<size_t>(std::min<uint64_t>(kPiece, capacity - produced));
    size_t old = out->size();
    out->resize(old + piece);
    ZSTD_outBuffer output{out->data() + old, piece, 0};
    last = ZSTD_decompressStream(stream.get(), &output, &input);
    out->resize(old + output.pos);
    produced += output.pos;
    if (produced > capacity) return Loss("zstd", "decompresses past its limit");
    if (ZSTD_isError(last)) {
      return Loss("zstd", absl::StrCat("does not decompress: ", ZSTD_getErrorName(last)));
    }
    if (input.pos == input.size && last != 0 && output.pos < piece) {
      return Loss("zstd", "ends before its stream does (cut short or corrupt)");
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string CompressionKindName(uint32_t kind) {
  switch (kind) {
    case kNone:
      return "none";
    case kZlib:
      return "zlib";
    case kSnappy:
      return "snappy";
    case kLzo:
      return "lzo";
    case kLz4:
      return "lz4";
    case kZstd:
      return "zstd";
    default:
      return absl::StrCat("kind ", kind);
  }
}

absl::StatusOr<std::string> Decompress(uint32_t kind, std::string_view stream, uint64_t block_size,
                                       uint64_t max_output) {
  if (kind == kNone) {
    if (stream.size() > max_output) {
      return absl::DataLossError(
          absl::StrCat("stream of ", stream.size(), " bytes exceeds the limit of ", max_output));
    }
    return std::string(stream);
  }
  if (kind != kZlib && kind != kSnappy && kind != kLz4 && kind != kZstd) {
    return absl::UnimplementedError(
        absl::StrCat("compression ", CompressionKindName(kind), " is not supported"));
  }
  std::string out;
  size_t pos = 0;
  while (pos < stream.size()) {
    if (stream.size() - pos < 3) {
      return absl::DataLossError(absl::StrCat("chunk header at offset ", pos, " is cut short"));
    }
    uint32_t header = static_cast<uint32_t>(static_cast<unsigned char>(stream[pos])) |
                      static_cast<uint32_t>(static_cast<unsigned char>(stream[pos + 1])) << 8 |
                      static_cast<uint32_t>(static_cast<unsigned char>(stream[pos + 2])) << 16;
    pos += 3;
    const bool original = (header & 1) != 0;
    const size_t length = header >> 1;
    if (length > stream.size() - pos) {
      return absl::DataLossError(absl::StrCat("chunk at offset ", pos - 3, " claims ", length,
                                              " bytes but only ", stream.size() - pos, " remain"));
    }
    std::string_view chunk = stream.substr(pos, length);
    pos += length;
    const uint64_t room = max_output - out.size();
    if (original) {
      if (length > room) {
        return absl::DataLossError(
            absl::StrCat("stream exceeds the limit of ", max_output, " bytes"));
      }
      out.append(chunk);
      continue;
    }
    const uint64_t capacity = std::min(block_size, room);
    switch (kind) {
      case kZlib:
        RETURN_IF_ERROR(Inflate(chunk, capacity, &out));
        break;
      case kSnappy:
        RETURN_IF_ERROR(Unsnappy(chunk, capacity, &out));
        break;
      case kLz4:
        RETURN_IF_ERROR(Unlz4(chunk, capacity, &out));
        break;
      default:
        RETURN_IF_ERROR(Unzstd(chunk, capacity, &out));
        break;
    }
  }
  return out;
}

}  // namespace almanac::classifiers::orc
