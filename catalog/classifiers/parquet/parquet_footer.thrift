// The part of Parquet's file metadata the classifier reads: the schema, the
// row count and the writer's key/value notes. Field ids follow the Parquet
// format specification (apache/parquet-format); everything else in the footer
// (row groups, column orders, encryption) is skipped by the compact protocol
// reader as an unknown field.
//
// Enumerations (physical type, repetition, converted type) are read as plain
// i32 so that a value this IDL does not know stays a number instead of an
// out-of-range C++ enum.

namespace cpp almanac.classifiers.parquet.wire

// Empty annotation structs of the LogicalType union.
struct StringType {}
struct MapType {}
struct ListType {}
struct EnumType {}
struct DateType {}
struct NullType {}
struct JsonType {}
struct BsonType {}
struct UuidType {}
struct Float16Type {}
struct VariantType {}
struct GeometryType {}
struct GeographyType {}

struct DecimalType {
  1: optional i32 scale
  2: optional i32 precision
}

struct MilliSeconds {}
struct MicroSeconds {}
struct NanoSeconds {}

union TimeUnit {
  1: MilliSeconds MILLIS
  2: MicroSeconds MICROS
  3: NanoSeconds NANOS
}

struct TimestampType {
  1: optional bool isAdjustedToUTC
  2: optional TimeUnit unit
}

struct TimeType {
  1: optional bool isAdjustedToUTC
  2: optional TimeUnit unit
}

struct IntType {
  1: optional i8 bitWidth
  2: optional bool isSigned
}

union LogicalType {
  1: StringType STRING
  2: MapType MAP
  3: ListType LIST
  4: EnumType ENUM
  5: DecimalType DECIMAL
  6: DateType DATE
  7: TimeType TIME
  8: TimestampType TIMESTAMP
  10: IntType INTEGER
  11: NullType UNKNOWN
  12: JsonType JSON
  13: BsonType BSON
  14: UuidType UUID
  15: Float16Type FLOAT16
  16: VariantType VARIANT
  17: GeometryType GEOMETRY
  18: GeographyType GEOGRAPHY
}

struct SchemaElement {
  1: optional i32 type
  2: optional i32 type_length
  3: optional i32 repetition_type
  4: optional string name
  5: optional i32 num_children
  6: optional i32 converted_type
  7: optional i32 scale
  8: optional i32 precision
  9: optional i32 field_id
  10: optional LogicalType logicalType
}

struct KeyValue {
  1: optional string key
  2: optional string value
}

struct FileMetaData {
  1: optional i32 version
  2: optional list<SchemaElement> schema
  3: optional i64 num_rows
  5: optional list<KeyValue> key_value_metadata
  6: optional string created_by
}
