// The built-in grok pattern library: the de-facto standard names people
// write in grok patterns (WORD, INT, IP, HTTPDATE, COMBINEDAPACHELOG, ...),
// each defined here for RE2. RE2 has no backreferences, lookaround or atomic
// groups, so the definitions avoid them; they also stay inside the syntax
// RE2 and Java's java.util.regex read alike (Hive's RegexSerDe reads the
// compiled pattern with Java), e.g. a `[` inside a character class is
// always escaped and every group is non-capturing.
//
// Thread-safe: the table is immutable.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_PATTERNS_H_
#define ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_PATTERNS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace almanac::classifiers::grok {

// The definition of built-in pattern `name` (case-sensitive, as grok is), in
// grok syntax (it may refer to other patterns with %{...}); nullopt when
// there is none of that name.
std::optional<std::string_view> FindBuiltinPattern(std::string_view name);

// Every built-in pattern's name, in the library's order.
const std::vector<std::string>& BuiltinPatternNames();

}  // namespace almanac::classifiers::grok

#endif  // ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_PATTERNS_H_
