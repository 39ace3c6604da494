#include "formats/avro/avro_schema.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/absl_view.h"

namespace almanac::formats::avro {

using nlohmann::json;

namespace {

struct Primitive {
  std::string_view name;
  Kind kind;
};
constexpr Primitive kPrimitives[] = {
    {"null", Kind::kNull},   {"boolean", Kind::kBoolean}, {"int", Kind::kInt},
    {"long", Kind::kLong},   {"float", Kind::kFloat},     {"double", Kind::kDouble},
    {"bytes", Kind::kBytes}, {"string", Kind::kString},
};

std::optional<Kind> PrimitiveKind(std::string_view name) {
  for (const Primitive &p : kPrimitives) {
    if (p.name == name) return p.kind;
  }
  return std::nullopt;
}

bool IsValidNamePart(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

// A full name: dot-separated valid parts (an empty namespace has none).
bool IsValidFullName(std::string_view s) {
  for (absl::string_view part : absl::StrSplit(AbslView(s), '.')) {
    if (!IsValidNamePart(std::string_view(part.data(), part.size()))) return false;
  }
  return true;
}

std::string Quote(std::string_view s) { return absl::StrCat("'", AbslView(s), "'"); }

// A JSON value for a message, shortened so a huge default does not flood it.
std::string Show(const json &v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = absl::StrCat(s.substr(0, 57), "...");
  return s;
}

// 1-based line and column of byte offset `pos` in `text`.
std::string LineColumn(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return absl::StrCat("line ", line, ", column ", pos - line_start + 1);
}

// Offset of the first bracket past kMaxJsonDepth, or npos. nlohmann's parser
// is iterative, but dumping and walking the result are not.
size_t TooDeepAt(std::string_view t) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Code points of a UTF-8 string when each is at most 255 (Avro's encoding of
// bytes and fixed defaults); nullopt otherwise.
std::optional<size_t> ByteStringLength(const std::string &s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      i += 1;
    } else if ((c & 0xE0) == 0xC0) {
      if (c > 0xC3) return std::nullopt;  // above U+00FF
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return count;
}

std::string_view DefaultRule(const Node &t) {
  switch (t.kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return "true or false";
    case Kind::kInt:
      return "an integer within 32 bits";
    case Kind::kLong:
      return "an integer within 64 bits";
    case Kind::kFloat:
    case Kind::kDouble:
      return "a number";
    case Kind::kBytes:
      return "a string of code points 0-255";
    case Kind::kString:
      return "a string";
    case Kind::kRecord:
      return "an object";
    case Kind::kEnum:
      return "one of the enum's symbols";
    case Kind::kArray:
      return "an array";
    case Kind::kMap:
      return "an object";
    case Kind::kUnion:
      return "a value of the union's first branch";
    case Kind::kFixed:
      return "a string of exactly `size` code points 0-255";
  }
  return "?";
}

// Empty when `v` is a valid default for `t`; otherwise what is wrong.
std::string DefaultError(const Node &t, const json &v) {
  auto bad = [&]() {
    return absl::StrCat("default ", Show(v), " is not a valid ", TypeLabel(t), " (expected ",
                        AbslView(DefaultRule(t)), ")");
  };
  switch (t.kind) {
    case Kind::kNull:
      return v.is_null() ? "" : bad();
    case Kind::kBoolean:
      return v.is_boolean() ? "" : bad();
    case Kind::kInt:
    case Kind::kLong: {
      int64_t lo = t.kind == Kind::kInt ? std::numeric_limits<int32_t>::min()
                                        : std::numeric_limits<int64_t>::min();
      int64_t hi = t.kind == Kind::kInt ? std::numeric_limits<int32_t>::max()
                                        : std::numeric_limits<int64_t>::max();
      if (v.is_number_unsigned())
        return v.get<uint64_t>() <= static_cast<uint64_t>(hi) ? "" : bad();
      if (v.is_number_integer()) {
        int64_t x = v.get<int64_t>();
        return x >= lo && x <= hi ? "" : bad();
      }
      return bad();
    }
    case Kind::kFloat:
    case Kind::kDouble:
      return v.is_number() ? "" : bad();
    case Kind::kString:
      return v.is_string() ? "" : bad();
    case Kind::kBytes:
      return v.is_string() && ByteStringLength(v.get_ref<const std::string &>()) ? "" : bad();
    case Kind::kFixed: {
      if (!v.is_string()) return bad();
      auto n = ByteStringLength(v.get_ref<const std::string &>());
      return n && static_cast<int64_t>(*n) == t.size ? "" : bad();
    }
    case Kind::kEnum:
      return v.is_string() && t.symbol_index.contains(v.get_ref<const std::string &>()) ? ""
                                                                                        : bad();
    case Kind::kArray:
      if (!v.is_array()) return bad();
      for (const json &item : v) {
        std::string e = DefaultError(*t.items, item);
        if (!e.empty()) return absl::StrCat("array item: ", e);
      }
      return "";
    case Kind::kMap:
      if (!v.is_object()) return bad();
      for (const auto &[key, item] : v.items()) {
        std::string e = DefaultError(*t.items, item);
        if (!e.empty()) return absl::StrCat("map value ", Quote(key), ": ", e);
      }
      return "";
    case Kind::kRecord:
      if (!v.is_object()) return bad();
      for (const Field &f : t.fields) {
        auto it = v.find(f.name);
        if (it == v.end()) {
          if (!f.default_value) {
            return absl::StrCat("default ", Show(v), " lacks field ", Quote(f.name),
                                ", which has no default of its own");
          }
          continue;
        }
        std::string e = DefaultError(*f.type, *it);
        if (!e.empty()) return absl::StrCat("field ", Quote(f.name), ": ", e);
      }
      return "";
    case Kind::kUnion:
      if (t.branches.empty()) return bad();
      if (!DefaultError(*t.branches[0], v).empty()) {
        return absl::StrCat("default ", Show(v), " does not match the union's first branch, ",
                            TypeLabel(*t.branches[0]),
                            " (Avro 1.11: a union's default belongs to its first branch)");
      }
      return "";
  }
  return bad();
}

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kRecord:
      return "record";
    case Kind::kEnum:
      return "enum";
    case Kind::kArray:
      return "array";
    case Kind::kMap:
      return "map";
    case Kind::kUnion:
      return "union";
    case Kind::kFixed:
      return "fixed";
    default:
      for (const Primitive &p : kPrimitives) {
        if (p.kind == kind) return p.name;
      }
  }
  return "?";
}

bool IsNamed(Kind kind) {
  return kind == Kind::kRecord || kind == Kind::kEnum || kind == Kind::kFixed;
}

std::string TypeLabel(const Node &node) {
  switch (node.kind) {
    case Kind::kRecord:
    case Kind::kEnum:
      return absl::StrCat(AbslView(KindName(node.kind)), " ", Quote(node.full_name));
    case Kind::kFixed:
      return absl::StrCat("fixed ", Quote(node.full_name), " (", node.size, " bytes",
                          node.logical_type.empty() ? "" : ", ", node.logical_type, ")");
    case Kind::kArray:
      return absl::StrCat("array<", TypeLabel(*node.items), ">");
    case Kind::kMap:
      return absl::StrCat("map<", TypeLabel(*node.items), ">");
    case Kind::kUnion: {
      std::vector<std::string> parts;
      for (const Node *b : node.branches) parts.push_back(TypeLabel(*b));
      return absl::StrCat("union [", absl::StrJoin(parts, ", "), "]");
    }
    default:
      break;
  }
  std::string label(KindName(node.kind));
  if (node.logical_type == "decimal") {
    absl::StrAppend(&label, " (decimal(", node.precision, ",", node.scale, "))");
  } else if (!node.logical_type.empty()) {
    absl::StrAppend(&label, " (", node.logical_type, ")");
  }
  return label;
}

// Builds one Schema; each method returns InvalidArgument naming `where`.
class Parser {
 public:
  explicit Parser(Schema *schema) : s_(schema) {}

