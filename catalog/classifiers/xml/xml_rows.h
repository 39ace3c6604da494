// ReadXmlRows: streams XML content through expat, finds the row elements
// (those named by a row tag, or, without one, the root's most frequent
// child element) and merges the types their contents infer, the way Glue's
// XML classifier and Spark-XML read rows:
//
//   attributes -> fields named `_` + the attribute's name (xmlns ones are
//   namespace declarations and dropped); child elements -> fields named by
//   their local name; a child repeated within one element -> array<...>;
//   an element with attributes or children -> struct<...>, its own
//   non-blank text becoming the field `_value`; a text-only element -> the
//   text's type (json/inferred_type.h: int, bigint, double, boolean,
//   string). All names lower case.
//
// Thread-safe: a free function over its arguments.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_XML_XML_ROWS_H_
#define ALMANAC_CATALOG_CLASSIFIERS_XML_XML_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "catalog/classifiers/json/inferred_type.h"

namespace almanac::classifiers::xml {

// The field a text-bearing element with attributes or children keeps its
// text in, and the prefix of attribute fields (Spark-XML's conventions, in
// lower case as Hive stores names).
inline constexpr std::string_view kValueField = "_value";
inline constexpr std::string_view kAttributePrefix = "_";

struct XmlRowsOptions {
  // The rows' element name as written (qualified, "ns:item"); empty: the
  // root's most frequent direct child, which must occur at least twice.
  std::string row_tag;
  int64_t max_rows = 1000;
};

struct XmlRows {
  std::string row_tag;      // the one given or found
  json::InferredType type;  // a struct: the rows' merged fields
  // Each field of `type`, to its XPath below the row element: "@id",
  // "name/text()", "address", "text()".
  absl::flat_hash_map<std::string, std::string> xpaths;
  bool rows_have_attributes = false;
  int64_t rows = 0;
  int64_t bytes = 0;     // content bytes read
  bool stopped = false;  // max_rows reached (there may be more)
};

// nullopt when `content` is not well-formed XML up to its end (when
// `complete` is false, a document merely cut at the end is fine) or holds no
// rows (with no row tag given: no direct child of the root repeats).
std::optional<XmlRows> ReadXmlRows(std::string_view content, bool complete,
                                   const XmlRowsOptions& options);

}  // namespace almanac::classifiers::xml

#endif  // ALMANAC_CATALOG_CLASSIFIERS_XML_XML_ROWS_H_
