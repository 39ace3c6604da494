// ReadJsonRecords: walks JSON content (newline-delimited values, pretty-
// printed values one after another, or one big value), picks the records a
// JsonPath selects and merges their inferred types, without building a
// document: nlohmann's SAX parser runs over one top-level value at a time,
// so memory stays at the size of the schema, not of the data.
//
// Thread-safe: a free function over its arguments.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_RECORDS_H_
#define ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "catalog/classifiers/json/inferred_type.h"
#include "catalog/classifiers/json/json_path.h"

namespace almanac::classifiers::json {

enum class TopLevel { kAny, kObjects, kArrays };

struct JsonRecordsOptions {
  JsonPath path;  // where the records are within each top-level value
  // What every top-level value must be; another kind means "not this shape".
  TopLevel top_level = TopLevel::kAny;
  // Whether a selected value other than an object means "not this shape".
  bool records_must_be_objects = true;
  // Reading stops once this many records are complete.
  int64_t max_records = 1000;
};

struct JsonRecords {
  InferredType type;             // the records' merged type
  int64_t records = 0;           // records completed
  int64_t top_level_values = 0;  // top-level values parsed completely
  int64_t bytes = 0;             // content bytes up to the last value read
  bool stopped = false;          // max_records reached (there may be more)
  bool cut = false;              // the content ended inside a value
};

// nullopt when `content` is not JSON of the shape asked for: it does not
// start with '{' or '[', a value does not parse, a top-level value or a
// record is of the wrong kind, or it holds no record. When `complete` is
// false the content is a prefix of the file, and a value cut at its end is
// dropped (records completed inside it before the cut are kept), unless no
// record was complete before it: then the cut record counts, typed from the
// values completed before the cut. When `complete` is true, a cut value
// means the file is broken, hence not JSON.
std::optional<JsonRecords> ReadJsonRecords(std::string_view content, bool complete,
                                           const JsonRecordsOptions& options);

}  // namespace almanac::classifiers::json

#endif  // ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_RECORDS_H_
