// NamePattern: Hive's pattern language for listing databases and tables
// (get_databases(pattern), get_tables(db, pattern)). A pattern is a list of
// alternatives separated by '|'; in each, '*' matches any sequence of
// characters and '.' any single character (Hive hands patterns to a regular
// expression engine after rewriting '*' to '.*', which is why clients such as
// Trino send ".*"); every other character matches itself. Matching is
// case-insensitive and covers the whole name. The empty pattern matches all.
//
// Immutable after construction; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_NAME_PATTERN_H_
#define ALMANAC_CATALOG_SERVICE_NAME_PATTERN_H_

#include <string>
#include <string_view>
#include <vector>

namespace almanac::service {

class NamePattern {
 public:
  explicit NamePattern(std::string_view pattern);

  bool Matches(std::string_view name) const;
  bool matches_all() const { return matches_all_; }

 private:
  std::vector<std::string> alternatives_;  // lower case
  bool matches_all_ = false;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_NAME_PATTERN_H_
