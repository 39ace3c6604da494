#include "storage/sqlite/test_util.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/sqlite/str_cat.h"
#include "catalog/model/names.h"
#include "storage/sqlite/json_codec.h"

namespace almanac::storage::sqlite::testing {

TempDir::TempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string templ = StrCat(base != nullptr ? base : "/tmp", "/almanac_sqlite_XXXXXX");
  char* made = mkdtemp(templ.data());
  if (made == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

model::Database MakeDatabase(const std::string& name) {
  model::Database db;
  db.name = name;
  db.description = "database " + name;
  db.location = "file:/wh/" + name + ".db";
  db.parameters = {{"owner_team", "data"}};
  db.owner_name = "alice";
  db.create_time = 1700000000;
  return db;
}

model::Table MakeTable(const std::string& db, const std::string& name,
                       const std::vector<std::pair<std::string, std::string>>& keys) {
  model::Table t;
  t.database = db;
  t.name = name;
  t.owner = "alice";
  t.create_time = 1700000000;
  t.sd.columns = {{"id", "bigint", "row id"}, {"payload", "string", ""}};
  t.sd.location = "file:/wh/" + db + "/" + name;
  t.sd.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  t.sd.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  t.sd.serde.serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  t.sd.serde.parameters = {{"serialization.format", "1"}};
  for (const auto& [key, type] : keys) t.partition_keys.push_back({key, type, ""});
  t.parameters = {{"EXTERNAL", "TRUE"}};
  t.table_type = model::TableType::kExternal;
  return t;
}

model::Partition MakePartition(const model::Table& table, const std::vector<std::string>& values) {
  model::Partition p;
  p.database = table.database;
  p.table = table.name;
  p.values = values;
  p.create_time = 1700000100;
  p.sd = table.sd;
  absl::StatusOr<std::string> name = model::MakePartitionName(table.partition_keys, values);
  p.sd.location = table.sd.location + "/" + (name.ok() ? *name : "?");
  return p;
}

std::string FileDigest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  return StrCat(bytes.size(), ":", StableHash(bytes));
}

}  // namespace almanac::storage::sqlite::testing
