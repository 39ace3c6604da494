#include "formats/json_schema/hive_mapping.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/absl_view.h"

namespace almanac::formats::json_schema {
namespace {

using Json = nlohmann::ordered_json;
using Properties = std::vector<std::pair<std::string, const SchemaNode*>>;

// The node's own properties, then those of its allOf branches (first
// definition of a name wins).
void CollectProperties(const SchemaNode* n, Properties* out, absl::flat_hash_set<std::string>* seen,
                       int depth = 0) {
  n = Deref(n);
  if (depth > 16) return;
  for (const auto& p : n->properties) {
    if (seen->insert(p.first).second) out->push_back(p);
  }
  for (const SchemaNode* b : n->all_of) CollectProperties(b, out, seen, depth + 1);
}

std::string FieldName(const std::string& name) {
  bool plain = !name.empty() && (absl::ascii_isalpha(name[0]) || name[0] == '_');
  for (char c : name) plain = plain && (absl::ascii_isalnum(c) || c == '_');
  if (plain) return name;
  std::string quoted = "`";
  for (char c : name) {
    if (c == '`') quoted.push_back('`');
    quoted.push_back(c);
  }
  quoted.push_back('`');
  return quoted;
}

class HiveTyper {
 public:
  std::string TypeOf(const SchemaNode* raw) {
    const SchemaNode* n = Deref(raw);
    if (std::find(stack_.begin(), stack_.end(), n) != stack_.end()) return "string";
    stack_.push_back(n);
    std::string type = Compute(n);
    stack_.pop_back();
    return type;
  }

  std::string StructOf(const Properties& properties) {
    std::vector<std::string> fields;
    for (const auto& [name, p] : properties) {
      fields.push_back(absl::StrCat(FieldName(name), ":", TypeOf(p)));
    }
    return absl::StrCat("struct<", absl::StrJoin(fields, ","), ">");
  }

 private:
  std::string Compute(const SchemaNode* n) {
    if (n->boolean_schema.has_value()) return "string";
    const std::vector<const SchemaNode*>* sum = !n->one_of.empty()   ? &n->one_of
                                                : !n->any_of.empty() ? &n->any_of
                                                                     : nullptr;
    if (sum != nullptr && !n->has_type && n->properties.empty()) {
      std::vector<std::string> types;
      for (const SchemaNode* b : *sum) {
        if (EffectiveTypes(b) == kNull) continue;
        std::string t = TypeOf(b);
        if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
      }
      return types.size() == 1 ? types[0] : "string";
    }
    TypeSet types = EffectiveTypes(n);
    if (!n->has_type && types == kAnyType) {
      // Structure implies the type when `type` is left out.
      if (!n->properties.empty() || n->additional_properties == Extras::kSchema) {
        types = kObject;
      } else if (n->items != nullptr || n->has_tuple) {
        types = kArray;
      } else if (!n->all_of.empty()) {
        Properties merged;
        absl::flat_hash_set<std::string> seen;
        CollectProperties(n, &merged, &seen);
        if (!merged.empty()) return StructOf(merged);
        return TypeOf(n->all_of.front());
      }
    }
    types &= static_cast<TypeSet>(~kNull);
    if (types == 0 || types == static_cast<TypeSet>(kAnyType & ~kNull)) return "string";
    if (types == kInteger) return "bigint";
    if ((types & ~(kInteger | kNumber)) == 0) return "double";
    if (types == kString) {
      if (n->format == "date") return "date";
      if (n->format == "date-time") return "timestamp";
      return "string";
    }
    if (types == kBoolean) return "boolean";
    if (types == kArray) return ArrayOf(n);
    if (types == kObject) return ObjectOf(n);
    return "string";
  }

  std::string ArrayOf(const SchemaNode* n) {
    if (n->items != nullptr) return absl::StrCat("array<", TypeOf(n->items), ">");
    if (n->has_tuple && !n->tuple_items.empty()) {
      std::string first = TypeOf(n->tuple_items.front());
      for (const SchemaNode* i : n->tuple_items) {
        if (TypeOf(i) != first) return "array<string>";
      }
      return absl::StrCat("array<", first, ">");
    }
    return "array<string>";
  }

