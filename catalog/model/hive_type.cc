// A hand-written recursive-descent parser for Hive column type strings.
//
// Grammar (keywords case-insensitive, whitespace allowed between tokens):
//   type      := primitive | 'array' '<' type '>' | 'map' '<' primitive ',' type '>'
//              | 'struct' '<' [field (',' field)*] '>' | 'uniontype' '<' type (',' type)* '>'
//   field     := name ':' type
//   name      := unquoted | '`' (any byte but '`' or a control character | '``')+ '`'
//   unquoted  := run of [A-Za-z0-9_$.], bytes >= 0x80 and inner spaces
//
// Unquoted field names follow Hive's own TypeInfoParser, which treats letters,
// digits, '_', '.', '$' and ' ' as name characters: Hive and Spark write names
// such as "first name" or "a.b" unquoted, and Almanac must read what they wrote.
// Backquotes are Almanac's (and HiveQL's) way to carry any other name.
// "struct<>" is accepted because Hive's parser accepts it and Spark writes it
// for an empty struct.
#include "catalog/model/hive_type.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "catalog/model/message_text.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::model {
namespace {

// Complex types may nest this deep. Hive sets no limit, but the parser, the
// destructor and ToString() all recurse, so untrusted input must be bounded.
constexpr int kMaxNestingDepth = 100;

constexpr int kMaxDecimalPrecision = 38;
constexpr int kDefaultDecimalPrecision = 10;
constexpr int kMaxCharLength = 255;
constexpr int kMaxVarcharLength = 65535;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsWordChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Characters of an unquoted struct field name, besides inner spaces.
bool IsNameChar(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || absl::ascii_isalnum(u) || c == '_' || c == '$' || c == '.';
}

bool IsControl(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

// True when `name` reads back as itself without backquotes.
bool CanPrintUnquoted(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ') return false;
  for (char c : name) {
    if (!IsNameChar(c) && c != ' ') return false;
  }
  return true;
}

std::string_view PrimitiveName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kVoid:
      return "void";
    case TypeKind::kBoolean:
      return "boolean";
    case TypeKind::kTinyint:
      return "tinyint";
    case TypeKind::kSmallint:
      return "smallint";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kBigint:
      return "bigint";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kString:
      return "string";
    case TypeKind::kChar:
      return "char";
    case TypeKind::kVarchar:
      return "varchar";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kTimestampLocalTz:
      return "timestamp with local time zone";
    case TypeKind::kIntervalYearMonth:
      return "interval_year_month";
    case TypeKind::kIntervalDayTime:
      return "interval_day_time";
    case TypeKind::kBinary:
      return "binary";
    case TypeKind::kArray:
      return "array";
    case TypeKind::kMap:
      return "map";
    case TypeKind::kStruct:
      return "struct";
    case TypeKind::kUnion:
      return "uniontype";
  }
  return "unknown";
}

struct Keyword {
  std::string_view word;
  TypeKind kind;
};

// Every word that starts a type, synonyms included.
constexpr Keyword kKeywords[] = {
    {"void", TypeKind::kVoid},
    {"boolean", TypeKind::kBoolean},
    {"tinyint", TypeKind::kTinyint},
    {"smallint", TypeKind::kSmallint},
    {"int", TypeKind::kInt},
    {"integer", TypeKind::kInt},
    {"bigint", TypeKind::kBigint},
    {"float", TypeKind::kFloat},
    {"double", TypeKind::kDouble},
    {"decimal", TypeKind::kDecimal},
    {"dec", TypeKind::kDecimal},
    {"numeric", TypeKind::kDecimal},
    {"string", TypeKind::kString},
    {"char", TypeKind::kChar},
    {"varchar", TypeKind::kVarchar},
    {"date", TypeKind::kDate},
    {"timestamp", TypeKind::kTimestamp},
    {"interval_year_month", TypeKind::kIntervalYearMonth},
    {"interval_day_time", TypeKind::kIntervalDayTime},
    {"binary", TypeKind::kBinary},
    {"array", TypeKind::kArray},
    {"map", TypeKind::kMap},
    {"struct", TypeKind::kStruct},
    {"uniontype", TypeKind::kUnion},
};

