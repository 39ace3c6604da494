#include "formats/avro/avro_format.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/absl_view.h"
#include "formats/avro/avro_resolution.h"
#include "formats/avro/avro_schema.h"

namespace almanac::formats::avro {
namespace {

std::string Join(const std::string &path, const std::string &name) {
  return path.empty() ? name : absl::StrCat(path, ".", name);
}

bool OnStack(const std::vector<const Node *> &stack, const Node *n) {
  for (const Node *s : stack) {
    if (s == n) return true;
  }
  return false;
}

std::vector<const Node *> NonNullBranches(const Node &u) {
  std::vector<const Node *> out;
  for (const Node *b : u.branches) {
    if (b->kind != Kind::kNull) out.push_back(b);
  }
  return out;
}

std::string HiveType(const Node &n, std::vector<const Node *> *stack) {
  if (n.logical_type == "decimal") {
    return n.precision <= 38 ? absl::StrCat("decimal(", n.precision, ",", n.scale, ")") : "binary";
  }
  if (n.logical_type == "date") return "date";
  if (n.logical_type.find("timestamp") != std::string::npos) return "timestamp";
  if (n.logical_type == "uuid") return "string";
  switch (n.kind) {
    case Kind::kNull:
      return "void";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kInt:
      return "int";
    case Kind::kLong:
      return "bigint";
    case Kind::kFloat:
      return "float";
    case Kind::kDouble:
      return "double";
    case Kind::kString:
    case Kind::kEnum:
      return "string";
    case Kind::kBytes:
    case Kind::kFixed:
      return "binary";
    case Kind::kArray:
      return absl::StrCat("array<", HiveType(*n.items, stack), ">");
    case Kind::kMap:
      return absl::StrCat("map<string,", HiveType(*n.items, stack), ">");
    case Kind::kUnion: {
      std::vector<const Node *> branches = NonNullBranches(n);
      if (branches.empty()) return "void";
      if (branches.size() == 1) return HiveType(*branches[0], stack);
      std::vector<std::string> parts;
      for (const Node *b : branches) parts.push_back(HiveType(*b, stack));
      return absl::StrCat("uniontype<", absl::StrJoin(parts, ","), ">");
    }
    case Kind::kRecord: {
      if (OnStack(*stack, &n)) return "string";
      stack->push_back(&n);
      std::vector<std::string> parts;
      for (const Field &f : n.fields) {
        parts.push_back(absl::StrCat(f.name, ":", HiveType(*f.type, stack)));
      }
      stack->pop_back();
      return absl::StrCat("struct<", absl::StrJoin(parts, ","), ">");
    }
  }
  return "string";
}

// TypeLabel with enum symbols spelled out, so that a diff sees them change.
std::string DescribeType(const Node &n) {
  switch (n.kind) {
    case Kind::kEnum:
      return absl::StrCat(TypeLabel(n), " {", absl::StrJoin(n.symbols, ", "), "}",
                          n.enum_default ? absl::StrCat(" default ", *n.enum_default) : "");
    case Kind::kArray:
      return absl::StrCat("array<", DescribeType(*n.items), ">");
    case Kind::kMap:
      return absl::StrCat("map<", DescribeType(*n.items), ">");
    case Kind::kUnion: {
      std::vector<std::string> parts;
      for (const Node *b : n.branches) parts.push_back(DescribeType(*b));
      return absl::StrCat("union [", absl::StrJoin(parts, ", "), "]");
    }
    case Kind::kRecord:
      if (!n.aliases.empty()) {
        return absl::StrCat(TypeLabel(n), " aliases [", absl::StrJoin(n.aliases, ", "), "]");
      }
      return TypeLabel(n);
    default:
      return TypeLabel(n);
  }
}

std::string Describe(const Field &f) {
  std::string d = absl::StrCat("type ", DescribeType(*f.type));
  if (f.default_value) {
    absl::StrAppend(
        &d, "; default ",
        f.default_value->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (!f.aliases.empty()) absl::StrAppend(&d, "; aliases [", absl::StrJoin(f.aliases, ", "), "]");
  if (!f.order.empty()) absl::StrAppend(&d, "; order ", f.order);
  if (!f.doc.empty()) absl::StrAppend(&d, "; doc \"", f.doc, "\"");
  return d;
}

void FieldsOf(const Node &record, const std::string &prefix, std::vector<const Node *> *stack,
              std::vector<SchemaField> *out);

void Descend(const Node &t, const std::string &path, std::vector<const Node *> *stack,
             std::vector<SchemaField> *out) {
  switch (t.kind) {
    case Kind::kRecord:
      if (!OnStack(*stack, &t)) FieldsOf(t, path, stack, out);
      return;
    case Kind::kArray:
      Descend(*t.items, absl::StrCat(path, "[]"), stack, out);
      return;
    case Kind::kMap:
      Descend(*t.items, absl::StrCat(path, "{}"), stack, out);
      return;
    case Kind::kUnion: {
      std::vector<const Node *> branches = NonNullBranches(t);
      if (branches.size() == 1) {
        Descend(*branches[0], path, stack, out);
        return;
      }
      for (const Node *b : branches) {
        std::string label = IsNamed(b->kind) ? b->name : std::string(KindName(b->kind));
        Descend(*b, absl::StrCat(path, "[", label, "]"), stack, out);
      }
      return;
    }
    default:
      return;
  }
}

void FieldsOf(const Node &record, const std::string &prefix, std::vector<const Node *> *stack,
              std::vector<SchemaField> *out) {
  stack->push_back(&record);
  for (const Field &f : record.fields) {
    std::string path = Join(prefix, f.name);
    out->push_back({path, Describe(f)});
    Descend(*f.type, path, stack, out);
  }
  stack->pop_back();
}

class AvroSchema : public ParsedSchema {
 public:
  explicit AvroSchema(std::unique_ptr<Schema> schema)
      : schema_(std::move(schema)),
        canonical_(schema_->json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
  }

  SchemaFormat format() const override { return SchemaFormat::kAvro; }
  const std::string &canonical() const override { return canonical_; }
  const Schema &schema() const { return *schema_; }

  absl::StatusOr<std::vector<HiveColumn>> ToHiveColumns() const override {
    const Node &root = schema_->root();
    if (root.kind != Kind::kRecord) {
      return absl::InvalidArgumentError(
          absl::StrCat("an Avro schema describes a table only when its "
                       "top-level type is a record; this one "
                       "is ",
                       TypeLabel(root)));
    }
    std::vector<HiveColumn> columns;
    std::vector<const Node *> stack = {&root};
    for (const Field &f : root.fields) {
      columns.push_back({f.name, HiveType(*f.type, &stack), f.doc});
    }
    return columns;
  }

  std::vector<SchemaField> Fields() const override {
    std::vector<SchemaField> out;
    std::vector<const Node *> stack;
    const Node &root = schema_->root();
    if (root.kind == Kind::kRecord) {
      FieldsOf(root, "", &stack, &out);
    } else {
      out.push_back({"", absl::StrCat("type ", DescribeType(root))});
      Descend(root, "", &stack, &out);
    }
    return out;
  }

 private:
  std::unique_ptr<Schema> schema_;
  std::string canonical_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text) {
  auto schema = Schema::Parse(text);
  if (!schema.ok()) return schema.status();
  return std::make_unique<AvroSchema>(*std::move(schema));
}

std::vector<Incompatibility> Check(const ParsedSchema &old_schema, const ParsedSchema &new_schema,
                                   Direction direction) {
  const auto *old_avro = dynamic_cast<const AvroSchema *>(&old_schema);
  const auto *new_avro = dynamic_cast<const AvroSchema *>(&new_schema);
  if (old_avro == nullptr || new_avro == nullptr) {
    return {{"", "both versions must be Avro schemas made by the Avro parser"}};
  }
  const Node &old_root = old_avro->schema().root();
  const Node &new_root = new_avro->schema().root();
  return direction == Direction::kNewReadsOld ? Resolve(new_root, old_root, direction)
                                              : Resolve(old_root, new_root, direction);
}

}  // namespace almanac::formats::avro
