// The wire-compatibility check of two Protobuf schemas (see protobuf_format.h
// for the rules and where they come from). One pass over the writer's
// messages and fields, each looked up in the reader by local name or number:
// linear in the size of the two schemas, and each message is compared once,
// so recursive types need no special care.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "formats/protobuf/protobuf_format.h"
#include "formats/protobuf/protobuf_schema.h"

namespace almanac::formats::protobuf {
namespace {

namespace gp = google::protobuf;
using Field = gp::FieldDescriptor;

enum class Kind { kScalar, kMessage, kMap };

Kind KindOf(const Field& f) {
  if (f.is_map()) return Kind::kMap;
  if (f.type() == Field::TYPE_MESSAGE || f.type() == Field::TYPE_GROUP) return Kind::kMessage;
  return Kind::kScalar;  // enums included: on the wire an enum is a varint
}

absl::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kScalar:
      return "scalar";
    case Kind::kMessage:
      return "message";
    case Kind::kMap:
      return "map";
  }
  return "?";
}

// The wire-compatible groups of the language guide, as Confluent groups them.
enum class Group { kVarint, kZigZag, kLengthDelimited, kFixed32, kFixed64, kFloat, kDouble };

Group GroupOf(const Field& f) {
  switch (f.type()) {
    case Field::TYPE_SINT32:
    case Field::TYPE_SINT64:
      return Group::kZigZag;
    case Field::TYPE_STRING:
    case Field::TYPE_BYTES:
      return Group::kLengthDelimited;
    case Field::TYPE_FIXED32:
    case Field::TYPE_SFIXED32:
      return Group::kFixed32;
    case Field::TYPE_FIXED64:
    case Field::TYPE_SFIXED64:
      return Group::kFixed64;
    case Field::TYPE_FLOAT:
      return Group::kFloat;
    case Field::TYPE_DOUBLE:
      return Group::kDouble;
    default:
      return Group::kVarint;  // int32, int64, uint32, uint64, bool, enum
  }
}

absl::string_view WireText(Group g) {
  switch (g) {
    case Group::kVarint:
      return "a varint";
    case Group::kZigZag:
      return "a zigzag varint";
    case Group::kLengthDelimited:
      return "length-delimited";
    case Group::kFixed32:
    case Group::kFloat:
      return "32-bit fixed";
    case Group::kFixed64:
    case Group::kDouble:
      return "64-bit fixed";
  }
  return "?";
}

// Inclusive number ranges, merged.
using Ranges = std::vector<std::pair<int, int>>;

Ranges Merge(Ranges ranges) {
  std::sort(ranges.begin(), ranges.end());
  Ranges merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second + 1) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

Ranges ReservedOf(const gp::Descriptor& m) {
  Ranges out;
  for (int i = 0; i < m.reserved_range_count(); ++i) {
    out.emplace_back(m.reserved_range(i)->start,
                     m.reserved_range(i)->end - 1);  // end exclusive
  }
  return Merge(std::move(out));
}

Ranges ReservedOf(const gp::EnumDescriptor& e) {
  Ranges out;
  for (int i = 0; i < e.reserved_range_count(); ++i) {
    out.emplace_back(e.reserved_range(i)->start,
                     e.reserved_range(i)->end);  // end inclusive
  }
  return Merge(std::move(out));
}

// Parts of `before` that `after` does not cover.
Ranges Uncovered(const Ranges& before, const Ranges& after) {
  Ranges out;
  for (auto [start, end] : before) {
    for (const auto& a : after) {
      if (a.second < start || a.first > end) continue;
      if (a.first > start) out.emplace_back(start, a.first - 1);
      start = std::max(start, a.second + 1);
      if (start > end) break;
    }
    if (start <= end) out.emplace_back(start, end);
  }
  return out;
}

std::string RangesText(const Ranges& ranges) {
  std::vector<std::string> parts;
  for (const auto& [start, end] : ranges) {
    parts.push_back(start == end ? absl::StrCat(start) : absl::StrCat(start, " to ", end));
  }
  return absl::StrJoin(parts, ", ");
}

class Checker {
 public:
  Checker(const ProtobufSchema& old_schema, const ProtobufSchema& new_schema, Direction direction)
      : old_(old_schema),
        new_(new_schema),
        backward_(direction == Direction::kNewReadsOld),
        writer_(backward_ ? old_schema : new_schema),
        reader_(backward_ ? new_schema : old_schema) {}