void AppendType(const HiveType& type, std::string* out);

void AppendFieldName(std::string_view name, std::string* out) {
  if (CanPrintUnquoted(name)) {
    out->append(name);
    return;
  }
  out->push_back('`');
  for (char c : name) {
    if (c == '`') out->push_back('`');
    out->push_back(c);
  }
  out->push_back('`');
}

void AppendType(const HiveType& type, std::string* out) {
  switch (type.kind()) {
    case TypeKind::kDecimal:
      absl::StrAppend(out, "decimal(", type.precision(), ",", type.scale(), ")");
      return;
    case TypeKind::kChar:
    case TypeKind::kVarchar:
      absl::StrAppend(out, AbslView(PrimitiveName(type.kind())), "(", type.length(), ")");
      return;
    case TypeKind::kArray:
    case TypeKind::kMap:
    case TypeKind::kUnion:
      out->append(PrimitiveName(type.kind()));
      out->push_back('<');
      for (size_t i = 0; i < type.children().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendType(type.children()[i], out);
      }
      out->push_back('>');
      return;
    case TypeKind::kStruct:
      out->append("struct<");
      for (size_t i = 0; i < type.children().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendFieldName(type.field_names()[i], out);
        out->push_back(':');
        AppendType(type.children()[i], out);
      }
      out->push_back('>');
      return;
    default:
      out->append(PrimitiveName(type.kind()));
      return;
  }
}

}  // namespace

// Parses one type string. Positions are byte offsets into text_; messages
// report them 1-based as "column".
class HiveTypeParser {
 public:
  explicit HiveTypeParser(std::string_view text) : text_(text) {}

  absl::StatusOr<HiveType> ParseAll() {
    HiveType type;
    RETURN_IF_ERROR(ParseType(0, &type));
    SkipSpace();
    if (pos_ < text_.size()) return ErrorAt(pos_, "unexpected text after the type");
    return type;
  }

 private:
  absl::Status ParseType(int depth, HiveType* out) {
    SkipSpace();
    const size_t start = pos_;
    const std::string word = absl::AsciiStrToLower(AbslView(ReadWord()));
    if (word.empty()) return ErrorAt(start, "expected a type");
    const Keyword* keyword = nullptr;
    for (const Keyword& k : kKeywords) {
      if (k.word == word) {
        keyword = &k;
        break;
      }
    }
    if (keyword == nullptr) {
      return ErrorAt(start, absl::StrCat("unknown type '", MessageText(word), "'"));
    }
    out->kind_ = keyword->kind;
    switch (out->kind_) {
      case TypeKind::kDouble:
        // "double precision" is a synonym of "double".
        TryWords({"precision"});
        return absl::OkStatus();
      case TypeKind::kTimestamp:
        if (TryWords({"with"})) {
          for (std::string_view next : {"local", "time", "zone"}) {
            SkipSpace();
            if (!TryWords({next})) {
              return ErrorAt(pos_, absl::StrCat("expected '", AbslView(next), "'"));
            }
          }
          out->kind_ = TypeKind::kTimestampLocalTz;
        }
        return absl::OkStatus();
      case TypeKind::kDecimal:
        return ParseDecimalParams(out);
      case TypeKind::kChar:
        return ParseLength(kMaxCharLength, out);
      case TypeKind::kVarchar:
        return ParseLength(kMaxVarcharLength, out);
      case TypeKind::kArray:
      case TypeKind::kMap:
      case TypeKind::kStruct:
      case TypeKind::kUnion:
        if (depth >= kMaxNestingDepth) {
          return ErrorAt(start, absl::StrCat("types nested deeper than ", kMaxNestingDepth,
                                             " levels"));
        }
        return ParseComplex(depth, out);
      default:
        return absl::OkStatus();
    }
  }

