// JSON bodies of the column-statistics and function rows of the sqlite
// backend. A statistics body holds one column's typed statistics (Hive's
// ColumnStatisticsData) tagged with its family; byte fields (bit vectors,
// histograms, decimal unscaled values) are base64 so the JSON stays text.
// A function body holds what has no column of its own: the function type and
// the resource URIs.
//
// Decoding never throws: a body this code did not write is DataLoss naming
// the object.
//
// Thread safety: stateless functions; thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_STATS_CODEC_H_
#define ALMANAC_STORAGE_SQLITE_STATS_CODEC_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/model/column_statistics.h"
#include "catalog/model/function.h"

namespace almanac::storage::sqlite {

std::string ColumnStatsDataToJson(const model::ColumnStatisticsData& data);
// `what` names the owner for the error message ("statistics of column 'db.t.c'").
absl::StatusOr<model::ColumnStatisticsData> ColumnStatsDataFromJson(std::string_view body,
                                                                    std::string_view what);

// Only type and resources; the other fields live in columns.
std::string FunctionBodyToJson(const model::Function& function);
// Fills type and resources of `function`.
absl::Status FunctionBodyFromJson(std::string_view body, std::string_view what,
                                  model::Function* function);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_STATS_CODEC_H_
