// Conversions between the Hive Metastore Thrift structs of column statistics
// and functions (ColumnStatistics*, AggrStats, Function, ResourceUri) and the
// catalog model. Only the Thrift front end sees these.
//
// FromThrift checks only what the wire form can get wrong (a statistics union
// with no member set, an unknown function or resource type, a catalog other
// than "hive"); schema rules are the service's. Database names may arrive
// catalog-qualified and are stripped here.
//
// Stateless; thread-safe.
#ifndef ALMANAC_THRIFT_STATISTICS_CONVERT_H_
#define ALMANAC_THRIFT_STATISTICS_CONVERT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/column_statistics.h"
#include "catalog/model/function.h"
#include "hive_metastore_types.h"

namespace almanac::hms {

// InvalidArgument when no member of the union is set.
absl::StatusOr<model::ColumnStatisticsObj> FromThrift(const ColumnStatisticsObj& obj);
ColumnStatisticsObj ToThrift(const model::ColumnStatisticsObj& obj);
std::vector<ColumnStatisticsObj> ToThrift(const std::vector<model::ColumnStatisticsObj>& objs);

// `engine` (the request's) is used when the struct's engine is unset, empty
// or the default "hive".
absl::StatusOr<model::ColumnStatistics> FromThrift(const ColumnStatistics& stats,
                                                   const std::string& engine);
ColumnStatistics ToThrift(const model::ColumnStatistics& stats);

AggrStats ToThrift(const model::AggregateColumnStatistics& aggregate);

// InvalidArgument for an unknown function, resource or owner type.
absl::StatusOr<model::Function> FromThrift(const Function& function);
Function ToThrift(const model::Function& function);

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_STATISTICS_CONVERT_H_
