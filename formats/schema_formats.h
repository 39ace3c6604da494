// Schema formats of the schema registry: Avro, JSON Schema and Protobuf.
//
// One facade over three leaf parsers and compatibility checkers:
//
//   auto old_schema = ParseSchema(SchemaFormat::kAvro, old_text);  // StatusOr
//   auto new_schema = ParseSchema(SchemaFormat::kAvro, new_text);
//   std::vector<Incompatibility> issues =
//       CheckCompatibility(**old_schema, **new_schema, Direction::kNewReadsOld);
//
// This library knows no catalog type (cmake/CheckLayering.cmake): the service
// includes this header only, never a format's own folder, so Protobuf's compiler
// headers stay inside formats/protobuf/. Thread-safe: every function is pure and
// a ParsedSchema is immutable once made, so one may be shared across threads.
#ifndef ALMANAC_FORMATS_SCHEMA_FORMATS_H_
#define ALMANAC_FORMATS_SCHEMA_FORMATS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace almanac::formats {

enum class SchemaFormat { kAvro, kJson, kProtobuf };

// "AVRO", "JSON", "PROTOBUF" (Glue's DataFormat names, case-insensitive).
// InvalidArgument naming the accepted values otherwise.
absl::StatusOr<SchemaFormat> ParseSchemaFormat(std::string_view name);
std::string_view SchemaFormatName(SchemaFormat format);

// Which way data flows between two versions. kNewReadsOld is BACKWARD (a
// consumer on the new schema reads data written with the old one);
// kOldReadsNew is FORWARD (a consumer still on the old schema reads data
// written with the new one).
enum class Direction { kNewReadsOld, kOldReadsNew };

// One reason two versions are incompatible in one direction. `path` locates
// the field ("price", "Order.items[].sku", "message Order field 3"), empty for
// the whole schema; `message` is the full sentence a person reads, naming the
// path and the rule in the old-to-new terms of the change, for example
//   field 'price': type changed from double to int, a narrowing that old data
//   cannot be read with
struct Incompatibility {
  std::string path;
  std::string message;
};

// A column of a Hive table derived from a schema (types in Hive's syntax:
// "bigint", "array<struct<a:int,b:string>>").
struct HiveColumn {
  std::string name;
  std::string type;
  std::string comment;
};

// One field of a schema flattened for diffs: its path and a one-line
// description of everything about it that a change could touch (type, default,
// required, number, ...). Two versions differ at a path exactly when the
// descriptions differ.
struct SchemaField {
  std::string path;
  std::string description;
};

// A parsed, validated schema definition. Immutable.
class ParsedSchema {
 public:
  virtual ~ParsedSchema() = default;
  virtual SchemaFormat format() const = 0;
  // The definition with whitespace and object key order normalised (and, for
  // Protobuf, comments dropped): two definitions are the same version exactly
  // when their canonical texts are equal.
  virtual const std::string& canonical() const = 0;
  // The table columns this schema describes. InvalidArgument when it cannot be
  // a table (an Avro schema that is not a record, a JSON Schema that is not an
  // object, a .proto without a message), naming why.
  virtual absl::StatusOr<std::vector<HiveColumn>> ToHiveColumns() const = 0;
  // Every field, in definition order, nested fields after their parent.
  virtual std::vector<SchemaField> Fields() const = 0;
};

// Parses and validates `text`. InvalidArgument on a syntax or validity error,
// its message saying where ("line 3, column 7: ..." or a JSON path).
absl::StatusOr<std::unique_ptr<ParsedSchema>> ParseSchema(SchemaFormat format,
                                                          std::string_view text);

// The reasons data cannot flow between `old_schema` and `new_schema` in
// `direction`; empty when it can. Both must come from ParseSchema with the same
// format (a mismatch is one Incompatibility saying so).
std::vector<Incompatibility> CheckCompatibility(const ParsedSchema& old_schema,
                                                const ParsedSchema& new_schema,
                                                Direction direction);

// One difference between two versions, from SchemaField descriptions.
struct SchemaDiffEntry {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind;
  std::string path;
  std::string before;  // empty when added
  std::string after;   // empty when removed
};
std::string_view DiffKindName(SchemaDiffEntry::Kind kind);  // "added", ...

// Removed and changed fields in `from`'s order, then added ones in `to`'s.
std::vector<SchemaDiffEntry> DiffSchemas(const ParsedSchema& from, const ParsedSchema& to);

}  // namespace almanac::formats

#endif  // ALMANAC_FORMATS_SCHEMA_FORMATS_H_
