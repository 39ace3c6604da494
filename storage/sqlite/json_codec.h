// JSON bodies of the rows the sqlite backend stores: databases, tables,
// storage descriptors and parameter maps. Serialisation is canonical (object
// keys sorted, fixed field set), so equal values give equal text and the text
// can be hashed to intern storage descriptors.
//
// Decoding never throws: a body that is not what this code writes is reported
// as DataLoss naming the object, since only corruption or a foreign writer
// could produce it.
//
// Thread safety: stateless functions; thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_JSON_CODEC_H_
#define ALMANAC_STORAGE_SQLITE_JSON_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/model/database.h"
#include "catalog/model/storage_descriptor.h"
#include "catalog/model/table.h"

namespace almanac::storage::sqlite {

// The body omits the name, which lives in its own column.
std::string DatabaseToJson(const model::Database& db);
absl::StatusOr<model::Database> DatabaseFromJson(std::string_view body, std::string_view name);

// The body omits database and name, which live in columns.
std::string TableToJson(const model::Table& table);
absl::StatusOr<model::Table> TableFromJson(std::string_view body, std::string_view db,
                                           std::string_view name);

std::string StorageDescriptorToJson(const model::StorageDescriptor& sd);
// `what` names the owner for the error message ("storage descriptor 12").
absl::StatusOr<model::StorageDescriptor> StorageDescriptorFromJson(std::string_view body,
                                                                   std::string_view what);

// "" for an empty map, so callers can store NULL instead.
std::string ParametersToJson(const model::Parameters& params);
absl::StatusOr<model::Parameters> ParametersFromJson(std::string_view body, std::string_view what);

// 64-bit FNV-1a: stable across runs and builds, unlike absl::Hash, which is
// what a hash persisted in the database needs.
uint64_t StableHash(std::string_view text);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_JSON_CODEC_H_
