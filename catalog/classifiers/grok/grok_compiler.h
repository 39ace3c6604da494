// The grok compiler: a grok pattern ("%{IP:client} %{INT:code:int} ...")
// and optional custom pattern lines ("NAME regex", one per line, '#'
// comments) to one RE2 regular expression with one capturing group per
// named field, plus the same expression as Java reads it (for Hive's
// RegexSerDe, which gets it as `input.regex`).
//
// Pattern references expand recursively (custom patterns first, then the
// built-in library of grok_patterns.h); a reference cycle, an unknown name,
// an unknown field type and a regular expression RE2 refuses are errors.
// Every group the pattern author wrote becomes non-capturing, so that the
// groups are exactly the fields, in pattern order; a field named twice is
// one column (its first occurrence captures). `(?<name>...)` and
// `(?P<name>...)` are fields too (string typed), as in other grok dialects.
// Atomic groups `(?>...)` are read as plain groups (RE2 has no backtracking
// to cut); lookaround and backreferences are refused.
//
// Thread-safe once built: CompiledGrok is immutable and RE2 matching is
// thread-safe.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_COMPILER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_COMPILER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "re2/re2.h"

namespace almanac::classifiers::grok {

// Glue's limits on a grok classifier's GrokPattern and CustomPatterns.
inline constexpr size_t kMaxGrokPatternLength = 2048;
inline constexpr size_t kMaxCustomPatternsLength = 16000;
// A pattern whose expansion grows past this is refused (references that
// double at each level would otherwise grow exponentially).
inline constexpr size_t kMaxExpandedLength = 256 * 1024;

struct GrokField {
  std::string name;       // lower case, as Hive keeps column names
  std::string hive_type;  // string, int, bigint, smallint, tinyint, ...
};

class CompiledGrok {
 public:
  // Compiles `pattern` with `custom_patterns`. InvalidArgument, with a
  // lower-case message naming what is wrong, when either is too long, a
  // custom pattern line is malformed or defined twice, a reference is
  // unterminated, unknown (with the closest known names) or cyclic (with
  // the cycle), a field name or type is bad, the pattern uses lookaround
  // or backreferences, or RE2 refuses the expansion. Names no field is
  // not an error here (built-ins always name fields; a custom classifier
  // checks it).
  static absl::StatusOr<CompiledGrok> Compile(std::string_view pattern,
                                              std::string_view custom_patterns);

  // Whether the whole of `line` matches (anchored at both ends).
  bool FullMatch(std::string_view line) const;

  const std::vector<GrokField>& fields() const { return fields_; }
  // The expansion, unanchored, one capturing group per field in order;
  // valid both for RE2 and java.util.regex.Pattern (Hive's RegexSerDe
  // matches it against the whole line).
  const std::string& regex() const { return regex_; }

 private:
  CompiledGrok() = default;
  std::string regex_;
  std::vector<GrokField> fields_;
  std::shared_ptr<const RE2> re2_;
};

// Glue's grok field type (byte, boolean, double, short, int, long, float,
// string) as a Hive type; InvalidArgument for any other.
absl::StatusOr<std::string> GrokTypeToHive(std::string_view grok_type);

}  // namespace almanac::classifiers::grok

#endif  // ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_COMPILER_H_
