#include "catalog/classifiers/grok/grok_compiler.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "catalog/classifiers/grok/grok_patterns.h"
#include "catalog/model/candidates.h"
#include "catalog/model/message_text.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::grok {
namespace {

using model::MessageText;

bool IsPatternNameChar(char c) { return absl::ascii_isalnum(c) || c == '_'; }

bool IsPatternName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsPatternNameChar(c)) return false;
  }
  return true;
}

// A field becomes a Hive column: a letter or '_' first, then letters,
// digits and '_'.
bool IsFieldName(std::string_view s) {
  if (s.empty() || !(absl::ascii_isalpha(s[0]) || s[0] == '_')) return false;
  for (char c : s) {
    if (!IsPatternNameChar(c)) return false;
  }
  return true;
}

struct CustomPattern {
  std::string definition;
  int line = 0;
};

// Parses "NAME regex" lines; '#' starts a comment line, blank lines are
// skipped. A custom name may shadow a built-in one (grok's rule).
absl::StatusOr<absl::flat_hash_map<std::string, CustomPattern>> ParseCustomPatterns(
    std::string_view text) {
  absl::flat_hash_map<std::string, CustomPattern> out;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(AbslView(text), '\n')) {
    ++number;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    size_t end = 0;
    while (end < line.size() && !absl::ascii_isspace(line[end])) ++end;
    std::string name(line.substr(0, end));
    absl::string_view definition = absl::StripLeadingAsciiWhitespace(line.substr(end));
    if (!IsPatternName(name)) {
      return absl::InvalidArgumentError(absl::StrCat("custom pattern line ", number,
                                                     ": bad pattern name '", MessageText(name),
                                                     "' (letters, digits and _ only)"));
    }
    if (definition.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("custom pattern line ", number, ": '", name,
                                                     "' has no regex (write 'NAME regex')"));
    }
    auto [it, inserted] = out.try_emplace(name, CustomPattern{std::string(definition), number});
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat("custom pattern '", name,
                                                     "' is defined twice (lines ", it->second.line,
                                                     " and ", number, ")"));
    }
  }
  return out;
}

// POSIX bracket classes RE2 knows but Java does not, spelled out as ranges
// both read alike.
const char* PosixClass(std::string_view name) {
  static constexpr std::pair<std::string_view, const char*> kClasses[] = {
      {"alpha", "a-zA-Z"},
      {"digit", "0-9"},
      {"alnum", "a-zA-Z0-9"},
      {"upper", "A-Z"},
      {"lower", "a-z"},
      {"xdigit", "0-9A-Fa-f"},
      {"space", "\\t\\n\\x0B\\f\\r "},
      {"blank", " \\t"},
      {"word", "\\w"},
      {"punct", "\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E"},
      {"cntrl", "\\x00-\\x1F\\x7F"},
      {"print", "\\x20-\\x7E"},
      {"graph", "\\x21-\\x7E"},
  };
  for (const auto& [n, ranges] : kClasses) {
    if (n == name) return ranges;
  }
  return nullptr;
}

// Expands grok text into one regular expression, collecting fields.
class Expander {
 public:
  explicit Expander(const absl::flat_hash_map<std::string, CustomPattern>& custom)
      : custom_(custom) {}

