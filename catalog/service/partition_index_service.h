// PartitionIndexService: Glue-style partition indexes, which let filtered
// partition listings seek instead of scanning: at most 3 per table, each over
// 1..3 partition keys of type string, numeric or date.
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: InvalidArgument for bad keys or names; AlreadyExists;
// ResourceExhausted past 3 indexes; NotFound for the table or the index;
// PermissionDenied from the gate.
#ifndef ALMANAC_CATALOG_SERVICE_PARTITION_INDEX_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_PARTITION_INDEX_SERVICE_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"
#include "storage/store.h"

namespace almanac::service {

class PartitionIndexService {
 public:
  explicit PartitionIndexService(ServiceCore* core) : core_(core) {}

  absl::Status CreatePartitionIndex(const model::RequestContext& ctx, std::string_view db,
                                    std::string_view table, model::PartitionIndex index);
  absl::StatusOr<std::vector<model::PartitionIndex>> ListPartitionIndexes(
      const model::RequestContext& ctx, std::string_view db, std::string_view table);
  absl::Status DropPartitionIndex(const model::RequestContext& ctx, std::string_view db,
                                  std::string_view table, std::string_view index_name);

 private:
  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_PARTITION_INDEX_SERVICE_H_
