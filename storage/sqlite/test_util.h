// Helpers shared by the sqlite backend's tests: a temporary directory that
// removes itself, model objects with sensible defaults, and file digests.
// Test-only; not thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_TEST_UTIL_H_
#define ALMANAC_STORAGE_SQLITE_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "catalog/model/database.h"
#include "catalog/model/partition.h"
#include "catalog/model/table.h"

namespace almanac::storage::sqlite::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

model::Database MakeDatabase(const std::string& name);

// A table with the given (name, type) partition keys at "file:/wh/<db>/<name>".
model::Table MakeTable(const std::string& db, const std::string& name,
                       const std::vector<std::pair<std::string, std::string>>& keys);

// A partition sharing its table's descriptor, at "<table location>/<name>".
model::Partition MakePartition(const model::Table& table, const std::vector<std::string>& values);

// The file's bytes as a printable digest, to prove a file was not touched.
std::string FileDigest(const std::string& path);

}  // namespace almanac::storage::sqlite::testing

#endif  // ALMANAC_STORAGE_SQLITE_TEST_UTIL_H_
