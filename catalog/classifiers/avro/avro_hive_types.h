// An Avro schema (the JSON of a container's avro.schema) as Hive columns,
// the way Hive's AvroSerDe derives a table's columns from it:
//
//   Avro                                   Hive
//   -------------------------------------  ---------------------------------
//   null                                   void
//   boolean, int, float, double, string    the same name
//   long                                   bigint
//   bytes, fixed                           binary
//   enum                                   string
//   array of T                             array<T>
//   map of V                               map<string,V>
//   record                                 struct<field:type,...>
//   union of null and one type T           T (Hive columns are nullable)
//   union of null and several types        uniontype<...> of the non-null ones
//   other unions                           uniontype<...> of every branch
//   decimal(p,s) on bytes or fixed         decimal(p,s) (p <= 38, else binary)
//   date on int                            date
//   timestamp-millis/-micros on long       timestamp
//   uuid on string                         string
//   other or invalid logical types         the underlying type (as Avro says)
//
// The top-level schema must be a record (AvroSerDe reads only records); its
// fields are the columns, names lower-cased, each field's doc the column's
// comment. A record that contains itself cannot be expressed in Hive types
// and is refused, as AvroSerDe refuses it.
//
// Thread-safe: a pure function.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_HIVE_TYPES_H_
#define ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_HIVE_TYPES_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::classifiers::avro {

// Deeper nesting than this (JSON or types) is refused, so that no recursion
// here exhausts the stack.
inline constexpr int kMaxSchemaDepth = 200;

// The columns of `schema_json`, types normalised (catalog/model/hive_type.h).
// InvalidArgument saying what is wrong: JSON that does not parse, a type
// that is not Avro, an unknown named type, a recursive record, a top-level
// type that is not a record, two fields whose names differ only in case.
absl::StatusOr<std::vector<model::Column>> AvroSchemaToColumns(std::string_view schema_json);

}  // namespace almanac::classifiers::avro

#endif  // ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_HIVE_TYPES_H_
