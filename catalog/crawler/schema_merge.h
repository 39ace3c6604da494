// Schema merging and similarity for the crawler: how the schemas of many
// files become one table's, and when sibling folders are alike enough to be
// partitions of one table.
//
// The merge rule (also in the README):
// - columns are matched by name, case-insensitively; a column only some
//   files have is kept (appended in first-seen order);
// - equal types stay; integers widen (tinyint < smallint < int < bigint);
//   integers and floating point become double (float with float stays
//   float); decimals take the larger integer digits and scale (capped at
//   38); date and timestamp become timestamp; char and varchar become
//   string;
// - structs merge field by field by the same rules, arrays by element, maps
//   by key and value;
// - anything else (a string and a struct, an int and a boolean) becomes
//   string, and the merge is marked lossy.
//
// Thread-safe: pure functions.
#ifndef ALMANAC_CATALOG_CRAWLER_SCHEMA_MERGE_H_
#define ALMANAC_CATALOG_CRAWLER_SCHEMA_MERGE_H_

#include <string>
#include <vector>

#include "catalog/model/storage_descriptor.h"

namespace almanac::crawler {

struct MergeResult {
  std::vector<model::Column> columns;
  // Whether some type had to fall back to string (the schemas are not
  // compatible in Glue's CombineCompatibleSchemas sense).
  bool lossy = false;
};

// Merges `incoming` into `base` (both lists of Hive-typed columns). A type
// string that does not parse is kept as string.
MergeResult MergeColumns(const std::vector<model::Column>& base,
                         const std::vector<model::Column>& incoming);

// One Hive type merged with another, by the rule above; `lossy` is set when
// the result fell back to string.
std::string MergeTypes(const std::string& a, const std::string& b, bool* lossy);

// How much of `merged` (a superset, as MergeColumns builds it) one schema
// covers: |columns of `part` found in `merged`| / |merged|, in [0, 1]; 1
// for two empty lists.
double Coverage(const std::vector<model::Column>& part, const std::vector<model::Column>& merged);

}  // namespace almanac::crawler

#endif  // ALMANAC_CATALOG_CRAWLER_SCHEMA_MERGE_H_