  std::vector<Incompatibility> Run() {
    const std::string& old_package = old_.file().package();
    const std::string& new_package = new_.file().package();
    if (old_package != new_package) {
      Add("package",
          absl::StrCat("package changed from ", Quoted(old_package), " to ", Quoted(new_package),
                       ", which changes the full name of every message"));
    }
    // The record type is the first message (as for the Hive columns): data
    // of one message read as another is garbage, wherever Confluent's message
    // indexes would have pointed.
    const gp::FileDescriptor& of = old_.file();
    const gp::FileDescriptor& nf = new_.file();
    if (of.message_type_count() > 0 && nf.message_type_count() > 0 &&
        old_.LocalName(*of.message_type(0)) != new_.LocalName(*nf.message_type(0))) {
      Add("", absl::StrCat("the record type (the first message) changed from '",
                           old_.LocalName(*of.message_type(0)), "' to '",
                           new_.LocalName(*nf.message_type(0)), "'"));
    }
    for (const gp::Descriptor* message : writer_.messages_in_order()) {
      std::string local = writer_.LocalName(*message);
      const MessageIndex* w = writer_.FindMessage(local);
      const MessageIndex* r = reader_.FindMessage(local);
      if (r != nullptr) {
        CompareMessage(local, *w, *r);
        continue;
      }
      // Only the outermost missing message is news.
      const gp::Descriptor* parent = message->containing_type();
      if (parent != nullptr && reader_.FindMessage(writer_.LocalName(*parent)) == nullptr) continue;
      Add(local, backward_ ? absl::StrCat("message '", local,
                                          "' was removed (or renamed); data "
                                          "written with the old schema may "
                                          "hold it, and every message type of "
                                          "the writing schema must exist in "
                                          "the reading one")
                           : absl::StrCat("message '", local,
                                          "' was added (or renamed); every "
                                          "message type of the writing schema "
                                          "must exist in the reading one, and "
                                          "the old schema does not define "
                                          "it"));
    }
    CheckEnumReservations();
    return std::move(found_);
  }

 private:
  static std::string Quoted(const std::string& s) {
    return s.empty() ? "none" : absl::StrCat("'", s, "'");
  }

  void Add(std::string path, std::string message) {
    found_.push_back({std::move(path), std::move(message)});
  }

  // "message 'Order' field 'price' (3)", with the new name when it changed.
  std::string Name(const std::string& local, const Field* old_field, const Field* new_field) const {
    const Field* f = old_field != nullptr ? old_field : new_field;
    std::string s = absl::StrCat("message '", local, "' field '", f->name(), "' (", f->number());
    if (old_field != nullptr && new_field != nullptr && old_field->name() != new_field->name()) {
      absl::StrAppend(&s, ", now '", new_field->name(), "'");
    }
    return absl::StrCat(s, ")");
  }
  std::string Path(const std::string& local, const Field& f) const {
    return absl::StrCat(local, ".", f.number());
  }
  absl::string_view WrittenWith() const {
    return backward_ ? "data written with the old schema" : "data written with the new schema";
  }

  void CompareMessage(const std::string& local, const MessageIndex& w, const MessageIndex& r) {
    const gp::Descriptor& wd = *w.descriptor;
    const gp::Descriptor& rd = *r.descriptor;

    // Every number in both: its field compared once, wherever its oneof went.
    for (int i = 0; i < wd.field_count(); ++i) {
      const Field& wf = *wd.field(i);
      auto it = r.by_number.find(wf.number());
      if (it != r.by_number.end()) {
        CompareField(local, wf, *it->second);
        continue;
      }
      const gp::OneofDescriptor* oneof = wf.real_containing_oneof();
      if (oneof != nullptr) {
        // A whole oneof may go; one member leaving a oneof that stays may not.
        if (rd.FindOneofByName(oneof->name()) != nullptr) OneofMemberGone(local, wf, *oneof);
      } else if (wf.is_required()) {
        RequiredChange(local, wf, /*in_writer=*/true);
      }
    }
    for (int i = 0; i < rd.field_count(); ++i) {
      const Field& rf = *rd.field(i);
      if (!w.by_number.contains(rf.number()) && rf.is_required()) {
        RequiredChange(local, rf, /*in_writer=*/false);
      }
    }

    // Each reader oneof may take in at most one field the writer had outside
    // any oneof, and that one only if no member came from a writer oneof.
    for (int i = 0; i < rd.real_oneof_decl_count(); ++i) {
      const gp::OneofDescriptor& oneof = *rd.oneof_decl(i);
      std::vector<const Field*> moved;
      int existing = 0;
      for (int j = 0; j < oneof.field_count(); ++j) {
        auto it = w.by_number.find(oneof.field(j)->number());
        if (it == w.by_number.end()) continue;
        if (it->second->real_containing_oneof() == nullptr) {
          moved.push_back(it->second);
        } else {
          ++existing;
        }
      }
      if (moved.size() > 1) {
        MovedIntoOneof(local, oneof, moved);
      } else if (moved.size() == 1 && existing > 0) {
        MovedIntoExistingOneof(local, oneof, *moved[0]);
      }
    }

    const gp::Descriptor& od = backward_ ? wd : rd;
    const gp::Descriptor& nd = backward_ ? rd : wd;
    if (od.reserved_range_count() > 0) {
      ReservationsDropped(local, absl::StrCat("message '", local, "'"),
                          Uncovered(ReservedOf(od), ReservedOf(nd)));
    }
  }

