#include "tools/bench/hms_bench/hms_suite.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/status_macros.h"

namespace almanac::bench::hms {
namespace {

using almanac::hms::Database;
using almanac::hms::FieldSchema;
using almanac::hms::Partition;
using almanac::hms::SerDeInfo;
using almanac::hms::StorageDescriptor;
using almanac::hms::Table;
using almanac::hms::ThriftHiveMetastoreClient;

using Step = std::function<absl::Status()>;

// The formats and serde hmsbench's table builder uses.
constexpr char kInputFormat[] = "org.apache.hadoop.hive.ql.io.HiveInputFormat";
constexpr char kOutputFormat[] = "org.apache.hadoop.hive.ql.io.HiveOutputFormat";
constexpr char kSerde[] = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";

FieldSchema Column(const std::string& name, const std::string& type = "string") {
  FieldSchema column;
  column.__set_name(name);
  column.__set_type(type);
  column.__set_comment("");
  return column;
}

std::vector<FieldSchema> Columns(const std::vector<std::string>& names) {
  std::vector<FieldSchema> columns;
  for (const std::string& name : names) columns.push_back(Column(name));
  return columns;
}

// A managed table with no location (the server assigns one), as hmsbench
// builds it.
Table MakeTable(const std::string& db, const std::string& name,
                const std::vector<std::string>& columns,
                const std::vector<std::string>& partition_keys) {
  SerDeInfo serde;
  serde.__set_name(name);
  serde.__set_serializationLib(kSerde);
  StorageDescriptor sd;
  sd.__set_cols(Columns(columns));
  sd.__set_serdeInfo(serde);
  sd.__set_inputFormat(kInputFormat);
  sd.__set_outputFormat(kOutputFormat);
  Table table;
  table.__set_dbName(db);
  table.__set_tableName(name);
  table.__set_sd(sd);
  table.__set_parameters({});
  if (!partition_keys.empty()) table.__set_partitionKeys(Columns(partition_keys));
  table.__set_tableType("MANAGED_TABLE");
  return table;
}

// Partition i of `table`: value prefix + i for each key, the table's storage
// descriptor with location <table location>/k1=v1/k2=v2.
std::vector<Partition> MakePartitions(const Table& table, const std::vector<std::string>& prefixes,
                                      int count) {
  std::vector<Partition> partitions;
  partitions.reserve(count);
  for (int i = 0; i < count; ++i) {
    Partition partition;
    partition.__set_dbName(table.dbName);
    partition.__set_tableName(table.tableName);
    partition.__set_parameters({});
    std::vector<std::string> values;
    std::string location = table.sd.location;
    for (size_t k = 0; k < prefixes.size(); ++k) {
      values.push_back(absl::StrCat(prefixes[k], i));
      absl::StrAppend(&location, "/", table.partitionKeys[k].name, "=", values.back());
    }
    partition.__set_values(values);
    StorageDescriptor sd = table.sd;
    sd.__set_location(location);
    partition.__set_sd(sd);
    partitions.push_back(std::move(partition));
  }
  return partitions;
}

double ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// hmsbench's MicroBenchmark.measure(pre, test, post).
absl::StatusOr<std::vector<double>> Measure(int warmup, int iterations, const Step& pre,
                                            const Step& test, const Step& post) {
  std::vector<double> samples;
  for (int i = 0; i < warmup + iterations; ++i) {
    if (pre) RETURN_IF_ERROR(pre());
    auto start = std::chrono::steady_clock::now();
    RETURN_IF_ERROR(test());
    double ms = ElapsedMs(start);
    if (post) RETURN_IF_ERROR(post());
    if (i >= warmup) samples.push_back(ms);
  }
  return samples;
}

// Runs `measure` and always runs `cleanup` afterwards; the measurement's
// error wins over the clean-up's.
absl::StatusOr<std::vector<double>> WithCleanup(
    const std::function<absl::StatusOr<std::vector<double>>()>& measure, const Step& cleanup) {
  absl::StatusOr<std::vector<double>> result = measure();
  absl::Status cleaned = cleanup();
  if (!result.ok()) return result.status();
  if (!cleaned.ok()) return cleaned;
  return result;
}

absl::Status CreateTable(HmsConnection& c, const Table& table) {
  return c.Call([&](ThriftHiveMetastoreClient& client) { client.create_table(table); });
}

absl::Status DropTable(HmsConnection& c, const std::string& db, const std::string& table) {
  return c.Call([&](ThriftHiveMetastoreClient& client) { client.drop_table(db, table, true); });
}

absl::StatusOr<Table> GetTable(HmsConnection& c, const std::string& db, const std::string& name) {
  Table table;
  RETURN_IF_ERROR(
      c.Call([&](ThriftHiveMetastoreClient& client) { client.get_table(table, db, name); }));
  return table;
}

// hmsbench's addManyPartitions: get_table, then one add_partitions call.
absl::Status AddManyPartitions(HmsConnection& c, const std::string& db, const std::string& name,
                               const std::vector<std::string>& prefixes, int count) {
  ASSIGN_OR_RETURN(Table table, GetTable(c, db, name));
  std::vector<Partition> partitions = MakePartitions(table, prefixes, count);
  return c.Call([&](ThriftHiveMetastoreClient& client) { client.add_partitions(partitions); });
}

absl::StatusOr<std::vector<std::string>> PartitionNames(HmsConnection& c, const std::string& db,
                                                        const std::string& name) {
  std::vector<std::string> names;
  RETURN_IF_ERROR(c.Call([&](ThriftHiveMetastoreClient& client) {
    client.get_partition_names(names, db, name, -1);
  }));
  return names;
}

// hmsbench's dropPartitions(db, table, null): the names, then one
// drop_partitions_req by names (nothing when there are none).
absl::Status DropAllPartitions(HmsConnection& c, const std::string& db, const std::string& name) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, PartitionNames(c, db, name));
  if (names.empty()) return absl::OkStatus();
  almanac::hms::DropPartitionsRequest request;
  request.__set_dbName(db);
  request.__set_tblName(name);
  almanac::hms::RequestPartsSpec parts;
  parts.__set_names(names);
  request.__set_parts(parts);
  almanac::hms::DropPartitionsResult result;
  return c.Call(
      [&](ThriftHiveMetastoreClient& client) { client.drop_partitions_req(result, request); });
}

