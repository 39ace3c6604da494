// gzip (RFC 1952) through zlib's inflate, members concatenated as gzip(1)
// reads them.
#include <zlib.h>

#include <algorithm>
#include <string_view>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/classifiers/compression/chunk_reader.h"
#include "catalog/classifiers/compression/decompress.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::compression {

absl::StatusOr<Decompressed> DecompressGzip(const RandomAccessFile& file, std::string_view path,
                                            int64_t limit) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper, whose CRC-32 and length inflate checks.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return absl::ResourceExhaustedError("cannot start a zlib inflate stream");
  }
  absl::Cleanup end = [&zs] { inflateEnd(&zs); };
  ChunkReader in(file);
  Decompressed out;
  bool between_members = false;
  while (true) {
    if (zs.avail_in == 0) {
      ASSIGN_OR_RETURN(std::string_view chunk, in.Next());
      if (chunk.empty()) {
        // The end of the file: complete only between members.
        out.complete = between_members;
        return out;
      }
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
      zs.avail_in = static_cast<uInt>(chunk.size());
    }
    if (between_members) {
      // Another member, or trailing bytes gzip(1) ignores (tar's zero
      // padding): the content ended with the last member.
      if (*zs.next_in != 0x1f) {
        out.complete = true;
        return out;
      }
      between_members = false;
    }
    const int64_t before = static_cast<int64_t>(out.content.size());
    if (before >= limit) return out;
    const int64_t room = std::min(limit - before, kReadChunkBytes);
    out.content.resize(before + room);
    zs.next_out = reinterpret_cast<Bytef*>(out.content.data() + before);
    zs.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.content.resize(before + room - zs.avail_out);
    if (rc == Z_STREAM_END) {
      between_members = true;
      inflateReset(&zs);
    } else if (rc == Z_BUF_ERROR) {
      continue;  // needs more input: the loop reads it
    } else if (rc != Z_OK) {
      return absl::DataLossError(absl::StrCat("'", AbslView(path), "': corrupt gzip stream: ",
                                              zs.msg != nullptr ? zs.msg : "inflate failed"));
    }
  }
}

}  // namespace almanac::classifiers::compression