  absl::StatusOr<const Node *> ParseType(const json &j, const std::string &ns,
                                         const std::string &where, int depth) {
    if (depth > kMaxDepth) {
      return Error(where, absl::StrCat("types are nested more than ", kMaxDepth, " levels deep"));
    }
    if (j.is_string()) return ParseNameRef(j.get_ref<const std::string &>(), ns, where);
    if (j.is_array()) return ParseUnion(j, ns, where, depth);
    if (!j.is_object()) {
      return Error(where,
                   absl::StrCat("a type must be a JSON string, object or array, not ", Show(j)));
    }
    auto type_it = j.find("type");
    if (type_it == j.end()) return Error(where, "a type object has no \"type\" attribute");
    if (!type_it->is_string()) return ParseType(*type_it, ns, where, depth + 1);
    const std::string &type = type_it->get_ref<const std::string &>();
    if (auto kind = PrimitiveKind(type)) {
      Node *n = NewNode(*kind);
      ApplyLogicalType(n, j);
      return n;
    }
    if (type == "record" || type == "error") return ParseRecord(j, ns, where, depth);
    if (type == "enum") return ParseEnum(j, ns, where);
    if (type == "fixed") return ParseFixed(j, ns, where);
    if (type == "array" || type == "map") {
      const char *key = type == "array" ? "items" : "values";
      auto it = j.find(key);
      if (it == j.end())
        return Error(where,
                     absl::StrCat(type == "array" ? "an " : "a ", type, " needs \"", key, "\""));
      Node *n = NewNode(type == "array" ? Kind::kArray : Kind::kMap);
      auto items = ParseType(*it, ns, where, depth + 1);
      if (!items.ok()) return items.status();
      n->items = *items;
      return n;
    }
    // {"type": "com.x.Name"}: a reference written as an object.
    return ParseNameRef(type, ns, where);
  }