std::string ManyTableName(int i) { return absl::StrCat("tmp_table_", i); }

// hmsbench's createManyTables passes ("name", "string") and ("date",
// "string") to its schema helper, which makes two columns and two partition
// keys, one of each named "string"; Almanac refuses a partition key that is
// also a column (Hive DDL does too), so both servers get the evident intent:
// column name:string, partition key date:string.
absl::Status CreateManyTables(HmsConnection& c, const std::string& db, int count) {
  for (int i = 0; i < count; ++i) {
    RETURN_IF_ERROR(CreateTable(c, MakeTable(db, ManyTableName(i), {"name"}, {"date"})));
  }
  return absl::OkStatus();
}

absl::Status DropManyTables(HmsConnection& c, const std::string& db, int count) {
  for (int i = 0; i < count; ++i) RETURN_IF_ERROR(DropTable(c, db, ManyTableName(i)));
  return absl::OkStatus();
}

Table PartitionedTable(const SuiteOptions& o) {
  return MakeTable(o.database, o.table, {"name"}, {"date"});
}

// Creates the single-key partitioned table with `count` partitions, runs
// `measure`, drops the table.
absl::StatusOr<std::vector<double>> OnPartitionedTable(
    HmsConnection& c, const SuiteOptions& o, int count,
    const std::function<absl::StatusOr<std::vector<double>>()>& measure) {
  RETURN_IF_ERROR(CreateTable(c, PartitionedTable(o)));
  return WithCleanup(
      [&]() -> absl::StatusOr<std::vector<double>> {
        if (count > 0) RETURN_IF_ERROR(AddManyPartitions(c, o.database, o.table, {"d"}, count));
        return measure();
      },
      [&] { return DropTable(c, o.database, o.table); });
}

