// zstd frames (RFC 8878) through libzstd's streaming decoder; consecutive
// frames and skippable frames are read as zstd(1) reads them.
#include <zstd.h>
#include <zstd_errors.h>

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

absl::StatusOr<Decompressed> DecompressZstd(const RandomAccessFile& file, std::string_view path,
                                            int64_t limit) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return absl::ResourceExhaustedError("cannot start a zstd stream");
  absl::Cleanup end = [dctx] { ZSTD_freeDCtx(dctx); };
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, kMaxZstdWindowLog);
  ChunkReader in(file);
  Decompressed out;
  ZSTD_inBuffer input{nullptr, 0, 0};
  // 0 once a frame is complete and flushed: the only place the file may end.
  size_t hint = 1;
  while (true) {
    if (input.pos == input.size) {
      ASSIGN_OR_RETURN(std::string_view chunk, in.Next());
      if (chunk.empty()) {
        out.complete = hint == 0;
        return out;
      }
      input = ZSTD_inBuffer{chunk.data(), chunk.size(), 0};
    }
    const int64_t before = static_cast<int64_t>(out.content.size());
    if (before >= limit) {
      out.complete = hint == 0 && input.pos == input.size && in.AtEnd();
      return out;
    }
    const int64_t room = std::min(limit - before, kReadChunkBytes);
    out.content.resize(before + room);
    ZSTD_outBuffer output{out.content.data() + before, static_cast<size_t>(room), 0};
    hint = ZSTD_decompressStream(dctx, &output, &input);
    out.content.resize(before + output.pos);
    if (ZSTD_isError(hint)) {
      if (ZSTD_getErrorCode(hint) == ZSTD_error_frameParameter_windowTooLarge) {
        return absl::ResourceExhaustedError(
            absl::StrCat("'", AbslView(path), "': zstd frame needs a window over ",
                         1 << (kMaxZstdWindowLog - 20), " MiB (written with --long?)"));
      }
      return absl::DataLossError(
          absl::StrCat("'", AbslView(path), "': corrupt zstd stream: ", ZSTD_getErrorName(hint)));
    }
  }
}

}  // namespace almanac::classifiers::compression
