// Name rules for databases, tables, columns and partitions, following Hive:
// names are case-insensitive and stored lower case; partition names are
// "key1=value1/key2=value2" with Hive's path escaping of special characters.
// Stateless functions; thread-safe.
#ifndef ALMANAC_CATALOG_MODEL_NAMES_H_
#define ALMANAC_CATALOG_MODEL_NAMES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::model {

std::string ToLowerName(std::string_view name);

// InvalidArgument naming the rule: "invalid database name 'a b': only letters,
// digits and '_' are allowed", "... must not be empty", "... longer than 128 characters".
absl::Status ValidateDatabaseName(std::string_view name);
absl::Status ValidateTableName(std::string_view name);
absl::Status ValidateColumnName(std::string_view name);

// Whether `name` can name an S3 connection (a crawler target's connection,
// a section of --s3-connections-file): 1 to 255 letters, digits, '_', '-', '.'.
bool ValidConnectionName(std::string_view name);

// Hive's escaping of a path component (FileUtils.escapePathName): characters
// such as '/', '=', '%', ':', '#', control characters become %XX (upper hex).
std::string EscapePartitionComponent(std::string_view text);
std::string UnescapePartitionComponent(std::string_view text);

// A partition key as every partition name spells it: lower case, escaped
// ("Region" -> "region"). MakePartitionName writes it before each '='.
std::string PartitionNameKey(std::string_view key);

// Appends a partition value as a partition name spells it to `*out`:
// escaped, or __HIVE_DEFAULT_PARTITION__ when empty.
void AppendPartitionValue(std::string_view value, std::string* out);

// "year=2024/month=01" from keys and values. Empty values become
// __HIVE_DEFAULT_PARTITION__. InvalidArgument when the counts differ.
absl::StatusOr<std::string> MakePartitionName(const std::vector<Column>& keys,
                                              const std::vector<std::string>& values);

// Splits "k1=v1/k2=v2" into unescaped (key, value) pairs.
// InvalidArgument for a component without '='.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParsePartitionName(
    std::string_view name);

// Values of a partition name, checked against the table's keys (same keys,
// same order, compared case-insensitively). InvalidArgument otherwise.
absl::StatusOr<std::vector<std::string>> PartitionValuesFromName(const std::vector<Column>& keys,
                                                                 std::string_view name);

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_NAMES_H_
