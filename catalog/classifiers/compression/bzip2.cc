// bzip2 through libbz2, streams concatenated as bzip2(1) and pbzip2 write
// them. bzip2 checks a block's CRC only once the whole block (up to 900 KB)
// is out, so content from a corrupt block can precede the DataLoss, and a
// limit that falls inside such a block returns it without one; a stream cut
// inside its first block yields no content at all.
#include <bzlib.h>

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

absl::StatusOr<Decompressed> DecompressBzip2(const RandomAccessFile& file, std::string_view path,
                                             int64_t limit) {
  bz_stream bz{};
  if (BZ2_bzDecompressInit(&bz, 0, 0) != BZ_OK) {
    return absl::ResourceExhaustedError("cannot start a bzip2 stream");
  }
  bool open = true;
  absl::Cleanup end = [&] {
    if (open) BZ2_bzDecompressEnd(&bz);
  };
  ChunkReader in(file);
  Decompressed out;
  bool between_streams = false;
  while (true) {
    if (bz.avail_in == 0) {
      ASSIGN_OR_RETURN(std::string_view chunk, in.Next());
      if (chunk.empty()) {
        out.complete = between_streams;
        return out;
      }
      bz.next_in = const_cast<char*>(chunk.data());
      bz.avail_in = static_cast<unsigned>(chunk.size());
    }
    if (between_streams) {
      if (*bz.next_in != 'B') {  // not another "BZh" stream: trailing bytes
        out.complete = true;
        return out;
      }
      if (BZ2_bzDecompressInit(&bz, 0, 0) != BZ_OK) {
        return absl::ResourceExhaustedError("cannot start a bzip2 stream");
      }
      open = true;
      between_streams = false;
    }
    const int64_t before = static_cast<int64_t>(out.content.size());
    if (before >= limit) return out;
    const int64_t room = std::min(limit - before, kReadChunkBytes);
    out.content.resize(before + room);
    bz.next_out = out.content.data() + before;
    bz.avail_out = static_cast<unsigned>(room);
    const int rc = BZ2_bzDecompress(&bz);
    out.content.resize(before + room - bz.avail_out);
    if (rc == BZ_STREAM_END) {
      // BZ2_bzDecompressEnd keeps next_in/avail_in: the rest of the chunk.
      BZ2_bzDecompressEnd(&bz);
      open = false;
      between_streams = true;
    } else if (rc != BZ_OK) {
      const char* why = rc == BZ_DATA_ERROR_MAGIC ? "bad stream magic"
                        : rc == BZ_MEM_ERROR      ? "out of memory"
                                                  : "bad block data or checksum";
      return absl::DataLossError(
          absl::StrCat("'", AbslView(path), "': corrupt bzip2 stream: ", why));
    }
  }
}

}  // namespace almanac::classifiers::compression
