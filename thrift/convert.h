// Conversions between the Hive Metastore Thrift structs (generated from
// hive_metastore.thrift) and the catalog model. Only the Thrift front end
// sees these.
//
// ToThrift fills `catName` fields with "hive" (the one catalog) and leaves
// fields the model does not keep (privileges, write ids, statistics) unset.
// FromThrift checks only what the wire form can get wrong (an unknown table
// type or principal type): names, type strings and defaults are the service's
// business. Database names arriving here must already be stripped of the
// catalog prefix (see ParseDbName).
//
// Stateless; thread-safe.
#ifndef ALMANAC_THRIFT_CONVERT_H_
#define ALMANAC_THRIFT_CONVERT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/authorization.h"
#include "catalog/model/database.h"
#include "catalog/model/partition.h"
#include "catalog/model/principal.h"
#include "catalog/model/storage_descriptor.h"
#include "catalog/model/table.h"
#include "hive_metastore_types.h"

namespace almanac::hms {

// The only catalog Almanac serves.
inline constexpr char kHiveCatalog[] = "hive";

// A database name as Hive 3+ clients send it: "@<catalog>#<db>", with "!"
// for an empty db and nothing after '#' for "no database" (all databases).
struct QualifiedDbName {
  std::string catalog;  // kHiveCatalog when the name carried no prefix
  std::string db;       // as sent (not lower-cased)
  bool has_db = true;   // false for "@cat#"
};

// Splits the prefix off. A name without '@' is a plain database name. A name
// starting with '@' but without '#' is InvalidArgument. The catalog must be
// "hive" (case-insensitive): NotFound "catalog 'x' not found" otherwise.
absl::StatusOr<QualifiedDbName> ParseDbName(std::string_view name);
// Like ParseDbName but returns only the database part ("" for "@hive#").
absl::StatusOr<std::string> StripCatalog(std::string_view name);
// NotFound unless `catalog` is empty or "hive" (case-insensitive).
absl::Status CheckCatalog(std::string_view catalog);

absl::StatusOr<model::PrincipalType> FromThrift(PrincipalType::type type);
PrincipalType::type ToThrift(model::PrincipalType type);

model::Column FromThrift(const FieldSchema& field);
FieldSchema ToThrift(const model::Column& column);
FieldSchema ToThrift(model::Column&& column);  // moves the strings
std::vector<model::Column> FromThrift(const std::vector<FieldSchema>& fields);
std::vector<FieldSchema> ToThrift(const std::vector<model::Column>& columns);

model::SortColumn FromThrift(const Order& order);
Order ToThrift(const model::SortColumn& column);

model::SerDeInfo FromThrift(const SerDeInfo& serde);
SerDeInfo ToThrift(const model::SerDeInfo& serde);
SerDeInfo ToThrift(model::SerDeInfo&& serde);  // moves the strings

model::SkewedInfo FromThrift(const SkewedInfo& skewed);
SkewedInfo ToThrift(const model::SkewedInfo& skewed);

model::StorageDescriptor FromThrift(const StorageDescriptor& sd);
StorageDescriptor ToThrift(const model::StorageDescriptor& sd);
// The same, moving the descriptor's strings instead of copying them.
StorageDescriptor ToThrift(model::StorageDescriptor&& sd);

// InvalidArgument for an unknown owner type. The db name is stripped of its
// catalog prefix (NotFound for a catalog other than "hive").
absl::StatusOr<model::Database> FromThrift(const Database& db);
Database ToThrift(const model::Database& db);

// InvalidArgument for an unknown table or owner type; an empty table type
// means MANAGED_TABLE (Hive's default). Table.dbName may be catalog-qualified.
absl::StatusOr<model::Table> FromThrift(const Table& table);
Table ToThrift(const model::Table& table);

// The grants a PrincipalPrivilegeSet (Table.privileges on create_table) gives,
// user, group and role maps in turn, without their object (the caller's to
// fill). A grant without a grantor keeps an empty grantor name.
// InvalidArgument for an unknown grantor type.
absl::StatusOr<std::vector<model::PrivilegeGrant>> FromThrift(const PrincipalPrivilegeSet& set);

// Partition.dbName may be catalog-qualified.
absl::StatusOr<model::Partition> FromThrift(const Partition& partition);
Partition ToThrift(const model::Partition& partition);
// The same, moving the partition's strings instead of copying them.
Partition ToThrift(model::Partition&& partition);

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_CONVERT_H_