absl::StatusOr<std::vector<double>> GetPartitionsByFilter(HmsConnection& c, const SuiteOptions& o,
                                                          int count) {
  RETURN_IF_ERROR(CreateTable(c, MakeTable(o.database, o.table, {"name"}, {"p_a", "p_b", "p_c"})));
  return WithCleanup(
      [&]() -> absl::StatusOr<std::vector<double>> {
        // Untimed set-up, in add_partitions calls of at most kSetupChunk: the
        // Java metastore on Derby overflows its stack on one call of 1000
        // partitions with three keys (its direct-SQL insert grows with
        // partitions x keys) and answers "Exception rolling back to savepoint".
        ASSIGN_OR_RETURN(Table table, GetTable(c, o.database, o.table));
        std::vector<Partition> all = MakePartitions(table, {"a", "b", "c"}, count);
        constexpr size_t kSetupChunk = 250;
        for (size_t begin = 0; begin < all.size(); begin += kSetupChunk) {
          std::vector<Partition> chunk(all.begin() + begin,
                                       all.begin() + std::min(all.size(), begin + kSetupChunk));
          RETURN_IF_ERROR(
              c.Call([&](ThriftHiveMetastoreClient& client) { client.add_partitions(chunk); }));
        }
        const bool big = count > 1;
        return Measure(big ? o.big_warmup : o.warmup, big ? o.big_iterations : o.iterations,
                       nullptr,
                       [&] {
                         // The two filters hmsbench times together.
                         std::vector<Partition> out;
                         return c.Call([&](ThriftHiveMetastoreClient& client) {
                           client.get_partitions_by_filter(out, o.database, o.table,
                                                           "`p_a`='a0'", -1);
                           client.get_partitions_by_filter(
                               out, o.database, o.table,
                               "`p_a`='a0' or `p_b`='b0' or `p_c`='c0' or `p_a`='a1' or "
                               "`p_b`='b1' or `p_c`='c1'",
                               -1);
                         });
                       },
                       nullptr);
      },
      [&] { return DropTable(c, o.database, o.table); });
}

// The C++ Thrift client always sends Database.locationUri (a field of
// default requiredness), where the Java client sends nothing; the Java
// metastore refuses an empty one. So the location is the one the server
// would pick itself: <warehouse>/<name>.db, the warehouse being the default
// database's location. Almanac accepts an empty one and picks it.
absl::StatusOr<Database> MakeDatabase(HmsConnection& c, const std::string& name) {
  Database db;
  db.__set_name(name);
  Database default_db;
  absl::Status found =
      c.Call([&](ThriftHiveMetastoreClient& client) { client.get_database(default_db, "default"); });
  // Without a default database (a server that creates none, as Almanac
  // before it did) the location stays empty and the server picks one.
  if (absl::IsNotFound(found) || default_db.locationUri.empty()) return db;
  RETURN_IF_ERROR(found);
  std::string root = default_db.locationUri;
  while (!root.empty() && root.back() == '/') root.pop_back();
  db.__set_locationUri(absl::StrCat(root, "/", name, ".db"));
  return db;
}

}  // namespace

absl::Status DropDatabaseIfExists(HmsConnection& c, const std::string& database) {
  absl::Status status = c.Call(
      [&](ThriftHiveMetastoreClient& client) { client.drop_database(database, true, true); });
  if (absl::IsNotFound(status)) return absl::OkStatus();
  return status;
}

absl::Status ResetDatabase(HmsConnection& c, const SuiteOptions& o) {
  RETURN_IF_ERROR(DropDatabaseIfExists(c, o.database));
  ASSIGN_OR_RETURN(Database db, MakeDatabase(c, o.database));
  return c.Call([&](ThriftHiveMetastoreClient& client) { client.create_database(db); });
}

