#include "catalog/classifiers/parquet/parquet_classifier.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::parquet {
namespace {

using ::testing::HasSubstr;

class StringFile : public RandomAccessFile {
 public:
  explicit StringFile(std::string bytes) : bytes_(std::move(bytes)) {}
  int64_t Size() const override { return static_cast<int64_t>(bytes_.size()); }
  absl::StatusOr<std::string> ReadAt(int64_t offset, int64_t length) const override {
    if (offset > Size()) return absl::OutOfRangeError("past the end");
    return bytes_.substr(offset, length);
  }

 private:
  std::string bytes_;
};

absl::StatusOr<std::optional<Inference>> Classify(std::string bytes,
                                                  Compression c = Compression::kNone) {
  StringFile file(std::move(bytes));
  FileSample sample;
  sample.path = "file:///x.parquet";
  sample.file = &file;
  sample.compression = c;
  return ParquetClassifier().Classify(sample);
}

std::string Le32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

TEST(ParquetClassifierTest, NotParquet) {
  EXPECT_EQ(*Classify(""), std::nullopt);
  EXPECT_EQ(*Classify("PAR"), std::nullopt);
  EXPECT_EQ(*Classify("a,b\n1,2\n"), std::nullopt);
  EXPECT_EQ(*Classify("PAR1" + Le32(0) + "PAR1", Compression::kGzip), std::nullopt);
}

TEST(ParquetClassifierTest, BrokenTailsAreDataLoss) {
  auto code = [](std::string bytes) { return Classify(std::move(bytes)).status().code(); };
  EXPECT_EQ(code("PAR1xx"), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code("PAR1" + std::string(20, 'x')), absl::StatusCode::kDataLoss);
  absl::StatusOr<std::optional<Inference>> r =
      Classify("PAR1" + std::string(8, 'x') + Le32(99999) + "PAR1");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(
      r.status().message(),
      HasSubstr("'file:///x.parquet': parquet footer length 99999 exceeds the file size 20"));
  r = Classify("PAR1" + std::string(8, 'x') + Le32(4) + "PARE");
  EXPECT_THAT(r.status().message(), HasSubstr("encrypted"));
  // A footer that is not compact Thrift.
  r = Classify("PAR1" + std::string(8, '\xff') + Le32(8) + "PAR1");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  // An empty struct decodes but has no schema.
  r = Classify("PAR1" + std::string(1, '\0') + Le32(1) + "PAR1");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("has no schema"));
}

TEST(ParquetClassifierTest, HugeListCountsAreRefusedWithoutAllocating) {
  // FileMetaData field 2 (list of structs) claiming 2^28 elements in a
  // footer of a few bytes.
  std::string footer = "\x19\xfc\x80\x80\x80\x01";
  footer[1] = static_cast<char>(0xfc);
  absl::StatusOr<std::optional<Inference>> r =
      Classify("PAR1" + footer + Le32(static_cast<uint32_t>(footer.size())) + "PAR1");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace almanac::classifiers::parquet
