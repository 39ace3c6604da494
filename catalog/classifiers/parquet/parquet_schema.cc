#include "catalog/classifiers/parquet/parquet_schema.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/hive_type.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::parquet {
namespace {

// Deeper nesting than any real schema; the bound keeps the recursion below
// (tree building and type printing) off the end of the stack.
constexpr int kMaxDepth = 100;

// Hive's widest decimal.
constexpr int32_t kMaxHivePrecision = 38;

struct Node {
  const SchemaNode* element = nullptr;
  std::vector<Node> children;
};

class Converter {
 public:
  Converter(absl::Span<const SchemaNode> schema, std::string_view path)
      : schema_(schema), path_(path) {}

  absl::StatusOr<std::vector<model::Column>> Run() {
    if (schema_.empty()) return Loss("the schema is empty (no root element)");
    size_t next = 0;
    Node root;
    RETURN_IF_ERROR(Build(&root, &next, 0));
    if (next != schema_.size()) {
      return Loss(absl::StrCat("the schema lists ", schema_.size(),
                               " elements but its children counts cover ", next));
    }
    std::vector<model::Column> columns;
    columns.reserve(root.children.size());
    for (size_t i = 0; i < root.children.size(); ++i) {
      const Node& child = root.children[i];
      ASSIGN_OR_RETURN(std::string type, FieldType(child));
      absl::StatusOr<std::string> normalized = model::NormalizeTypeString(type);
      if (!normalized.ok()) {
        return Loss(absl::StrCat("column '", child.element->name,
                                 "' has a type Hive cannot hold: ", normalized.status().message()));
      }
      columns.push_back(
          model::Column{FieldName(child.element->name, i), *std::move(normalized), ""});
    }
    return columns;
  }

 private:
  absl::Status Loss(std::string_view what) const {
    return absl::DataLossError(
        absl::StrCat("'", AbslView(path_), "': parquet schema: ", AbslView(what)));
  }

  // Consumes schema_[*next] and its subtree, depth first.
  absl::Status Build(Node* node, size_t* next, int depth) {
    if (depth > kMaxDepth) {
      return Loss(absl::StrCat("nests deeper than ", kMaxDepth, " levels"));
    }
    if (*next >= schema_.size()) {
      return Loss(
          absl::StrCat("children counts need more than the ", schema_.size(), " elements listed"));
    }
    node->element = &schema_[(*next)++];
    const SchemaNode& e = *node->element;
    int32_t count = e.num_children.value_or(0);
    if (e.type.has_value()) {
      if (count > 0) {
        return Loss(absl::StrCat("element '", e.name, "' has both a physical type and children"));
      }
      return absl::OkStatus();
    }
    if (count < 0) {
      return Loss(absl::StrCat("element '", e.name, "' has a negative children count ", count));
    }
    // Each child takes at least one element: a count past the list's end is
    // refused before anything is reserved for it.
    if (static_cast<size_t>(count) > schema_.size() - *next) {
      return Loss(absl::StrCat("element '", e.name, "' claims ", count, " children but only ",
                               schema_.size() - *next, " elements follow"));
    }
    node->children.resize(count);
    for (Node& child : node->children) RETURN_IF_ERROR(Build(&child, next, depth + 1));
    return absl::OkStatus();
  }

  static bool IsGroup(const Node& n) { return !n.element->type.has_value(); }
  static bool Repeated(const Node& n) { return n.element->repetition == kRepeated; }
  static bool Annotated(const Node& n, Logical logical, ConvertedType converted) {
    return n.element->logical == logical || n.element->converted_type == converted;
  }

  // A field's type including its own repetition: a repeated field outside a
  // LIST is an array of its values.
  absl::StatusOr<std::string> FieldType(const Node& n) {
    ASSIGN_OR_RETURN(std::string type, ValueType(n));
    if (Repeated(n)) return absl::StrCat("array<", type, ">");
    return type;
  }

  absl::StatusOr<std::string> ValueType(const Node& n) {
    if (!IsGroup(n)) return PrimitiveType(*n.element);
    if (Annotated(n, Logical::kList, kList)) return ListType(n);
    if (Annotated(n, Logical::kMap, kMap) || n.element->converted_type == kMapKeyValue) {
      return MapType(n);
    }
    return StructType(n);
  }

  // LogicalTypes.md: a LIST group holds one repeated field. When that field
  // is a group of one field that is not named `array` or `<list>_tuple`, it
  // is the standard three-level layout and the one field is the element;
  // otherwise (a primitive, a group of several fields, or one of those two
  // names) the repeated field itself is the element, as older writers did.
  absl::StatusOr<std::string> ListType(const Node& n) {
    const std::string& name = n.element->name;
    if (n.children.size() != 1 || !Repeated(n.children[0])) {
      return Loss(absl::StrCat("list '", name, "' must hold exactly one repeated field"));
    }
    const Node& repeated = n.children[0];
    const std::string& rname = repeated.element->name;
    if (!IsGroup(repeated) || repeated.children.size() != 1 || rname == "array" ||
        rname == absl::StrCat(name, "_tuple")) {
      ASSIGN_OR_RETURN(std::string element, ValueType(repeated));
      return absl::StrCat("array<", element, ">");
    }
    ASSIGN_OR_RETURN(std::string element, FieldType(repeated.children[0]));
    return absl::StrCat("array<", element, ">");
  }