std::vector<Benchmark> AllBenchmarks(const SuiteOptions& o) {
  const std::string n = absl::StrCat(".", o.batch);
  const std::string& db = o.database;
  const std::string& tbl = o.table;
  std::vector<Benchmark> suite;

  suite.push_back({"getNid", [o](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return Measure(o.warmup, o.iterations, nullptr, [&] {
                       almanac::hms::CurrentNotificationEventId id;
                       return c.Call([&](ThriftHiveMetastoreClient& client) {
                         client.get_current_notificationEventId(id);
                       });
                     }, nullptr);
                   }});
  suite.push_back({"listDatabases", [o](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return Measure(o.warmup, o.iterations, nullptr, [&] {
                       std::vector<std::string> names;
                       return c.Call([&](ThriftHiveMetastoreClient& client) {
                         client.get_all_databases(names);
                       });
                     }, nullptr);
                   }});
  suite.push_back({"getTable", [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, 0, [&] {
                       return Measure(o.warmup, o.iterations, nullptr,
                                      [&] { return GetTable(c, db, tbl).status(); }, nullptr);
                     });
                   }});
  suite.push_back({"createTable", [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     Table table = MakeTable(db, tbl, {}, {});
                     return Measure(o.warmup, o.iterations, nullptr,
                                    [&] { return CreateTable(c, table); },
                                    [&] { return DropTable(c, db, tbl); });
                   }});
  suite.push_back({"addPartition", [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, 0, [&]() -> absl::StatusOr<std::vector<double>> {
                       ASSIGN_OR_RETURN(Table table, GetTable(c, db, tbl));
                       Partition partition = MakePartitions(table, {"d"}, 1).front();
                       return Measure(o.warmup, o.iterations, nullptr,
                                      [&] {
                                        Partition out;
                                        return c.Call([&](ThriftHiveMetastoreClient& client) {
                                          client.add_partition(out, partition);
                                        });
                                      },
                                      [&] { return DropAllPartitions(c, db, tbl); });
                     });
                   }});
  suite.push_back({"listTables" + n, [o, db](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     RETURN_IF_ERROR(CreateManyTables(c, db, o.batch));
                     return WithCleanup(
                         [&] {
                           return Measure(o.warmup, o.iterations, nullptr, [&] {
                             std::vector<std::string> names;
                             return c.Call([&](ThriftHiveMetastoreClient& client) {
                               client.get_all_tables(names, db);
                             });
                           }, nullptr);
                         },
                         [&] { return DropManyTables(c, db, o.batch); });
                   }});
  suite.push_back({"getPartitionNames" + n, [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, o.batch, [&] {
                       return Measure(o.warmup, o.iterations, nullptr,
                                      [&] { return PartitionNames(c, db, tbl).status(); }, nullptr);
                     });
                   }});
  suite.push_back({"getPartitions" + n, [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, o.batch, [&] {
                       return Measure(o.warmup, o.iterations, nullptr, [&] {
                         std::vector<Partition> out;
                         return c.Call([&](ThriftHiveMetastoreClient& client) {
                           client.get_partitions(out, db, tbl, -1);
                         });
                       }, nullptr);
                     });
                   }});
  suite.push_back({"getPartitionsByNames" + n, [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, o.batch,
                                               [&]() -> absl::StatusOr<std::vector<double>> {
                       ASSIGN_OR_RETURN(std::vector<std::string> names, PartitionNames(c, db, tbl));
                       return Measure(o.warmup, o.iterations, nullptr, [&] {
                         std::vector<Partition> out;
                         return c.Call([&](ThriftHiveMetastoreClient& client) {
                           client.get_partitions_by_names(out, db, tbl, names);
                         });
                       }, nullptr);
                     });
                   }});
  suite.push_back({"getPartitionsByFilter",
                   [o](HmsConnection& c) -> absl::StatusOr<std::vector<double>> { return GetPartitionsByFilter(c, o, 1); }});
  suite.push_back({absl::StrCat("getPartitionsByFilter.", o.filter_partitions),
                   [o](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return GetPartitionsByFilter(c, o, o.filter_partitions);
                   }});
  suite.push_back({"addPartitions" + n, [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, 0, [&] {
                       return Measure(o.big_warmup, o.big_iterations, nullptr,
                                      [&] { return AddManyPartitions(c, db, tbl, {"d"}, o.batch); },
                                      [&] { return DropAllPartitions(c, db, tbl); });
                     });
                   }});
  suite.push_back({"dropPartitions" + n, [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     return OnPartitionedTable(c, o, 0, [&] {
                       return Measure(o.big_warmup, o.big_iterations,
                                      [&] { return AddManyPartitions(c, db, tbl, {"d"}, o.batch); },
                                      [&] { return DropAllPartitions(c, db, tbl); }, nullptr);
                     });
                   }});
  suite.push_back({"renameTable" + n, [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     // Two renames per sample, as hmsbench. hmsbench renames
                     // there and back with a blanked location, which the Java
                     // 4.0.0 metastore refuses ("Can not create a Path from an
                     // empty string"); renaming back onto the first name with
                     // a real location makes it refuse the next rename (the
                     // directory of the renamed table is left behind). So
                     // every rename goes to a name never used before and
                     // carries the location get_table reported (untimed).
                     // The Java metastore also answers get_table of this
                     // non-ACID managed table as EXTERNAL_TABLE and refuses an
                     // external location inside the managed warehouse: the
                     // renames send the type it was created with.
                     std::string current = tbl;
                     int serial = 0;
                     Table first, second;
                     RETURN_IF_ERROR(CreateTable(c, PartitionedTable(o)));
                     return WithCleanup(
                         [&]() -> absl::StatusOr<std::vector<double>> {
                           RETURN_IF_ERROR(AddManyPartitions(c, db, tbl, {"d"}, o.batch));
                           return Measure(
                               o.big_warmup, o.big_iterations,
                               [&]() -> absl::Status {
                                 ASSIGN_OR_RETURN(Table t, GetTable(c, db, current));
                                 t.__set_tableType("MANAGED_TABLE");
                                 t.parameters.erase("EXTERNAL");
                                 first = t;
                                 first.__set_tableName(absl::StrCat(tbl, "_r", ++serial));
                                 second = t;
                                 second.__set_tableName(absl::StrCat(tbl, "_r", ++serial));
                                 return absl::OkStatus();
                               },
                               [&] {
                                 return c.Call([&](ThriftHiveMetastoreClient& client) {
                                   client.alter_table(db, current, first);
                                   client.alter_table(db, first.tableName, second);
                                 });
                               },
                               [&] {
                                 current = second.tableName;
                                 return absl::OkStatus();
                               });
                         },
                         [&] { return DropTable(c, db, current); });
                   }});
  suite.push_back({"dropDatabase" + n, [o, db](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     RETURN_IF_ERROR(DropDatabaseIfExists(c, db));
                     ASSIGN_OR_RETURN(Database database, MakeDatabase(c, db));
                     return WithCleanup(
                         [&] {
                           return Measure(
                               o.big_warmup, o.big_iterations,
                               [&]() -> absl::Status {
                                 RETURN_IF_ERROR(c.Call([&](ThriftHiveMetastoreClient& client) {
                                   client.create_database(database);
                                 }));
                                 return CreateManyTables(c, db, o.batch);
                               },
                               [&] {
                                 return c.Call([&](ThriftHiveMetastoreClient& client) {
                                   client.drop_database(db, true, true);
                                 });
                               },
                               nullptr);
                         },
                         [&] {
                           // Leave the database in place, as the suite found it.
                           RETURN_IF_ERROR(DropDatabaseIfExists(c, db));
                           return c.Call([&](ThriftHiveMetastoreClient& client) {
                             client.create_database(database);
                           });
                         });
                   }});
  return suite;
}