 private:
  Node *NewNode(Kind kind) {
    s_->nodes_.push_back(std::make_unique<Node>());
    s_->nodes_.back()->kind = kind;
    return s_->nodes_.back().get();
  }

  static absl::Status Error(const std::string &where, std::string_view what) {
    if (where.empty()) return absl::InvalidArgumentError(std::string(what));
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", AbslView(what)));
  }

  absl::StatusOr<const Node *> ParseNameRef(const std::string &name, const std::string &ns,
                                            const std::string &where) {
    if (auto kind = PrimitiveKind(name)) return NewNode(*kind);
    std::string full =
        name.find('.') != std::string::npos || ns.empty() ? name : absl::StrCat(ns, ".", name);
    auto it = s_->named_.find(full);
    if (it == s_->named_.end() && full != name) it = s_->named_.find(name);
    if (it != s_->named_.end()) return it->second;
    std::vector<std::string> known;
    for (const auto &[n, node] : s_->named_) known.push_back(n);
    std::sort(known.begin(), known.end());
    if (known.size() > 10) known.resize(10);
    return Error(where, absl::StrCat("unknown type ", Quote(name),
                                     known.empty() ? " (no named types are defined before it)"
                                                   : absl::StrCat(" (defined so far: ",
                                                                  absl::StrJoin(known, ", "), ")"),
                                     "; a name must be a primitive type or a record, enum or "
                                     "fixed defined earlier"));
  }

  absl::StatusOr<const Node *> ParseUnion(const json &j, const std::string &ns,
                                          const std::string &where, int depth) {
    Node *n = NewNode(Kind::kUnion);
    absl::flat_hash_set<std::string> seen;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string here = absl::StrCat(where, where.empty() ? "" : " ", "union branch ", i + 1);
      if (j[i].is_array()) return Error(here, "a union may not directly contain another union");
      auto b = ParseType(j[i], ns, here, depth + 1);
      if (!b.ok()) return b.status();
      std::string key = IsNamed((*b)->kind) ? (*b)->full_name : std::string(KindName((*b)->kind));
      if (!seen.insert(key).second) {
        return Error(here, absl::StrCat("the union already has a branch of type ", Quote(key),
                                        " (a union may hold each unnamed type and each name "
                                        "once)"));
      }
      n->branches.push_back(*b);
    }
    return n;
  }

