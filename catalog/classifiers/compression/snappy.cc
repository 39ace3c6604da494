// Snappy in its two file forms, both over libsnappy's raw format:
//
//   - the framing format (framing_format.txt in the snappy sources): a
//     stream identifier chunk, then chunks of (type, 3-byte little-endian
//     length, data); compressed (0x00) and uncompressed (0x01) chunks carry
//     a masked CRC-32C of their uncompressed data, which is checked; their
//     content is at most 65536 bytes. Types 0x02-0x7f are reserved and must
//     not be skipped; 0x80-0xfe are skippable (padding).
//   - Hadoop's block format (BlockCompressorStream with SnappyCodec): blocks
//     of (uncompressed length, 4 bytes big-endian), then chunks of
//     (compressed length, 4 bytes big-endian; raw snappy) until the block's
//     uncompressed length is reached. No checksums; the lengths must agree.
#include <snappy.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/classifiers/compression/chunk_reader.h"
#include "catalog/classifiers/compression/decompress.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::compression {
namespace {

constexpr int64_t kMaxFramedContent = 65536;

// CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), table-driven.
uint32_t Crc32c(std::string_view data) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xffffffffu;
  for (char ch : data) crc = table[(crc ^ static_cast<uint8_t>(ch)) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

// The framing format stores the CRC rotated and offset ("masked") so that
// a CRC of data containing CRCs stays well distributed.
uint32_t MaskedCrc32c(std::string_view data) {
  const uint32_t crc = Crc32c(data);
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

uint32_t LittleEndian32(std::string_view s) {
  return uint32_t{static_cast<uint8_t>(s[0])} | (uint32_t{static_cast<uint8_t>(s[1])} << 8) |
         (uint32_t{static_cast<uint8_t>(s[2])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[3])} << 24);
}

uint32_t BigEndian32(std::string_view s) {
  return (uint32_t{static_cast<uint8_t>(s[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[2])} << 8) | uint32_t{static_cast<uint8_t>(s[3])};
}

absl::Status Corrupt(std::string_view path, std::string_view codec, std::string_view why) {
  return absl::DataLossError(
      absl::StrCat("'", AbslView(path), "': corrupt ", AbslView(codec), ": ", AbslView(why)));
}

// Appends `data` to `out` up to `limit`; false when the limit cut it.
bool Append(std::string_view data, int64_t limit, Decompressed& out) {
  const int64_t room = limit - static_cast<int64_t>(out.content.size());
  if (static_cast<int64_t>(data.size()) > room) {
    out.content.append(data.substr(0, static_cast<size_t>(std::max<int64_t>(room, 0))));
    return false;
  }
  out.content.append(data);
  return true;
}

}  // namespace

absl::StatusOr<Decompressed> DecompressSnappyFramed(const RandomAccessFile& file,
                                                    std::string_view path, int64_t limit) {
  constexpr std::string_view kCodec = "snappy frame";
  ChunkReader in(file);
  Decompressed out;
  std::string raw;
  bool first = true;
  while (true) {
    ASSIGN_OR_RETURN(std::string_view header, in.Read(4));
    if (header.empty()) {
      out.complete = true;
      return out;
    }
    if (header.size() < 4) return out;  // cut short
    const uint8_t type = static_cast<uint8_t>(header[0]);
    const int64_t length = LittleEndian32(header) >> 8;
    if (first && type != 0xff) return Corrupt(path, kCodec, "no stream identifier");
    first = false;
    if (type >= 0x80 && type != 0xff) {  // padding and skippable chunks
      if (!in.Skip(length)) return out;
      continue;
    }
    if (type >= 0x02 && type <= 0x7f) {
      return Corrupt(path, kCodec, absl::StrCat("reserved unskippable chunk type ", type));
    }
    const int64_t max_length =
        type == 0xff ? 6 : 4 + static_cast<int64_t>(snappy::MaxCompressedLength(kMaxFramedContent));
    if (length > max_length || (type != 0xff && length < 4)) {
      return Corrupt(path, kCodec, absl::StrCat("chunk of type ", type, " has length ", length));
    }
    ASSIGN_OR_RETURN(std::string_view body, in.Read(length));
    if (static_cast<int64_t>(body.size()) < length) return out;  // cut short
    if (type == 0xff) {
      if (body != "sNaPpY") return Corrupt(path, kCodec, "bad stream identifier");
      continue;
    }
    const uint32_t crc = LittleEndian32(body);
    std::string_view data = body.substr(4);
    if (type == 0x00) {
      size_t raw_length = 0;
      if (!snappy::GetUncompressedLength(data.data(), data.size(), &raw_length) ||
          raw_length > kMaxFramedContent) {
        return Corrupt(path, kCodec, "bad chunk length");
      }
      raw.resize(raw_length);
      if (!snappy::RawUncompress(data.data(), data.size(), raw.data())) {
        return Corrupt(path, kCodec, "chunk does not decompress");
      }
      data = raw;
    } else if (static_cast<int64_t>(data.size()) > kMaxFramedContent) {
      return Corrupt(path, kCodec, "uncompressed chunk over 65536 bytes");
    }
    if (MaskedCrc32c(data) != crc) return Corrupt(path, kCodec, "chunk checksum mismatch");
    if (!Append(data, limit, out)) return out;
    if (static_cast<int64_t>(out.content.size()) == limit && !in.AtEnd()) return out;
  }
}

absl::StatusOr<Decompressed> DecompressHadoopSnappy(const RandomAccessFile& file,
                                                    std::string_view path, int64_t limit) {
  constexpr std::string_view kCodec = "hadoop snappy block";
  ChunkReader in(file);
  Decompressed out;
  std::string raw;
  while (true) {
    ASSIGN_OR_RETURN(std::string_view header, in.Read(4));
    if (header.empty()) {
      out.complete = true;
      return out;
    }
    if (header.size() < 4) return out;
    int64_t block_left = BigEndian32(header);
    while (block_left > 0) {
      ASSIGN_OR_RETURN(std::string_view chunk_header, in.Read(4));
      if (chunk_header.size() < 4) return out;
      const int64_t length = BigEndian32(chunk_header);
      if (length == 0 || length > kMaxHadoopChunkBytes) {
        return Corrupt(path, kCodec, absl::StrCat("chunk length ", length));
      }
      ASSIGN_OR_RETURN(std::string_view data, in.Read(length));
      if (static_cast<int64_t>(data.size()) < length) return out;
      size_t raw_length = 0;
      if (!snappy::GetUncompressedLength(data.data(), data.size(), &raw_length) ||
          static_cast<int64_t>(raw_length) > block_left || raw_length > kMaxHadoopChunkBytes) {
        return Corrupt(path, kCodec, "chunk longer than its block");
      }
      raw.resize(raw_length);
      if (!snappy::RawUncompress(data.data(), data.size(), raw.data())) {
        return Corrupt(path, kCodec, "chunk does not decompress");
      }
      block_left -= static_cast<int64_t>(raw_length);
      if (!Append(raw, limit, out)) return out;
      if (static_cast<int64_t>(out.content.size()) == limit && (block_left > 0 || !in.AtEnd())) {
        return out;
      }
    }
  }
}

}  // namespace almanac::classifiers::compression