  // A MAP group holds one repeated group of a key and a value; a value-less
  // map (allowed by the format, a set) reads as an array of its keys.
  absl::StatusOr<std::string> MapType(const Node& n) {
    const std::string& name = n.element->name;
    if (n.children.size() != 1 || !Repeated(n.children[0]) || !IsGroup(n.children[0])) {
      return Loss(absl::StrCat("map '", name, "' must hold exactly one repeated group"));
    }
    const Node& kv = n.children[0];
    if (kv.children.size() == 1) {
      ASSIGN_OR_RETURN(std::string key, FieldType(kv.children[0]));
      return absl::StrCat("array<", key, ">");
    }
    if (kv.children.size() != 2) {
      return Loss(absl::StrCat("map '", name, "' must have a key and a value, not ",
                               kv.children.size(), " fields"));
    }
    ASSIGN_OR_RETURN(std::string key, FieldType(kv.children[0]));
    ASSIGN_OR_RETURN(std::string value, FieldType(kv.children[1]));
    return absl::StrCat("map<", key, ",", value, ">");
  }

  absl::StatusOr<std::string> StructType(const Node& n) {
    if (n.children.empty()) {
      return Loss(absl::StrCat("group '", n.element->name, "' has no fields"));
    }
    std::vector<std::string> fields;
    fields.reserve(n.children.size());
    for (size_t i = 0; i < n.children.size(); ++i) {
      ASSIGN_OR_RETURN(std::string type, FieldType(n.children[i]));
      fields.push_back(absl::StrCat(Quoted(FieldName(n.children[i].element->name, i)), ":", type));
    }
    return absl::StrCat("struct<", absl::StrJoin(fields, ","), ">");
  }

  absl::StatusOr<std::string> PrimitiveType(const SchemaNode& e) {
    const int32_t type = *e.type;
    if (e.logical == Logical::kDecimal || e.converted_type == kDecimal) {
      if (type == kInt32 || type == kInt64 || type == kByteArray || type == kFixedLenByteArray) {
        return DecimalType(e);
      }
    }
    switch (type) {
      case kBoolean:
        return std::string("boolean");
      case kInt32:
        if (Is(e, Logical::kDate, kDate)) return std::string("date");
        return IntegerType(e, "int");
      case kInt64:
        if (e.logical == Logical::kTimestamp || e.converted_type == kTimestampMillis ||
            e.converted_type == kTimestampMicros) {
          return std::string("timestamp");
        }
        return IntegerType(e, "bigint");
      case kInt96:
        // Impala's and Hive's old timestamps.
        return std::string("timestamp");
      case kFloat:
        return std::string("float");
      case kDouble:
        return std::string("double");
      case kByteArray:
        if (Is(e, Logical::kString, kUtf8) || Is(e, Logical::kEnum, kEnum) ||
            Is(e, Logical::kJson, kJson)) {
          return std::string("string");
        }
        return std::string("binary");
      case kFixedLenByteArray:
        return std::string("binary");
      default:
        return Loss(absl::StrCat("column '", e.name, "' has an unknown physical type ", type));
    }
  }

  static bool Is(const SchemaNode& e, Logical logical, ConvertedType converted) {
    return e.logical == logical || e.converted_type == converted;
  }

  // Signed widths map to Hive's integers; an unsigned one to the next wider
  // type that holds all its values (Spark's rule), UINT64 to decimal(20,0).
  // TIME and anything unannotated keep the physical type's integer.
  static std::string IntegerType(const SchemaNode& e, const char* physical) {
    int width = 0;
    bool is_signed = true;
    if (e.logical == Logical::kInteger) {
      width = e.bit_width;
      is_signed = e.is_signed;
    } else if (e.converted_type.has_value()) {
      switch (*e.converted_type) {
        case kInt8:
          width = 8;
          break;
        case kInt16:
          width = 16;
          break;
        case kInt32Converted:
          width = 32;
          break;
        case kInt64Converted:
          width = 64;
          break;
        case kUint8:
          width = 8;
          is_signed = false;
          break;
        case kUint16:
          width = 16;
          is_signed = false;
          break;
        case kUint32:
          width = 32;
          is_signed = false;
          break;
        case kUint64:
          width = 64;
          is_signed = false;
          break;
        default:
          break;
      }
    }
    switch (width) {
      case 8:
        return is_signed ? "tinyint" : "smallint";
      case 16:
        return is_signed ? "smallint" : "int";
      case 32:
        return is_signed ? "int" : "bigint";
      case 64:
        return is_signed ? "bigint" : "decimal(20,0)";
      default:
        return physical;
    }
  }

  absl::StatusOr<std::string> DecimalType(const SchemaNode& e) {
    if (!e.precision.has_value() || *e.precision < 1) {
      return Loss(absl::StrCat("decimal column '", e.name, "' has no valid precision"));
    }
    int32_t scale = e.scale.value_or(0);
    if (scale < 0 || scale > *e.precision) {
      return Loss(absl::StrCat("decimal column '", e.name, "' has scale ", scale, " outside 0..",
                               *e.precision));
    }
    // Wider than Hive's decimal: the digits survive only as text.
    if (*e.precision > kMaxHivePrecision) return std::string("string");
    return absl::StrCat("decimal(", *e.precision, ",", scale, ")");
  }

  static std::string FieldName(const std::string& name, size_t index) {
    if (name.empty()) return absl::StrCat("_c", index);
    std::string out = name;
    for (char& c : out) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
    }
    return out;
  }

  static std::string Quoted(const std::string& name) {
    std::string out = "`";
    for (char c : name) {
      if (c == '`') out.push_back('`');
      out.push_back(c);
    }
    out.push_back('`');
    return out;
  }

  absl::Span<const SchemaNode> schema_;
  std::string_view path_;
};

}  // namespace

absl::StatusOr<std::vector<model::Column>> ColumnsFromSchema(absl::Span<const SchemaNode> schema,
                                                             std::string_view path) {
  return Converter(schema, path).Run();
}

}  // namespace almanac::classifiers::parquet
