#include "storage/sqlite/stats_codec.h"

#include "gtest/gtest.h"

namespace almanac::storage::sqlite {
namespace {

TEST(StatsCodecTest, BytesSurviveExactly) {
  model::LongColumnStats s;
  s.low = -3;
  s.bit_vectors = std::string("\x00\x01\xfe\xff", 4);
  s.histogram = std::string(300, '\x80');
  model::ColumnStatisticsData data = s;
  auto back = ColumnStatsDataFromJson(ColumnStatsDataToJson(data), "x");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, data);
  EXPECT_FALSE(std::get<model::LongColumnStats>(*back).high.has_value());
}

TEST(StatsCodecTest, DateIsNotReadBackAsLong) {
  model::DateColumnStats d;
  d.low = 1;
  auto back = ColumnStatsDataFromJson(ColumnStatsDataToJson(d), "x");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(std::holds_alternative<model::DateColumnStats>(*back));
}

TEST(StatsCodecTest, CorruptBodiesAreDataLoss) {
  for (const char* body : {"", "{}", "{\"kind\":\"nope\"}", "{\"kind\":\"long\"}",
                           "{\"kind\":\"binary\",\"max_col_len\":1,\"avg_col_len\":1,"
                           "\"num_nulls\":1,\"bit_vectors\":\"!!!\"}"}) {
    EXPECT_EQ(ColumnStatsDataFromJson(body, "statistics of column 'db.t.c'").status().code(),
              absl::StatusCode::kDataLoss)
        << body;
  }
}

TEST(StatsCodecTest, FunctionBody) {
  model::Function f;
  f.type = model::FunctionType::kJava;
  f.resources = {{model::ResourceType::kFile, "file:/a"}};
  model::Function back;
  ASSERT_TRUE(FunctionBodyFromJson(FunctionBodyToJson(f), "x", &back).ok());
  EXPECT_EQ(back.resources, f.resources);
  EXPECT_EQ(FunctionBodyFromJson("[", "function 'db.f'", &back).code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace almanac::storage::sqlite
