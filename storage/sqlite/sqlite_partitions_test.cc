// Partition storage of the SQLite backend: CRUD, scans with every filter kind
// with and without partition indexes, segments, paging, storage descriptor
// interning, renames with locations, and the size and speed at scale.
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "catalog/model/key_value.h"
#include "gtest/gtest.h"
#include "storage/sqlite/filter_sql.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;
using Op = PartitionFilter::Op;
using Names = std::vector<std::string>;

int64_t Days(const std::string& date) {
  return std::get<int64_t>(model::EncodeKeyValue(model::KeyCategory::kDate, date));
}

// Runs one SQL statement on the file directly, for facts the Store does not
// expose (row counts of internal tables, the list of SQLite indexes).
int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

class SqlitePartitionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("catalog.db");
    auto store = OpenSqliteStore({.path = path_});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    table_ = MakeTable("db", "t", {{"year", "int"}, {"region", "string"}, {"ds", "date"}});
    auto w = Write();
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE(w->tables().CreateTable(table_).ok());
    ASSERT_TRUE(w->Commit().ok());
  }

  std::unique_ptr<WriteTransaction> Write() {
    auto txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }
  std::unique_ptr<ReadTransaction> Read() {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }

  // 3 years x 2 regions x 2 days, plus a default-partition year and a year
  // that is not an integer (kept as text).
  void AddSample() {
    std::vector<model::Partition> parts;
    for (const char* year : {"2021", "2022", "2023"}) {
      for (const char* region : {"eu", "us"}) {
        for (const char* ds : {"2024-01-01", "2024-01-02"}) {
          parts.push_back(MakePartition(table_, {year, region, ds}));
        }
      }
    }
    parts.push_back(MakePartition(table_, {"", "eu", "2024-01-01"}));
    parts.push_back(MakePartition(table_, {"abc", "us", "2024-01-02"}));
    auto w = Write();
    ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
    ASSERT_TRUE(w->Commit().ok());
  }

  Names ScanNames(const PartitionScan& scan, ScanStats* stats = nullptr) {
    Names out;
    auto r = Read();
    absl::Status s = r->partitions().ScanPartitionNames(
        "db", "t", scan,
        [&](std::string_view name) {
          out.emplace_back(name);
          return true;
        },
        stats);
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  Names ScanFull(const PartitionScan& scan) {
    Names out;
    auto r = Read();
    absl::Status s = r->partitions().ScanPartitions(
        "db", "t", scan,
        [&](model::Partition&& p) {
          out.push_back(absl::StrCat("year=", p.values[0].empty() ? "?" : p.values[0],
                                     "/region=", p.values[1], "/ds=", p.values[2]));
          return true;
        },
        nullptr);
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  // Every matching name, computed from the sample's values in C++.
  static Names Expected(const std::function<bool(const std::string&, const std::string&,
                                                 const std::string&)>& pred) {
    Names out;
    std::vector<std::array<std::string, 3>> all;
    for (const char* year : {"2021", "2022", "2023"}) {
      for (const char* region : {"eu", "us"}) {
        for (const char* ds : {"2024-01-01", "2024-01-02"}) all.push_back({year, region, ds});
      }
    }
    all.push_back({"__HIVE_DEFAULT_PARTITION__", "eu", "2024-01-01"});
    all.push_back({"abc", "us", "2024-01-02"});
    for (const auto& v : all) {
      if (pred(v[0], v[1], v[2])) out.push_back(absl::StrCat("year=", v[0], "/region=", v[1],
                                                             "/ds=", v[2]));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  model::Table table_;
};

TEST_F(SqlitePartitionsTest, CreateGetUpdateDelete) {
  auto w = Write();
  model::Partition p = MakePartition(table_, {"2024", "eu", "2024-03-01"});
  p.parameters = {{"numFiles", "3"}, {"totalSize", "1024"}};
  p.last_access_time = 5;
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", {p}).ok());
  auto got = w->partitions().GetPartition("db", "t", p.values);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, p);

  absl::Status missing =
      w->partitions().GetPartition("db", "t", {"1999", "eu", "2024-03-01"}).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "partition 'db.t/year=1999/region=eu/ds=2024-03-01' not found");
  EXPECT_EQ(w->partitions().GetPartition("db", "t", {"1999"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(w->partitions().GetPartition("db", "nope", p.values).status().code(),
            absl::StatusCode::kNotFound);

  // Update in place, then rename onto new values.
  model::Partition changed = p;
  changed.parameters["numFiles"] = "4";
  changed.sd.location = "s3://elsewhere/x";
  ASSERT_TRUE(w->partitions().UpdatePartition("db", "t", p.values, changed).ok());
  EXPECT_EQ(*w->partitions().GetPartition("db", "t", p.values), changed);
  model::Partition renamed = changed;
  renamed.values = {"2025", "eu", "2024-03-01"};
  ASSERT_TRUE(w->partitions().UpdatePartition("db", "t", p.values, renamed).ok());
  EXPECT_EQ(w->partitions().GetPartition("db", "t", p.values).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(*w->partitions().GetPartition("db", "t", renamed.values), renamed);
  EXPECT_EQ(w->partitions().UpdatePartition("db", "t", p.values, renamed).code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", {p}).ok());
  absl::Status clash = w->partitions().UpdatePartition("db", "t", p.values, renamed);
  EXPECT_EQ(clash.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(clash.message(), "partition 'db.t/year=2025/region=eu/ds=2024-03-01' already exists");

  ASSERT_TRUE(w->partitions().DeletePartition("db", "t", p.values).ok());
  absl::Status gone = w->partitions().DeletePartition("db", "t", p.values);
  EXPECT_EQ(gone.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(gone.message(), "partition 'db.t/year=2024/region=eu/ds=2024-03-01' not found");
  ASSERT_TRUE(w->Commit().ok());
}

TEST_F(SqlitePartitionsTest, DeletePartitionsReturnsWhatItDeleted) {
  auto w = Write();
  model::Partition a = MakePartition(table_, {"2024", "eu", "2024-03-01"});
  a.parameters = {{"numFiles", "3"}};
  model::Partition b = MakePartition(table_, {"2024", "us", "2024-03-01"});
  b.sd.location = "s3://elsewhere/b";
  model::Partition c = MakePartition(table_, {"2024", "", "2024-03-01"});  // default partition
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", {a, b, c}).ok());

  // A missing partition: NotFound, and nothing is deleted.
  absl::StatusOr<std::vector<model::Partition>> missing = w->partitions().DeletePartitions(
      "db", "t", {a.values, {"1999", "eu", "2024-03-01"}}, false);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "partition 'db.t/year=1999/region=eu/ds=2024-03-01' not found");
  EXPECT_EQ(*w->partitions().CountPartitions("db", "t", PartitionFilter::True()), 3);

  // if_exists skips it; the rest come back as stored, in the order asked.
  absl::StatusOr<std::vector<model::Partition>> dropped = w->partitions().DeletePartitions(
      "db", "t", {c.values, {"1999", "eu", "2024-03-01"}, b.values}, true);
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  model::Partition c_stored = c;
  c_stored.values[1] = model::kDefaultPartitionName;
  c_stored.sd.location = absl::StrCat(table_.sd.location,
                                      "/year=2024/region=__HIVE_DEFAULT_PARTITION__/ds=2024-03-01");
  EXPECT_EQ(*dropped, (std::vector<model::Partition>{c_stored, b}));
  EXPECT_EQ(*w->partitions().CountPartitions("db", "t", PartitionFilter::True()), 1);
  EXPECT_EQ(*w->partitions().GetPartition("db", "t", a.values), a);
  EXPECT_EQ(w->partitions().DeletePartitions("db", "nope", {a.values}, true).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->Commit().ok());
}

// Hundreds of partitions span several delete statements: a partition named
// last and missing still refuses the whole batch, and what is deleted comes
// back whole, in the order asked, a name asked twice once.
TEST_F(SqlitePartitionsTest, DeletePartitionsInManyChunks) {
  auto w = Write();
  std::vector<model::Partition> parts;
  for (int i = 0; i < 300; ++i) {
    parts.push_back(MakePartition(table_, {absl::StrCat(2000 + i), "eu", "2024-01-01"}));
  }
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
  std::vector<std::vector<std::string>> values;
  std::vector<model::Partition> expected;
  for (int i = 299; i >= 40; --i) {  // descending: not the order storage deletes in
    values.push_back(parts[i].values);
    expected.push_back(parts[i]);
    if (i == 200) values.push_back(parts[i].values);  // asked twice
  }
  values.push_back({"1999", "eu", "2024-01-01"});
  absl::StatusOr<std::vector<model::Partition>> missing =
      w->partitions().DeletePartitions("db", "t", values, false);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "partition 'db.t/year=1999/region=eu/ds=2024-01-01' not found");
  EXPECT_EQ(*w->partitions().CountPartitions("db", "t", PartitionFilter::True()), 300);

  absl::StatusOr<std::vector<model::Partition>> dropped =
      w->partitions().DeletePartitions("db", "t", values, true);
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  ASSERT_EQ(dropped->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ((*dropped)[i], expected[i]) << i;
  EXPECT_EQ(*w->partitions().CountPartitions("db", "t", PartitionFilter::True()), 40);
  EXPECT_EQ(*w->partitions().GetPartition("db", "t", parts[39].values), parts[39]);
  EXPECT_EQ(w->partitions().GetPartition("db", "t", parts[40].values).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->Commit().ok());
}

TEST_F(SqlitePartitionsTest, CreateErrors) {
  auto w = Write();
  EXPECT_EQ(w->partitions().CreatePartitions("db", "nope", {}).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(w->partitions().CreatePartitions("nodb", "t", {}).code(), absl::StatusCode::kNotFound);
  model::Partition short_values = MakePartition(table_, {"2024"});
  absl::Status count = w->partitions().CreatePartitions("db", "t", {short_values});
  EXPECT_EQ(count.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(count.message(),
            "partition of table 'db.t' has 1 value(s) but the table has 3 partition key(s)");
  model::Partition wrong_table = MakePartition(table_, {"2024", "eu", "2024-01-01"});
  wrong_table.table = "other";
  EXPECT_EQ(w->partitions().CreatePartitions("db", "t", {wrong_table}).code(),
            absl::StatusCode::kInvalidArgument);
  // A duplicate within one batch is caught too, and the batch leaves nothing.
  model::Partition p = MakePartition(table_, {"2024", "eu", "2024-01-01"});
  EXPECT_EQ(w->partitions().CreatePartitions("db", "t", {p, p}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(*w->partitions().CountPartitions("db", "t", PartitionFilter::True()), 0);
}

TEST_F(SqlitePartitionsTest, GetPartitionsByNamesKeepsOrderAndSkipsMissing) {
  AddSample();
  auto r = Read();
  auto got = r->partitions().GetPartitionsByNames(
      "db", "t",
      {"year=2023/region=us/ds=2024-01-02", "year=1900/region=x/ds=2024-01-01",
       "year=2021/region=eu/ds=2024-01-01"});
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].values, (std::vector<std::string>{"2023", "us", "2024-01-02"}));
  EXPECT_EQ((*got)[1].values, (std::vector<std::string>{"2021", "eu", "2024-01-01"}));
  EXPECT_EQ(r->partitions().GetPartitionsByNames("db", "nope", {}).status().code(),
            absl::StatusCode::kNotFound);
}

// Several hundred names span several statements; a name asked twice comes
// back twice, in the order asked, each a whole partition.
TEST_F(SqlitePartitionsTest, GetPartitionsByNamesInManyChunks) {
  auto w = Write();
  std::vector<model::Partition> parts;
  for (int i = 0; i < 300; ++i) {
    parts.push_back(MakePartition(table_, {absl::StrCat(2000 + i), "eu", "2024-01-01"}));
  }
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
  ASSERT_TRUE(w->Commit().ok());
  std::vector<std::string> names;
  std::vector<model::Partition> expected;
  for (int i = 299; i >= 0; i -= 2) {  // descending: not the order storage reads in
    names.push_back(absl::StrCat("year=", 2000 + i, "/region=eu/ds=2024-01-01"));
    expected.push_back(parts[i]);
    if (i % 50 == 1) {
      names.push_back("year=1900/region=eu/ds=2024-01-01");  // missing: skipped
      names.push_back(names[names.size() - 2]);              // asked again
      expected.push_back(parts[i]);
    }
  }
  auto r = Read();
  auto got = r->partitions().GetPartitionsByNames("db", "t", names);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ((*got)[i], expected[i]) << i;
}

TEST_F(SqlitePartitionsTest, DefaultPartitionValueRoundTrips) {
  AddSample();
  auto r = Read();
  auto p =
      r->partitions().GetPartition("db", "t", {"__HIVE_DEFAULT_PARTITION__", "eu", "2024-01-01"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->values[0], "__HIVE_DEFAULT_PARTITION__");
  // An empty value names the same partition.
  EXPECT_TRUE(r->partitions().GetPartition("db", "t", {"", "eu", "2024-01-01"}).ok());
}

// Every filter kind, compared with the expected set, under every access path.
TEST_F(SqlitePartitionsTest, FiltersMatchExpectedWithAndWithoutIndexes) {
  AddSample();
  {
    auto w = Write();
    ASSERT_TRUE(w->partitions()
                    .CreatePartitionIndex("db", "t", {.name = "by_year", .keys = {"year"}})
                    .ok());
    ASSERT_TRUE(
        w->partitions()
            .CreatePartitionIndex("db", "t", {.name = "by_region_ds", .keys = {"region", "ds"}})
            .ok());
    ASSERT_TRUE(w->partitions()
                    .CreatePartitionIndex("db", "t", {.name = "by_ds_year", .keys = {"ds", "year"}})
                    .ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  const int64_t jan2 = Days("2024-01-02");
  struct Case {
    std::string label;
    PartitionFilter filter;
    Names expected;
  };
  auto year_int = [](const std::string& y) {
    return !y.empty() && std::all_of(y.begin(), y.end(), ::isdigit);
  };
  std::vector<Case> cases = {
      {"true", PartitionFilter::True(), Expected([](auto&, auto&, auto&) { return true; })},
      {"false", PartitionFilter::False(), {}},
      {"year = 2022", PartitionFilter::Compare(0, Op::kEq, int64_t{2022}),
       Expected([](auto& y, auto&, auto&) { return y == "2022"; })},
      // SQLite compares across storage classes: text 'abc' differs from and
      // sorts above every integer. Storage may return more, never fewer.
      {"year <> 2022", PartitionFilter::Compare(0, Op::kNe, int64_t{2022}),
       Expected([](auto& y, auto&, auto&) { return y != "2022" && y[0] != '_'; })},
      {"year < 2022", PartitionFilter::Compare(0, Op::kLt, int64_t{2022}),
       Expected([](auto& y, auto&, auto&) { return y == "2021"; })},
      {"year <= 2022", PartitionFilter::Compare(0, Op::kLe, int64_t{2022}),
       Expected([](auto& y, auto&, auto&) { return y == "2021" || y == "2022"; })},
      {"year > 2022", PartitionFilter::Compare(0, Op::kGt, int64_t{2022}),
       Expected([](auto& y, auto&, auto&) { return y == "2023" || y == "abc"; })},
      {"year >= 2022", PartitionFilter::Compare(0, Op::kGe, int64_t{2022}),
       Expected([&](auto& y, auto&, auto&) { return (year_int(y) && y >= "2022") || y == "abc"; })},
      {"year > 2021.5 (real)", PartitionFilter::Compare(0, Op::kGt, 2021.5),
       Expected([](auto& y, auto&, auto&) { return y == "2022" || y == "2023" || y == "abc"; })},
      {"region in (eu)", PartitionFilter::In(1, {std::string("eu")}),
       Expected([](auto&, auto& r, auto&) { return r == "eu"; })},
      {"region in ()", PartitionFilter::In(1, {}), {}},
      {"year in (2021, 2023)", PartitionFilter::In(0, {int64_t{2021}, int64_t{2023}}),
       Expected([](auto& y, auto&, auto&) { return y == "2021" || y == "2023"; })},
      {"year is null", {.kind = PartitionFilter::Kind::kIsNull, .key_index = 0},
       Expected([](auto& y, auto&, auto&) { return y[0] == '_'; })},
      {"year is not null", {.kind = PartitionFilter::Kind::kIsNotNull, .key_index = 0},
       Expected([](auto& y, auto&, auto&) { return y[0] != '_'; })},
      {"ds = 2024-01-02 and region = us",
       PartitionFilter::And({PartitionFilter::Compare(2, Op::kEq, jan2),
                             PartitionFilter::Compare(1, Op::kEq, std::string("us"))}),
       Expected([](auto&, auto& r, auto& d) { return r == "us" && d == "2024-01-02"; })},
      {"year = 2021 or ds = 2024-01-02",
       PartitionFilter::Or({PartitionFilter::Compare(0, Op::kEq, int64_t{2021}),
                            PartitionFilter::Compare(2, Op::kEq, jan2)}),
       Expected([](auto& y, auto&, auto& d) { return y == "2021" || d == "2024-01-02"; })},
      {"year = null (never true)", PartitionFilter::Compare(0, Op::kEq, model::KeyValue{}), {}},
      {"and() / or()",
       PartitionFilter::And({PartitionFilter::Or({}), PartitionFilter::And({})}), {}},
  };
  for (const Case& c : cases) {
    for (const std::string hint : {"", "none", "by_year", "by_region_ds", "by_ds_year"}) {
      SCOPED_TRACE(c.label + " hint=" + hint);
      PartitionScan scan{.filter = c.filter, .index_hint = hint};
      ScanStats stats;
      EXPECT_EQ(ScanNames(scan, &stats), c.expected);
      EXPECT_EQ(stats.rows_returned, static_cast<int64_t>(c.expected.size()));
      if (hint == "none") {
        EXPECT_EQ(stats.index_used, "");
      } else if (!hint.empty()) {
        EXPECT_EQ(stats.index_used, hint);
      }
      EXPECT_FALSE(stats.plan.empty());
    }
    auto count = Read()->partitions().CountPartitions("db", "t", c.filter);
    ASSERT_TRUE(count.ok()) << count.status();
    EXPECT_EQ(*count, static_cast<int64_t>(c.expected.size())) << c.label;
  }
  // Full rows agree with names.
  EXPECT_EQ(ScanFull({.filter = cases[2].filter}).size(), cases[2].expected.size());
}

TEST_F(SqlitePartitionsTest, BackendChoosesTheIndexThatBoundsTheFilter) {
  AddSample();
  {
    auto w = Write();
    ASSERT_TRUE(w->partitions()
                    .CreatePartitionIndex("db", "t", {.name = "by_year", .keys = {"year"}})
                    .ok());
    ASSERT_TRUE(
        w->partitions()
            .CreatePartitionIndex("db", "t", {.name = "by_region_ds", .keys = {"region", "ds"}})
            .ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  ScanStats stats;
  PartitionScan year{.filter = PartitionFilter::Compare(0, Op::kEq, int64_t{2022})};
  EXPECT_EQ(ScanNames(year, &stats).size(), 4u);
  EXPECT_EQ(stats.index_used, "by_year");
  EXPECT_EQ(stats.rows_examined, 4);  // the index seek read only matching rows

  PartitionScan both{.filter = PartitionFilter::And(
                         {PartitionFilter::Compare(1, Op::kEq, std::string("us")),
                          PartitionFilter::Compare(2, Op::kEq, Days("2024-01-01"))})};
  EXPECT_EQ(ScanNames(both, &stats).size(), 3u);
  EXPECT_EQ(stats.index_used, "by_region_ds");
  EXPECT_EQ(stats.rows_examined, 3);

  // Only ds is bounded: no index leads with it, so the name order is read.
  PartitionScan ds{.filter = PartitionFilter::Compare(2, Op::kEq, Days("2024-01-01"))};
  EXPECT_EQ(ScanNames(ds, &stats).size(), 7u);
  EXPECT_EQ(stats.index_used, "");
  EXPECT_EQ(stats.rows_examined, 14);

  year.index_hint = "none";
  ScanNames(year, &stats);
  EXPECT_EQ(stats.index_used, "");
  EXPECT_EQ(stats.rows_examined, 14);

  year.index_hint = "missing";
  auto r = Read();
  absl::Status s = r->partitions().ScanPartitionNames(
      "db", "t", year, [](std::string_view) { return true; }, nullptr);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "partition index 'missing' not found on table 'db.t'");
}

TEST_F(SqlitePartitionsTest, FilterOnUntypedOrMissingKeyIsInvalidArgument) {
  AddSample();
  auto r = Read();
  auto visit = [](std::string_view) { return true; };
  PartitionScan beyond{.filter = PartitionFilter::Compare(3, Op::kEq, int64_t{1})};
  EXPECT_EQ(r->partitions().ScanPartitionNames("db", "t", beyond, visit, nullptr).code(),
            absl::StatusCode::kInvalidArgument);
  PartitionScan untyped{.filter = PartitionFilter::Compare(kMaxTypedKeys, Op::kEq, int64_t{1})};
  EXPECT_EQ(r->partitions().ScanPartitionNames("db", "t", untyped, visit, nullptr).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r->partitions().CountPartitions("db", "t", beyond.filter).status().code(),
            absl::StatusCode::kInvalidArgument);
  PartitionScan bad_segment{.segment_number = 3, .total_segments = 3};
  EXPECT_EQ(r->partitions().ScanPartitionNames("db", "t", bad_segment, visit, nullptr).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r->partitions().ScanPartitionNames("db", "nope", {}, visit, nullptr).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SqlitePartitionsTest, PagingWithAfterNameAndLimit) {
  AddSample();
  const Names all = ScanNames({});
  ASSERT_EQ(all.size(), 14u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  Names paged;
  std::string after;
  while (true) {
    Names page = ScanNames({.after_name = after, .limit = 4});
    if (page.empty()) break;
    EXPECT_LE(page.size(), 4u);
    paged.insert(paged.end(), page.begin(), page.end());
    after = page.back();
  }
  EXPECT_EQ(paged, all);
  // A visitor can stop early.
  int seen = 0;
  auto r = Read();
  ASSERT_TRUE(r->partitions()
                  .ScanPartitionNames(
                      "db", "t", {}, [&](std::string_view) { return ++seen < 3; }, nullptr)
                  .ok());
  EXPECT_EQ(seen, 3);
}

TEST_F(SqlitePartitionsTest, SegmentsAreDisjointAndCoverTheTable) {
  AddSample();
  for (int total : {1, 2, 3, 5}) {
    std::set<std::string> seen;
    size_t sum = 0;
    for (int seg = 0; seg < total; ++seg) {
      Names part = ScanNames({.segment_number = seg, .total_segments = total});
      sum += part.size();
      seen.insert(part.begin(), part.end());
    }
    EXPECT_EQ(sum, 14u) << total;
    EXPECT_EQ(seen.size(), 14u) << total;
  }
  // Segments combine with filters and indexes.
  {
    auto w = Write();
    ASSERT_TRUE(w->partitions()
                    .CreatePartitionIndex("db", "t", {.name = "by_year", .keys = {"year"}})
                    .ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  size_t sum = 0;
  for (int seg = 0; seg < 3; ++seg) {
    sum += ScanNames({.filter = PartitionFilter::Compare(0, Op::kGe, int64_t{2022}),
                      .segment_number = seg,
                      .total_segments = 3})
               .size();
  }
  EXPECT_EQ(sum, 9u);
}

// Index-ordered paging (ScanOrder::kAccessPath through a partition index).
class IndexOrderTest : public SqlitePartitionsTest {
 protected:
  void SetUp() override {
    SqlitePartitionsTest::SetUp();
    // Every combination of a default partition (""), typed values and, for
    // the int key, a value that stays text ("abc"): 4 x 3 x 3 = 36 rows.
    std::vector<model::Partition> parts;
    for (const char* year : {"2022", "", "abc", "2021"}) {
      for (const char* region : {"us", "", "eu"}) {
        for (const char* ds : {"2024-01-02", "", "2024-01-01"}) {
          parts.push_back(MakePartition(table_, {year, region, ds}));
        }
      }
    }
    auto w = Write();
    ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
    ASSERT_TRUE(
        w->partitions()
            .CreatePartitionIndex("db", "t", {.name = "by_year_region", .keys = {"year", "region"}})
            .ok());
    ASSERT_TRUE(
        w->partitions().CreatePartitionIndex("db", "t", {.name = "by_ds", .keys = {"ds"}}).ok());
    ASSERT_TRUE(w->Commit().ok());
  }

  struct Paged {
    Names names;                    // in the order delivered
    std::vector<ScanStats> pages;   // one per call
  };

  // Follows last_name / last_key until a scan completes. `between` runs after
  // every page (to change the table between pages).
  Paged PageThrough(PartitionScan scan, const std::function<void(int)>& between = nullptr) {
    scan.order = ScanOrder::kAccessPath;
    Paged out;
    for (int page = 0; page < 1000; ++page) {
      ScanStats stats;
      auto r = Read();
      absl::Status s = r->partitions().ScanPartitionNames(
          "db", "t", scan,
          [&](std::string_view name) {
            out.names.emplace_back(name);
            return true;
          },
          &stats);
      EXPECT_TRUE(s.ok()) << s;
      if (!s.ok()) break;
      out.pages.push_back(stats);
      if (stats.complete) break;
      scan.after_name = stats.last_name;
      scan.after_key = stats.last_key;
      if (between) between(page);
    }
    return out;
  }

  // The same scan in name order without an index: the reference answer.
  Names Reference(const PartitionFilter& filter, int segment = 0, int segments = 1) {
    Names names = ScanNames({.filter = filter,
                             .segment_number = segment,
                             .total_segments = segments,
                             .index_hint = "none"});
    std::sort(names.begin(), names.end());
    return names;
  }

  static Names Sorted(Names names) {
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(IndexOrderTest, UnpagedScanIsInIndexOrderWithDefaultPartitionsFirst) {
  Paged all = PageThrough({.index_hint = "by_year_region"});
  ASSERT_EQ(all.pages.size(), 1u);
  EXPECT_EQ(all.pages[0].index_used, "by_year_region");
  EXPECT_NE(all.pages[0].plan.find("index order"), std::string::npos) << all.pages[0].plan;
  ASSERT_EQ(all.names.size(), 36u);
  // year: NULL (default), then the integers, then the text that is no integer.
  std::vector<model::KeyValue> years;
  for (const std::string& name : all.names) {
    std::string year = name.substr(5, name.find('/') - 5);
    years.push_back(model::EncodeKeyValue(model::KeyCategory::kIntegral, year));
  }
  for (size_t i = 1; i < years.size(); ++i) {
    EXPECT_LE(sqlite::CompareKeyValues(years[i - 1], years[i]), 0) << all.names[i];
  }
  EXPECT_EQ(all.names.front().substr(0, 32), "year=__HIVE_DEFAULT_PARTITION__/");
  EXPECT_EQ(all.names.back().substr(0, 9), "year=abc/");
  // Name order stays the default.
  Names by_name = ScanNames({.index_hint = "by_year_region"});
  EXPECT_TRUE(std::is_sorted(by_name.begin(), by_name.end()));
  EXPECT_EQ(Sorted(all.names), by_name);
}

TEST_F(IndexOrderTest, PagesCoverTheSetOnceAndReadOnlyAPageEach) {
  struct Case {
    std::string label;
    PartitionFilter filter;
    std::string hint;
    bool seeks_exactly = true;  // every row the index range yields matches
  };
  const int64_t jan1 = Days("2024-01-01");
  const std::vector<Case> cases = {
      {"all via (year, region)", PartitionFilter::True(), "by_year_region"},
      {"all via (ds)", PartitionFilter::True(), "by_ds"},
      {"year >= 2022", PartitionFilter::Compare(0, Op::kGe, int64_t{2022}), ""},
      {"year between 2021 and 2022",
       PartitionFilter::And({PartitionFilter::Compare(0, Op::kGe, int64_t{2021}),
                             PartitionFilter::Compare(0, Op::kLe, int64_t{2022})}),
       ""},
      {"year in (2021, 2022) and region in (eu, us)",
       PartitionFilter::And(
           {PartitionFilter::In(0, {int64_t{2022}, int64_t{2021}}),
            PartitionFilter::In(1, {std::string("us"), std::string("eu")})}),
       ""},
      {"year = 2022 and region > e", PartitionFilter::And(
           {PartitionFilter::Compare(0, Op::kEq, int64_t{2022}),
            PartitionFilter::Compare(1, Op::kGt, std::string("e"))}),
       ""},
      {"year is null", {.kind = PartitionFilter::Kind::kIsNull, .key_index = 0},
       "by_year_region", false},
      {"ds <= 2024-01-01", PartitionFilter::Compare(2, Op::kLe, jan1), ""},
      {"region = eu (not the first key)", PartitionFilter::Compare(1, Op::kEq, std::string("eu")),
       "by_year_region"},
  };
  for (const Case& c : cases) {
    const Names expected = Reference(c.filter);
    for (int64_t limit : {1, 2, 5, 1000}) {
      SCOPED_TRACE(absl::StrCat(c.label, " limit ", limit));
      Paged paged = PageThrough({.filter = c.filter, .limit = limit, .index_hint = c.hint});
      EXPECT_EQ(Sorted(paged.names), expected);
      Names unique = Sorted(paged.names);
      EXPECT_EQ(std::adjacent_find(unique.begin(), unique.end()), unique.end());
      EXPECT_NE(paged.pages[0].index_used, "");
      // Paging does not change the order: the pages concatenated are the
      // unpaged scan.
      Paged whole = PageThrough({.filter = c.filter, .index_hint = c.hint});
      EXPECT_EQ(paged.names, whole.names);
      if (!c.seeks_exactly) continue;
      // A seekable filter is read exactly: a page examines what it returns.
      for (const ScanStats& page : paged.pages) {
        EXPECT_LE(page.rows_examined, limit);
        EXPECT_EQ(page.rows_examined, page.rows_returned);
      }
    }
  }
}

TEST_F(IndexOrderTest, SegmentsStayDisjointInIndexOrder) {
  const PartitionFilter filter = PartitionFilter::Compare(0, Op::kGe, int64_t{2021});
  for (int total : {2, 3}) {
    Names all;
    for (int segment = 0; segment < total; ++segment) {
      Paged paged = PageThrough(
          {.filter = filter, .limit = 2, .segment_number = segment, .total_segments = total});
      EXPECT_EQ(Sorted(paged.names), Reference(filter, segment, total));
      all.insert(all.end(), paged.names.begin(), paged.names.end());
    }
    EXPECT_EQ(Sorted(all), Reference(filter)) << total;
  }
}

TEST_F(IndexOrderTest, InsertsBetweenPagesCauseNoDuplicates) {
  const Names before = Reference(PartitionFilter::True());
  int added = 0;
  Paged paged = PageThrough({.limit = 3, .index_hint = "by_year_region"}, [&](int page) {
    // New rows on both sides of the position: years below, at and above
    // every stored one, with and without default-partition keys.
    auto w = Write();
    std::vector<model::Partition> parts;
    for (const char* year : {"1999", "2022", "2030", ""}) {
      parts.push_back(
          MakePartition(table_, {year, absl::StrCat("new", page), page % 2 ? "" : "2024-02-02"}));
    }
    ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
    ASSERT_TRUE(w->Commit().ok());
    added += parts.size();
  });
  Names got = Sorted(paged.names);
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end());
  // Every row that existed throughout is listed; new rows may or may not be.
  EXPECT_TRUE(std::includes(got.begin(), got.end(), before.begin(), before.end()));
  EXPECT_GT(added, 0);
  EXPECT_LE(got.size(), before.size() + added);
}

TEST_F(IndexOrderTest, RowBudgetBoundsEveryCallAndPagesMayBeEmpty) {
  // region = 'eu' cannot seek (year leads the index, ds has none): without an
  // index the filter rejects two rows in three, all of them counted.
  const PartitionFilter filter = PartitionFilter::Compare(1, Op::kEq, std::string("eu"));
  for (const std::string hint : {"none", "by_year_region"}) {
    SCOPED_TRACE(hint);
    PartitionScan scan{.filter = filter, .index_hint = hint, .max_rows_examined = 4};
    Paged paged = PageThrough(scan);
    EXPECT_EQ(Sorted(paged.names), Reference(filter));
    bool empty_page = false;
    for (const ScanStats& page : paged.pages) {
      EXPECT_LE(page.rows_examined, 4);
      empty_page |= page.rows_returned == 0 && !page.complete;
    }
    if (hint == "none") {
      EXPECT_TRUE(empty_page);
    }
  }
}

TEST_F(IndexOrderTest, DeclinedRowIsWhereTheNextScanResumes) {
  PartitionScan scan{.index_hint = "by_year_region", .order = ScanOrder::kAccessPath};
  Names first;
  ScanStats stats;
  auto r = Read();
  ASSERT_TRUE(r->partitions()
                  .ScanPartitionNames(
                      "db", "t", scan,
                      [&](std::string_view name) {
                        if (first.size() == 4) return false;  // the 5th is not kept
                        first.emplace_back(name);
                        return true;
                      },
                      &stats)
                  .ok());
  EXPECT_FALSE(stats.complete);
  EXPECT_EQ(stats.rows_returned, 5);
  EXPECT_EQ(stats.last_key.index, "by_year_region");
  ASSERT_EQ(stats.last_key.keys.size(), 2u);
  const Names all = PageThrough({.index_hint = "by_year_region"}).names;
  scan.after_key = stats.last_key;
  Names rest = PageThrough(scan).names;
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.front(), all[4]);
  first.insert(first.end(), rest.begin(), rest.end());
  EXPECT_EQ(first, all);
}

TEST_F(IndexOrderTest, PositionFromAnotherAccessPathIsRejected) {
  Paged one = PageThrough({.limit = 3, .index_hint = "by_year_region"});
  ASSERT_GT(one.pages.size(), 1u);
  const IndexPosition position = one.pages[0].last_key;
  auto visit = [](std::string_view) { return true; };
  auto r = Read();
  struct Case {
    std::string label;
    PartitionScan scan;
    std::string message;
  };
  std::vector<Case> cases = {
      {"other index",
       {.index_hint = "by_ds", .order = ScanOrder::kAccessPath, .after_key = position},
       "scan position belongs to partition index 'by_year_region', not 'by_ds'"},
      {"name order",
       {.index_hint = "by_year_region", .order = ScanOrder::kName, .after_key = position},
       "scan position does not belong to the scan's access path"},
      {"no index",
       {.index_hint = "none", .order = ScanOrder::kAccessPath, .after_key = position},
       "scan position does not belong to the scan's access path"},
      {"a name on an index-ordered scan",
       {.after_name = "year=2021", .index_hint = "by_year_region",
        .order = ScanOrder::kAccessPath},
       "scan position does not belong to the scan's access path"},
  };
  IndexPosition short_position = position;
  short_position.keys.pop_back();
  cases.push_back({"wrong key count",
                   {.index_hint = "by_year_region", .order = ScanOrder::kAccessPath,
                    .after_key = short_position},
                   "scan position has 1 key(s) but partition index 'by_year_region' has 2"});
  for (const Case& c : cases) {
    absl::Status s = r->partitions().ScanPartitionNames("db", "t", c.scan, visit, nullptr);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.label;
    EXPECT_EQ(s.message(), c.message) << c.label;
  }
  PartitionScan negative{.max_rows_examined = -1};
  EXPECT_EQ(r->partitions().ScanPartitionNames("db", "t", negative, visit, nullptr).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(IndexOrderTest, FullRowsPageLikeNames) {
  PartitionScan scan{.filter = PartitionFilter::Compare(0, Op::kGe, int64_t{2021}),
                     .limit = 4,
                     .order = ScanOrder::kAccessPath};
  Names names;
  for (int page = 0; page < 100; ++page) {
    ScanStats stats;
    auto r = Read();
    ASSERT_TRUE(r->partitions()
                    .ScanPartitions(
                        "db", "t", scan,
                        [&](model::Partition&& p) {
                          names.push_back(absl::StrJoin(p.values, "/"));
                          return true;
                        },
                        &stats)
                    .ok());
    if (stats.complete) break;
    scan.after_key = stats.last_key;
  }
  EXPECT_EQ(names.size(), Reference(scan.filter).size());
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

TEST_F(SqlitePartitionsTest, PartitionIndexLifecycle) {
  AddSample();
  auto w = Write();
  EXPECT_EQ(
      w->partitions().CreatePartitionIndex("db", "t", {.name = "i1", .keys = {"nope"}}).code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(w->partitions().CreatePartitionIndex("db", "t", {.name = "i1", .keys = {}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      w->partitions()
          .CreatePartitionIndex("db", "t", {.name = "i1", .keys = {"year", "region", "ds", "year"}})
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(w->partitions().CreatePartitionIndex("db", "t", {.name = "", .keys = {"year"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      w->partitions().CreatePartitionIndex("db", "nope", {.name = "i1", .keys = {"year"}}).code(),
      absl::StatusCode::kNotFound);
  ASSERT_TRUE(
      w->partitions().CreatePartitionIndex("db", "t", {.name = "i1", .keys = {"YEAR"}}).ok());
  absl::Status dup =
      w->partitions().CreatePartitionIndex("db", "t", {.name = "i1", .keys = {"ds"}});
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message(), "partition index 'i1' already exists on table 'db.t'");
  ASSERT_TRUE(
      w->partitions().CreatePartitionIndex("db", "t", {.name = "i2", .keys = {"region"}}).ok());
  ASSERT_TRUE(
      w->partitions().CreatePartitionIndex("db", "t", {.name = "i3", .keys = {"ds", "year"}}).ok());
  EXPECT_EQ(w->partitions().CreatePartitionIndex("db", "t", {.name = "i4", .keys = {"ds"}}).code(),
            absl::StatusCode::kResourceExhausted);
  auto list = w->partitions().ListPartitionIndexes("db", "t");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "i1");
  EXPECT_EQ((*list)[0].keys, std::vector<std::string>{"year"});
  EXPECT_EQ((*list)[0].state, "ACTIVE");
  EXPECT_EQ((*list)[2].keys, (std::vector<std::string>{"ds", "year"}));

  absl::Status drop_missing = w->partitions().DropPartitionIndex("db", "t", "nope");
  EXPECT_EQ(drop_missing.code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->partitions().DropPartitionIndex("db", "t", "i2").ok());
  EXPECT_EQ(w->partitions().ListPartitionIndexes("db", "t")->size(), 2u);
  ASSERT_TRUE(w->partitions().CreatePartitionIndex("db", "t", {.name = "i4", .keys = {"ds"}}).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                            " AND name LIKE 'partition_index_%'"),
            3);

  // Dropping the table drops its indexes, SQLite's included.
  auto w2 = Write();
  ASSERT_TRUE(w2->tables().DeleteTable("db", "t").ok());
  ASSERT_TRUE(w2->tables().CreateTable(table_).ok());
  EXPECT_TRUE(w2->partitions().ListPartitionIndexes("db", "t")->empty());
  ASSERT_TRUE(w2->Commit().ok());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                            " AND name LIKE 'partition_index_%'"),
            0);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM partitions"), 0);
}

TEST_F(SqlitePartitionsTest, IndexCreationIsUndoneWithItsTransaction) {
  AddSample();
  {
    auto w = Write();
    ASSERT_TRUE(
        w->partitions().CreatePartitionIndex("db", "t", {.name = "i1", .keys = {"year"}}).ok());
  }
  EXPECT_TRUE(Read()->partitions().ListPartitionIndexes("db", "t")->empty());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                            " AND name LIKE 'partition_index_%'"),
            0);
}

TEST_F(SqlitePartitionsTest, StorageDescriptorsAreInternedAndKeptOnTableChange) {
  std::vector<model::Partition> parts;
  for (int i = 0; i < 50; ++i) {
    parts.push_back(MakePartition(table_, {absl::StrCat(2000 + i), "eu", "2024-01-01"}));
  }
  model::Partition custom = MakePartition(table_, {"1999", "eu", "2024-01-01"});
  custom.sd.serde.serialization_library = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
  model::Partition elsewhere = MakePartition(table_, {"1998", "eu", "2024-01-01"});
  elsewhere.sd.location = "s3://other-bucket/x";
  model::Partition no_location = MakePartition(table_, {"1997", "eu", "2024-01-01"});
  no_location.sd.location = "";
  parts.push_back(custom);
  parts.push_back(elsewhere);
  parts.push_back(no_location);
  {
    auto w = Write();
    ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  // One descriptor for the table's shape, one for the ORC variant.
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM storage_descriptors"), 2);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM partitions WHERE location IS NULL"), 51);

  // Later table changes do not reach existing partitions (Hive semantics).
  model::Table changed = table_;
  changed.sd.columns.push_back({"added", "int", ""});
  changed.sd.location = "file:/moved";
  {
    auto w = Write();
    ASSERT_TRUE(w->tables().UpdateTable(changed).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  auto r = Read();
  for (const model::Partition& p : parts) {
    auto got = r->partitions().GetPartition("db", "t", p.values);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, p) << p.values[0];
  }
}

TEST_F(SqlitePartitionsTest, RenameWithLocationMovesPartitionsUnderIt) {
  model::Partition derived = MakePartition(table_, {"2021", "eu", "2024-01-01"});
  model::Partition under = MakePartition(table_, {"2022", "eu", "2024-01-01"});
  under.sd.location = table_.sd.location + "/custom/p2";
  model::Partition outside = MakePartition(table_, {"2023", "eu", "2024-01-01"});
  outside.sd.location = "s3://elsewhere/p3";
  model::Partition prefix_only = MakePartition(table_, {"2024", "eu", "2024-01-01"});
  prefix_only.sd.location = table_.sd.location + "_other/p4";  // shares a prefix, not a parent
  {
    auto w = Write();
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("db2")).ok());
    ASSERT_TRUE(
        w->partitions().CreatePartitions("db", "t", {derived, under, outside, prefix_only}).ok());
    ASSERT_TRUE(w->tables().RenameTable("db", "t", "db2", "t2", "file:/wh2/t2").ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  auto r = Read();
  EXPECT_EQ(r->tables().GetTable("db2", "t2")->sd.location, "file:/wh2/t2");
  EXPECT_EQ(r->partitions().GetPartition("db2", "t2", derived.values)->sd.location,
            "file:/wh2/t2/year=2021/region=eu/ds=2024-01-01");
  EXPECT_EQ(r->partitions().GetPartition("db2", "t2", under.values)->sd.location,
            "file:/wh2/t2/custom/p2");
  EXPECT_EQ(r->partitions().GetPartition("db2", "t2", outside.values)->sd.location,
            "s3://elsewhere/p3");
  EXPECT_EQ(r->partitions().GetPartition("db2", "t2", prefix_only.values)->sd.location,
            prefix_only.sd.location);
  EXPECT_EQ(r->tables().GetTable("db", "t").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqlitePartitionsTest, ChangingAKeyTypeReencodesTypedCopies) {
  model::Table t = MakeTable("db", "s", {{"v", "string"}});
  {
    auto w = Write();
    ASSERT_TRUE(w->tables().CreateTable(t).ok());
    ASSERT_TRUE(w->partitions()
                    .CreatePartitions("db", "s",
                                      {MakePartition(t, {"1"}), MakePartition(t, {"2"}),
                                       MakePartition(t, {"10"})})
                    .ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  auto lt5 = PartitionFilter::Compare(0, Op::kLt, int64_t{5});
  EXPECT_EQ(*Read()->partitions().CountPartitions("db", "s", lt5),
            0);  // text never below an integer
  t.partition_keys[0].type = "int";
  {
    auto w = Write();
    ASSERT_TRUE(w->tables().UpdateTable(t).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  EXPECT_EQ(*Read()->partitions().CountPartitions("db", "s", lt5), 2);
}

TEST_F(SqlitePartitionsTest, KeysBeyondTheTypedOnesAreStoredAndListed) {
  std::vector<std::pair<std::string, std::string>> keys;
  std::vector<std::string> values;
  for (int i = 0; i < 10; ++i) {
    keys.push_back({absl::StrCat("k", i), "int"});
    values.push_back(absl::StrCat(i));
  }
  model::Table wide = MakeTable("db", "wide", keys);
  auto w = Write();
  ASSERT_TRUE(w->tables().CreateTable(wide).ok());
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "wide", {MakePartition(wide, values)}).ok());
  EXPECT_EQ(w->partitions().GetPartition("db", "wide", values)->values, values);
  EXPECT_EQ(w->partitions()
                .CountPartitions("db", "wide", PartitionFilter::Compare(7, Op::kEq, int64_t{7}))
                .value_or(-1),
            1);
  EXPECT_EQ(w->partitions()
                .CountPartitions("db", "wide", PartitionFilter::Compare(8, Op::kEq, int64_t{8}))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      w->partitions().CreatePartitionIndex("db", "wide", {.name = "i", .keys = {"k9"}}).code(),
      absl::StatusCode::kInvalidArgument);
}

// Size and speed at scale: 100,000 hourly partitions, in committed batches of
// 1000 as a client would send them. Prints bytes per partition and the rate.
TEST_F(SqlitePartitionsTest, HundredThousandHourlyPartitions) {
  model::Table hourly =
      MakeTable("db", "hourly",
                {{"year", "int"}, {"month", "int"}, {"day", "int"}, {"hour", "int"}});
  {
    auto w = Write();
    ASSERT_TRUE(w->tables().CreateTable(hourly).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  const int64_t before = std::filesystem::file_size(path_);
  constexpr int kTotal = 100000;
  constexpr int kBatch = 1000;
  std::vector<model::Partition> batch;
  int made = 0;
  absl::Duration insert_time;
  for (int year = 2000; made < kTotal; ++year) {
    for (int month = 1; month <= 12 && made < kTotal; ++month) {
      for (int day = 1; day <= 28 && made < kTotal; ++day) {
        for (int hour = 0; hour < 24 && made < kTotal; ++hour, ++made) {
          model::Partition p = MakePartition(
              hourly, {absl::StrCat(year), absl::StrFormat("%02d", month),
                       absl::StrFormat("%02d", day), absl::StrFormat("%02d", hour)});
          p.parameters = {{"transient_lastDdlTime", "1700000100"}};
          batch.push_back(std::move(p));
          if (batch.size() == kBatch) {
            absl::Time start = absl::Now();
            auto w = Write();
            ASSERT_TRUE(w->partitions().CreatePartitions("db", "hourly", batch).ok());
            ASSERT_TRUE(w->Commit().ok());
            insert_time += absl::Now() - start;
            batch.clear();
          }
        }
      }
    }
  }
  ASSERT_TRUE(batch.empty());
  store_.reset();  // checkpoints the WAL into the main file
  const int64_t after = std::filesystem::file_size(path_);
  const double bytes_per_partition = static_cast<double>(after - before) / kTotal;
  const double rate = kTotal / absl::ToDoubleSeconds(insert_time);
  std::printf("[ measure ] %d partitions: %.1f bytes/partition, %.0f partitions/s "
              "(batches of %d, synchronous=FULL)\n",
              kTotal, bytes_per_partition, rate, kBatch);
  EXPECT_LT(bytes_per_partition, 300.0);

  auto store = OpenSqliteStore({.path = path_});
  ASSERT_TRUE(store.ok());
  store_ = std::move(*store);
  {
    auto w = Write();
    absl::Time start = absl::Now();
    ASSERT_TRUE(w->partitions()
                    .CreatePartitionIndex("db", "hourly", {.name = "ym", .keys = {"year", "month"}})
                    .ok());
    ASSERT_TRUE(w->Commit().ok());
    std::printf("[ measure ] index backfill over %d partitions: %s\n", kTotal,
                absl::FormatDuration(absl::Now() - start).c_str());
  }
  auto filter = PartitionFilter::And({PartitionFilter::Compare(0, Op::kEq, int64_t{2003}),
                                      PartitionFilter::Compare(1, Op::kEq, int64_t{7})});
  for (const std::string hint : {"", "none"}) {
    ScanStats stats;
    auto r = Read();
    int64_t n = 0;
    absl::Time start = absl::Now();
    ASSERT_TRUE(r->partitions()
                    .ScanPartitions(
                        "db", "hourly", {.filter = filter, .index_hint = hint},
                        [&](model::Partition&&) {
                          ++n;
                          return true;
                        },
                        &stats)
                    .ok());
    std::printf("[ measure ] scan year=2003 and month=7 (hint '%s'): %lld rows of %lld examined"
                " in %s via %s\n",
                hint.c_str(), static_cast<long long>(n),
                static_cast<long long>(stats.rows_examined),
                absl::FormatDuration(absl::Now() - start).c_str(), stats.plan.c_str());
    EXPECT_EQ(n, 28 * 24);
  }
  {
    auto r = Read();
    int64_t n = 0;
    absl::Time start = absl::Now();
    ASSERT_TRUE(r->partitions()
                    .ScanPartitionNames(
                        "db", "hourly", {},
                        [&](std::string_view) {
                          ++n;
                          return true;
                        },
                        nullptr)
                    .ok());
    std::printf("[ measure ] all %lld names listed in %s\n", static_cast<long long>(n),
                absl::FormatDuration(absl::Now() - start).c_str());
    EXPECT_EQ(n, kTotal);
  }
}

}  // namespace
}  // namespace almanac::storage

namespace almanac::storage {
namespace {

// Prints what synchronous=FULL costs against NORMAL for batched inserts, the
// measurement behind the default (see sqlite_store.h). Not a timed assertion.
TEST(SqliteDurabilityTest, FullVersusNormalInsertRate) {
  for (bool full : {true, false}) {
    TempDir dir;
    auto store = OpenSqliteStore({.path = dir.File("d.db"), .sync_every_commit = full});
    ASSERT_TRUE(store.ok());
    model::Table t = MakeTable("db", "t", {{"batch", "int"}, {"item", "int"}});
    {
      auto w = (*store)->BeginWrite();
      ASSERT_TRUE((*w)->tables().CreateDatabase(MakeDatabase("db")).ok());
      ASSERT_TRUE((*w)->tables().CreateTable(t).ok());
      ASSERT_TRUE((*w)->Commit().ok());
    }
    for (int batch_size : {1, 100, 1000}) {
      const int batches = batch_size == 1 ? 200 : 20000 / batch_size;
      absl::Time start = absl::Now();
      for (int b = 0; b < batches; ++b) {
        std::vector<model::Partition> parts;
        for (int i = 0; i < batch_size; ++i) {
          parts.push_back(MakePartition(t, {absl::StrCat(batch_size * 100000 + b),
                                            absl::StrCat(i)}));
        }
        auto w = (*store)->BeginWrite();
        ASSERT_TRUE((*w)->partitions().CreatePartitions("db", "t", parts).ok());
        ASSERT_TRUE((*w)->Commit().ok());
      }
      const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
      std::printf("[ measure ] synchronous=%s batch %4d: %8.0f partitions/s, %6.2f ms/commit\n",
                  full ? "FULL  " : "NORMAL", batch_size, batches * batch_size / seconds,
                  1000 * seconds / batches);
    }
  }
}

}  // namespace
}  // namespace almanac::storage