  void ReservationsDropped(const std::string& path, const std::string& what, const Ranges& gone) {
    if (gone.empty()) return;
    bool one = gone.size() == 1 && gone[0].first == gone[0].second;
    Add(path,
        absl::StrCat(what, ": ", one ? "number " : "numbers ", RangesText(gone),
                     one ? " was reserved and no longer is" : " were reserved and no longer are",
                     "; a reservation keeps the number of a removed field from "
                     "being reused "
                     "with another meaning"));
  }

  void CheckEnumReservations() {
    // Enums anywhere in the old file, found by full name in the new one.
    std::vector<const gp::EnumDescriptor*> enums;
    for (int i = 0; i < old_.file().enum_type_count(); ++i)
      enums.push_back(old_.file().enum_type(i));
    for (const gp::Descriptor* m : old_.messages_in_order()) {
      for (int i = 0; i < m->enum_type_count(); ++i) enums.push_back(m->enum_type(i));
    }
    const std::string& package = old_.file().package();
    for (const gp::EnumDescriptor* e : enums) {
      if (e->reserved_range_count() == 0) continue;
      std::string local =
          package.empty() ? e->full_name() : e->full_name().substr(package.size() + 1);
      std::string new_name =
          new_.file().package().empty() ? local : absl::StrCat(new_.file().package(), ".", local);
      const gp::EnumDescriptor* now = new_.file().pool()->FindEnumTypeByName(new_name);
      if (now == nullptr) continue;  // removing an enum is compatible
      ReservationsDropped(local, absl::StrCat("enum '", local, "'"),
                          Uncovered(ReservedOf(*e), ReservedOf(*now)));
    }
  }

  // Names, paths and type texts are built only for a reason: most fields
  // compare equal, and a check must stay cheap against many versions.
  void CompareField(const std::string& local, const Field& wf, const Field& rf) {
    const Field& of = backward_ ? wf : rf;
    const Field& nf = backward_ ? rf : wf;
    CompareTypes(local, of, nf, "type", of, nf);
    if (!of.is_map() && !nf.is_map() && of.is_required() != nf.is_required()) {
      Add(Path(local, of), absl::StrCat(Name(local, &of, &nf), ": changed from ",
                                        of.is_required() ? "required" : "optional", " to ",
                                        nf.is_required() ? "required" : "optional",
                                        "; a proto2 reader rejects data that lacks a required "
                                        "field, so a "
                                        "field may not become or stop being required"));
    }
    if (KindOf(of) == Kind::kScalar && KindOf(nf) == Kind::kScalar && GroupOf(of) == GroupOf(nf) &&
        GroupOf(of) != Group::kLengthDelimited && of.is_repeated() != nf.is_repeated()) {
      Add(Path(local, of),
          absl::StrCat(Name(local, &of, &nf), ": changed from ",
                       of.is_repeated() ? "repeated" : "singular", " to ",
                       nf.is_repeated() ? "repeated" : "singular",
                       ", which is not wire-compatible for a numeric field (repeated "
                       "numbers "
                       "may be packed into one length-delimited record that a singular "
                       "field cannot read)"));
    }
  }

