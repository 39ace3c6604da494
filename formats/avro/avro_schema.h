// The in-memory model of a parsed Avro schema, and the parser that builds it.
//
// A Schema owns a graph of Nodes: one Node per type written in the definition,
// with references to a named type (record, enum, fixed) pointing at the Node
// that defined it, so a recursive record is a cycle in the graph. Parsing
// follows the Avro 1.11 specification (and the parts of 1.12 that do not
// conflict with it):
//
//   - names: full names from dotted names, the `namespace` attribute or the
//     enclosing namespace; every name part matches [A-Za-z_][A-Za-z0-9_]*;
//     redefining a full name, or naming a type after a primitive, is an error;
//     a reference must name a type defined earlier (or the enclosing record).
//   - unions: no union directly inside a union, no two branches of the same
//     unnamed type (two arrays, two ints, ...) or of the same full name.
//   - defaults are validated against the field's type. A union's default must
//     match its FIRST branch: the Avro 1.11 rule. Avro 1.12 (AVRO-3649) lets it
//     match any branch, but a 1.11 reader would then apply it wrongly, so the
//     registry keeps the rule every reader honours.
//   - logical types: decimal (bytes or fixed; 0 < precision, 0 <= scale <=
//     precision, precision within what a fixed can hold), uuid (string, or
//     fixed 16), date and time-millis (int), time-micros, timestamp-* and
//     local-timestamp-* (long), duration (fixed 12). An invalid or unknown
//     logical type is ignored, as the specification says: the node is then its
//     underlying type.
//   - nesting deeper than kMaxDepth types, or JSON nested deeper than
//     kMaxJsonDepth, is refused so that no recursion here or in the checker can
//     exhaust the stack.
//
// Errors are InvalidArgument: JSON syntax errors say "line L, column C: ...";
// semantic errors say where, e.g. "record 'com.x.Order' field 'items': ...".
// A Schema is immutable after Parse and thread-compatible (read-only sharing is
// safe).
#ifndef ALMANAC_FORMATS_AVRO_AVRO_SCHEMA_H_
#define ALMANAC_FORMATS_AVRO_AVRO_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace almanac::formats::avro {

inline constexpr int kMaxDepth = 128;
inline constexpr int kMaxJsonDepth = 1000;

enum class Kind {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};

// "int", "record", ... as the specification spells them.
std::string_view KindName(Kind kind);
bool IsNamed(Kind kind);

struct Node;

struct Field {
  std::string name;
  std::vector<std::string> aliases;
  std::string doc;
  const Node *type = nullptr;
  std::optional<nlohmann::json> default_value;
  std::string order;  // empty when not given (ascending)
};

struct Node {
  Kind kind = Kind::kNull;
  // Named types: full name, its unqualified last part, aliases as full names.
  std::string full_name;
  std::string name;
  std::vector<std::string> aliases;
  std::string doc;
  // Records.
  std::vector<Field> fields;
  absl::flat_hash_map<std::string, int> field_by_name;
  // Enums.
  std::vector<std::string> symbols;
  absl::flat_hash_map<std::string, int> symbol_index;
  std::optional<std::string> enum_default;
  // Fixed.
  int64_t size = 0;
  // Arrays (items) and maps (values).
  const Node *items = nullptr;
  // Unions.
  std::vector<const Node *> branches;
  // A valid logical type, empty otherwise (an invalid one is ignored).
  std::string logical_type;
  int precision = 0;  // decimal
  int scale = 0;      // decimal
};

class Schema {
 public:
  // InvalidArgument saying where the text is wrong (see the file comment).
  static absl::StatusOr<std::unique_ptr<Schema>> Parse(std::string_view text);

  const Node &root() const { return *root_; }
  const nlohmann::json &json() const { return json_; }

 private:
  friend class Parser;
  nlohmann::json json_;
  std::vector<std::unique_ptr<Node>> nodes_;
  absl::flat_hash_map<std::string, const Node *> named_;
  const Node *root_ = nullptr;
};

// A short rendering of a type for messages and diffs: "int", "long
// (timestamp-millis)", "bytes (decimal(10,2))", "array<string>", "map<int>",
// "union [null, string]", "record 'com.x.Address'", "enum 'Color'",
// "fixed 'Md5' (16 bytes)".
std::string TypeLabel(const Node &node);

}  // namespace almanac::formats::avro

#endif  // ALMANAC_FORMATS_AVRO_AVRO_SCHEMA_H_
