#include "catalog/classifiers/avro/avro_hive_types.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/hive_type.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::avro {
namespace {

using nlohmann::json;

// A named type referenced from several places is expanded at each (Hive
// has no references), so a schema can describe exponentially large types:
// the characters produced overall are capped.
constexpr size_t kMaxTypeChars = 4 << 20;

absl::Status Invalid(std::string_view why) { return absl::InvalidArgumentError(std::string(why)); }

// The deepest bracket nesting of `text`, outside strings: nlohmann parses
// and destroys nested values recursively, so deep input is refused first.
int JsonDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

bool IsValidName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = absl::ascii_isalpha(c) || c == '_' || (i > 0 && absl::ascii_isdigit(c));
    if (!ok) return false;
  }
  return true;
}

const json* Member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string StringMember(const json& object, const char* key) {
  const json* v = Member(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

bool IsNull(const json& schema) {
  if (schema.is_string()) return schema.get<std::string>() == "null";
  return schema.is_object() && StringMember(schema, "type") == "null" &&
         Member(schema, "type")->is_string();
}

class Mapper {
 public:
  // The Hive type of `schema`, inside namespace `ns`.
  absl::StatusOr<std::string> Map(const json& schema, const std::string& ns, int depth) {
    if (depth > kMaxSchemaDepth) {
      return Invalid(absl::StrCat("types nested deeper than ", kMaxSchemaDepth));
    }
    ASSIGN_OR_RETURN(std::string type, MapUncounted(schema, ns, depth));
    produced_ += type.size();
    if (produced_ > kMaxTypeChars) {
      return Invalid(absl::StrCat("the hive types exceed ", kMaxTypeChars,
                                  " characters (named types referenced many times)"));
    }
    return type;
  }

  // The fields of the top-level record, as columns.
  absl::StatusOr<std::vector<model::Column>> Columns(const json& schema) {
    const std::string kind = schema.is_object() ? StringMember(schema, "type") : std::string();
    if (kind != "record" && kind != "error") {
      return Invalid(absl::StrCat("the top-level type is ",
                                  schema.is_object() ? kind : schema.dump().substr(0, 40),
                                  ", not a record (hive's AvroSerDe reads records only)"));
    }
    std::string ns;
    ASSIGN_OR_RETURN(std::string full_name, Define(schema, "", &ns));
    open_records_.insert(full_name);
    std::vector<model::Column> columns;
    absl::flat_hash_map<std::string, std::string> seen;  // lower case -> as written
    const json* fields = Member(schema, "fields");
    if (fields == nullptr || !fields->is_array()) {
      return Invalid(absl::StrCat("record '", full_name, "' has no fields array"));
    }
    for (const json& field : *fields) {
      ASSIGN_OR_RETURN(auto named, Field(field, full_name, ns, 1));
      model::Column column;
      column.name = absl::AsciiStrToLower(named.first);
      auto [it, fresh] = seen.emplace(column.name, named.first);
      if (!fresh) {
        return Invalid(absl::StrCat("fields '", it->second, "' and '", named.first,
                                    "' are one column in hive, whose names ignore case"));
      }
      ASSIGN_OR_RETURN(column.type, model::NormalizeTypeString(named.second));
      column.comment = StringMember(field, "doc");
      columns.push_back(std::move(column));
    }
    return columns;
  }

 private:
  absl::StatusOr<std::string> MapUncounted(const json& schema, const std::string& ns, int depth) {
    if (schema.is_string()) return Named(schema.get<std::string>(), ns, depth);
    if (schema.is_array()) return Union(schema, ns, depth);
    if (!schema.is_object()) {
      return Invalid(absl::StrCat("'", schema.dump().substr(0, 40), "' is not an avro schema"));
    }
    const json* type = Member(schema, "type");
    if (type == nullptr) return Invalid("a schema object without \"type\"");
    if (!type->is_string()) return Map(*type, ns, depth + 1);  // {"type": {...}} or [...]
    const std::string kind = type->get<std::string>();
    const std::string logical = StringMember(schema, "logicalType");
    if (kind == "record" || kind == "error") return Record(schema, ns, depth);
    if (kind == "enum") {
      std::string inner;
      RETURN_IF_ERROR(Define(schema, ns, &inner).status());
      return std::string("string");
    }
    if (kind == "fixed") {
      std::string inner;
      RETURN_IF_ERROR(Define(schema, ns, &inner).status());
      return logical == "decimal" ? Decimal(schema, "binary") : std::string("binary");
    }
    if (kind == "array" || kind == "map") {
      const json* inner = Member(schema, kind == "array" ? "items" : "values");
      if (inner == nullptr) {
        return Invalid(
            absl::StrCat(kind, " without \"", kind == "array" ? "items" : "values", "\""));
      }
      ASSIGN_OR_RETURN(std::string t, Map(*inner, ns, depth + 1));
      return kind == "array" ? absl::StrCat("array<", t, ">") : absl::StrCat("map<string,", t, ">");
    }
    ASSIGN_OR_RETURN(std::string base, Named(kind, ns, depth));
    if (logical == "decimal" && kind == "bytes") return Decimal(schema, base);
    if (logical == "date" && kind == "int") return std::string("date");
    if ((logical == "timestamp-millis" || logical == "timestamp-micros") && kind == "long") {
      return std::string("timestamp");
    }
    return base;  // uuid on string, time-*, unknown logical types
  }

  // A primitive's name or a reference to a named type defined earlier.
  absl::StatusOr<std::string> Named(const std::string& name, const std::string& ns, int depth) {
    static const auto* const kPrimitives = new absl::flat_hash_map<std::string, std::string>{
        {"null", "void"},   {"boolean", "boolean"}, {"int", "int"},      {"long", "bigint"},
        {"float", "float"}, {"double", "double"},   {"bytes", "binary"}, {"string", "string"}};
    if (auto it = kPrimitives->find(name); it != kPrimitives->end()) return it->second;
    const json* definition = nullptr;
    std::string full_name = name;
    if (name.find('.') == std::string::npos && !ns.empty()) {
      if (auto it = named_.find(ns + "." + name); it != named_.end()) {
        definition = it->second;
        full_name = ns + "." + name;
      }
    }
    if (definition == nullptr) {
      if (auto it = named_.find(name); it != named_.end()) definition = it->second;
    }
    if (definition == nullptr) return Invalid(absl::StrCat("unknown type '", name, "'"));
    if (open_records_.contains(full_name)) {
      return Invalid(absl::StrCat("record '", full_name,
                                  "' contains itself; hive types cannot express recursion"));
    }
    // Expanded where it is used, in the namespace it was defined in.
    const size_t dot = full_name.rfind('.');
    return Map(*definition, dot == std::string::npos ? "" : full_name.substr(0, dot), depth + 1);
  }

  // Records a named type's definition; returns its full name and sets `*inner`
  // to the namespace its nested types are in.
  absl::StatusOr<std::string> Define(const json& schema, const std::string& ns,
                                     std::string* inner) {
    const std::string name = StringMember(schema, "name");
    if (name.empty()) return Invalid("a named type without \"name\"");
    std::string space = StringMember(schema, "namespace");
    if (!Member(schema, "namespace")) space = ns;
    std::string full_name =
        name.find('.') != std::string::npos || space.empty() ? name : space + "." + name;
    const size_t dot = full_name.rfind('.');
    *inner = dot == std::string::npos ? "" : full_name.substr(0, dot);
    named_[full_name] = &schema;
    return full_name;
  }

  absl::StatusOr<std::string> Record(const json& schema, const std::string& ns, int depth) {
    std::string inner;
    ASSIGN_OR_RETURN(std::string full_name, Define(schema, ns, &inner));
    if (!open_records_.insert(full_name).second) {
      return Invalid(absl::StrCat("record '", full_name,
                                  "' contains itself; hive types cannot express recursion"));
    }
    const json* fields = Member(schema, "fields");
    if (fields == nullptr || !fields->is_array()) {
      return Invalid(absl::StrCat("record '", full_name, "' has no fields array"));
    }
    std::vector<std::string> parts;
    for (const json& field : *fields) {
      ASSIGN_OR_RETURN(auto named, Field(field, full_name, inner, depth + 1));
      parts.push_back(absl::StrCat(named.first, ":", named.second));
    }
    open_records_.erase(full_name);
    if (parts.empty()) {
      return Invalid(
          absl::StrCat("record '", full_name, "' has no fields (hive structs need one)"));
    }
    return absl::StrCat("struct<", absl::StrJoin(parts, ","), ">");
  }

  absl::StatusOr<std::pair<std::string, std::string>> Field(const json& field,
                                                            const std::string& record,
                                                            const std::string& ns, int depth) {
    const std::string name = field.is_object() ? StringMember(field, "name") : std::string();
    if (!IsValidName(name)) {
      return Invalid(absl::StrCat("record '", record, "' has a field named '", name,
                                  "', not a valid avro name"));
    }
    const json* type = Member(field, "type");
    if (type == nullptr) {
      return Invalid(absl::StrCat("record '", record, "' field '", name, "' has no type"));
    }
    absl::StatusOr<std::string> mapped = Map(*type, ns, depth);
    if (!mapped.ok()) {
      return Invalid(
          absl::StrCat("record '", record, "' field '", name, "': ", mapped.status().message()));
    }
    return std::make_pair(name, *std::move(mapped));
  }

  absl::StatusOr<std::string> Union(const json& branches, const std::string& ns, int depth) {
    if (branches.empty()) return Invalid("an empty union");
    std::vector<std::string> all, non_null;
    for (const json& branch : branches) {
      ASSIGN_OR_RETURN(std::string t, Map(branch, ns, depth + 1));
      if (!IsNull(branch)) non_null.push_back(t);
      all.push_back(std::move(t));
    }
    // AvroSerDe: a union of two or more branches one of which is null is a
    // nullable column of the other branches.
    if (all.size() >= 2 && non_null.size() < all.size()) {
      if (non_null.empty()) return std::string("void");
      if (non_null.size() == 1) return non_null[0];
      return absl::StrCat("uniontype<", absl::StrJoin(non_null, ","), ">");
    }
    return absl::StrCat("uniontype<", absl::StrJoin(all, ","), ">");
  }

  // decimal(p,s) when the attributes are valid for Hive, else `base`.
  static std::string Decimal(const json& schema, const std::string& base) {
    const json* p = Member(schema, "precision");
    const json* s = Member(schema, "scale");
    if (p == nullptr || !p->is_number_integer()) return base;
    const int64_t precision = p->get<int64_t>();
    int64_t scale = 0;
    if (s != nullptr) {
      if (!s->is_number_integer()) return base;
      scale = s->get<int64_t>();
    }
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) return base;
    return absl::StrCat("decimal(", precision, ",", scale, ")");
  }

  absl::flat_hash_map<std::string, const json*> named_;
  absl::flat_hash_set<std::string> open_records_;
  size_t produced_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<model::Column>> AvroSchemaToColumns(std::string_view schema_json) {
  if (JsonDepth(schema_json) > kMaxSchemaDepth) {
    return Invalid(absl::StrCat("the schema nests deeper than ", kMaxSchemaDepth));
  }
  json schema;
  try {
    schema = json::parse(schema_json);
  } catch (const json::exception& e) {
    return Invalid(absl::StrCat("the schema is not JSON: ", e.what()));
  }
  try {
    Mapper mapper;
    return mapper.Columns(schema);
  } catch (const json::exception& e) {  // not expected: every access is checked
    return Invalid(absl::StrCat("the schema cannot be read: ", e.what()));
  }
}

}  // namespace almanac::classifiers::avro
