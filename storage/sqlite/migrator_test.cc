// Migrations of the SQLite catalog file: from empty, from every earlier
// version, and refusal of files from a newer almanac (left untouched).
#include "storage/sqlite/migrator.h"

#include <sqlite3.h>

#include <filesystem>

#include "gtest/gtest.h"
#include "migrations/migrations.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage::sqlite {
namespace {

using testing::FileDigest;
using testing::MakeDatabase;
using testing::MakeTable;
using testing::TempDir;

void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// While alive, the file of an older schema has the partition_epochs table
// (0015) that this binary's partition writes update; it goes again at the
// end, leaving the file as the older version would have.
class WithoutEpochs {
 public:
  explicit WithoutEpochs(std::string path) : path_(std::move(path)) {
    RawExec(path_, "CREATE TABLE partition_epochs (table_id INTEGER PRIMARY KEY, epoch INTEGER)");
  }
  ~WithoutEpochs() { RawExec(path_, "DROP TABLE partition_epochs"); }

 private:
  std::string path_;
};

bool HasTable(const std::string& path, const std::string& table) {
  auto conn = Connection::Open(path, SQLITE_OPEN_READONLY, absl::Seconds(1));
  EXPECT_TRUE(conn.ok());
  auto stmt = (*conn)->Prepare("SELECT count(*) FROM sqlite_master WHERE name = ?");
  EXPECT_TRUE(stmt.ok());
  stmt->BindText(1, table);
  EXPECT_TRUE(*stmt->Step());
  return stmt->Int(0) == 1;
}

TEST(MigratorTest, FromEmptyAppliesEveryStep) {
  TempDir dir;
  auto store = OpenSqliteStore({.path = dir.File("c.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  auto steps = (*store)->SchemaStatus();
  ASSERT_TRUE(steps.ok()) << steps.status();
  ASSERT_EQ(steps->size(), migrations::AllMigrations().size());
  for (size_t i = 0; i < steps->size(); ++i) {
    EXPECT_EQ((*steps)[i].version, static_cast<int>(i + 1));
    EXPECT_EQ((*steps)[i].name, migrations::AllMigrations()[i].name);
    EXPECT_TRUE((*steps)[i].applied);
    EXPECT_GT((*steps)[i].applied_at, 1600000000);
  }
  EXPECT_TRUE(HasTable(dir.File("c.db"), "partitions"));
  EXPECT_TRUE(HasTable(dir.File("c.db"), "notification_log"));
}

// For every earlier version N: a file as almanac left it at N, with data,
// upgrades to the latest and keeps its data.
TEST(MigratorTest, FromEachEarlierVersion) {
  for (int version = 1; version < LatestSchemaVersion(); ++version) {
    SCOPED_TRACE(version);
    TempDir dir;
    const std::string path = dir.File("c.db");
    {
      auto old = OpenSqliteStore({.path = path, .migrate_up_to_version = version});
      ASSERT_TRUE(old.ok()) << old.status();
      auto steps = (*old)->SchemaStatus();
      ASSERT_TRUE(steps.ok());
      for (const SchemaStep& s : *steps) {
        EXPECT_EQ(s.applied, s.version <= version) << s.name;
        if (!s.applied) {
          EXPECT_EQ(s.applied_at, 0);
        }
      }
      auto w = (*old)->BeginWrite();
      ASSERT_TRUE(w.ok());
      ASSERT_TRUE((*w)->tables().CreateDatabase(MakeDatabase("kept")).ok());
      ASSERT_TRUE((*w)->tables().CreateTable(MakeTable("kept", "t", {{"k", "int"}})).ok());
      ASSERT_TRUE((*w)->Commit().ok());
    }
    if (version < 2) {
      EXPECT_FALSE(HasTable(path, "notification_log"));
    }
    // Read-only cannot migrate.
    EXPECT_EQ(OpenSqliteStore({.path = path, .read_only = true}).status().code(),
              absl::StatusCode::kFailedPrecondition);
    auto store = OpenSqliteStore({.path = path});
    ASSERT_TRUE(store.ok()) << store.status();
    auto upgraded = (*store)->SchemaStatus();
    ASSERT_TRUE(upgraded.ok()) << upgraded.status();
    for (const SchemaStep& s : *upgraded) EXPECT_TRUE(s.applied) << s.name;
    EXPECT_TRUE(HasTable(path, "notification_log"));
    auto r = (*store)->BeginRead();
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE((*r)->tables().GetTable("kept", "t").ok());
  }
}

// 0012 rebuilds partition_column_stats without its foreign key: rows
// stored before keep their values and still go with their partition.
TEST(MigratorTest, PartitionStatisticsSurviveTheRebuild) {
  TempDir dir;
  const std::string path = dir.File("c.db");
  const model::Table table = MakeTable("db", "t", {{"ds", "string"}});
  {
    auto old = OpenSqliteStore({.path = path, .migrate_up_to_version = 11});
    ASSERT_TRUE(old.ok()) << old.status();
    WithoutEpochs epochs(path);
    auto w = (*old)->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE((*w)->tables().CreateTable(table).ok());
    ASSERT_TRUE((*w)->partitions()
                    .CreatePartitions("db", "t", {testing::MakePartition(table, {"a"}),
                                                  testing::MakePartition(table, {"b"})})
                    .ok());
    model::ColumnStatistics stats;
    stats.desc = {.is_table_level = false, .database = "db", .table = "t",
                  .partition_name = "ds=a", .last_analyzed = 100};
    model::LongColumnStats range;
    range.low = 1;
    range.high = 7;
    stats.columns = {{"id", "bigint", range}};
    ASSERT_TRUE((*w)->statistics().UpsertPartitionColumnStats(stats).ok());
    stats.desc.partition_name = "ds=b";
    ASSERT_TRUE((*w)->statistics().UpsertPartitionColumnStats(stats).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  auto store = OpenSqliteStore({.path = path});
  ASSERT_TRUE(store.ok()) << store.status();
  {
    auto r = (*store)->BeginRead();
    ASSERT_TRUE(r.ok());
    auto got = (*r)->statistics().GetPartitionColumnStats("db", "t", "hive", {"ds=a"}, {});
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_EQ(got->size(), 1u);
    EXPECT_EQ((*got)[0].partition_name, "ds=a");
    ASSERT_EQ((*got)[0].columns.size(), 1u);
    EXPECT_EQ(std::get<model::LongColumnStats>((*got)[0].columns[0].data).high, 7);
  }
  {
    auto conn = Connection::Open(path, SQLITE_OPEN_READONLY, absl::Seconds(1));
    ASSERT_TRUE(conn.ok());
    auto fks = (*conn)->Prepare("SELECT count(*) FROM pragma_foreign_key_list("
                                "'partition_column_stats')");
    ASSERT_TRUE(fks.ok());
    ASSERT_TRUE(*fks->Step());
    EXPECT_EQ(fks->Int(0), 0);
  }
  auto w = (*store)->BeginWrite();
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->partitions().DeletePartitions("db", "t", {{"a"}}, false).ok());
  ASSERT_TRUE((*w)->Commit().ok());
  auto r = (*store)->BeginRead();
  ASSERT_TRUE(r.ok());
  auto left = (*r)->statistics().GetPartitionColumnStats("db", "t", "hive", {}, {});
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].partition_name, "ds=b");
}

TEST(MigratorTest, NewerFileIsRefusedAndLeftUntouched) {
  TempDir dir;
  const std::string path = dir.File("future.db");
  {
    auto store = OpenSqliteStore({.path = path});
    ASSERT_TRUE(store.ok());
  }
  const int future = LatestSchemaVersion() + 1;
  RawExec(path, "INSERT INTO schema_migrations VALUES (" + std::to_string(future) +
                    ", 'future.sql', 1)");
  ASSERT_FALSE(std::filesystem::exists(path + "-wal"));
  const std::string before = FileDigest(path);
  const auto mtime = std::filesystem::last_write_time(path);

  auto refused = OpenSqliteStore({.path = path});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "database file '" + path + "' has schema version " + std::to_string(future) +
                " but this almanac supports up to " +
                std::to_string(LatestSchemaVersion()) + "; upgrade almanac");
  EXPECT_EQ(OpenSqliteStore({.path = path, .read_only = true}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileDigest(path), before);
  EXPECT_EQ(std::filesystem::last_write_time(path), mtime);
}

TEST(MigratorTest, NewRollbackJournalFileIsNotConvertedBeforeTheCheck) {
  // A newer file still in rollback-journal mode must not be switched to WAL
  // by the refusal path (the switch itself writes the header).
  TempDir dir;
  const std::string path = dir.File("journal.db");
  RawExec(path,
          "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
          " applied_at INTEGER NOT NULL);"
          "INSERT INTO schema_migrations VALUES (1, '0001_initial.sql', 1), (" +
              std::to_string(LatestSchemaVersion() + 1) + ", 'future.sql', 1);");
  const std::string before = FileDigest(path);
  EXPECT_EQ(OpenSqliteStore({.path = path}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileDigest(path), before);
}

TEST(MigratorTest, ApplyOnAConnectionIsIdempotent) {
  TempDir dir;
  auto conn = Connection::Open(dir.File("c.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               absl::Seconds(1));
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(*ReadSchemaVersion(**conn), 0);
  ASSERT_TRUE(ApplyMigrations(**conn, 1).ok());
  EXPECT_EQ(*ReadSchemaVersion(**conn), 1);
  ASSERT_TRUE(ApplyMigrations(**conn, 0).ok());
  EXPECT_EQ(*ReadSchemaVersion(**conn), LatestSchemaVersion());
  ASSERT_TRUE(ApplyMigrations(**conn, 0).ok());
  EXPECT_EQ(*ReadSchemaVersion(**conn), LatestSchemaVersion());
  EXPECT_TRUE(CheckSchemaNotNewer(LatestSchemaVersion(), **conn).ok());
  EXPECT_EQ(CheckSchemaNotNewer(LatestSchemaVersion() + 1, **conn).code(),
            absl::StatusCode::kFailedPrecondition);
}

// 0015 gives every existing table a partition epoch, different ones, so
// that their partitions may be held in memory at once after the upgrade.
TEST(MigratorTest, ExistingTablesGetPartitionEpochs) {
  TempDir dir;
  const std::string path = dir.File("c.db");
  {
    auto old = OpenSqliteStore({.path = path, .migrate_up_to_version = 14});
    ASSERT_TRUE(old.ok()) << old.status();
    auto w = (*old)->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE((*w)->tables().CreateTable(MakeTable("db", "a", {{"ds", "string"}})).ok());
    ASSERT_TRUE((*w)->tables().CreateTable(MakeTable("db", "b", {})).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  EXPECT_FALSE(HasTable(path, "partition_epochs"));
  ASSERT_TRUE(OpenSqliteStore({.path = path}).ok());
  auto conn = Connection::Open(path, SQLITE_OPEN_READONLY, absl::Seconds(1));
  ASSERT_TRUE(conn.ok());
  auto stmt = (*conn)->Prepare(
      "SELECT count(*), count(DISTINCT e.epoch) FROM tables AS t"
      " JOIN partition_epochs AS e ON e.table_id = t.id");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->Int(0), 2);
  EXPECT_EQ(stmt->Int(1), 2);
}

// 0013 stores partition names without their keys: rows written by version 12
// ("ds=.../hr=...") become "<ds>/<hr>" and read back exactly as before, in
// the same order, by value, by name and by a name-ordered scan.
TEST(MigratorTest, PartitionNamesLoseTheirKeysAndReadTheSame) {
  TempDir dir;
  const std::string path = dir.File("c.db");
  const model::Table table = MakeTable("db", "t", {{"ds", "string"}, {"hr", "int"}});
  const std::vector<std::vector<std::string>> values = {
      {"2024-01-01", "05"}, {"2024-01-01", "7"}, {"a/b=c", "1"}, {"", "2"}, {"2024-01-0", "3"}};
  {
    auto old = OpenSqliteStore({.path = path, .migrate_up_to_version = 12});
    ASSERT_TRUE(old.ok()) << old.status();
    WithoutEpochs epochs(path);
    auto w = (*old)->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE((*w)->tables().CreateTable(table).ok());
    std::vector<model::Partition> parts;
    for (const auto& v : values) parts.push_back(testing::MakePartition(table, v));
    ASSERT_TRUE((*w)->partitions().CreatePartitions("db", "t", parts).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  // This binary wrote the stored form; put the rows back the way version 12
  // wrote them (each stored name has exactly one '/': values are escaped).
  RawExec(path, "UPDATE partitions SET name = 'ds=' || replace(name, '/', '/hr=')");
  {
    auto conn = Connection::Open(path, SQLITE_OPEN_READONLY, absl::Seconds(1));
    ASSERT_TRUE(conn.ok());
    auto stmt = (*conn)->Prepare("SELECT count(*) FROM partitions WHERE name LIKE 'ds=%/hr=%'");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(*stmt->Step());
    ASSERT_EQ(stmt->Int(0), 5);
  }
  auto store = OpenSqliteStore({.path = path});
  ASSERT_TRUE(store.ok()) << store.status();
  {
    auto conn = Connection::Open(path, SQLITE_OPEN_READONLY, absl::Seconds(1));
    ASSERT_TRUE(conn.ok());
    auto stmt = (*conn)->Prepare("SELECT name FROM partitions ORDER BY name");
    ASSERT_TRUE(stmt.ok());
    std::vector<std::string> stored;
    while (*stmt->Step()) stored.emplace_back(stmt->Text(0));
    EXPECT_EQ(stored, (std::vector<std::string>{"2024-01-0/3", "2024-01-01/05", "2024-01-01/7",
                                                "__HIVE_DEFAULT_PARTITION__/2", "a%2Fb%3Dc/1"}));
  }
  auto r = (*store)->BeginRead();
  ASSERT_TRUE(r.ok());
  std::vector<std::string> names;
  ASSERT_TRUE((*r)->partitions()
                  .ScanPartitionNames("db", "t", {},
                                      [&](std::string_view name) {
                                        names.emplace_back(name);
                                        return true;
                                      },
                                      nullptr)
                  .ok());
  EXPECT_EQ(names, (std::vector<std::string>{"ds=2024-01-0/hr=3", "ds=2024-01-01/hr=05",
                                             "ds=2024-01-01/hr=7",
                                             "ds=__HIVE_DEFAULT_PARTITION__/hr=2",
                                             "ds=a%2Fb%3Dc/hr=1"}));
  auto p = (*r)->partitions().GetPartition("db", "t", {"a/b=c", "1"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->values, (std::vector<std::string>{"a/b=c", "1"}));
  EXPECT_EQ(p->sd.location, table.sd.location + "/ds=a%2Fb%3Dc/hr=1");
  auto by_name =
      (*r)->partitions().GetPartitionsByNames("db", "t", {"ds=2024-01-01/hr=05", "hr=05"});
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ((*by_name)[0].values, (std::vector<std::string>{"2024-01-01", "05"}));
}

}  // namespace
}  // namespace almanac::storage::sqlite
