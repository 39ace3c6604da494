// Table and partition planning over hand-built folder trees (the classifier
// results are given, so each case shows one rule of layout.h).
#include "catalog/crawler/layout.h"

#include "gtest/gtest.h"

namespace almanac::crawler {
namespace {

FileInfo File(std::string name, std::vector<model::Column> columns,
              std::string classification = "parquet", int64_t records = 10) {
  FileInfo f;
  f.name = std::move(name);
  f.size = 1000;
  classifiers::Inference i;
  i.classification = std::move(classification);
  i.certainty = 1.0;
  i.columns = std::move(columns);
  i.serde.serialization_library = "serde";
  f.record_count = records;
  f.inference = std::make_shared<const classifiers::Inference>(std::move(i));
  f.compression = "none";
  return f;
}

FolderNode Folder(std::string name, std::string rel, std::vector<FileInfo> files,
                  std::vector<FolderNode> children = {}) {
  return FolderNode{std::move(name), std::move(rel), std::move(files), std::move(children)};
}

const std::vector<model::Column> kAB = {{"a", "int", ""}, {"b", "string", ""}};
const std::vector<model::Column> kCD = {{"c", "int", ""}, {"d", "string", ""}};

TEST(Layout, KeyValueFoldersArePartitionsOfOneTable) {
  FolderNode root = Folder(
      "", "", {},
      {Folder("year=2017", "year=2017",
              {}, {Folder("month=01", "year=2017/month=01", {File("p0.parquet", kAB)})}),
       Folder("year=2018", "year=2018", {},
              {Folder("month=02", "year=2018/month=02",
                      {File("p0.parquet", kAB), File("p1.parquet", kAB, "parquet", 5)})})});
  Layout l = PlanTables(root, "Sales-Data", {});
  ASSERT_EQ(l.tables.size(), 1u);
  const PlannedTable& t = l.tables[0];
  EXPECT_EQ(t.name, "sales_data");
  ASSERT_EQ(t.partition_keys.size(), 2u);
  EXPECT_EQ(t.partition_keys[0].name, "year");
  EXPECT_EQ(t.partition_keys[1].name, "month");
  EXPECT_EQ(t.partition_keys[1].type, "string");
  ASSERT_EQ(t.partitions.size(), 2u);
  EXPECT_EQ(t.partitions[1].values, (std::vector<std::string>{"2018", "02"}));
  EXPECT_EQ(t.partitions[1].rel_path, "year=2018/month=02");
  EXPECT_EQ(t.object_count, 3);
  EXPECT_EQ(t.record_count, 25);
  EXPECT_TRUE(l.skipped.empty());
}

TEST(Layout, DissimilarSiblingsAreSeparateTablesAsGlueNamesThem) {
  FolderNode root = Folder("", "", {},
                           {Folder("year=2017", "year=2017", {File("a.parquet", kAB)}),
                            Folder("year=2018", "year=2018", {File("b.parquet", kCD)})});
  Layout l = PlanTables(root, "data", {});
  ASSERT_EQ(l.tables.size(), 2u);
  EXPECT_EQ(l.tables[0].name, "year_2017");
  EXPECT_EQ(l.tables[1].name, "year_2018");
  EXPECT_TRUE(l.tables[0].partition_keys.empty());
  // Combining compatible schemas makes them one table.
  Layout combined = PlanTables(root, "data", {.combine_compatible_schemas = true});
  ASSERT_EQ(combined.tables.size(), 1u);
  EXPECT_EQ(combined.tables[0].columns.size(), 4u);
  EXPECT_EQ(combined.tables[0].partition_keys[0].name, "year");
}

TEST(Layout, SimilarEnoughSchemasMergeAndPlainFoldersGetPartitionN) {
  std::vector<model::Column> abc = {{"a", "int", ""}, {"b", "string", ""}, {"c", "bigint", ""}};
  std::vector<model::Column> abcd = abc;
  abcd.push_back({"d", "double", ""});
  FolderNode root = Folder("", "", {},
                           {Folder("2024", "2024", {File("x.parquet", abc)}),
                            Folder("2025", "2025", {File("y.parquet", abcd)})});
  Layout l = PlanTables(root, "t", {.partition_threshold = 0.7, .table_prefix = "raw_"});
  ASSERT_EQ(l.tables.size(), 1u);  // 3 of 4 columns = 75% >= 70%
  EXPECT_EQ(l.tables[0].name, "raw_t");
  EXPECT_EQ(l.tables[0].partition_keys[0].name, "partition_0");
  EXPECT_EQ(l.tables[0].columns.size(), 4u);
  Layout strict = PlanTables(root, "t", {.partition_threshold = 0.8});
  EXPECT_EQ(strict.tables.size(), 2u);
}

TEST(Layout, MixedFormatsAndFilesBesideFoldersAreReported) {
  FolderNode root = Folder(
      "", "", {File("stray.csv", kAB, "csv")},
      {Folder("dt=1", "dt=1", {File("a.json", kAB, "json"), File("b.json", kAB, "json"),
                               File("c.csv", kAB, "csv")}),
       Folder("dt=2", "dt=2", {File("d.json", kAB, "json")})});
  Layout l = PlanTables(root, "events", {});
  ASSERT_EQ(l.tables.size(), 1u);
  EXPECT_EQ(l.tables[0].format.classification, "json");
  EXPECT_EQ(l.tables[0].object_count, 3);
  ASSERT_EQ(l.skipped.size(), 2u);
  EXPECT_EQ(l.skipped[0].path, "dt=1/c.csv");
  EXPECT_EQ(l.skipped[1].path, "stray.csv");
}

TEST(Layout, PartitionKeyCollidingWithAColumnIsRenamedAndValuesUnescaped) {
  std::vector<model::Column> with_dt = {{"dt", "string", ""}, {"v", "int", ""}};
  FolderNode root = Folder("", "", {},
                           {Folder("dt=2024-01-01%3A00", "dt=2024-01-01%3A00",
                                   {File("a.parquet", with_dt)}),
                            Folder("dt=2024-01-02", "dt=2024-01-02", {File("b.parquet", with_dt)})});
  Layout l = PlanTables(root, "t", {});
  ASSERT_EQ(l.tables.size(), 1u);
  EXPECT_EQ(l.tables[0].partition_keys[0].name, "dt_0");
  EXPECT_EQ(l.tables[0].partitions[0].values[0], "2024-01-01:00");
}

TEST(Layout, UnsampledFilesCountAndUnreadableOnesDoNot) {
  FileInfo unsampled;
  unsampled.name = "later.parquet";
  unsampled.size = 3000;
  unsampled.sampled = false;
  FileInfo broken;
  broken.name = "broken.parquet";
  broken.size = 7;
  FolderNode root = Folder("", "", {File("a.parquet", kAB), unsampled, broken});
  Layout l = PlanTables(root, "t", {});
  ASSERT_EQ(l.tables.size(), 1u);
  EXPECT_EQ(l.tables[0].object_count, 2);
  EXPECT_EQ(l.tables[0].size_bytes, 4000);
}

}  // namespace
}  // namespace almanac::crawler