  // Name, namespace and aliases of a named type; registers it.
  absl::StatusOr<Node *> DefineNamed(Kind kind, const json &j, const std::string &ns,
                                     const std::string &where, std::string *inner_ns) {
    auto name_it = j.find("name");
    std::string kind_name(KindName(kind));
    if (name_it == j.end() || !name_it->is_string()) {
      return Error(where, absl::StrCat("a ", kind_name, " needs a \"name\" string"));
    }
    const std::string &name = name_it->get_ref<const std::string &>();
    std::string full;
    if (name.find('.') != std::string::npos) {
      full = name;
      *inner_ns = name.substr(0, name.rfind('.'));
    } else {
      *inner_ns = ns;
      auto ns_it = j.find("namespace");
      if (ns_it != j.end() && !ns_it->is_null()) {
        if (!ns_it->is_string()) {
          return Error(
              where, absl::StrCat(kind_name, " ", Quote(name), ": \"namespace\" must be a string"));
        }
        *inner_ns = ns_it->get<std::string>();
        if (!inner_ns->empty() && !IsValidFullName(*inner_ns)) {
          return Error(where, absl::StrCat(kind_name, " ", Quote(name), ": invalid namespace ",
                                           Quote(*inner_ns),
                                           " (dot-separated parts of [A-Za-z_][A-Za-z0-9_]*)"));
        }
      }
      full = inner_ns->empty() ? name : absl::StrCat(*inner_ns, ".", name);
    }
    if (!IsValidFullName(full)) {
      return Error(where, absl::StrCat("invalid ", kind_name, " name ", Quote(full),
                                       " (each part must match [A-Za-z_][A-Za-z0-9_]*)"));
    }
    std::string last = full.substr(full.rfind('.') == std::string::npos ? 0 : full.rfind('.') + 1);
    if (PrimitiveKind(last)) {
      return Error(where, absl::StrCat(kind_name, " ", Quote(full),
                                       " is named after a primitive type, which the "
                                       "specification forbids"));
    }
    if (s_->named_.contains(full)) {
      return Error(where, absl::StrCat("the name ", Quote(full),
                                       " is defined twice; refer to the first definition by "
                                       "name instead"));
    }
    Node *n = NewNode(kind);
    n->full_name = full;
    n->name = last;
    std::string here = absl::StrCat(kind_name, " ", Quote(full));
    if (auto doc = j.find("doc"); doc != j.end() && doc->is_string())
      n->doc = doc->get<std::string>();
    if (auto al = j.find("aliases"); al != j.end()) {
      if (!al->is_array()) return Error(here, "\"aliases\" must be an array of names");
      for (const json &a : *al) {
        if (!a.is_string()) return Error(here, "\"aliases\" must be an array of names");
        std::string alias = a.get<std::string>();
        if (alias.find('.') == std::string::npos && !inner_ns->empty()) {
          alias = absl::StrCat(*inner_ns, ".", alias);
        }
        if (!IsValidFullName(alias)) {
          return Error(here, absl::StrCat("invalid alias ", Quote(a.get<std::string>())));
        }
        n->aliases.push_back(alias);
      }
    }
    s_->named_.emplace(full, n);
    return n;
  }

