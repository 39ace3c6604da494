#include "formats/json_schema/schema_model.h"

#include "re2/re2.h"

#include <cmath>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::formats::json_schema {

using Json = nlohmann::ordered_json;

std::string_view DraftName(Draft draft) {
  switch (draft) {
    case Draft::k4:
      return "draft-04";
    case Draft::k6:
      return "draft-06";
    case Draft::k7:
      return "draft-07";
  }
  return "?";
}

std::string DescribeTypes(TypeSet types) {
  if ((types & kAnyType) == kAnyType) return "any type";
  std::vector<std::string> names;
  if (types & kArray) names.push_back("array");
  if (types & kBoolean) names.push_back("boolean");
  if (types & kNumber) {
    names.push_back("number");
  } else if (types & kInteger) {
    names.push_back("integer");
  }
  if (types & kNull) names.push_back("null");
  if (types & kObject) names.push_back("object");
  if (types & kString) names.push_back("string");
  if (names.empty()) return "no type";
  return absl::StrJoin(names, " or ");
}

TypeSet TypeOfValue(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return kNull;
    case Json::value_t::boolean:
      return kBoolean;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return kInteger;
    case Json::value_t::number_float: {
      double d = value.get<double>();
      return std::isfinite(d) && d == std::floor(d) ? kInteger : kNumber;
    }
    case Json::value_t::string:
      return kString;
    case Json::value_t::array:
      return kArray;
    case Json::value_t::object:
      return kObject;
    default:
      return 0;
  }
}

bool SchemaNode::IsRequired(std::string_view name) const {
  for (const std::string& r : required) {
    if (r == name) return true;
  }
  return false;
}

const SchemaNode* SchemaNode::Property(std::string_view name) const {
  auto it = property_index.find(AbslView(name));
  return it == property_index.end() ? nullptr : it->second;
}

bool SchemaNode::PatternMatches(size_t i, const std::string& name) const {
  return re2::RE2::PartialMatch(name, *pattern_regexes[i]);
}

const SchemaNode* Deref(const SchemaNode* node) {
  // Chains were checked for cycles when the model was built.
  while (node != nullptr && node->ref_target != nullptr) node = node->ref_target;
  return node;
}

// The types an instance of `n` can have, looking through enum, const and the
// combinators (bounded depth: a recursive $ref branch counts as any type).
TypeSet EffectiveTypes(const SchemaNode* n, int depth) {
  n = Deref(n);
  if (n->boolean_schema.has_value()) return *n->boolean_schema ? kAnyType : 0;
  TypeSet t = n->has_type ? n->types : kAnyType;
  if (depth > 8) return t;
  if (n->enum_values) {
    TypeSet values = 0;
    for (const Json& v : *n->enum_values) values |= TypeOfValue(v);
    t &= values;
  }
  for (const auto* sum : {&n->one_of, &n->any_of}) {
    if (sum->empty()) continue;
    TypeSet u = 0;
    for (const SchemaNode* b : *sum) u |= EffectiveTypes(b, depth + 1);
    t &= u;
  }
  for (const SchemaNode* b : n->all_of) t &= EffectiveTypes(b, depth + 1);
  return t;
}

namespace {

std::string Where(std::string_view pointer) {
  return pointer.empty() ? std::string("(root)") : std::string(pointer);
}

absl::Status Invalid(std::string_view pointer, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(Where(pointer), ": ", AbslView(message)));
}

std::string EscapeToken(std::string_view token) {
  return absl::StrReplaceAll(AbslView(token), {{"~", "~0"}, {"/", "~1"}});
}

std::string Child(std::string_view pointer, std::string_view token) {
  return absl::StrCat(AbslView(pointer), "/", EscapeToken(token));
}

const char* JsonTypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

// Line and column (1-based) of byte `offset` (0-based) in `text`.
std::pair<int, int> LineColumn(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

absl::Status CheckNesting(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxNestingDepth) {
        auto [line, column] = LineColumn(text, i);
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line, ", column ", column, ": the schema nests deeper than ",
                         kMaxNestingDepth, " levels of objects and arrays"));
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return absl::OkStatus();
}

