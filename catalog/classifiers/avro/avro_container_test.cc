// The container header and block walk over hand-made bytes (the cases in
// testdata/cases.txt cover files from real writers): lengths that lie,
// headers cut short or too large, the classifier's answers on them.
#include "catalog/classifiers/avro/avro_container.h"

#include <string>

#include "absl/strings/match.h"
#include "catalog/classifiers/avro/avro_classifier.h"
#include "catalog/classifiers/testing/memory_file.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::avro {
namespace {

using ::almanac::classifiers::testing::MemoryFile;

std::string Long(int64_t v) {
  uint64_t n = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  std::string out;
  do {
    uint8_t b = n & 0x7f;
    n >>= 7;
    out.push_back(static_cast<char>(n ? b | 0x80 : b));
  } while (n);
  return out;
}

std::string Str(const std::string& s) { return Long(static_cast<int64_t>(s.size())) + s; }

const std::string kSync = "0123456789abcdef";
const std::string kSchema = R"({"type":"record","name":"R","fields":[{"name":"a","type":"long"}]})";

std::string Header(const std::string& codec = "null") {
  return std::string("Obj\x01", 4) + Long(2) + Str("avro.schema") + Str(kSchema) +
         Str("avro.codec") + Str(codec) + Long(0) + kSync;
}

std::string Block(int64_t count, const std::string& data) {
  return Long(count) + Long(static_cast<int64_t>(data.size())) + data + kSync;
}

absl::StatusOr<std::optional<Inference>> Classify(const std::string& bytes) {
  MemoryFile file(bytes);
  FileSample sample;
  sample.path = "mem://x.avro";
  sample.file = &file;
  return AvroClassifier().Classify(sample);
}

TEST(AvroContainer, CountsRecordsAcrossBlocks) {
  auto got = Classify(Header() + Block(2, "\x02\x04") + Block(1, "\x06") + Block(0, ""));
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->record_count, 3);
  EXPECT_EQ((*got)->columns.size(), 1u);
}

TEST(AvroContainer, NegativeBlockCountIsBlockSizeForm) {
  // A metadata block with a negative count carries its byte size.
  std::string entries = Str("avro.schema") + Str(kSchema);
  std::string bytes = std::string("Obj\x01", 4) + Long(-1) +
                      Long(static_cast<int64_t>(entries.size())) + entries + Long(0) + kSync;
  auto got = Classify(bytes);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->record_count, 0);
}

struct Broken {
  const char* what;
  std::string bytes;
  const char* error;
};

TEST(AvroContainer, BrokenHeadersAreDataLoss) {
  const std::string magic("Obj\x01", 4);
  const Broken cases[] = {
      {"magic only", magic, "cut short"},
      {"schema length past the end", magic + Long(1) + Str("avro.schema") + Long(1 << 30) + "{",
       "cut short"},
      {"negative value length", magic + Long(1) + Str("avro.schema") + Long(-3), "negative length"},
      {"negative key length", magic + Long(1) + Long(-1), "negative length"},
      {"varint over 10 bytes", magic + std::string(11, '\xff'), "bad varint"},
      {"no schema", magic + Long(1) + Str("avro.codec") + Str("null") + Long(0) + kSync,
       "no avro.schema"},
      {"no sync", magic + Long(1) + Str("avro.schema") + Str(kSchema) + Long(0) + "0123",
       "cut short"},
      {"huge metadata",
       magic + Long(1) + Str("avro.schema") + Str(std::string(5 << 20, ' ')) + Long(0) + kSync,
       "metadata exceeds 4194304 bytes"},
      {"unknown codec", Header("brotli"), "unknown avro codec 'brotli'"},
      {"sync mismatch", Header() + Long(1) + Long(1) + "\x02" + "fedcba9876543210",
       "sync marker mismatch at offset"},
      {"negative block count", Header() + Long(-1) + Long(0) + kSync, "has count -1"},
      {"schema not json", magic + Long(1) + Str("avro.schema") + Str("{oops") + Long(0) + kSync,
       "avro schema: the schema is not JSON"},
  };
  for (const Broken& c : cases) {
    auto got = Classify(c.bytes);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss) << c.what << ": " << got.status();
    EXPECT_TRUE(absl::StrContains(got.status().message(), c.error))
        << c.what << ": " << got.status();
    EXPECT_TRUE(absl::StrContains(got.status().message(), "'mem://x.avro'")) << c.what;
  }
}

TEST(AvroContainer, NotAvro) {
  for (const std::string& bytes : {std::string(), std::string("Obj"),
                                   std::string("Obj\x02xxxxxxxx", 12), std::string("a,b\n")}) {
    auto got = Classify(bytes);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_FALSE(got->has_value());
  }
  // Whole-file compressed: never a container, whatever the bytes.
  MemoryFile file(Header());
  FileSample sample;
  sample.file = &file;
  sample.compression = Compression::kGzip;
  auto got = AvroClassifier().Classify(sample);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

TEST(AvroContainer, CutInsideTheDataLeavesTheCountUnknown) {
  const std::string first = Header() + Block(2, "\x02\x04");
  const std::string whole = first + Block(1, "\x06");
  for (size_t cut = Header().size() + 1; cut < whole.size(); ++cut) {
    auto got = Classify(whole.substr(0, cut));
    ASSERT_TRUE(got.ok()) << cut << ": " << got.status();
    ASSERT_TRUE(got->has_value());
    // Cut between blocks, the file is whole as far as it goes.
    EXPECT_EQ((*got)->record_count, cut == first.size() ? std::optional<int64_t>(2) : std::nullopt)
        << cut;
  }
}

TEST(AvroContainer, TooManyBlocksLeavesTheCountUnknown) {
  std::string bytes = Header();
  for (int64_t i = 0; i <= kMaxCountedBlocks; ++i) bytes += Block(1, "\x02");
  auto got = Classify(bytes);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->record_count, std::nullopt);
}

}  // namespace
}  // namespace almanac::classifiers::avro