  // Compares the types `ot` and `nt` of the old field `of` and the new `nf`
  // (the fields themselves, or their map keys or values: `what` is "type",
  // "map key type" or "map value type").
  void CompareTypes(const std::string& local, const Field& of, const Field& nf,
                    absl::string_view what, const Field& ot, const Field& nt) {
    auto changed = [&]() {
      return absl::StrCat(Name(local, &of, &nf), ": ", what, " changed from ", TypeText(old_, ot),
                          " to ", TypeText(new_, nt));
    };
    Kind ok = KindOf(ot);
    Kind nk = KindOf(nt);
    if (ok != nk) {
      Add(Path(local, of), absl::StrCat(changed(), "; a ", KindName(ok), " field cannot read a ",
                                        KindName(nk), " field's data or the other way round"));
      return;
    }
    switch (ok) {
      case Kind::kScalar: {
        Group og = GroupOf(ot);
        Group ng = GroupOf(nt);
        if (og == ng) return;
        std::string why =
            WireText(og) == WireText(ng)
                ? absl::StrCat("both are ", WireText(og), " but encode values differently")
                : absl::StrCat(TypeText(old_, ot), " is ", WireText(og), ", ", TypeText(new_, nt),
                               " ", WireText(ng));
        Add(Path(local, of), absl::StrCat(changed(), ", which is not wire-compatible (", why, ")"));
        return;
      }
      case Kind::kMessage: {
        if (SameMessage(*ot.message_type(), *nt.message_type())) return;
        Add(Path(local, of),
            absl::StrCat(changed(), "; a message field must keep its message type"));
        return;
      }
      case Kind::kMap: {
        const gp::Descriptor& oe = *ot.message_type();
        const gp::Descriptor& ne = *nt.message_type();
        CompareTypes(local, of, nf, "map key type", *oe.map_key(), *ne.map_key());
        CompareTypes(local, of, nf, "map value type", *oe.map_value(), *ne.map_value());
        return;
      }
    }
  }

  // Same local name within each file's package (a package change is reported
  // once, by itself); types from other files (well-known ones) by full name.
  // The message's own fields are compared where the message itself is.
  bool SameMessage(const gp::Descriptor& o, const gp::Descriptor& n) const {
    bool o_local = o.file() == &old_.file();
    bool n_local = n.file() == &new_.file();
    if (o_local != n_local) return false;
    return o_local ? old_.LocalName(o) == new_.LocalName(n) : o.full_name() == n.full_name();
  }

  void RequiredChange(const std::string& local, const Field& f, bool in_writer) {
    bool added = in_writer != backward_;  // the field is in the new schema only
    Add(Path(local, f), absl::StrCat("message '", local, "': required field '", f.name(), "' (",
                                     f.number(), ") was ", added ? "added" : "removed",
                                     "; required fields may be neither added nor removed, as a "
                                     "proto2 reader "
                                     "rejects data that lacks one"));
  }

  void OneofMemberGone(const std::string& local, const Field& wf, const gp::OneofDescriptor& o) {
    std::string field =
        absl::StrCat("message '", local, "' field '", wf.name(), "' (", wf.number(), ")");
    Add(Path(local, wf),
        backward_ ? absl::StrCat(field, " was removed from oneof '", o.name(), "'; ", WrittenWith(),
                                 " may have chosen it, and the new schema's oneof cannot read "
                                 "that choice")
                  : absl::StrCat(field, " was added to the existing oneof '", o.name(), "'; ",
                                 WrittenWith(),
                                 " may choose it, and the old schema's oneof cannot read that "
                                 "choice"));
  }

  void MovedIntoOneof(const std::string& local, const gp::OneofDescriptor& oneof,
                      const std::vector<const Field*>& moved) {
    std::vector<std::string> names;
    for (const Field* f : moved)
      names.push_back(absl::StrCat("'", f->name(), "' (", f->number(), ")"));
    Add(absl::StrCat(local, ".", oneof.name()),
        absl::StrCat("message '", local, "': fields ", absl::StrJoin(names, ", "), " were moved ",
                     backward_ ? "into" : "out of", " oneof '", oneof.name(), "'; ", WrittenWith(),
                     " may set several of them, but ", backward_ ? "a" : "the old schema's",
                     " oneof keeps only one"));
  }

  void MovedIntoExistingOneof(const std::string& local, const gp::OneofDescriptor& oneof,
                              const Field& moved) {
    Add(absl::StrCat(local, ".", oneof.name()),
        absl::StrCat("message '", local, "' field '", moved.name(), "' (", moved.number(),
                     ") was moved ", backward_ ? "into the existing oneof '" : "out of oneof '",
                     oneof.name(), backward_ ? "'" : "' while other members stayed in a oneof",
                     "; ", WrittenWith(), " may set it together with another member, but ",
                     backward_ ? "a" : "the old schema's", " oneof keeps only one"));
  }

  const ProtobufSchema& old_;
  const ProtobufSchema& new_;
  bool backward_;
  const ProtobufSchema& writer_;
  const ProtobufSchema& reader_;
  std::vector<Incompatibility> found_;
};

}  // namespace

std::vector<Incompatibility> CheckWire(const ProtobufSchema& old_schema,
                                       const ProtobufSchema& new_schema, Direction direction) {
  return Checker(old_schema, new_schema, direction).Run();
}

}  // namespace almanac::formats::protobuf