  std::string ObjectOf(const SchemaNode* n) {
    Properties properties;
    absl::flat_hash_set<std::string> seen;
    CollectProperties(n, &properties, &seen);
    if (!properties.empty()) return StructOf(properties);
    if (n->additional_properties == Extras::kSchema) {
      return absl::StrCat("map<string,", TypeOf(n->additional_properties_schema), ">");
    }
    return "string";
  }

  std::vector<const SchemaNode*> stack_;
};

std::string Short(const Json& value) {
  std::string s = value.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string Describe(const SchemaNode* raw, bool required) {
  const SchemaNode* n = Deref(raw);
  std::vector<std::string> parts;
  if (!raw->ref.empty()) parts.push_back(absl::StrCat("$ref ", raw->ref));
  if (n->boolean_schema.has_value()) {
    parts.push_back(*n->boolean_schema ? "true (accepts anything)" : "false (accepts nothing)");
  } else if (n->has_type) {
    parts.push_back(DescribeTypes(n->types));
  } else {
    parts.push_back("untyped");
  }
  if (required) parts.push_back("required");
  if (n->format) parts.push_back(absl::StrCat("format ", *n->format));
  if (n->enum_values) {
    std::vector<std::string> values;
    for (const Json& v : *n->enum_values) values.push_back(Short(v));
    parts.push_back(n->is_const ? absl::StrCat("const ", values.empty() ? "(none)" : values[0])
                                : absl::StrCat("enum [", absl::StrJoin(values, ", "), "]"));
  }
  if (n->lower) parts.push_back(absl::StrCat(n->lower->exclusive ? "> " : ">= ", n->lower->value));
  if (n->upper) parts.push_back(absl::StrCat(n->upper->exclusive ? "< " : "<= ", n->upper->value));
  if (n->multiple_of) parts.push_back(absl::StrCat("multipleOf ", *n->multiple_of));
  if (n->min_length) parts.push_back(absl::StrCat("minLength ", *n->min_length));
  if (n->max_length) parts.push_back(absl::StrCat("maxLength ", *n->max_length));
  if (n->pattern) parts.push_back(absl::StrCat("pattern '", *n->pattern, "'"));
  if (n->has_tuple) parts.push_back(absl::StrCat("tuple of ", n->tuple_items.size()));
  if (n->min_items) parts.push_back(absl::StrCat("minItems ", *n->min_items));
  if (n->max_items) parts.push_back(absl::StrCat("maxItems ", *n->max_items));
  if (n->unique_items) parts.push_back("uniqueItems");
  bool objectish = !n->properties.empty() || (n->has_type && (n->types & kObject));
  if (objectish || n->additional_properties != Extras::kAbsent) {
    switch (n->additional_properties) {
      case Extras::kFalse:
        parts.push_back("closed (additionalProperties false)");
        break;
      case Extras::kSchema:
        parts.push_back("additionalProperties schema");
        break;
      default:
        parts.push_back("open");
    }
  }
  for (const auto& [pattern, s] : n->pattern_properties) {
    parts.push_back(absl::StrCat("patternProperties '", pattern, "'"));
  }
  if (n->min_properties) parts.push_back(absl::StrCat("minProperties ", *n->min_properties));
  if (n->max_properties) parts.push_back(absl::StrCat("maxProperties ", *n->max_properties));
  if (!n->one_of.empty()) parts.push_back(absl::StrCat("oneOf ", n->one_of.size(), " branches"));
  if (!n->any_of.empty()) parts.push_back(absl::StrCat("anyOf ", n->any_of.size(), " branches"));
  if (!n->all_of.empty()) parts.push_back(absl::StrCat("allOf ", n->all_of.size(), " branches"));
  if (n->not_schema != nullptr) parts.push_back("not");
  if (n->has_conditional) parts.push_back("if/then/else");
  if (n->json != nullptr && n->json->is_object()) {
    if (auto it = n->json->find("default"); it != n->json->end()) {
      parts.push_back(absl::StrCat("default ", Short(*it)));
    }
    if (auto it = n->json->find("dependencies"); it != n->json->end()) {
      parts.push_back(absl::StrCat("dependencies ", Short(*it)));
    }
  }
  const std::string& description = !raw->description.empty() ? raw->description : n->description;
  if (!description.empty()) {
    std::string d = description.size() > 60 ? description.substr(0, 57) + "..." : description;
    parts.push_back(absl::StrCat("description '", d, "'"));
  }
  return absl::StrJoin(parts, ", ");
}

class FieldLister {
 public:
  explicit FieldLister(std::vector<SchemaField>* out) : out_(out) {}

  void Add(const SchemaNode* raw, const std::string& path, const std::string& prefix,
           bool required) {
    const SchemaNode* n = Deref(raw);
    bool recursive = std::find(stack_.begin(), stack_.end(), n) != stack_.end();
    std::string description = Describe(raw, required);
    if (recursive) description += " (recursive)";
    out_->push_back({path, std::move(description)});
    if (recursive || stack_.size() > 64) return;
    stack_.push_back(n);
    for (const auto& [name, p] : n->properties) {
      Add(p, absl::StrCat(prefix, name), absl::StrCat(prefix, name, "."), n->IsRequired(name));
    }
    std::string self = prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1);
    if (n->items != nullptr) Child(n->items, absl::StrCat(self, "[]"));
    for (size_t i = 0; i < n->tuple_items.size(); ++i) {
      Child(n->tuple_items[i], absl::StrCat(self, "[", i, "]"));
    }
    if (n->additional_properties_schema != nullptr && n->additional_properties == Extras::kSchema) {
      Child(n->additional_properties_schema, absl::StrCat(self, self.empty() ? "*" : ".*"));
    }
    for (const auto& [kind, list] :
         {std::pair<const char*, const std::vector<const SchemaNode*>*>{"oneOf", &n->one_of},
          {"anyOf", &n->any_of},
          {"allOf", &n->all_of}}) {
      for (size_t i = 0; i < list->size(); ++i) {
        Child((*list)[i], absl::StrCat(self, "<", kind, " ", i + 1, ">"));
      }
    }
    stack_.pop_back();
  }

 private:
  void Child(const SchemaNode* n, const std::string& path) {
    Add(n, path, absl::StrCat(path, "."), false);
  }

  std::vector<SchemaField>* out_;
  std::vector<const SchemaNode*> stack_;
};

}  // namespace

absl::StatusOr<std::vector<HiveColumn>> HiveColumnsOf(const SchemaModel& model) {
  const SchemaNode* root = Deref(model.root());
  TypeSet types = EffectiveTypes(root);
  Properties properties;
  absl::flat_hash_set<std::string> seen;
  CollectProperties(root, &properties, &seen);
  if ((types & kObject) == 0 || root->boolean_schema.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a JSON Schema maps to Hive columns only when its top level is an object schema with "
        "properties; this one's top level is ",
        root->boolean_schema.has_value() ? (*root->boolean_schema ? "true" : "false")
                                         : DescribeTypes(types)));
  }
  if (properties.empty()) {
    return absl::InvalidArgumentError(
        "a JSON Schema maps to Hive columns only when its top level is an object schema with "
        "properties; this one's top-level object declares no properties");
  }
  std::vector<HiveColumn> columns;
  HiveTyper typer;
  for (const auto& [name, p] : properties) {
    const std::string& comment = !p->description.empty() ? p->description : Deref(p)->description;
    columns.push_back({name, typer.TypeOf(p), comment});
  }
  return columns;
}

std::vector<SchemaField> FieldsOf(const SchemaModel& model) {
  std::vector<SchemaField> out;
  FieldLister(&out).Add(model.root(), "(root)", "", false);
  return out;
}

}  // namespace almanac::formats::json_schema
