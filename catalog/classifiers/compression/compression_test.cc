// ReadSample over files written by real compressors (testdata/generate.py,
// run first as a fixture; COMPRESSION_FILES names its output directory):
// each codec whole, in several members or frames, bounded by a limit, cut
// short, corrupt; and plain files that only start like compressed ones.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "catalog/classifiers/compression/decompress.h"
#include "catalog/classifiers/sample_reader.h"
#include "gtest/gtest.h"

namespace almanac::classifiers {
namespace {

std::string Dir() {
  const char* dir = std::getenv("COMPRESSION_FILES");
  return dir == nullptr ? std::string() : std::string(dir);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

absl::StatusOr<OwnedSample> Read(const std::string& name, int64_t limit = kJsonSampleBytes) {
  const std::string path = Dir() + "/" + name;
  absl::StatusOr<std::unique_ptr<RandomAccessFile>> file = OpenLocalFile(path);
  if (!file.ok()) return file.status();
  return ReadSample(*std::move(file), path, limit);
}

struct Codec {
  const char* file;
  Compression compression;
  const char* name;  // CompressionName
  const char* codec_in_errors;
};

const Codec kCodecs[] = {
    {"text.gz", Compression::kGzip, "gzip", "gzip"},
    {"text.bz2", Compression::kBzip2, "bzip2", "bzip2"},
    {"text.zst", Compression::kZstd, "zstd", "zstd"},
    {"text.sz", Compression::kSnappyFramed, "snappy", "snappy frame"},
    {"text.lz4", Compression::kLz4, "lz4", "lz4"},
    {"text.hadoop.snappy", Compression::kHadoopSnappy, "snappy", "hadoop snappy"},
};

class CompressionTest : public ::testing::TestWithParam<Codec> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Dir().empty()) << "COMPRESSION_FILES is not set";
    plain_ = Slurp(Dir() + "/plain.txt");
    ASSERT_GT(plain_.size(), 300000u);
  }
  std::string plain_;
};

TEST_P(CompressionTest, WholeFile) {
  absl::StatusOr<OwnedSample> s = Read(GetParam().file);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->sample().compression, GetParam().compression);
  EXPECT_EQ(CompressionName(s->sample().compression), GetParam().name);
  EXPECT_TRUE(s->sample().content_complete);
  EXPECT_TRUE(s->sample().content == plain_)
      << "content differs, " << s->sample().content.size() << " bytes instead of " << plain_.size();
}

TEST_P(CompressionTest, BoundedByTheLimit) {
  for (int64_t limit : {int64_t{1}, int64_t{1000}, int64_t{100000}}) {
    absl::StatusOr<OwnedSample> s = Read(GetParam().file, limit);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_FALSE(s->sample().content_complete) << limit;
    EXPECT_EQ(s->sample().content, std::string_view(plain_).substr(0, limit)) << limit;
  }
  // A limit of exactly the content's size still holds all of it.
  absl::StatusOr<OwnedSample> s = Read(GetParam().file, static_cast<int64_t>(plain_.size()));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->sample().content == plain_);
}

TEST_P(CompressionTest, TruncatedStreamGivesAPrefix) {
  absl::StatusOr<OwnedSample> s = Read(std::string(GetParam().file) + ".trunc");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->sample().compression, GetParam().compression);
  EXPECT_FALSE(s->sample().content_complete);
  EXPECT_GT(s->sample().content.size(), 50000u);
  EXPECT_LT(s->sample().content.size(), plain_.size());
  EXPECT_TRUE(absl::StartsWith(plain_, std::string(s->sample().content)));
}

TEST_P(CompressionTest, CorruptStreamIsDataLoss) {
  const std::string name = std::string(GetParam().file) + ".corrupt";
  absl::StatusOr<OwnedSample> s = Read(name);
  ASSERT_EQ(s.status().code(), absl::StatusCode::kDataLoss) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), name)) << s.status();
  EXPECT_TRUE(absl::StrContains(s.status().message(), GetParam().codec_in_errors)) << s.status();
  // Before the corruption, the prefix reads fine.
  absl::StatusOr<OwnedSample> prefix = Read(name, 100);
  ASSERT_TRUE(prefix.ok()) << prefix.status();
  EXPECT_EQ(prefix->sample().content, std::string_view(plain_).substr(0, 100));
}

INSTANTIATE_TEST_SUITE_P(Codecs, CompressionTest, ::testing::ValuesIn(kCodecs),
                         [](const ::testing::TestParamInfo<Codec>& info) {
                           std::string name = info.param.file;
                           for (char& c : name) {
                             if (c == '.') c = '_';
                           }
                           return name;
                         });

TEST(CompressionTest, SeveralMembersOrFrames) {
  const std::string plain = Slurp(Dir() + "/plain.txt");
  for (const char* name : {"multi.gz", "multi.bz2", "multi.zst", "multi.lz4"}) {
    absl::StatusOr<OwnedSample> s = Read(name);
    ASSERT_TRUE(s.ok()) << name << ": " << s.status();
    EXPECT_TRUE(s->sample().content_complete) << name;
    EXPECT_TRUE(s->sample().content == plain) << name;
  }
}

TEST(CompressionTest, PlainFilesThatOnlyLookCompressed) {
  for (const char* name :
       {"looks_gzip.txt", "looks_bzip2.txt", "looks_hadoop.bin", "plain.txt", "empty.txt"}) {
    absl::StatusOr<OwnedSample> s = Read(name);
    ASSERT_TRUE(s.ok()) << name << ": " << s.status();
    EXPECT_EQ(s->sample().compression, Compression::kNone) << name;
    EXPECT_TRUE(s->sample().content_complete) << name;
    EXPECT_EQ(s->sample().content, Slurp(Dir() + "/" + name)) << name;
  }
}

TEST(CompressionTest, DetectionNeedsTheWholeMagic) {
  using namespace std::string_view_literals;
  EXPECT_EQ(DetectCompression(""), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x1f\x8b"sv), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x1f\x8b\x08"sv), Compression::kGzip);
  EXPECT_EQ(DetectCompression("BZh91AY&SY"), Compression::kBzip2);
  EXPECT_EQ(DetectCompression("BZh01AY&SY"), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x28\xb5\x2f\xfd"sv), Compression::kZstd);
  EXPECT_EQ(DetectCompression("\xff\x06\x00\x00sNaPpY"sv), Compression::kSnappyFramed);
  EXPECT_EQ(DetectCompression("\xff\x06\x00\x00sNaPpZ"sv), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x04\x22\x4d\x18"sv), Compression::kLz4);
  // Hadoop snappy: lengths must agree (chunk's varint 0x20 > block 0x10).
  EXPECT_EQ(DetectCompression("\x00\x00\x00\x20\x00\x00\x00\x10\x20"sv),
            Compression::kHadoopSnappy);
  EXPECT_EQ(DetectCompression("\x00\x00\x00\x10\x00\x00\x00\x10\x20"sv), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x00\x00\x00\x00\x00\x00\x00\x00\x00"sv), Compression::kNone);
}

}  // namespace
}  // namespace almanac::classifiers
