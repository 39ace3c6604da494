// Validation and normalisation of the objects a client hands the catalog:
// names (lower-cased), column and partition-key type strings (parsed and
// stored in their normalised form), partition value lists. Used by every
// CatalogService write so the Thrift and gRPC front ends get the same rules.
//
// Stateless functions; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_VALIDATION_H_
#define ALMANAC_CATALOG_SERVICE_VALIDATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "catalog/model/database.h"
#include "catalog/model/storage_descriptor.h"
#include "catalog/model/table.h"

namespace almanac::service {

// "db.t", the way messages name a table.
std::string QualifiedTableName(std::string_view db, std::string_view table);

// Validates the name and lower-cases it. InvalidArgument from the name rules.
absl::Status NormalizeDatabase(model::Database* db);

// Validates and normalises a table definition in place: database and table
// names, column names (lower-cased, unique case-insensitively), every column
// and partition-key type (parsed, stored normalised), partition keys
// (primitive types, not also data columns), bucket/sort columns (must be data
// columns), and the view rules (a VIRTUAL_VIEW needs view text and has no
// location). InvalidArgument naming the offending column or rule, e.g.
// "invalid type for column 'price': invalid type 'decimal(40,2)': ...".
absl::Status NormalizeTable(model::Table* table);

// Validates and normalises a list of columns (names and types). `what` names
// the list in messages ("column", "partition key").
absl::Status NormalizeColumns(std::vector<model::Column>* columns, std::string_view what);

// Checks a partition's values against the table's keys: one value per key.
// InvalidArgument naming the table and its keys.
absl::Status ValidatePartitionValues(const model::Table& table,
                                     const std::vector<std::string>& values);

// An empty partition value names the default (null) partition, as in the Java
// metastore, whose partition names spell it __HIVE_DEFAULT_PARTITION__
// (Trino sends one for an INSERT of ''): "" and __HIVE_DEFAULT_PARTITION__
// are one partition. Written partitions store that spelling, so that the
// values, the name and the typed key of the partition all say null.
void NormalizePartitionValues(std::vector<std::string>* values);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_VALIDATION_H_