  // Appends the expansion of `text`, the definition of `stack_.back()` (or
  // the top-level pattern when the stack is empty).
  absl::Status Expand(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '%' && i + 1 < text.size() && text[i + 1] == '{') {
        ASSIGN_OR_RETURN(i, Reference(text, i));
      } else if (c == '\\') {
        ASSIGN_OR_RETURN(i, Escape(text, i));
      } else if (c == '[') {
        ASSIGN_OR_RETURN(i, CharacterClass(text, i));
      } else if (c == '(') {
        ASSIGN_OR_RETURN(i, Group(text, i));
      } else if (c == '{') {
        i = Brace(text, i);
      } else {
        out_.push_back(c);
        ++i;
      }
      if (out_.size() > kMaxExpandedLength) {
        return absl::InvalidArgumentError(
            absl::StrCat("grok pattern expands to more than ", kMaxExpandedLength, " characters"));
      }
    }
    return absl::OkStatus();
  }

  std::string& out() { return out_; }
  std::vector<GrokField>& fields() { return fields_; }

 private:
  // " in custom pattern 'X'" (or nothing at the top level), for messages.
  std::string Where() const {
    if (stack_.empty()) return "";
    return absl::StrCat(" in ", custom_.contains(stack_.back()) ? "custom" : "built-in",
                        " pattern '", stack_.back(), "'");
  }

  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(AbslView(what), Where()));
  }

  // Opens the group of field `name`: capturing when it is new, plain when
  // the field was seen already (one column per name).
  absl::Status OpenField(const std::string& raw_name, std::string hive_type) {
    std::string name = absl::AsciiStrToLower(raw_name);
    for (const GrokField& f : fields_) {
      if (f.name != name) continue;
      if (f.hive_type != hive_type) {
        return Error(
            absl::StrCat("field '", name, "' is typed twice: ", f.hive_type, " and ", hive_type));
      }
      out_ += "(?:";
      return absl::OkStatus();
    }
    fields_.push_back({std::move(name), std::move(hive_type)});
    out_ += "(";
    return absl::OkStatus();
  }

  // %{NAME}, %{NAME:field} or %{NAME:field:type} at text[i].
  absl::StatusOr<size_t> Reference(std::string_view text, size_t i) {
    const size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Error(absl::StrCat("unterminated '%{' at offset ", i));
    }
    const std::string_view spec = text.substr(i + 2, close - i - 2);
    const std::string shown = absl::StrCat("'%{", MessageText(spec), "}'");
    std::vector<std::string> parts = absl::StrSplit(AbslView(spec), ':');
    if (parts.size() > 3) {
      return Error(absl::StrCat("bad reference ", shown, " (write %{PATTERN:field:type})"));
    }
    const std::string& name = parts[0];
    if (!IsPatternName(name)) {
      return Error(absl::StrCat("bad pattern name in ", shown, " (letters, digits and _ only)"));
    }
    std::string_view definition;
    if (auto it = custom_.find(name); it != custom_.end()) {
      definition = it->second.definition;
    } else if (auto builtin = FindBuiltinPattern(name); builtin.has_value()) {
      definition = *builtin;
    } else {
      std::vector<std::string> known;
      for (const auto& [n, p] : custom_) known.push_back(n);
      std::sort(known.begin(), known.end());
      for (const std::string& n : BuiltinPatternNames()) {
        if (!custom_.contains(n)) known.push_back(n);
      }
      return absl::InvalidArgumentError(
          absl::StrCat("unknown grok pattern '", name, "'", Where(), " ",
                       model::CandidateList("patterns", name, known)));
    }
    for (size_t k = 0; k < stack_.size(); ++k) {
      if (stack_[k] != name) continue;
      std::vector<std::string> cycle(stack_.begin() + k, stack_.end());
      cycle.push_back(name);
      return absl::InvalidArgumentError(absl::StrCat(
          "grok pattern '", name, "' refers to itself: ", absl::StrJoin(cycle, " -> ")));
    }
    if (parts.size() >= 2) {
      if (!IsFieldName(parts[1])) {
        return Error(absl::StrCat("bad field name in ", shown,
                                  " (a letter or _ first, then letters, digits and _)"));
      }
      std::string hive_type = "string";
      if (parts.size() == 3) {
        auto mapped = GrokTypeToHive(parts[2]);
        if (!mapped.ok()) {
          return Error(absl::StrCat("field '", absl::AsciiStrToLower(parts[1]),
                                    "': ", mapped.status().message()));
        }
        hive_type = *std::move(mapped);
      }
      RETURN_IF_ERROR(OpenField(parts[1], std::move(hive_type)));
    } else {
      out_ += "(?:";
    }
    stack_.push_back(name);
    RETURN_IF_ERROR(Expand(definition));
    stack_.pop_back();
    out_ += ")";
    return close + 1;
  }

  absl::StatusOr<size_t> Escape(std::string_view text, size_t i) {
    if (i + 1 >= text.size()) return Error("the pattern ends with a lone backslash");
    const char next = text[i + 1];
    if (next >= '1' && next <= '9') {
      return Error(absl::StrCat("backreference '\\", std::string(1, next),
                                "' is not supported (grok patterns run on RE2)"));
    }
    if (next == 'k' && i + 2 < text.size() &&
        (text[i + 2] == '<' || text[i + 2] == '{' || text[i + 2] == '\'')) {
      return Error("backreference '\\k' is not supported (grok patterns run on RE2)");
    }
    if (next == 'Q') {
      // Literal text up to \E (or the end), copied as is: Java reads \Q..\E too.
      size_t end = text.find("\\E", i + 2);
      end = end == std::string_view::npos ? text.size() : end + 2;
      out_.append(text.substr(i, end - i));
      return end;
    }
    out_.append(text.substr(i, 2));
    return i + 2;
  }

  // A bracket expression at text[i], rewritten where RE2 and Java differ:
  // a bare '[' inside is a nested class for Java, '&&' an intersection, and
  // Java has no [:alpha:].
  absl::StatusOr<size_t> CharacterClass(std::string_view text, size_t i) {
    const size_t start = i;
    out_.push_back('[');
    ++i;
    if (i < text.size() && text[i] == '^') {
      out_.push_back('^');
      ++i;
    }
    if (i < text.size() && text[i] == ']') {  // a leading ']' is literal
      out_ += "\\]";
      ++i;
    }
    while (i < text.size() && text[i] != ']') {
      const char c = text[i];
      if (c == '\\') {
        if (i + 1 >= text.size()) break;
        out_.append(text.substr(i, 2));
        i += 2;
      } else if (c == '[' && i + 1 < text.size() && text[i + 1] == ':') {
        const size_t end = text.find(":]", i + 2);
        const std::string_view name =
            end == std::string_view::npos ? text.substr(i + 2) : text.substr(i + 2, end - i - 2);
        const char* ranges = end == std::string_view::npos ? nullptr : PosixClass(name);
        if (ranges == nullptr) {
          return Error(absl::StrCat("unknown character class '[:", MessageText(name), ":]'"));
        }
        out_ += ranges;
        i = end + 2;
      } else if (c == '[' || c == '&') {
        out_.push_back('\\');
        out_.push_back(c);
        ++i;
      } else {
        out_.push_back(c);
        ++i;
      }
    }
    if (i >= text.size()) {
      return Error(absl::StrCat("unterminated character class at offset ", start));
    }
    out_.push_back(']');
    return i + 1;
  }

  // A group at text[i]: the author's capturing groups become plain ones so
  // that the captures are exactly the fields.
  absl::StatusOr<size_t> Group(std::string_view text, size_t i) {
    const std::string_view rest = text.substr(i);
    auto starts = [&](std::string_view p) { return rest.substr(0, p.size()) == p; };
    if (starts("(?=") || starts("(?!") || starts("(?<=") || starts("(?<!")) {
      return Error(absl::StrCat("lookaround '", AbslView(rest.substr(0, starts("(?<") ? 4 : 3)),
                                "' is not supported (grok patterns run on RE2)"));
    }
    if (starts("(?>")) {
      out_ += "(?:";
      return i + 3;
    }
    size_t name_at = 0;
    if (starts("(?P<")) name_at = 4;
    if (starts("(?<")) name_at = 3;
    if (name_at != 0) {
      const size_t close = rest.find('>', name_at);
      if (close == std::string_view::npos) return Error("unterminated group name");
      const std::string name(rest.substr(name_at, close - name_at));
      if (!IsFieldName(name)) {
        return Error(absl::StrCat("bad field name '", MessageText(name),
                                  "' (a letter or _ first, then letters, digits and _)"));
      }
      RETURN_IF_ERROR(OpenField(name, "string"));
      return i + close + 1;
    }
    if (starts("(?")) {  // (?:, (?i), (?i:...) and friends
      out_ += "(?";
      return i + 2;
    }
    out_ += "(?:";
    return i + 1;
  }

  // '{' at text[i]: a repetition {n}, {n,} or {n,m} is copied; any other
  // brace is literal, and escaped, since Java refuses a bare one.
  size_t Brace(std::string_view text, size_t i) {
    size_t j = i + 1;
    const size_t digits = j;
    while (j < text.size() && absl::ascii_isdigit(text[j])) ++j;
    bool ok = j > digits;
    if (ok && j < text.size() && text[j] == ',') {
      ++j;
      while (j < text.size() && absl::ascii_isdigit(text[j])) ++j;
    }
    ok = ok && j < text.size() && text[j] == '}';
    if (ok) {
      out_.append(text.substr(i, j + 1 - i));
      return j + 1;
    }
    out_ += "\\{";
    return i + 1;
  }

  const absl::flat_hash_map<std::string, CustomPattern>& custom_;
  std::vector<std::string> stack_;
  std::string out_;
  std::vector<GrokField> fields_;
};

}  // namespace