namespace {

// The pruning table: partition i's values (see PruningBenchmarks).
constexpr int kPruningHours = 24;
constexpr int kPruningBuckets = 42;
constexpr int kPruningPerDay = kPruningHours * kPruningBuckets;

std::string PruningDay(int day) {
  return absl::FormatCivilTime(absl::CivilDay(2021, 1, 1) + day);
}

std::vector<std::string> PruningValues(int i) {
  return {PruningDay(i / kPruningPerDay), absl::StrCat(i / kPruningBuckets % kPruningHours),
          absl::StrCat(i % kPruningBuckets)};
}

Table PruningTable(const SuiteOptions& o) {
  Table table = MakeTable(o.database, "pruning_table", {"id", "payload"}, {});
  table.sd.cols[0].__set_type("bigint");
  table.__set_partitionKeys({Column("ds"), Column("hr", "int"), Column("b", "int")});
  return table;
}

Partition PruningPartition(const Table& table, int i) {
  Partition partition;
  partition.__set_dbName(table.dbName);
  partition.__set_tableName(table.tableName);
  partition.__set_parameters({});
  partition.__set_values(PruningValues(i));
  StorageDescriptor sd = table.sd;
  std::string location = table.sd.location;
  for (size_t k = 0; k < table.partitionKeys.size(); ++k) {
    absl::StrAppend(&location, "/", table.partitionKeys[k].name, "=", partition.values[k]);
  }
  sd.__set_location(location);
  partition.__set_sd(sd);
  return partition;
}

// How many of the table's partitions satisfy `keep(values)`.
int CountPruning(const SuiteOptions& o,
                 const std::function<bool(const std::vector<std::string>&)>& keep) {
  int n = 0;
  for (int i = 0; i < o.pruning_partitions; ++i) n += keep(PruningValues(i)) ? 1 : 0;
  return n;
}

absl::Status ExpectCount(const char* call, size_t got, int expected) {
  if (got == static_cast<size_t>(expected)) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(call, " returned ", got, " results, expected ", expected));
}

}  // namespace

