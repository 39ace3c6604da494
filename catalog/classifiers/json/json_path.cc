#include "catalog/classifiers/json/json_path.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::classifiers::json {
namespace {

// Path text is user input that a message repeats; keep it short.
constexpr size_t kMaxPathLength = 1024;

bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  // Letters, digits, '_', '-', '$' and any non-ASCII byte (UTF-8 names).
  return absl::ascii_isalnum(u) || c == '_' || c == '-' || c == '$' || u >= 0x80;
}

}  // namespace

absl::StatusOr<JsonPath> ParseJsonPath(std::string_view text) {
  if (text.size() > kMaxPathLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "json path is ", text.size(), " characters long (at most ", kMaxPathLength, ")"));
  }
  auto error = [&](size_t at, std::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("json path '", AbslView(text), "': ", AbslView(what), " at column ", at + 1));
  };
  if (text.empty()) return absl::InvalidArgumentError("json path is empty (expected '$...')");
  if (text[0] != '$') return error(0, "a path starts with '$'");
  JsonPath path;
  size_t i = 1;
  while (i < text.size()) {
    const size_t start = i;
    if (text[i] == '.') {
      ++i;
      if (i < text.size() && text[i] == '.')
        return error(start, "recursive descent '..' is not supported");
      if (i < text.size() && text[i] == '*')
        return error(i, "'.*' is not supported (use [*] over arrays)");
      while (i < text.size() && IsNameChar(text[i])) ++i;
      if (i == start + 1) return error(start + 1, "expected a member name after '.'");
      path.steps.push_back({false, std::string(text.substr(start + 1, i - start - 1))});
      continue;
    }
    if (text[i] == '[') {
      ++i;
      if (i < text.size() && text[i] == '*') {
        if (i + 1 >= text.size() || text[i + 1] != ']')
          return error(i + 1, "expected ']' after '[*'");
        path.steps.push_back({true, ""});
        i += 2;
        continue;
      }
      if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
        const char quote = text[i];
        std::string name;
        ++i;
        while (i < text.size() && text[i] != quote) {
          if (text[i] == '\\' && i + 1 < text.size()) ++i;  // \' and \\ .
          name.push_back(text[i]);
          ++i;
        }
        if (i >= text.size()) return error(start, "unterminated quoted member name");
        ++i;
        if (i >= text.size() || text[i] != ']') return error(i, "expected ']' after a quoted name");
        ++i;
        if (name.empty()) return error(start, "empty member name");
        path.steps.push_back({false, std::move(name)});
        continue;
      }
      if (i < text.size() && (absl::ascii_isdigit(static_cast<unsigned char>(text[i])) ||
                              text[i] == '-' || text[i] == ':')) {
        return error(start, "array indexes and slices are not supported (use [*])");
      }
      if (i < text.size() && text[i] == '?') return error(start, "filters are not supported");
      return error(start, "expected [*] or ['name']");
    }
    return error(i, absl::StrCat("unexpected character '", AbslView(text.substr(i, 1)), "'"));
  }
  return path;
}

}  // namespace almanac::classifiers::json