  absl::Status ParseComplex(int depth, HiveType* out) {
    RETURN_IF_ERROR(Expect('<'));
    switch (out->kind_) {
      case TypeKind::kArray:
        RETURN_IF_ERROR(ParseChild(depth, out));
        return Expect('>');
      case TypeKind::kMap: {
        SkipSpace();
        const size_t key_start = pos_;
        RETURN_IF_ERROR(ParseChild(depth, out));
        if (!out->children_.back().is_primitive()) {
          return ErrorAt(key_start, "map key must be a primitive type");
        }
        RETURN_IF_ERROR(Expect(','));
        RETURN_IF_ERROR(ParseChild(depth, out));
        return Expect('>');
      }
      case TypeKind::kUnion:
        while (true) {
          RETURN_IF_ERROR(ParseChild(depth, out));
          ASSIGN_OR_RETURN(const bool more, ListSeparator());
          if (!more) return absl::OkStatus();
        }
      default:
        return ParseStructFields(depth, out);
    }
  }

  absl::Status ParseStructFields(int depth, HiveType* out) {
    SkipSpace();
    if (Peek() == '>') {
      ++pos_;
      return absl::OkStatus();
    }
    // Hive resolves field names case-insensitively, so "a" and "A" collide.
    std::unordered_set<std::string> seen;
    while (true) {
      SkipSpace();
      const size_t name_start = pos_;
      std::string name;
      RETURN_IF_ERROR(ParseFieldName(&name));
      if (!seen.insert(absl::AsciiStrToLower(name)).second) {
        return ErrorAt(name_start, absl::StrCat("duplicate field name '", MessageText(name), "'"));
      }
      RETURN_IF_ERROR(Expect(':'));
      out->field_names_.push_back(std::move(name));
      RETURN_IF_ERROR(ParseChild(depth, out));
      ASSIGN_OR_RETURN(const bool more, ListSeparator());
      if (!more) return absl::OkStatus();
    }
  }

  absl::Status ParseChild(int depth, HiveType* out) {
    HiveType child;
    RETURN_IF_ERROR(ParseType(depth + 1, &child));
    out->children_.push_back(std::move(child));
    return absl::OkStatus();
  }

  // After a list element: true for ',', false for the closing '>'.
  absl::StatusOr<bool> ListSeparator() {
    SkipSpace();
    const char c = Peek();
    if (c == ',' || c == '>') {
      ++pos_;
      return c == ',';
    }
    return ErrorAt(pos_, "expected ',' or '>'");
  }

