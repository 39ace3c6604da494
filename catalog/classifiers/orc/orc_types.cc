#include "catalog/classifiers/orc/orc_types.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/hive_type.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::orc {
namespace {

constexpr int kMaxDepth = 100;
constexpr uint32_t kMaxHivePrecision = 38;
// ORC's defaults for a decimal written before precision and scale were
// recorded (Hive 0.11).
constexpr uint32_t kDefaultPrecision = 38;
constexpr uint32_t kDefaultScale = 10;

std::string FieldName(const std::string& name, size_t index) {
  if (name.empty()) return absl::StrCat("_c", index);
  std::string out = name;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
  }
  return out;
}

std::string Quoted(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

class Converter {
 public:
  Converter(absl::Span<const OrcType> types, std::string_view path)
      : types_(types), path_(path), used_(types.size(), false) {}

  absl::StatusOr<std::vector<model::Column>> Run() {
    if (types_.empty()) return Loss("the footer lists no types");
    used_[0] = true;
    const OrcType& root = types_[0];
    std::vector<model::Column> columns;
    if (root.kind != kStruct) {
      ASSIGN_OR_RETURN(std::string type, TypeOf(0, 0));
      ASSIGN_OR_RETURN(std::string normalized, Normalize("_col0", type));
      columns.push_back(model::Column{"_col0", std::move(normalized), ""});
      return columns;
    }
    RETURN_IF_ERROR(CheckStructShape(0));
    columns.reserve(root.subtypes.size());
    for (size_t i = 0; i < root.subtypes.size(); ++i) {
      ASSIGN_OR_RETURN(uint32_t child, Child(0, i));
      ASSIGN_OR_RETURN(std::string type, TypeOf(child, 1));
      std::string name = FieldName(root.field_names[i], i);
      ASSIGN_OR_RETURN(std::string normalized, Normalize(name, type));
      columns.push_back(model::Column{std::move(name), std::move(normalized), ""});
    }
    return columns;
  }

 private:
  absl::Status Loss(std::string_view what) const {
    return absl::DataLossError(
        absl::StrCat("'", AbslView(path_), "': orc types: ", AbslView(what)));
  }

  absl::StatusOr<std::string> Normalize(const std::string& column, const std::string& type) {
    absl::StatusOr<std::string> normalized = model::NormalizeTypeString(type);
    if (!normalized.ok()) {
      return Loss(absl::StrCat("column '", column,
                               "' has a type Hive cannot hold: ", normalized.status().message()));
    }
    return normalized;
  }

  // The i-th child of type `parent`: pre-order numbering puts every child
  // after its parent, and a tree uses each type once, so neither a cycle
  // nor a shared subtree (whose printed type would double at each level)
  // gets through.
  absl::StatusOr<uint32_t> Child(uint32_t parent, size_t i) {
    uint32_t child = types_[parent].subtypes[i];
    if (child <= parent || child >= types_.size()) {
      return Loss(absl::StrCat("type ", parent, " names child ", child, ", which is not after it",
                               " and among the ", types_.size(), " types"));
    }
    if (used_[child]) return Loss(absl::StrCat("type ", child, " is used twice"));
    used_[child] = true;
    return child;
  }

  absl::Status CheckStructShape(uint32_t id) const {
    const OrcType& t = types_[id];
    if (t.subtypes.size() != t.field_names.size()) {
      return Loss(absl::StrCat("struct type ", id, " has ", t.subtypes.size(), " children but ",
                               t.field_names.size(), " field names"));
    }
    if (t.subtypes.empty()) return Loss(absl::StrCat("struct type ", id, " has no fields"));
    return absl::OkStatus();
  }

  absl::Status CheckChildren(uint32_t id, size_t want, std::string_view what) const {
    if (types_[id].subtypes.size() != want) {
      return Loss(absl::StrCat(AbslView(what), " type ", id, " has ", types_[id].subtypes.size(),
                               " children, not ", want));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> TypeOf(uint32_t id, int depth) {
    if (depth > kMaxDepth)
      return Loss(absl::StrCat("types nest deeper than ", kMaxDepth, " levels"));
    const OrcType& t = types_[id];
    switch (t.kind) {
      case kBoolean:
        return std::string("boolean");
      case kByte:
        return std::string("tinyint");
      case kShort:
        return std::string("smallint");
      case kInt:
        return std::string("int");
      case kLong:
        return std::string("bigint");
      case kFloat:
        return std::string("float");
      case kDouble:
        return std::string("double");
      case kString:
        return std::string("string");
      case kBinary:
        return std::string("binary");
      case kTimestamp:
      case kTimestampInstant:
        return std::string("timestamp");
      case kDate:
        return std::string("date");
      case kDecimal:
        return DecimalType(id);
      case kVarchar:
        if (t.maximum_length.has_value() && *t.maximum_length >= 1 && *t.maximum_length <= 65535) {
          return absl::StrCat("varchar(", *t.maximum_length, ")");
        }
        return std::string("string");
      case kChar:
        if (t.maximum_length.has_value() && *t.maximum_length >= 1 && *t.maximum_length <= 255) {
          return absl::StrCat("char(", *t.maximum_length, ")");
        }
        return std::string("string");
      case kList: {
        RETURN_IF_ERROR(CheckChildren(id, 1, "list"));
        ASSIGN_OR_RETURN(uint32_t element, Child(id, 0));
        ASSIGN_OR_RETURN(std::string type, TypeOf(element, depth + 1));
        return absl::StrCat("array<", type, ">");
      }
      case kMap: {
        RETURN_IF_ERROR(CheckChildren(id, 2, "map"));
        ASSIGN_OR_RETURN(uint32_t key_id, Child(id, 0));
        ASSIGN_OR_RETURN(std::string key, TypeOf(key_id, depth + 1));
        ASSIGN_OR_RETURN(uint32_t value_id, Child(id, 1));
        ASSIGN_OR_RETURN(std::string value, TypeOf(value_id, depth + 1));
        return absl::StrCat("map<", key, ",", value, ">");
      }
      case kStruct: {
        RETURN_IF_ERROR(CheckStructShape(id));
        std::vector<std::string> fields;
        fields.reserve(t.subtypes.size());
        for (size_t i = 0; i < t.subtypes.size(); ++i) {
          ASSIGN_OR_RETURN(uint32_t child, Child(id, i));
          ASSIGN_OR_RETURN(std::string type, TypeOf(child, depth + 1));
          fields.push_back(absl::StrCat(Quoted(FieldName(t.field_names[i], i)), ":", type));
        }
        return absl::StrCat("struct<", absl::StrJoin(fields, ","), ">");
      }
      case kUnion: {
        if (t.subtypes.empty()) return Loss(absl::StrCat("union type ", id, " has no members"));
        std::vector<std::string> members;
        members.reserve(t.subtypes.size());
        for (size_t i = 0; i < t.subtypes.size(); ++i) {
          ASSIGN_OR_RETURN(uint32_t child, Child(id, i));
          ASSIGN_OR_RETURN(std::string type, TypeOf(child, depth + 1));
          members.push_back(std::move(type));
        }
        return absl::StrCat("uniontype<", absl::StrJoin(members, ","), ">");
      }
      default:
        return Loss(absl::StrCat("type ", id, " has an unknown kind ", t.kind));
    }
  }

  absl::StatusOr<std::string> DecimalType(uint32_t id) const {
    const OrcType& t = types_[id];
    if (!t.precision.has_value() || *t.precision == 0) {
      return absl::StrCat("decimal(", kDefaultPrecision, ",", kDefaultScale, ")");
    }
    uint32_t scale = t.scale.value_or(0);
    if (scale > *t.precision) {
      return Loss(absl::StrCat("decimal type ", id, " has scale ", scale, " above its precision ",
                               *t.precision));
    }
    // Wider than Hive's decimal: the digits survive only as text.
    if (*t.precision > kMaxHivePrecision) return std::string("string");
    return absl::StrCat("decimal(", *t.precision, ",", scale, ")");
  }

  absl::Span<const OrcType> types_;
  std::string_view path_;
  std::vector<bool> used_;
};

}  // namespace

absl::StatusOr<std::vector<model::Column>> ColumnsFromTypes(absl::Span<const OrcType> types,
                                                            std::string_view path) {
  return Converter(types, path).Run();
}

}  // namespace almanac::classifiers::orc
