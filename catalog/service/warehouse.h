// Warehouse: the file-system steps the Hive metastore takes besides changing
// the catalog: creating the directory of a new database or managed table,
// moving a managed table's directory when it is renamed, deleting data when a
// managed table, partition or database is dropped with deleteData.
//
// Locations are URIs as stored in the catalog. NewLocalWarehouse() handles
// `file:/p`, `file:///p`, `file://localhost/p` and bare absolute paths `/p`
// with std::filesystem; any other scheme (hdfs, s3a, gs, abfs, ...) is
// answered with Unimplemented, which CatalogService takes as "leave the data
// where it is": the catalog change still happens and a warning is reported
// (Almanac has no Hadoop file-system client).
//
// Thread-safe: the local implementation keeps no state. Concurrent calls on
// the same directories race like any two processes using the file system.
#ifndef ALMANAC_CATALOG_SERVICE_WAREHOUSE_H_
#define ALMANAC_CATALOG_SERVICE_WAREHOUSE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace almanac::service {

class Warehouse {
 public:
  virtual ~Warehouse() = default;

  // Creates the directory and its missing parents; OK when it exists.
  // FailedPrecondition when something that is not a directory is in the way.
  virtual absl::Status MakeDirectory(std::string_view location) = 0;

  // Renames directory `from` to `to`, creating the parents of `to`.
  // NotFound when `from` does not exist; AlreadyExists when `to` does.
  virtual absl::Status MoveDirectory(std::string_view from, std::string_view to) = 0;

  // Deletes `location` and everything under it; OK when it does not exist.
  // InvalidArgument for a file-system root, refused as a safety net.
  virtual absl::Status DeleteRecursively(std::string_view location) = 0;
};

// The implementation for local locations described above; Unimplemented for
// other schemes; InvalidArgument for an empty or relative location.
std::unique_ptr<Warehouse> NewLocalWarehouse();

// The local path of a `file:` or bare-path location, lexically normalised
// (no trailing '/', no "." or ".." parts). Unimplemented for another scheme;
// InvalidArgument for an empty or relative location.
absl::StatusOr<std::string> LocalPath(std::string_view location);

// Whether `location` is `dir` itself or lies below it. Local locations are
// compared after LocalPath (so `file:/a/b` lies under `file:///a`); others
// by string prefix at a '/' boundary. False when either is empty.
bool LocationIsUnder(std::string_view location, std::string_view dir);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_WAREHOUSE_H_
