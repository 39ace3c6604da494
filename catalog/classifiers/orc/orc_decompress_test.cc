#include "catalog/classifiers/orc/orc_decompress.h"

#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

#include "gtest/gtest.h"

namespace almanac::classifiers::orc {
namespace {

std::string Header(size_t length, bool original) {
  uint32_t v = static_cast<uint32_t>(length << 1 | (original ? 1 : 0));
  return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16)};
}

std::string RawDeflate(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = in.size();
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = out.size();
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

const std::string kText = std::string(1000, 'a') + "the footer" + std::string(500, 'b');

TEST(OrcDecompressTest, EachCodecRoundTrips) {
  std::string snappy_out;
  snappy::Compress(kText.data(), kText.size(), &snappy_out);
  std::string lz4_out(LZ4_compressBound(kText.size()), '\0');
  lz4_out.resize(LZ4_compress_default(kText.data(), lz4_out.data(), kText.size(), lz4_out.size()));
  std::string zstd_out(ZSTD_compressBound(kText.size()), '\0');
  zstd_out.resize(ZSTD_compress(zstd_out.data(), zstd_out.size(), kText.data(), kText.size(), 3));
  std::string deflated = RawDeflate(kText);
  struct Case {
    uint32_t kind;
    std::string chunk;
  } cases[] = {{kZlib, deflated}, {kSnappy, snappy_out}, {kLz4, lz4_out}, {kZstd, zstd_out}};
  for (const Case& c : cases) {
    // A compressed chunk, then an original one.
    std::string stream = Header(c.chunk.size(), false) + c.chunk + Header(3, true) + "end";
    absl::StatusOr<std::string> out = Decompress(c.kind, stream, 256 << 10, 1 << 20);
    ASSERT_TRUE(out.ok()) << CompressionKindName(c.kind) << ": " << out.status();
    EXPECT_EQ(*out, kText + "end") << CompressionKindName(c.kind);
    // Above the block size.
    EXPECT_EQ(Decompress(c.kind, stream, 100, 1 << 20).status().code(), absl::StatusCode::kDataLoss)
        << CompressionKindName(c.kind);
    // Above the output limit.
    EXPECT_EQ(Decompress(c.kind, stream, 256 << 10, 1000).status().code(),
              absl::StatusCode::kDataLoss)
        << CompressionKindName(c.kind);
    // Cut in the middle of the chunk.
    EXPECT_EQ(Decompress(c.kind, stream.substr(0, 3 + c.chunk.size() / 2), 256 << 10, 1 << 20)
                  .status()
                  .code(),
              absl::StatusCode::kDataLoss)
        << CompressionKindName(c.kind);
    // A chunk header claiming more than the stream holds.
    std::string lying = Header(c.chunk.size() + 10, false) + c.chunk;
    EXPECT_EQ(Decompress(c.kind, lying, 256 << 10, 1 << 20).status().code(),
              absl::StatusCode::kDataLoss);
  }
}

TEST(OrcDecompressTest, NoneAndUnsupported) {
  EXPECT_EQ(*Decompress(kNone, "plain", 0, 100), "plain");
  EXPECT_EQ(Decompress(kLzo, "xyz", 256, 100).status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Decompress(9, "xyz", 256, 100).status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Decompress(kZlib, "\x01", 256, 100).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace almanac::classifiers::orc