  absl::StatusOr<const Node *> ParseRecord(const json &j, const std::string &ns,
                                           const std::string &where, int depth) {
    std::string inner_ns;
    auto defined = DefineNamed(Kind::kRecord, j, ns, where, &inner_ns);
    if (!defined.ok()) return defined.status();
    Node *n = *defined;
    std::string here = absl::StrCat("record ", Quote(n->full_name));
    auto fields = j.find("fields");
    if (fields == j.end() || !fields->is_array()) {
      return Error(here, "a record needs a \"fields\" array");
    }
    absl::flat_hash_map<std::string, std::string> names;  // name or alias -> field
    for (size_t i = 0; i < fields->size(); ++i) {
      const json &fj = (*fields)[i];
      if (!fj.is_object()) return Error(here, absl::StrCat("field ", i + 1, " is not an object"));
      auto name_it = fj.find("name");
      if (name_it == fj.end() || !name_it->is_string()) {
        return Error(here, absl::StrCat("field ", i + 1, " needs a \"name\" string"));
      }
      Field f;
      f.name = name_it->get<std::string>();
      std::string fhere = absl::StrCat(here, " field ", Quote(f.name));
      if (!IsValidNamePart(f.name)) {
        return Error(here, absl::StrCat("invalid field name ", Quote(f.name),
                                        " (must match [A-Za-z_][A-Za-z0-9_]*)"));
      }
      if (auto al = fj.find("aliases"); al != fj.end()) {
        if (!al->is_array()) return Error(fhere, "\"aliases\" must be an array of names");
        for (const json &a : *al) {
          if (!a.is_string() || !IsValidNamePart(a.get<std::string>())) {
            return Error(fhere, absl::StrCat("invalid field alias ", Show(a)));
          }
          f.aliases.push_back(a.get<std::string>());
        }
      }
      for (size_t k = 0; k <= f.aliases.size(); ++k) {
        const std::string &key = k == 0 ? f.name : f.aliases[k - 1];
        auto [it, fresh] = names.emplace(key, f.name);
        if (!fresh) {
          return Error(fhere, k == 0 && it->second == f.name
                                  ? std::string("the record already has a field of this name")
                              : it->second == f.name
                                  ? absl::StrCat("alias ", Quote(key), " repeats")
                                  : absl::StrCat(Quote(key),
                                                 " is already the name or an alias "
                                                 "of field ",
                                                 Quote(it->second)));
        }
      }
      if (auto doc = fj.find("doc"); doc != fj.end() && doc->is_string())
        f.doc = doc->get<std::string>();
      if (auto order = fj.find("order"); order != fj.end()) {
        if (!order->is_string() ||
            (*order != "ascending" && *order != "descending" && *order != "ignore")) {
          return Error(fhere,
                       absl::StrCat("\"order\" must be ascending, descending or ignore, not ",
                                    Show(*order)));
        }
        f.order = order->get<std::string>();
      }
      auto type_it = fj.find("type");
      if (type_it == fj.end()) return Error(fhere, "a field needs a \"type\"");
      auto type = ParseType(*type_it, inner_ns, fhere, depth + 1);
      if (!type.ok()) return type.status();
      f.type = *type;
      if (auto d = fj.find("default"); d != fj.end()) {
        std::string e = DefaultError(*f.type, *d);
        if (!e.empty()) return Error(fhere, e);
        f.default_value = *d;
      }
      n->field_by_name.emplace(f.name, static_cast<int>(n->fields.size()));
      n->fields.push_back(std::move(f));
    }
    return n;
  }

  absl::StatusOr<const Node *> ParseEnum(const json &j, const std::string &ns,
                                         const std::string &where) {
    std::string inner_ns;
    auto defined = DefineNamed(Kind::kEnum, j, ns, where, &inner_ns);
    if (!defined.ok()) return defined.status();
    Node *n = *defined;
    std::string here = absl::StrCat("enum ", Quote(n->full_name));
    auto symbols = j.find("symbols");
    if (symbols == j.end() || !symbols->is_array()) {
      return Error(here, "an enum needs a \"symbols\" array");
    }
    for (const json &s : *symbols) {
      if (!s.is_string() || !IsValidNamePart(s.get<std::string>())) {
        return Error(
            here, absl::StrCat("invalid symbol ", Show(s), " (must match [A-Za-z_][A-Za-z0-9_]*)"));
      }
      std::string sym = s.get<std::string>();
      if (!n->symbol_index.emplace(sym, static_cast<int>(n->symbols.size())).second) {
        return Error(here, absl::StrCat("symbol ", Quote(sym), " appears twice"));
      }
      n->symbols.push_back(sym);
    }
    if (auto d = j.find("default"); d != j.end()) {
      if (!d->is_string() || !n->symbol_index.contains(d->get<std::string>())) {
        return Error(here, absl::StrCat("default ", Show(*d), " is not one of the symbols"));
      }
      n->enum_default = d->get<std::string>();
    }
    return n;
  }