absl::StatusOr<std::string> GrokTypeToHive(std::string_view grok_type) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"boolean", "boolean"}, {"byte", "tinyint"}, {"double", "double"},  {"float", "float"},
      {"int", "int"},         {"long", "bigint"},  {"short", "smallint"}, {"string", "string"},
  };
  const std::string lower = absl::AsciiStrToLower(AbslView(grok_type));
  for (const auto& [grok, hive] : kTypes) {
    if (grok == lower) return std::string(hive);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown grok type '", MessageText(grok_type),
                   "' (types: boolean, byte, double, float, int, long, short, string)"));
}

absl::StatusOr<CompiledGrok> CompiledGrok::Compile(std::string_view pattern,
                                                   std::string_view custom_patterns) {
  if (pattern.empty()) return absl::InvalidArgumentError("the grok pattern is empty");
  if (pattern.size() > kMaxGrokPatternLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("the grok pattern is longer than ", kMaxGrokPatternLength, " characters"));
  }
  if (custom_patterns.size() > kMaxCustomPatternsLength) {
    return absl::InvalidArgumentError(absl::StrCat("the custom patterns are longer than ",
                                                   kMaxCustomPatternsLength, " characters"));
  }
  ASSIGN_OR_RETURN(auto custom, ParseCustomPatterns(custom_patterns));
  Expander expander(custom);
  RETURN_IF_ERROR(expander.Expand(pattern));

  CompiledGrok compiled;
  compiled.regex_ = std::move(expander.out());
  compiled.fields_ = std::move(expander.fields());
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(int64_t{32} << 20);
  auto re = std::make_shared<const RE2>(compiled.regex_, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the grok pattern does not compile: ", MessageText(re->error())));
  }
  if (re->NumberOfCapturingGroups() != static_cast<int>(compiled.fields_.size())) {
    return absl::InternalError(absl::StrCat("grok expansion has ", re->NumberOfCapturingGroups(),
                                            " groups for ", compiled.fields_.size(), " fields"));
  }
  compiled.re2_ = std::move(re);
  return compiled;
}

bool CompiledGrok::FullMatch(std::string_view line) const {
  return RE2::FullMatch(re2::StringPiece(line.data(), line.size()), *re2_);
}

}  // namespace almanac::classifiers::grok
