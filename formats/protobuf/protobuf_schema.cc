#include "formats/protobuf/protobuf_schema.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
#include "google/protobuf/compiler/parser.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/stubs/logging.h"

namespace almanac::formats::protobuf {
namespace {

namespace gp = google::protobuf;

// The name the parsed text gets inside its pool; it never reaches a message.
constexpr char kFileName[] = "schema.proto";

// Imports that resolve: the well-known types compiled into libprotobuf (and
// descriptor.proto, for custom options), dependencies first.
constexpr const char* kWellKnownFiles[] = {
    "google/protobuf/any.proto",        "google/protobuf/source_context.proto",
    "google/protobuf/type.proto",       "google/protobuf/api.proto",
    "google/protobuf/descriptor.proto", "google/protobuf/duration.proto",
    "google/protobuf/empty.proto",      "google/protobuf/field_mask.proto",
    "google/protobuf/struct.proto",     "google/protobuf/timestamp.proto",
    "google/protobuf/wrappers.proto",
};

bool IsWellKnownImport(const std::string& name) {
  for (const char* known : kWellKnownFiles) {
    if (name == known) return true;
  }
  return false;
}

// A pool holding only the well-known types, copied once from the generated
// pool; each schema's pool overlays it. Not the generated pool itself: a
// binary links its own .proto files there too, and a schema must neither see
// nor collide with those. Never changed after it is made, so reading it from
// many threads is safe.
const gp::DescriptorPool* WellKnownTypes() {
  static const gp::DescriptorPool* const pool = [] {
    auto* p = new gp::DescriptorPool();
    for (const char* name : kWellKnownFiles) {
      const gp::FileDescriptor* file = gp::DescriptorPool::generated_pool()->FindFileByName(name);
      if (file == nullptr) continue;
      gp::FileDescriptorProto proto;
      file->CopyTo(&proto);
      p->BuildFile(proto);
    }
    return p;
  }();
  return pool;
}

std::string At(int line, int column) {
  return absl::StrCat("line ", line + 1, ", column ", column + 1, ": ");
}

// Tokenizer and parser errors, 0-based positions made 1-based.
class TextErrors : public gp::io::ErrorCollector {
 public:
  void AddError(int line, gp::io::ColumnNumber column, const std::string& message) override {
    errors_.push_back(absl::StrCat(At(line, column), message));
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

// DescriptorPool errors, placed with the parser's location table and naming
// the element ("shop.Order.price: ...").
class PoolErrors : public gp::DescriptorPool::ErrorCollector {
 public:
  PoolErrors(const gp::FileDescriptorProto* file, const gp::compiler::SourceLocationTable* table)
      : file_(file), table_(table) {}
  void AddError(const std::string& filename, const std::string& element_name,
                const gp::Message* descriptor, ErrorLocation location,
                const std::string& message) override {
    int line = -1;
    int column = -1;
    if (descriptor != nullptr) {
      if (location == IMPORT) {
        table_->FindImport(descriptor, element_name, &line, &column);
      } else if (!table_->Find(descriptor, location, &line, &column)) {
        table_->Find(descriptor, ErrorLocation::NAME, &line, &column);
      }
    }
    if (line < 0) {
      // Some checks name the element but pass its parent: find it by name.
      const gp::Message* element = FindElement(element_name);
      if (element != nullptr) table_->Find(element, ErrorLocation::NAME, &line, &column);
    }
    std::string where = line >= 0 ? At(line, column) : "";
    std::string element = element_name.empty() || element_name == kFileName
                              ? ""
                              : absl::StrCat("'", element_name, "': ");
    errors_.push_back(absl::StrCat(where, element, message));
  }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  // The message, field or enum of the file with this full name, or null.
  const gp::Message* FindElement(const std::string& full_name) const {
    std::string_view name = full_name;
    if (!file_->package().empty()) {
      if (!absl::StartsWith(AbslView(name), absl::StrCat(file_->package(), "."))) return nullptr;
      name.remove_prefix(file_->package().size() + 1);
    }
    std::vector<std::string> parts = absl::StrSplit(AbslView(name), '.');
    const gp::DescriptorProto* message = nullptr;
    for (size_t i = 0; i < parts.size(); ++i) {
      const auto& messages = message == nullptr ? file_->message_type() : message->nested_type();
      const gp::DescriptorProto* next = nullptr;
      for (const gp::DescriptorProto& m : messages) {
        if (m.name() == parts[i]) next = &m;
      }
      if (next == nullptr && message != nullptr && i + 1 == parts.size()) {
        for (const gp::FieldDescriptorProto& f : message->field()) {
          if (f.name() == parts[i]) return &f;
        }
      }
      if (next == nullptr) return nullptr;
      message = next;
    }
    return message;
  }

  const gp::FileDescriptorProto* file_;
  const gp::compiler::SourceLocationTable* table_;
  std::vector<std::string> errors_;
};

absl::Status Refuse(const std::vector<std::string>& errors) {
  // Protoc reports on; the first few say enough and keep the message short.
  std::vector<std::string> shown(errors.begin(),
                                 errors.begin() + std::min<size_t>(errors.size(), 5));
  std::string more = errors.size() > shown.size()
                         ? absl::StrCat(" (and ", errors.size() - shown.size(), " more)")
                         : "";
  return absl::InvalidArgumentError(absl::StrCat(absl::StrJoin(shown, "; "), more));
}

// ---------------------------------------------------------------------------
// Hive columns

std::string ScalarHiveType(gp::FieldDescriptor::Type type) {
  switch (type) {
    case gp::FieldDescriptor::TYPE_INT32:
    case gp::FieldDescriptor::TYPE_SINT32:
    case gp::FieldDescriptor::TYPE_SFIXED32:
      return "int";
    case gp::FieldDescriptor::TYPE_INT64:
    case gp::FieldDescriptor::TYPE_SINT64:
    case gp::FieldDescriptor::TYPE_SFIXED64:
    case gp::FieldDescriptor::TYPE_UINT32:
    case gp::FieldDescriptor::TYPE_FIXED32:
      return "bigint";
    case gp::FieldDescriptor::TYPE_UINT64:
    case gp::FieldDescriptor::TYPE_FIXED64:
      return "decimal(20,0)";
    case gp::FieldDescriptor::TYPE_FLOAT:
      return "float";
    case gp::FieldDescriptor::TYPE_DOUBLE:
      return "double";
    case gp::FieldDescriptor::TYPE_BOOL:
      return "boolean";
    case gp::FieldDescriptor::TYPE_STRING:
    case gp::FieldDescriptor::TYPE_ENUM:
      return "string";
    case gp::FieldDescriptor::TYPE_BYTES:
      return "binary";
    default:
      return "string";
  }
}

// Well-known messages with a natural Hive type; empty for the others.
std::string WellKnownHiveType(const gp::Descriptor& message) {
  static const auto* const kTypes = new absl::flat_hash_map<std::string, std::string>{
      {"google.protobuf.Timestamp", "timestamp"},
      {"google.protobuf.DoubleValue", "double"},
      {"google.protobuf.FloatValue", "float"},
      {"google.protobuf.Int64Value", "bigint"},
      {"google.protobuf.UInt64Value", "decimal(20,0)"},
      {"google.protobuf.Int32Value", "int"},
      {"google.protobuf.UInt32Value", "bigint"},
      {"google.protobuf.BoolValue", "boolean"},
      {"google.protobuf.StringValue", "string"},
      {"google.protobuf.BytesValue", "binary"},
      // Free-form JSON values (and recursive): kept as their JSON text.
      {"google.protobuf.Struct", "string"},
      {"google.protobuf.Value", "string"},
      {"google.protobuf.ListValue", "string"},
  };
  auto it = kTypes->find(message.full_name());
  return it == kTypes->end() ? "" : it->second;
}

class HiveTyper {
 public:
  // `open` holds the messages being expanded on the current path: a message
  // met again inside itself becomes a string there.
  std::string ValueType(const gp::FieldDescriptor& field) {
    if (field.type() != gp::FieldDescriptor::TYPE_MESSAGE &&
        field.type() != gp::FieldDescriptor::TYPE_GROUP) {
      return ScalarHiveType(field.type());
    }
    return MessageType(*field.message_type());
  }

  std::string FieldType(const gp::FieldDescriptor& field) {
    if (field.is_map()) {
      const gp::Descriptor& entry = *field.message_type();
      return absl::StrCat("map<", ValueType(*entry.map_key()), ",", ValueType(*entry.map_value()),
                          ">");
    }
    std::string type = ValueType(field);
    return field.is_repeated() ? absl::StrCat("array<", type, ">") : type;
  }

  std::string MessageType(const gp::Descriptor& message) {
    std::string known = WellKnownHiveType(message);
    if (!known.empty()) return known;
    if (open_.contains(&message) || message.field_count() == 0) return "string";
    open_.insert(&message);
    std::vector<std::string> members;
    for (int i = 0; i < message.field_count(); ++i) {
      const gp::FieldDescriptor& f = *message.field(i);
      members.push_back(absl::StrCat(f.name(), ":", FieldType(f)));
    }
    open_.erase(&message);
    return absl::StrCat("struct<", absl::StrJoin(members, ","), ">");
  }

  void Open(const gp::Descriptor* message) { open_.insert(message); }

 private:
  absl::flat_hash_set<const gp::Descriptor*> open_;
};

std::string CommentOf(const gp::FieldDescriptor& field) {
  gp::SourceLocation location;
  if (!field.GetSourceLocation(&location)) return "";
  std::string text =
      location.leading_comments.empty() ? location.trailing_comments : location.leading_comments;
  // Comment lines joined into one line, as a column comment is.
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (!trimmed.empty()) lines.emplace_back(trimmed);
  }
  return absl::StrJoin(lines, " ");
}

// ---------------------------------------------------------------------------
// Fields for diffs

std::string LabelText(const gp::FieldDescriptor& field) {
  if (field.is_map()) return "";
  if (field.is_required()) return "required ";
  if (field.is_repeated()) return "repeated ";
  if (field.has_presence() && field.real_containing_oneof() == nullptr &&
      field.type() != gp::FieldDescriptor::TYPE_MESSAGE) {
    return "optional ";
  }
  return "";
}

std::string DefaultText(const gp::FieldDescriptor& f) {
  switch (f.cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(f.default_value_int32());
    case gp::FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(f.default_value_int64());
    case gp::FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(f.default_value_uint32());
    case gp::FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(f.default_value_uint64());
    case gp::FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(f.default_value_float());
    case gp::FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(f.default_value_double());
    case gp::FieldDescriptor::CPPTYPE_BOOL:
      return f.default_value_bool() ? "true" : "false";
    case gp::FieldDescriptor::CPPTYPE_ENUM:
      return f.default_value_enum()->name();
    case gp::FieldDescriptor::CPPTYPE_STRING:
      return absl::StrCat("\"", absl::CEscape(f.default_value_string()), "\"");
    default:
      return "";
  }
}

std::string RangesText(const std::vector<std::pair<int, int>>& ranges) {
  std::vector<std::string> parts;
  for (const auto& [start, end] : ranges) {
    parts.push_back(end == start ? absl::StrCat(start) : absl::StrCat(start, " to ", end));
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace

namespace {

// Tokenizes and parses `text` into `proto`; `locations`, when given, records
// where each element is, for placing DescriptorPool errors.
absl::Status ParseText(std::string_view text, gp::FileDescriptorProto* proto,
                       gp::compiler::SourceLocationTable* locations) {
  TextErrors errors;
  gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  gp::io::Tokenizer tokenizer(&input, &errors);
  // The parser logs a warning for a file without `syntax`; proto2 is what
  // such a file means here, so the server's log need not hear it each time.
  gp::LogSilencer quiet;
  gp::compiler::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.RecordSourceLocationsTo(locations);
  bool parsed = parser.Parse(&tokenizer, proto);
  if (!errors.errors().empty()) return Refuse(errors.errors());
  if (!parsed) return absl::InvalidArgumentError("the .proto text does not parse");
  proto->set_name(kFileName);
  return absl::OkStatus();
}

absl::Status RefuseImports(const gp::FileDescriptorProto& proto,
                           const gp::compiler::SourceLocationTable& locations) {
  std::vector<std::string> refused;
  for (const std::string& name : proto.dependency()) {
    if (IsWellKnownImport(name)) continue;
    int line = -1;
    int column = -1;
    std::string where =
        locations.FindImport(&proto, name, &line, &column) ? At(line, column) : std::string();
    refused.push_back(absl::StrCat(where, "import '", name,
                                   "': schema references are not supported; only Google's "
                                   "well-known types "
                                   "(google/protobuf/*.proto) may be imported"));
  }
  return refused.empty() ? absl::OkStatus() : Refuse(refused);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProtobufSchema>> ProtobufSchema::Parse(std::string_view text) {
  // The first pass records no locations (they cost more than the parse); a
  // file that turns out invalid is parsed again to say where.
  gp::FileDescriptorProto proto;
  absl::Status parsed = ParseText(text, &proto, nullptr);
  if (!parsed.ok()) return parsed;
  bool imports_ok = true;
  for (const std::string& name : proto.dependency())
    imports_ok = imports_ok && IsWellKnownImport(name);

  auto schema = std::unique_ptr<ProtobufSchema>(new ProtobufSchema());
  if (imports_ok) {
    schema->pool_ = std::make_unique<gp::DescriptorPool>(WellKnownTypes());
    struct Silent : gp::DescriptorPool::ErrorCollector {
      void AddError(const std::string&, const std::string&, const gp::Message*, ErrorLocation,
                    const std::string&) override {}
    } silent;
    schema->file_ = schema->pool_->BuildFileCollectingErrors(proto, &silent);
  }
  if (schema->file_ == nullptr) {
    gp::FileDescriptorProto located;
    gp::compiler::SourceLocationTable locations;
    RETURN_IF_ERROR(ParseText(text, &located, &locations));
    RETURN_IF_ERROR(RefuseImports(located, locations));
    gp::DescriptorPool pool(WellKnownTypes());
    PoolErrors errors(&located, &locations);
    pool.BuildFileCollectingErrors(located, &errors);
    if (errors.errors().empty()) return absl::InvalidArgumentError("the .proto file is not valid");
    return Refuse(errors.errors());
  }
  // The .proto text protobuf prints from the built file: comments and layout
  // gone, type references fully qualified, declaration order kept.
  schema->canonical_ = schema->file_->DebugString();
  for (int i = 0; i < schema->file_->message_type_count(); ++i) {
    schema->Index(*schema->file_->message_type(i));
  }
  return schema;
}

void ProtobufSchema::Index(const gp::Descriptor& message) {
  if (!message.options().map_entry()) {
    MessageIndex& index = messages_[LocalName(message)];
    index.descriptor = &message;
    index.by_number.reserve(message.field_count());
    for (int i = 0; i < message.field_count(); ++i) {
      index.by_number.emplace(message.field(i)->number(), message.field(i));
    }
    messages_in_order_.push_back(&message);
  }
  for (int i = 0; i < message.nested_type_count(); ++i) Index(*message.nested_type(i));
}

const MessageIndex* ProtobufSchema::FindMessage(std::string_view local_name) const {
  auto it = messages_.find(AbslView(local_name));
  return it == messages_.end() ? nullptr : &it->second;
}

std::string ProtobufSchema::LocalName(const gp::Descriptor& message) const {
  if (message.file() != file_ || file_->package().empty()) return message.full_name();
  return message.full_name().substr(file_->package().size() + 1);
}

std::string TypeText(const ProtobufSchema& schema, const gp::FieldDescriptor& field) {
  if (field.is_map()) {
    const gp::Descriptor& entry = *field.message_type();
    return absl::StrCat("map<", TypeText(schema, *entry.map_key()), ", ",
                        TypeText(schema, *entry.map_value()), ">");
  }
  switch (field.type()) {
    case gp::FieldDescriptor::TYPE_MESSAGE:
    case gp::FieldDescriptor::TYPE_GROUP:
      return absl::StrCat("message '", schema.LocalName(*field.message_type()), "'");
    case gp::FieldDescriptor::TYPE_ENUM: {
      const gp::EnumDescriptor& e = *field.enum_type();
      const std::string& package = schema.file().package();
      std::string name = e.file() == &schema.file() && !package.empty()
                             ? e.full_name().substr(package.size() + 1)
                             : e.full_name();
      return absl::StrCat("enum '", name, "'");
    }
    default:
      return field.type_name();
  }
}

absl::StatusOr<std::vector<HiveColumn>> ProtobufSchema::ToHiveColumns() const {
  if (file_->message_type_count() == 0) {
    return absl::InvalidArgumentError(
        "the .proto file defines no message, so it describes no table (the "
        "first message is the "
        "record type)");
  }
  const gp::Descriptor& record = *file_->message_type(0);
  HiveTyper typer;
  typer.Open(&record);
  std::vector<HiveColumn> columns;
  for (int i = 0; i < record.field_count(); ++i) {
    const gp::FieldDescriptor& field = *record.field(i);
    columns.push_back({field.name(), typer.FieldType(field), CommentOf(field)});
  }
  return columns;
}

std::vector<SchemaField> ProtobufSchema::Fields() const {
  std::vector<SchemaField> fields;
  fields.push_back(
      {"syntax", file_->syntax() == gp::FileDescriptor::SYNTAX_PROTO3 ? "proto3" : "proto2"});
  if (!file_->package().empty()) fields.push_back({"package", file_->package()});

  auto add_enum = [&](const gp::EnumDescriptor& e, const std::string& local) {
    fields.push_back({local, "enum"});
    for (int i = 0; i < e.value_count(); ++i) {
      fields.push_back({absl::StrCat(local, ".", e.value(i)->number()), e.value(i)->name()});
    }
  };
  for (const gp::Descriptor* message : messages_in_order_) {
    std::string local = LocalName(*message);
    std::string about = "message";
    std::vector<std::string> oneofs;
    for (int i = 0; i < message->real_oneof_decl_count(); ++i) {
      oneofs.push_back(message->oneof_decl(i)->name());
    }
    if (!oneofs.empty()) absl::StrAppend(&about, ", oneofs: ", absl::StrJoin(oneofs, ", "));
    std::vector<std::pair<int, int>> reserved;
    for (int i = 0; i < message->reserved_range_count(); ++i) {
      reserved.emplace_back(message->reserved_range(i)->start, message->reserved_range(i)->end - 1);
    }
    if (!reserved.empty()) absl::StrAppend(&about, ", reserved numbers: ", RangesText(reserved));
    std::vector<std::string> names;
    for (int i = 0; i < message->reserved_name_count(); ++i) {
      names.push_back(message->reserved_name(i));
    }
    if (!names.empty()) absl::StrAppend(&about, ", reserved names: ", absl::StrJoin(names, ", "));
    fields.push_back({local, about});
    for (int i = 0; i < message->field_count(); ++i) {
      const gp::FieldDescriptor& f = *message->field(i);
      std::string d = absl::StrCat(f.name(), ": ", LabelText(f), TypeText(*this, f));
      if (f.has_default_value()) absl::StrAppend(&d, " [default = ", DefaultText(f), "]");
      if (f.real_containing_oneof() != nullptr) {
        absl::StrAppend(&d, ", in oneof '", f.real_containing_oneof()->name(), "'");
      }
      if (f.has_json_name()) absl::StrAppend(&d, ", json name '", f.json_name(), "'");
      fields.push_back({absl::StrCat(local, ".", f.number()), d});
    }
    for (int i = 0; i < message->enum_type_count(); ++i) {
      add_enum(*message->enum_type(i), absl::StrCat(local, ".", message->enum_type(i)->name()));
    }
  }
  for (int i = 0; i < file_->enum_type_count(); ++i) {
    add_enum(*file_->enum_type(i), file_->enum_type(i)->name());
  }
  return fields;
}

}  // namespace almanac::formats::protobuf