  absl::StatusOr<const Node *> ParseFixed(const json &j, const std::string &ns,
                                          const std::string &where) {
    std::string inner_ns;
    auto defined = DefineNamed(Kind::kFixed, j, ns, where, &inner_ns);
    if (!defined.ok()) return defined.status();
    Node *n = *defined;
    auto size = j.find("size");
    if (size == j.end() ||
        !(size->is_number_unsigned() || (size->is_number_integer() && size->get<int64_t>() >= 0))) {
      return Error(absl::StrCat("fixed ", Quote(n->full_name)),
                   "a fixed needs a \"size\" that is a non-negative integer");
    }
    if (size->is_number_unsigned() &&
        size->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
      return Error(absl::StrCat("fixed ", Quote(n->full_name)), "\"size\" is too large");
    }
    n->size = size->get<int64_t>();
    ApplyLogicalType(n, j);
    return n;
  }

  // Sets n->logical_type when `j` names a valid one for n's type; an invalid
  // or unknown logical type is ignored, as the specification says.
  static void ApplyLogicalType(Node *n, const json &j) {
    auto lt = j.find("logicalType");
    if (lt == j.end() || !lt->is_string()) return;
    const std::string &name = lt->get_ref<const std::string &>();
    Kind k = n->kind;
    if (name == "decimal") {
      if (k != Kind::kBytes && k != Kind::kFixed) return;
      auto p = j.find("precision");
      auto s = j.find("scale");
      if (p == j.end() || !p->is_number_integer()) return;
      int64_t precision = p->get<int64_t>();
      int64_t scale = 0;
      if (s != j.end()) {
        if (!s->is_number_integer()) return;
        scale = s->get<int64_t>();
      }
      if (precision <= 0 || precision > 100000 || scale < 0 || scale > precision) return;
      if (k == Kind::kFixed) {
        if (n->size == 0) return;
        double max = std::floor(static_cast<double>(8 * n->size - 1) * std::log10(2.0));
        if (static_cast<double>(precision) > max) return;
      }
      n->logical_type = name;
      n->precision = static_cast<int>(precision);
      n->scale = static_cast<int>(scale);
      return;
    }
    bool ok = false;
    if (name == "uuid") ok = k == Kind::kString || (k == Kind::kFixed && n->size == 16);
    if (name == "date" || name == "time-millis") ok = k == Kind::kInt;
    if (name == "time-micros" || name == "timestamp-millis" || name == "timestamp-micros" ||
        name == "timestamp-nanos" || name == "local-timestamp-millis" ||
        name == "local-timestamp-micros" || name == "local-timestamp-nanos") {
      ok = k == Kind::kLong;
    }
    if (name == "duration") ok = k == Kind::kFixed && n->size == 12;
    if (ok) n->logical_type = name;
  }

  Schema *s_;
};

absl::StatusOr<std::unique_ptr<Schema>> Schema::Parse(std::string_view text) {
  auto schema = std::make_unique<Schema>();
  if (size_t at = TooDeepAt(text); at != std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        LineColumn(text, at), ": JSON is nested more than ", kMaxJsonDepth, " levels deep"));
  }
  try {
    schema->json_ = json::parse(text.begin(), text.end());
  } catch (const json::parse_error &e) {
    std::string what = e.what();
    size_t cut = what.find("syntax error");
    if (cut == std::string::npos)
      cut = what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2;
    size_t pos = e.byte > 0 ? e.byte - 1 : 0;
    return absl::InvalidArgumentError(
        absl::StrCat(LineColumn(text, pos), ": invalid JSON: ", what.substr(cut)));
  } catch (const json::exception &e) {
    // Not only syntax: a number too large for a double (1e999) is an
    // out_of_range error, thrown even though it is bad input (found by fuzzing).
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", e.what()));
  }
  Parser parser(schema.get());
  auto root = parser.ParseType(schema->json_, "", "", 0);
  if (!root.ok()) return root.status();
  schema->root_ = *root;
  return schema;
}

}  // namespace almanac::formats::avro