std::vector<Benchmark> PruningBenchmarks(const SuiteOptions& o) {
  const std::string db = o.database;
  const std::string tbl = PruningTable(o).tableName;
  const int days = (o.pruning_partitions + kPruningPerDay - 1) / kPruningPerDay;
  const std::string day = PruningDay(days / 2);
  std::vector<Benchmark> suite;

  suite.push_back({absl::StrCat("load.", o.pruning_partitions),
                   [o, db, tbl](HmsConnection& c) -> absl::StatusOr<std::vector<double>> {
                     RETURN_IF_ERROR(CreateTable(c, PruningTable(o)));
                     ASSIGN_OR_RETURN(Table table, GetTable(c, db, tbl));
                     std::vector<double> samples;
                     for (int begin = 0; begin < o.pruning_partitions;
                          begin += o.pruning_load_batch) {
                       std::vector<Partition> batch;
                       int end = std::min(o.pruning_partitions, begin + o.pruning_load_batch);
                       for (int i = begin; i < end; ++i) batch.push_back(PruningPartition(table, i));
                       auto start = std::chrono::steady_clock::now();
                       RETURN_IF_ERROR(c.Call(
                           [&](ThriftHiveMetastoreClient& client) { client.add_partitions(batch); }));
                       samples.push_back(ElapsedMs(start));
                     }
                     return samples;
                   }});

  // One benchmark per call: `call(out)` fills a result whose size is checked.
  auto add = [&](const std::string& name, int expected,
                 std::function<absl::Status(HmsConnection&, size_t&)> call) {
    suite.push_back({name, [o, expected, name, call](HmsConnection& c)
                               -> absl::StatusOr<std::vector<double>> {
                       return Measure(o.warmup, o.iterations, nullptr, [&]() -> absl::Status {
                         size_t got = 0;
                         RETURN_IF_ERROR(call(c, got));
                         return ExpectCount(name.c_str(), got, expected);
                       }, nullptr);
                     }});
  };
  auto names_ps = [db, tbl](std::vector<std::string> spec) {
    return [db, tbl, spec](HmsConnection& c, size_t& got) {
      std::vector<std::string> names;
      absl::Status s = c.Call([&](ThriftHiveMetastoreClient& client) {
        client.get_partition_names_ps(names, db, tbl, spec, -1);
      });
      got = names.size();
      return s;
    };
  };
  auto by_filter = [db, tbl](std::string filter) {
    return [db, tbl, filter](HmsConnection& c, size_t& got) {
      std::vector<Partition> out;
      absl::Status s = c.Call([&](ThriftHiveMetastoreClient& client) {
        client.get_partitions_by_filter(out, db, tbl, filter, -1);
      });
      got = out.size();
      return s;
    };
  };
  auto on_day = [day](const std::vector<std::string>& v) { return v[0] == day; };
  auto b7 = [](const std::vector<std::string>& v) { return v[2] == "7"; };
  auto one = [day](const std::vector<std::string>& v) {
    return v[0] == day && v[1] == "5" && v[2] == "7";
  };
  add("namesPs.ds", CountPruning(o, on_day), names_ps({day}));
  add("namesPs.b", CountPruning(o, b7), names_ps({"", "", "7"}));
  add("filter.ds", CountPruning(o, on_day), by_filter(absl::StrCat("ds = \"", day, "\"")));
  add("filter.b", CountPruning(o, b7), by_filter("b = 7"));
  add("filter.ds_hr_b", CountPruning(o, one),
      by_filter(absl::StrCat("ds = \"", day, "\" and hr = 5 and b = 7")));
  add("getPartition.ds_hr_b", 1, [db, tbl, day](HmsConnection& c, size_t& got) {
    Partition out;
    absl::Status s = c.Call([&](ThriftHiveMetastoreClient& client) {
      client.get_partition(out, db, tbl, {day, "5", "7"});
    });
    got = s.ok() ? 1 : 0;
    return s;
  });
  return suite;
}

}  // namespace almanac::bench::hms