absl::Status SyntaxError(std::string_view text, const Json::parse_error& e) {
  std::string what = e.what();
  // nlohmann's text is "[json.exception.parse_error.101] parse error at line L,
  // column C: syntax error ..."; keep what follows the position, which we
  // compute from the byte offset ourselves.
  size_t at = what.find("column ");
  if (at != std::string::npos) {
    size_t colon = what.find(": ", at);
    if (colon != std::string::npos) what = what.substr(colon + 2);
  } else if (size_t colon = what.find("parse error: "); colon != std::string::npos) {
    what = what.substr(colon + 13);
  }
  size_t offset = e.byte > 0 ? e.byte - 1 : 0;
  auto [line, column] = LineColumn(text, offset);
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line, ", column ", column, ": invalid JSON: ", what));
}

absl::StatusOr<Draft> DraftOf(const Json& root) {
  if (!root.is_object()) return Draft::k7;
  auto it = root.find("$schema");
  if (it == root.end()) return Draft::k7;
  if (!it->is_string()) {
    return Invalid("/$schema", absl::StrCat("must be a string, got ", JsonTypeName(*it)));
  }
  std::string uri = it->get<std::string>();
  absl::string_view s = uri;
  if (absl::ConsumePrefix(&s, "https://") || absl::ConsumePrefix(&s, "http://")) {
  }
  absl::ConsumeSuffix(&s, "#");
  if (s == "json-schema.org/draft-04/schema") return Draft::k4;
  if (s == "json-schema.org/draft-06/schema") return Draft::k6;
  if (s == "json-schema.org/draft-07/schema") return Draft::k7;
  return Invalid("/$schema", absl::StrCat("unknown $schema '", uri,
                                          "' (supported: http://json-schema.org/draft-04/schema#, "
                                          "http://json-schema.org/draft-06/schema#, "
                                          "http://json-schema.org/draft-07/schema#)"));
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

class ModelBuilder {
 public:
  explicit ModelBuilder(SchemaModel* model) : model_(model), draft_(model->draft_) {}

  absl::Status Build() {
    ASSIGN_OR_RETURN(model_->root_, NodeAt(model_->document_, ""));
    // Resolving a reference may build new nodes (a pointer into a place no
    // keyword of ours visits), which may hold references in turn.
    for (size_t i = 0; i < refs_.size(); ++i) RETURN_IF_ERROR(Resolve(refs_[i]));
    for (SchemaNode* n : refs_) RETURN_IF_ERROR(CheckChain(n));
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<SchemaNode*> NodeAt(const Json& j, std::string pointer) {
    if (auto it = by_pointer_.find(pointer); it != by_pointer_.end()) return it->second;
    SchemaNode* n = &model_->nodes_.emplace_back();
    n->pointer = std::move(pointer);
    n->json = &j;
    by_pointer_.emplace(n->pointer, n);
    filling_.push_back(n);
    absl::Status filled = Fill(n, j);
    filling_.pop_back();
    RETURN_IF_ERROR(filled);
    if ((n->contains_ref || !n->ref.empty()) && !filling_.empty()) {
      filling_.back()->contains_ref = true;
    }
    return n;
  }

  // The schema at keyword `key` of `j`.
  absl::StatusOr<const SchemaNode*> Sub(const SchemaNode* n, const Json& j, std::string_view key) {
    return NodeAt(j.at(std::string(key)), Child(n->pointer, key));
  }

  absl::StatusOr<std::vector<std::pair<std::string, const SchemaNode*>>> SchemaMap(
      const SchemaNode* n, const Json& value, std::string_view key, bool regex_keys) {
    std::string at = Child(n->pointer, key);
    if (!value.is_object()) {
      return Invalid(at, absl::StrCat("must be an object of schemas, got ", JsonTypeName(value)));
    }
    std::vector<std::pair<std::string, const SchemaNode*>> out;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (regex_keys) RETURN_IF_ERROR(CheckRegex(Child(at, it.key()), it.key()));
      ASSIGN_OR_RETURN(SchemaNode * s, NodeAt(it.value(), Child(at, it.key())));
      out.emplace_back(it.key(), s);
    }
    return out;
  }

  absl::StatusOr<std::vector<const SchemaNode*>> SchemaList(const SchemaNode* n, const Json& value,
                                                            std::string_view key) {
    std::string at = Child(n->pointer, key);
    if (!value.is_array() || value.empty()) {
      return Invalid(at, absl::StrCat("must be a non-empty array of schemas, got ",
                                      value.is_array() ? "an empty array" : JsonTypeName(value)));
    }
    std::vector<const SchemaNode*> out;
    for (size_t i = 0; i < value.size(); ++i) {
      ASSIGN_OR_RETURN(SchemaNode * s, NodeAt(value[i], Child(at, std::to_string(i))));
      out.push_back(s);
    }
    return out;
  }

  absl::Status CheckRegex(const std::string& at, const std::string& pattern) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    re2::RE2 re(pattern, options);
    if (!re.ok()) {
      return Invalid(at, absl::StrCat("'", pattern,
                                      "' is not a valid regular expression (Almanac evaluates "
                                      "RE2 syntax: no lookaround or backreferences): ",
                                      re.error()));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<int64_t> Count(const SchemaNode* n, const Json& value, std::string_view key) {
    bool integral =
        value.is_number_integer() ||
        (value.is_number_float() && value.get<double>() == std::floor(value.get<double>()));
    if (!integral || value.get<double>() < 0) {
      return Invalid(Child(n->pointer, key),
                     absl::StrCat("must be a non-negative integer, got ", value.dump()));
    }
    return static_cast<int64_t>(value.get<double>());
  }

  absl::StatusOr<double> Number(const SchemaNode* n, const Json& value, std::string_view key) {
    if (!value.is_number()) {
      return Invalid(Child(n->pointer, key),
                     absl::StrCat("must be a number, got ", JsonTypeName(value)));
    }
    return value.get<double>();
  }

  absl::Status NeedDraft(const SchemaNode* n, std::string_view key, Draft least) {
    if (draft_ >= least) return absl::OkStatus();
    return Invalid(Child(n->pointer, key),
                   absl::StrCat("'", AbslView(key), "' needs ", AbslView(DraftName(least)),
                                " or later; this schema declares ", AbslView(DraftName(draft_))));
  }

  absl::Status Fill(SchemaNode* n, const Json& j) {
    if (j.is_boolean()) {
      if (draft_ == Draft::k4) {
        return Invalid(n->pointer,
                       "boolean schemas (true/false) need draft-06 or later; this schema declares "
                       "draft-04");
      }
      n->boolean_schema = j.get<bool>();
      n->accepts_anything = j.get<bool>();
      return absl::OkStatus();
    }
    if (!j.is_object()) {
      return Invalid(n->pointer, absl::StrCat("a schema must be an object",
                                              draft_ == Draft::k4 ? "" : " (or true/false)",
                                              ", got ", JsonTypeName(j)));
    }
    bool constrains = false;
    // Definitions are parsed even beside a $ref, which ignores its siblings,
    // because `{"$ref": "#/definitions/A", "definitions": {...}}` is the usual
    // shape of a document.
    for (std::string_view key : {"definitions", "$defs"}) {
      if (auto it = j.find(std::string(key)); it != j.end()) {
        RETURN_IF_ERROR(SchemaMap(n, *it, key, false).status());
      }
    }
    if (auto it = j.find("$ref"); it != j.end()) {
      if (!it->is_string()) {
        return Invalid(Child(n->pointer, "$ref"),
                       absl::StrCat("must be a string, got ", JsonTypeName(*it)));
      }
      n->ref = it->get<std::string>();
      refs_.push_back(n);
      return absl::OkStatus();
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& key = it.key();
      const Json& v = it.value();
      std::string at = Child(n->pointer, key);
      if (key == "type") {
        RETURN_IF_ERROR(ParseType(n, v, at));
        constrains = true;
        continue;
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        ASSIGN_OR_RETURN(auto list, SchemaList(n, v, key));
        (key == "allOf" ? n->all_of : key == "anyOf" ? n->any_of : n->one_of) = std::move(list);
        constrains = true;
        continue;
      } else if (key == "enum") {
        if (!v.is_array() || (draft_ == Draft::k4 && v.empty())) {
          return Invalid(at, absl::StrCat("must be ", draft_ == Draft::k4 ? "a non-empty" : "an",
                                          " array of values, got ",
                                          v.is_array() ? "an empty array" : JsonTypeName(v)));
        }
        std::vector<Json> values(v.begin(), v.end());
        if (n->is_const) {
          // const and enum together: the const value, if enum admits it.
          bool admitted = false;
          for (const Json& e : values) admitted = admitted || e == n->enum_values->front();
          if (!admitted) n->enum_values->clear();
        } else {
          n->enum_values = std::move(values);
        }
        constrains = true;
      } else if (key == "const") {
        RETURN_IF_ERROR(NeedDraft(n, key, Draft::k6));
        bool admitted = !n->enum_values.has_value();
        if (n->enum_values) {
          for (const Json& e : *n->enum_values) admitted = admitted || e == v;
        }
        n->enum_values = admitted ? std::vector<Json>{v} : std::vector<Json>{};
        n->is_const = true;
        constrains = true;
      } else if (key == "minimum" || key == "maximum") {
        ASSIGN_OR_RETURN(double d, Number(n, v, key));
        std::string_view exclusive_key = key == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
        bool exclusive = false;
        if (draft_ == Draft::k4) {
          auto e = j.find(std::string(exclusive_key));
          exclusive = e != j.end() && e->is_boolean() && e->get<bool>();
        }
        MergeBound(key == "minimum", Bound{d, exclusive}, n);
        constrains = true;
      } else if (key == "exclusiveMinimum" || key == "exclusiveMaximum") {
        bool lower = key == "exclusiveMinimum";
        if (draft_ == Draft::k4) {
          if (!v.is_boolean()) {
            return Invalid(at, absl::StrCat("must be a boolean in draft-04 (the numeric form "
                                            "needs draft-06 or later), got ",
                                            JsonTypeName(v)));
          }
          if (!j.contains(lower ? "minimum" : "maximum")) {
            return Invalid(at, absl::StrCat("in draft-04 needs '", lower ? "minimum" : "maximum",
                                            "' beside it"));
          }
        } else {
          if (!v.is_number()) {
            return Invalid(at, absl::StrCat("must be a number in ", AbslView(DraftName(draft_)),
                                            " (draft-04's boolean form is not accepted), got ",
                                            JsonTypeName(v)));
          }
          MergeBound(lower, Bound{v.get<double>(), true}, n);
          constrains = true;
        }
      } else if (key == "multipleOf") {
        ASSIGN_OR_RETURN(double d, Number(n, v, key));
        if (!(d > 0)) return Invalid(at, absl::StrCat("must be greater than 0, got ", v.dump()));
        n->multiple_of = d;
        constrains = true;
      } else if (key == "minLength" || key == "maxLength" || key == "minItems" ||
                 key == "maxItems" || key == "minProperties" || key == "maxProperties") {
        ASSIGN_OR_RETURN(int64_t c, Count(n, v, key));
        std::optional<int64_t>* slot = key == "minLength"       ? &n->min_length
                                       : key == "maxLength"     ? &n->max_length
                                       : key == "minItems"      ? &n->min_items
                                       : key == "maxItems"      ? &n->max_items
                                       : key == "minProperties" ? &n->min_properties
                                                                : &n->max_properties;
        *slot = c;
        constrains = true;
      } else if (key == "pattern") {
        if (!v.is_string()) {
          return Invalid(at, absl::StrCat("must be a string, got ", JsonTypeName(v)));
        }
        RETURN_IF_ERROR(CheckRegex(at, v.get<std::string>()));
        n->pattern = v.get<std::string>();
        constrains = true;
      } else if (key == "format" || key == "description" || key == "title") {
        if (!v.is_string()) {
          return Invalid(at, absl::StrCat("must be a string, got ", JsonTypeName(v)));
        }
        if (key == "format") n->format = v.get<std::string>();
        if (key == "description") n->description = v.get<std::string>();
      } else if (key == "default") {
        n->has_default = true;
      } else if (key == "items") {
        if (v.is_array()) {
          n->has_tuple = true;
          for (size_t i = 0; i < v.size(); ++i) {
            ASSIGN_OR_RETURN(SchemaNode * s, NodeAt(v[i], Child(at, std::to_string(i))));
            n->tuple_items.push_back(s);
          }
        } else {
          ASSIGN_OR_RETURN(n->items, NodeAt(v, at));
        }
        constrains = true;
      } else if (key == "additionalItems" || key == "additionalProperties") {
        Extras extras;
        const SchemaNode* schema = nullptr;
        if (v.is_boolean()) {
          extras = v.get<bool>() ? Extras::kTrue : Extras::kFalse;
        } else if (v.is_object()) {
          ASSIGN_OR_RETURN(schema, NodeAt(v, at));
          extras = schema->accepts_anything ? Extras::kTrue : Extras::kSchema;
        } else {
          return Invalid(at, absl::StrCat("must be a boolean or a schema, got ", JsonTypeName(v)));
        }
        if (key == "additionalItems") {
          n->additional_items = extras;
          n->additional_items_schema = schema;
        } else {
          n->additional_properties = extras;
          n->additional_properties_schema = schema;
        }
        constrains = true;
      } else if (key == "uniqueItems") {
        if (!v.is_boolean()) {
          return Invalid(at, absl::StrCat("must be a boolean, got ", JsonTypeName(v)));
        }
        n->unique_items = v.get<bool>();
        constrains = constrains || n->unique_items;
      } else if (key == "properties") {
        ASSIGN_OR_RETURN(n->properties, SchemaMap(n, v, key, false));
        for (const auto& [name, s] : n->properties) n->property_index.emplace(name, s);
        constrains = true;
      } else if (key == "patternProperties") {
        ASSIGN_OR_RETURN(n->pattern_properties, SchemaMap(n, v, key, true));
        for (const auto& [pattern, schema] : n->pattern_properties) {
          re2::RE2::Options options;
          options.set_log_errors(false);
          n->pattern_regexes.push_back(std::make_shared<const re2::RE2>(pattern, options));
        }
        constrains = true;
      } else if (key == "required") {
        RETURN_IF_ERROR(ParseRequired(n, v, at));
        constrains = true;
      } else if (key == "dependencies") {
        if (!v.is_object()) {
          return Invalid(at, absl::StrCat("must be an object, got ", JsonTypeName(v)));
        }
        for (auto d = v.begin(); d != v.end(); ++d) {
          if (d.value().is_array()) {
            for (const Json& name : d.value()) {
              if (!name.is_string()) {
                return Invalid(Child(at, d.key()),
                               "must be an array of property names or a schema");
              }
            }
          } else {
            RETURN_IF_ERROR(NodeAt(d.value(), Child(at, d.key())).status());
          }
        }
        constrains = true;
      } else if (key == "not") {
        ASSIGN_OR_RETURN(n->not_schema, NodeAt(v, at));
        constrains = true;
      } else if (key == "contains" || key == "propertyNames") {
        RETURN_IF_ERROR(NeedDraft(n, key, Draft::k6));
        RETURN_IF_ERROR(NodeAt(v, at).status());
        constrains = true;
      } else if (key == "if" || key == "then" || key == "else") {
        RETURN_IF_ERROR(NeedDraft(n, key, Draft::k7));
        RETURN_IF_ERROR(NodeAt(v, at).status());
        n->has_conditional = true;
        constrains = true;
      }
      if (IsBaseKeyword(key) && !(key == "uniqueItems" && !n->unique_items)) {
        n->base_constraints = true;
      }
    }
    n->accepts_anything = !constrains;
    return absl::OkStatus();
  }

  static bool IsBaseKeyword(std::string_view key) {
    constexpr std::string_view kBase[] = {"enum",
                                          "const",
                                          "minimum",
                                          "maximum",
                                          "exclusiveMinimum",
                                          "exclusiveMaximum",
                                          "multipleOf",
                                          "minLength",
                                          "maxLength",
                                          "minItems",
                                          "maxItems",
                                          "minProperties",
                                          "maxProperties",
                                          "pattern",
                                          "items",
                                          "additionalItems",
                                          "additionalProperties",
                                          "uniqueItems",
                                          "properties",
                                          "patternProperties",
                                          "required",
                                          "dependencies",
                                          "not",
                                          "contains",
                                          "propertyNames",
                                          "if",
                                          "then",
                                          "else"};
    for (std::string_view k : kBase) {
      if (k == key) return true;
    }
    return false;
  }

  static void MergeBound(bool lower, Bound b, SchemaNode* n) {
    std::optional<Bound>& slot = lower ? n->lower : n->upper;
    if (!slot) {
      slot = b;
      return;
    }
    bool tighter = lower ? b.value > slot->value : b.value < slot->value;
    if (tighter || (b.value == slot->value && b.exclusive)) slot = b;
  }

  absl::Status ParseType(SchemaNode* n, const Json& v, const std::string& at) {
    auto bit = [](const std::string& name) -> TypeSet {
      if (name == "null") return kNull;
      if (name == "boolean") return kBoolean;
      if (name == "integer") return kInteger;
      if (name == "number") return kNumber | kInteger;
      if (name == "string") return kString;
      if (name == "array") return kArray;
      if (name == "object") return kObject;
      return 0;
    };
    auto unknown = [&](const Json& name) {
      return Invalid(at, absl::StrCat(name.dump(),
                                      " is not a JSON Schema type (types: array, boolean, "
                                      "integer, null, number, object, string)"));
    };
    n->has_type = true;
    n->types = 0;
    if (v.is_string()) {
      n->types = bit(v.get<std::string>());
      if (n->types == 0) return unknown(v);
      return absl::OkStatus();
    }
    if (!v.is_array() || v.empty()) {
      return Invalid(at, absl::StrCat("must be a type name or a non-empty array of them, got ",
                                      v.is_array() ? "an empty array" : JsonTypeName(v)));
    }
    absl::flat_hash_set<std::string> seen;
    for (const Json& name : v) {
      if (!name.is_string() || bit(name.get<std::string>()) == 0) return unknown(name);
      if (!seen.insert(name.get<std::string>()).second) {
        return Invalid(at, absl::StrCat("type ", name.dump(), " is listed twice"));
      }
      n->types |= bit(name.get<std::string>());
    }
    return absl::OkStatus();
  }

  absl::Status ParseRequired(SchemaNode* n, const Json& v, const std::string& at) {
    if (!v.is_array() || (draft_ == Draft::k4 && v.empty())) {
      return Invalid(at, absl::StrCat("must be ", draft_ == Draft::k4 ? "a non-empty" : "an",
                                      " array of property names, got ",
                                      v.is_array() ? "an empty array (draft-04 forbids it)"
                                                   : JsonTypeName(v)));
    }
    absl::flat_hash_set<std::string> seen;
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        return Invalid(
            Child(at, std::to_string(i)),
            absl::StrCat("a required property name must be a string, got ", JsonTypeName(v[i])));
      }
      if (!seen.insert(v[i].get<std::string>()).second) {
        return Invalid(at,
                       absl::StrCat("property '", v[i].get<std::string>(), "' is listed twice"));
      }
      n->required.push_back(v[i].get<std::string>());
    }
    return absl::OkStatus();
  }

  absl::Status Resolve(SchemaNode* n) {
    std::string at = Child(n->pointer, "$ref");
    const std::string& ref = n->ref;
    if (ref.empty() || ref[0] != '#') {
      return Invalid(at, absl::StrCat("remote references are not supported: $ref '", ref,
                                      "' (only local references such as '#/definitions/Name')"));
    }
    if (ref.size() > 1 && ref[1] != '/') {
      return Invalid(at, absl::StrCat("$ref '", ref,
                                      "': only JSON-pointer references ('#' or '#/...') are "
                                      "supported"));
    }
    std::string pointer = PercentDecode(std::string_view(ref).substr(1));
    if (auto it = by_pointer_.find(pointer); it != by_pointer_.end()) {
      n->ref_target = it->second;
      return absl::OkStatus();
    }
    const Json* target = nullptr;
    try {
      Json::json_pointer p(pointer);
      if (model_->document_.contains(p)) target = &model_->document_.at(p);
    } catch (const Json::exception&) {
      target = nullptr;
    }
    if (target == nullptr) {
      return Invalid(at, absl::StrCat("$ref '", ref,
                                      "' does not resolve: the document has "
                                      "nothing at ",
                                      pointer));
    }
    ASSIGN_OR_RETURN(n->ref_target, NodeAt(*target, pointer));
    return absl::OkStatus();
  }

  absl::Status CheckChain(const SchemaNode* start) {
    absl::flat_hash_set<const SchemaNode*> seen;
    std::vector<std::string> chain;
    for (const SchemaNode* n = start; n != nullptr && n->ref_target != nullptr; n = n->ref_target) {
      chain.push_back(n->ref);
      if (!seen.insert(n).second) {
        return Invalid(
            Child(start->pointer, "$ref"),
            absl::StrCat("$ref cycle never reaches a schema: ", absl::StrJoin(chain, " -> ")));
      }
    }
    return absl::OkStatus();
  }

  SchemaModel* model_;
  Draft draft_;
  absl::flat_hash_map<std::string, SchemaNode*> by_pointer_;
  std::vector<SchemaNode*> refs_;
  std::vector<SchemaNode*> filling_;  // the nodes being filled, innermost last
};

absl::StatusOr<std::unique_ptr<SchemaModel>> BuildSchemaModel(std::string_view text) {
  RETURN_IF_ERROR(CheckNesting(text));
  auto model = std::make_unique<SchemaModel>();
  try {
    model->document_ = Json::parse(text.begin(), text.end());
    model->canonical_ = nlohmann::json::parse(text.begin(), text.end()).dump();
  } catch (const Json::parse_error& e) {
    return SyntaxError(text, e);
  } catch (const Json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", e.what()));
  }
  ASSIGN_OR_RETURN(model->draft_, DraftOf(model->document_));
  ModelBuilder builder(model.get());
  RETURN_IF_ERROR(builder.Build());
  return model;
}

}  // namespace almanac::formats::json_schema