  absl::Status ParseFieldName(std::string* name) {
    const size_t start = pos_;
    if (Peek() == '`') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return ErrorAt(start, "unterminated quoted field name");
        const char c = text_[pos_];
        if (c == '`') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '`') {
            name->push_back('`');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (IsControl(c)) return ErrorAt(pos_, "control character in field name");
        name->push_back(c);
        ++pos_;
      }
      if (name->empty()) return ErrorAt(start, "empty field name");
      return absl::OkStatus();
    }
    size_t end = pos_;
    while (end < text_.size() && (IsNameChar(text_[end]) || text_[end] == ' ')) ++end;
    size_t last = end;
    while (last > pos_ && text_[last - 1] == ' ') --last;
    if (last == pos_) return ErrorAt(start, "expected a field name");
    name->assign(text_.substr(pos_, last - pos_));
    pos_ = end;
    return absl::OkStatus();
  }

  // "(p)" or "(p,s)", both optional; Hive's default is decimal(10,0).
  absl::Status ParseDecimalParams(HiveType* out) {
    out->precision_ = kDefaultDecimalPrecision;
    out->scale_ = 0;
    SkipSpace();
    if (Peek() != '(') return absl::OkStatus();
    ++pos_;
    std::string_view precision_text;
    ASSIGN_OR_RETURN(out->precision_, ParseNumber(&precision_text));
    if (out->precision_ < 1 || out->precision_ > kMaxDecimalPrecision) {
      return RangeError(absl::StrCat("precision ", AbslView(precision_text), " is out of range 1..",
                                     kMaxDecimalPrecision));
    }
    SkipSpace();
    if (Peek() == ',') {
      ++pos_;
      std::string_view scale_text;
      ASSIGN_OR_RETURN(out->scale_, ParseNumber(&scale_text));
      if (out->scale_ > out->precision_) {
        return RangeError(
            absl::StrCat("scale ", AbslView(scale_text), " is out of range 0..", out->precision_));
      }
      SkipSpace();
      if (Peek() != ')') return ErrorAt(pos_, "expected ')'");
    } else if (Peek() != ')') {
      return ErrorAt(pos_, "expected ',' or ')'");
    }
    ++pos_;
    return absl::OkStatus();
  }

  // "(n)" after char / varchar: required, as in Hive.
  absl::Status ParseLength(int max, HiveType* out) {
    RETURN_IF_ERROR(Expect('('));
    std::string_view text;
    ASSIGN_OR_RETURN(out->length_, ParseNumber(&text));
    if (out->length_ < 1 || out->length_ > max) {
      return RangeError(absl::StrCat(AbslView(PrimitiveName(out->kind_)), " length ",
                                     AbslView(text), " is out of range 1..", max));
    }
    return Expect(')');
  }

  // Unsigned decimal digits. Large values saturate at kNumberCap: every caller
  // checks a range far below it, and the message quotes *text as written.
  absl::StatusOr<int> ParseNumber(std::string_view* text) {
    constexpr int64_t kNumberCap = 1'000'000'000;
    SkipSpace();
    const size_t start = pos_;
    int64_t value = 0;
    while (pos_ < text_.size() && absl::ascii_isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (value < kNumberCap) value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return ErrorAt(pos_, "expected a number");
    *text = text_.substr(start, pos_ - start);
    return static_cast<int>(value < kNumberCap ? value : kNumberCap);
  }

  // Consumes the given words (each after optional spaces) when all of them
  // follow; otherwise leaves the position where it was.
  bool TryWords(std::initializer_list<std::string_view> words) {
    const size_t saved = pos_;
    for (std::string_view want : words) {
      SkipSpace();
      if (!absl::EqualsIgnoreCase(AbslView(ReadWord()), AbslView(want))) {
        pos_ = saved;
        return false;
      }
    }
    return true;
  }

  std::string_view ReadWord() {
    const size_t start = pos_;
    while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  absl::Status Expect(char c) {
    SkipSpace();
    if (Peek() != c) return ErrorAt(pos_, absl::StrCat("expected '", std::string(1, c), "'"));
    ++pos_;
    return absl::OkStatus();
  }

  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void SkipSpace() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  }

  absl::Status ErrorAt(size_t pos, std::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrFormat("invalid type '%s': %s at column %d",
                                                      MessageText(text_), problem, pos + 1));
  }

  absl::Status RangeError(std::string_view problem) const {
    return absl::InvalidArgumentError(
        absl::StrFormat("invalid type '%s': %s", MessageText(text_), problem));
  }

  const std::string_view text_;
  size_t pos_ = 0;
};

absl::StatusOr<HiveType> HiveType::Parse(std::string_view text) {
  return HiveTypeParser(text).ParseAll();
}

std::string HiveType::ToString() const {
  std::string out;
  AppendType(*this, &out);
  return out;
}

bool HiveType::is_primitive() const {
  return kind_ != TypeKind::kArray && kind_ != TypeKind::kMap && kind_ != TypeKind::kStruct &&
         kind_ != TypeKind::kUnion;
}

absl::StatusOr<std::string> NormalizeTypeString(std::string_view text) {
  ASSIGN_OR_RETURN(HiveType type, HiveType::Parse(text));
  return type.ToString();
}

}  // namespace almanac::model
