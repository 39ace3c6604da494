// The validated model of one JSON Schema document (drafts 4, 6 and 7), built by
// BuildSchemaModel from the text and shared by the canonical form, the Hive
// mapping, the field list and the compatibility checker.
//
// Every subschema becomes one SchemaNode in an arena owned by the SchemaModel;
// a node with a local `$ref` points at its resolved target (`ref_target`), so
// the consumers follow references by pointer and never re-read the JSON. The
// keywords the library interprets are type-checked here, with errors naming
// the JSON pointer of the offending value; keywords it does not interpret are
// kept in the document (and so in the canonical form) but otherwise ignored.
// Immutable once built; thread-safe to read.
#ifndef ALMANAC_FORMATS_JSON_SCHEMA_SCHEMA_MODEL_H_
#define ALMANAC_FORMATS_JSON_SCHEMA_SCHEMA_MODEL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace almanac::formats::json_schema {

enum class Draft { k4, k6, k7 };
std::string_view DraftName(Draft draft);  // "draft-04", ...

// JSON Schema's seven primitive types as bits of a TypeSet.
enum TypeBit : uint8_t {
  kNull = 1 << 0,
  kBoolean = 1 << 1,
  kInteger = 1 << 2,
  kNumber = 1 << 3,  // includes integers when tested for membership
  kString = 1 << 4,
  kArray = 1 << 5,
  kObject = 1 << 6,
};
using TypeSet = uint8_t;
constexpr TypeSet kAnyType = 0x7f;
// "integer", "number or null", "any type".
std::string DescribeTypes(TypeSet types);
// The type of one JSON value ("integer" for 3, "number" for 3.5).
TypeSet TypeOfValue(const nlohmann::ordered_json& value);

// What an object schema says about properties it does not name.
enum class Extras { kAbsent, kTrue, kFalse, kSchema };

struct SchemaNode;

// A numeric bound normalised across drafts: draft-04's boolean
// exclusiveMinimum and draft-06's numeric one both end up here.
struct Bound {
  double value = 0;
  bool exclusive = false;
};

struct SchemaNode {
  std::string pointer;  // JSON pointer of this subschema, "" for the root
  const nlohmann::ordered_json* json = nullptr;

  // `true`/`false` (draft-06 on); a boolean schema has no keywords.
  std::optional<bool> boolean_schema;
  // No validation keyword at all: accepts every instance (`{}`, `true`, or
  // annotations only).
  bool accepts_anything = false;
  // Some validation keyword other than `type` and the allOf/anyOf/oneOf
  // combinators: the node constrains data on its own, not only through its
  // branches.
  bool base_constraints = false;

  // The subtree holds a `$ref` (so equal JSON need not mean equal schemas).
  bool contains_ref = false;
  std::string ref;                         // the `$ref` text, empty when none
  const SchemaNode* ref_target = nullptr;  // resolved; siblings of $ref are ignored

  bool has_type = false;
  TypeSet types = kAnyType;

  std::optional<std::vector<nlohmann::ordered_json>> enum_values;  // `const` is folded in
  bool is_const = false;

  std::optional<Bound> lower, upper;
  std::optional<double> multiple_of;
  std::optional<int64_t> min_length, max_length;
  std::optional<std::string> pattern, format;

  const SchemaNode* items = nullptr;           // single-schema form
  std::vector<const SchemaNode*> tuple_items;  // array form
  bool has_tuple = false;
  Extras additional_items = Extras::kAbsent;
  const SchemaNode* additional_items_schema = nullptr;
  std::optional<int64_t> min_items, max_items;
  bool unique_items = false;

  // Properties in definition order, with an index by name.
  std::vector<std::pair<std::string, const SchemaNode*>> properties;
  absl::flat_hash_map<std::string, const SchemaNode*> property_index;
  std::vector<std::string> required;
  Extras additional_properties = Extras::kAbsent;
  const SchemaNode* additional_properties_schema = nullptr;
  std::vector<std::pair<std::string, const SchemaNode*>> pattern_properties;
  // Compiled with RE2 (linear time, no recursion: a schema cannot make the
  // server spin or overflow its stack), one per pattern_properties entry.
  std::vector<std::shared_ptr<const re2::RE2>> pattern_regexes;
  // True when patternProperties entry `i` covers property `name`.
  bool PatternMatches(size_t i, const std::string& name) const;
  std::optional<int64_t> min_properties, max_properties;

  std::vector<const SchemaNode*> all_of, any_of, one_of;
  const SchemaNode* not_schema = nullptr;
  bool has_conditional = false;  // if/then/else, compared as a whole

  std::string description;
  bool has_default = false;

  bool IsRequired(std::string_view name) const;
  const SchemaNode* Property(std::string_view name) const;
  // True when the object may hold a property it does not name (no
  // `additionalProperties: false`, or patternProperties present).
  bool IsOpen() const { return additional_properties != Extras::kFalse; }
};

// Follows `$ref` chains to the node that carries the keywords.
const SchemaNode* Deref(const SchemaNode* node);

// The types an instance of `n` can have, looking through `$ref`, enum, const
// and the combinators (to a bounded depth; deeper, a node's own `type` only).
TypeSet EffectiveTypes(const SchemaNode* n, int depth = 0);

class SchemaModel {
 public:
  Draft draft() const { return draft_; }
  const SchemaNode* root() const { return root_; }
  // Sorted keys, no whitespace.
  const std::string& canonical() const { return canonical_; }

 private:
  friend class ModelBuilder;
  friend absl::StatusOr<std::unique_ptr<SchemaModel>> BuildSchemaModel(std::string_view text);
  Draft draft_ = Draft::k7;
  nlohmann::ordered_json document_;
  std::deque<SchemaNode> nodes_;
  const SchemaNode* root_ = nullptr;
  std::string canonical_;
};

// The deepest JSON nesting accepted (objects and arrays), checked before the
// JSON parser runs so a hostile text cannot exhaust the stack.
inline constexpr int kMaxNestingDepth = 256;

// InvalidArgument: JSON syntax errors with "line L, column C: ...", schema
// errors with the JSON pointer of the offending value ("/properties/price/type:
// ..."), an unknown `$schema`, a remote or dangling `$ref`, nesting past
// kMaxNestingDepth.
absl::StatusOr<std::unique_ptr<SchemaModel>> BuildSchemaModel(std::string_view text);

}  // namespace almanac::formats::json_schema

#endif  // ALMANAC_FORMATS_JSON_SCHEMA_SCHEMA_MODEL_H_
