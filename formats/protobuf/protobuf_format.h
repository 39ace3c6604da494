// Protobuf schemas for the schema registry: parsing, canonical form, Hive columns,
// and the compatibility rules of the format (see formats/schema_formats.h for
// the shared types). Reached only through formats/schema_formats.cc.
//
// A schema is the text of one .proto file, proto2 or proto3 (no `syntax` is
// proto2, as protoc says). It is parsed and validated by Protobuf's own
// compiler library; the only imports allowed are Google's well-known types
// (google/protobuf/timestamp.proto, wrappers.proto, ...), resolved from the
// descriptors compiled into libprotobuf; any other import is refused, since
// the registry has no schema references.
//
// canonical(): the file as protobuf prints it back from its descriptors
// (FileDescriptor::DebugString): comments, layout and the spelling of type
// references (relative or fully qualified) do not matter; everything else does.
//
// ToHiveColumns(): the FIRST message of the file is the record (as Glue and
// Confluent take it); its fields, in declaration order, are the columns:
//
//   .proto type                         Hive type
//   int32, sint32, sfixed32             int
//   int64, sint64, sfixed64             bigint
//   uint32, fixed32                     bigint         (2^32-1 does not fit an int)
//   uint64, fixed64                     decimal(20,0)  (2^64-1 does not fit a bigint;
//                                                       a bigint would wrap to negative)
//   float / double / bool               float / double / boolean
//   string / bytes                      string / binary
//   enum                                string         (the value's name)
//   message M                           struct<f:T,...> of M's fields
//   repeated T                          array<T>
//   map<K, V>                           map<K', V'>
//   google.protobuf.Timestamp           timestamp
//   google.protobuf.*Value wrappers     their scalar's type (Int64Value -> bigint, ...)
//   google.protobuf.Struct/Value/ListValue   string (free-form JSON)
//   a message inside itself (recursion), or with no fields   string
//
// Oneof members are ordinary (nullable) columns; a field's leading comment,
// else its trailing one, becomes the column comment. A file without any
// message parses but has no columns (InvalidArgument).
//
// Fields(): every message and enum of the file, fields identified by number so
// that a rename shows as a change: path "Order.3" (message local name, number),
// description "price: optional double"; "Order" itself lists its oneofs and
// reservations; "Status.1" is an enum value; "package" and "syntax" too.
//
// Check(): wire compatibility as Confluent's schema registry judges it
// (its protobuf diff: the reader must read what the writer wrote; BACKWARD has
// the new schema read the old one's data, FORWARD the other way). Messages are
// matched by local name, fields by number. Incompatible, each as its own reason
// naming message, field name and number:
//   - package changed (PACKAGE_CHANGED);
//   - (our rule) the record type, the first message, is another message: data
//     of one message read as another is garbage. Confluent lets messages move,
//     since its payloads carry message indexes; Almanac's record is the first;
//   - a message of the writer missing from the reader (MESSAGE_REMOVED): so
//     removing or renaming a message breaks BACKWARD, and adding one breaks
//     FORWARD, as in Confluent (enums may come and go);
//   - a field's kind changed between scalar (enums count as scalars), message
//     and map (FIELD_KIND_CHANGED): bytes <-> message breaks, as in Confluent;
//   - a scalar type changed across wire groups (FIELD_SCALAR_KIND_CHANGED); the
//     groups: int32/int64/uint32/uint64/bool/enum; sint32/sint64; string/bytes;
//     fixed32/sfixed32; fixed64/sfixed64; float; double;
//   - a message field's type changed to another message (by name within the
//     package; well-known types by full name) (FIELD_NAMED_TYPE_CHANGED);
//   - map key or value types, by the same rules;
//   - repeated <-> singular for a numeric scalar (Confluent's
//     FIELD_NUMERIC_LABEL_CHANGED); for string, bytes and messages it is
//     compatible; `packed` never matters (parsers accept both encodings);
//   - a proto2 required field added or removed (REQUIRED_FIELD_ADDED/REMOVED),
//     and (our choice, stricter) an existing field becoming or ceasing to be
//     required;
//   - oneofs, by the reader's oneofs against the writer's fields: several
//     fields moved into one oneof (MULTIPLE_FIELDS_MOVED_TO_ONEOF), a field
//     moved into a oneof that already had members (FIELD_MOVED_TO_EXISTING_ONEOF),
//     a member removed from a oneof that remains (ONEOF_FIELD_REMOVED; in
//     FORWARD this is adding a member to an existing oneof). Moving ONE field
//     into a new oneof, adding or removing a whole oneof are compatible;
//   - reservations (our choice, Confluent's stricter LOGICAL policy): a number
//     reserved in a message or enum of the old schema that the new one no
//     longer reserves, reused or not, breaks in both directions. Reserved
//     names do not matter on the wire and are not checked.
// Compatible: adding or removing optional fields, renaming fields (the number
// is the identity), changes within a group, enum values added, removed or
// renamed, moving messages other than the first within the file. A field
// number change is a removal plus an addition, so it is compatible unless one
// of them is required. Not transitive: a number removed and later reused with
// another type passes each step, so only the _ALL modes catch it.
#ifndef ALMANAC_FORMATS_PROTOBUF_PROTOBUF_FORMAT_H_
#define ALMANAC_FORMATS_PROTOBUF_PROTOBUF_FORMAT_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "formats/schema_formats.h"

namespace almanac::formats::protobuf {

// InvalidArgument saying where the text is wrong: "line L, column C: <protoc's
// message>" (1-based), naming the element for a validity error, or the import
// that is not a well-known type.
absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text);

// Both arguments were made by Parse above (otherwise one Incompatibility says
// so). Every reason found, in old-to-new terms; empty when compatible.
std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction);

}  // namespace almanac::formats::protobuf

#endif  // ALMANAC_FORMATS_PROTOBUF_PROTOBUF_FORMAT_H_
