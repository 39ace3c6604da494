// LZ4 frames through liblz4's frame decoder (which checks the block and
// content checksums a frame carries); consecutive frames as lz4(1) reads them.
#include <lz4frame.h>

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

absl::StatusOr<Decompressed> DecompressLz4(const RandomAccessFile& file, std::string_view path,
                                           int64_t limit) {
  LZ4F_dctx* dctx = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION))) {
    return absl::ResourceExhaustedError("cannot start an lz4 frame decoder");
  }
  absl::Cleanup end = [dctx] { LZ4F_freeDecompressionContext(dctx); };
  ChunkReader in(file);
  Decompressed out;
  std::string_view chunk;
  size_t hint = 1;  // 0 at the end of a frame
  while (true) {
    if (chunk.empty()) {
      ASSIGN_OR_RETURN(chunk, in.Next());
      if (chunk.empty()) {
        out.complete = hint == 0;
        return out;
      }
    }
    const int64_t before = static_cast<int64_t>(out.content.size());
    if (before >= limit) {
      out.complete = hint == 0 && chunk.empty() && in.AtEnd();
      return out;
    }
    const int64_t room = std::min(limit - before, kReadChunkBytes);
    out.content.resize(before + room);
    size_t produced = static_cast<size_t>(room);
    size_t consumed = chunk.size();
    hint = LZ4F_decompress(dctx, out.content.data() + before, &produced, chunk.data(), &consumed,
                           nullptr);
    out.content.resize(before + produced);
    if (LZ4F_isError(hint)) {
      return absl::DataLossError(
          absl::StrCat("'", AbslView(path), "': corrupt lz4 frame: ", LZ4F_getErrorName(hint)));
    }
    chunk.remove_prefix(consumed);
  }
}

}  // namespace almanac::classifiers::compression
