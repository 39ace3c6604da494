#include "catalog/predicate/lexer.h"

#include <array>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::predicate {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordChar(char c) { return IsDigit(c) || IsAlpha(c) || c == '_'; }

absl::Status ErrorAt(std::string_view what, size_t pos) {
  return absl::InvalidArgumentError(absl::StrCat(AbslView(what), " at column ", pos + 1));
}

class Lexer {
 public:
  Lexer(std::string_view in, Dialect dialect) : in_(in), dialect_(dialect) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
      if (pos_ >= in_.size()) break;
      Token t;
      t.column = static_cast<int>(pos_) + 1;
      const char c = in_[pos_];
      absl::Status s;
      if (c == '(' || c == ')' || c == ',') {
        t.kind = c == '(' ? Token::Kind::kLParen
                 : c == ')' ? Token::Kind::kRParen
                            : Token::Kind::kComma;
        t.text = std::string(1, c);
        ++pos_;
      } else if (c == '\'' || c == '"') {
        s = ReadString(&t);
      } else if (c == '`') {
        s = ReadBackticked(&t);
      } else if (c == '<' || c == '>' || c == '=' || c == '!') {
        s = ReadOperator(&t);
      } else if (IsDigit(c) || ((c == '-' || c == '+' || c == '.') && pos_ + 1 < in_.size() &&
                                IsDigit(in_[pos_ + 1]))) {
        s = ReadNumberOrWord(&t);
      } else if (IsAlpha(c) || c == '_') {
        ReadWord(&t);
      } else {
        return ErrorAt(absl::StrCat("unexpected character ",
                                    QuoteForMessage(std::string_view(&in_[pos_], 1))),
                       pos_);
      }
      if (!s.ok()) return s;
      out.push_back(std::move(t));
    }
    Token end;
    end.kind = Token::Kind::kEnd;
    end.column = static_cast<int>(in_.size()) + 1;
    out.push_back(std::move(end));
    return out;
  }

 private:
  static bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  }

  absl::Status ReadString(Token* t) {
    const size_t start = pos_;
    const char quote = in_[pos_++];
    t->kind = Token::Kind::kString;
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (dialect_ == Dialect::kHive && c == '\\' && pos_ + 1 < in_.size()) {
        const char next = in_[pos_ + 1];
        if (next == '\\' || next == '\'' || next == '"') {
          t->text.push_back(next);
        } else {
          t->text.push_back('\\');
          t->text.push_back(next);
        }
        pos_ += 2;
        continue;
      }
      if (c == quote) {
        if (dialect_ == Dialect::kGlue && pos_ + 1 < in_.size() && in_[pos_ + 1] == quote) {
          t->text.push_back(quote);
          pos_ += 2;
          continue;
        }
        ++pos_;
        return absl::OkStatus();
      }
      t->text.push_back(c);
      ++pos_;
    }
    return ErrorAt("unterminated string", start);
  }

  absl::Status ReadBackticked(Token* t) {
    const size_t start = pos_++;
    t->kind = Token::Kind::kIdent;
    t->quoted = true;
    while (pos_ < in_.size()) {
      if (in_[pos_] == '`') {
        if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '`') {
          t->text.push_back('`');
          pos_ += 2;
          continue;
        }
        ++pos_;
        if (t->text.empty()) return ErrorAt("empty identifier", start);
        return absl::OkStatus();
      }
      t->text.push_back(in_[pos_++]);
    }
    return ErrorAt("unterminated identifier", start);
  }

  absl::Status ReadOperator(Token* t) {
    static constexpr std::array<std::string_view, 9> kOps = {"<=>", "<=", "<>", ">=", "==",
                                                             "!=",  "<",  ">",  "="};
    for (std::string_view op : kOps) {
      if (in_.substr(pos_, op.size()) == op) {
        t->kind = Token::Kind::kOp;
        t->text = std::string(op);
        pos_ += op.size();
        return absl::OkStatus();
      }
    }
    return ErrorAt(absl::StrCat("unexpected character ",
                                QuoteForMessage(std::string_view(&in_[pos_], 1))),
                   pos_);
  }

  void ReadWord(Token* t) {
    const size_t start = pos_;
    while (pos_ < in_.size() && IsWordChar(in_[pos_])) ++pos_;
    t->kind = Token::Kind::kIdent;
    t->text = std::string(in_.substr(start, pos_ - start));
  }

  size_t CountDigits(size_t at) const {
    size_t n = 0;
    while (at + n < in_.size() && IsDigit(in_[at + n])) ++n;
    return n;
  }

  absl::Status ReadNumberOrWord(Token* t) {
    const size_t start = pos_;
    if (in_[pos_] == '-' || in_[pos_] == '+') ++pos_;
    if (dialect_ == Dialect::kHive && in_[start] != '.') {
      // Hive: a run of word characters; all digits is a number (or, shaped
      // yyyy-M-d, a date), anything else an identifier such as "1abc".
      const size_t word_start = pos_;
      while (pos_ < in_.size() && IsWordChar(in_[pos_])) ++pos_;
      const std::string_view word = in_.substr(word_start, pos_ - word_start);
      bool all_digits = true;
      for (char c : word) all_digits = all_digits && IsDigit(c);
      if (!all_digits) {
        if (start != word_start) {
          return ErrorAt(absl::StrCat("unexpected character ",
                                      QuoteForMessage(in_.substr(start, 1))),
                         start);
        }
        t->kind = Token::Kind::kIdent;
        t->text = std::string(word);
        return absl::OkStatus();
      }
      if (start == word_start && word.size() == 4 && pos_ < in_.size() && in_[pos_] == '-') {
        const size_t m = CountDigits(pos_ + 1);
        if (m >= 1 && m <= 2 && pos_ + 1 + m < in_.size() && in_[pos_ + 1 + m] == '-') {
          const size_t d = CountDigits(pos_ + 2 + m);
          if (d >= 1 && d <= 2) {
            pos_ += 2 + m + d;
            t->kind = Token::Kind::kDate;
            t->text = std::string(in_.substr(start, pos_ - start));
            return absl::OkStatus();
          }
        }
      }
      if (pos_ + 1 < in_.size() && in_[pos_] == '.' && IsDigit(in_[pos_ + 1])) {
        ++pos_;
        pos_ += CountDigits(pos_);
      }
      t->kind = Token::Kind::kNumber;
      t->text = std::string(in_.substr(start, pos_ - start));
      return absl::OkStatus();
    }
    pos_ += CountDigits(pos_);
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      pos_ += CountDigits(pos_);
    }
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      size_t at = pos_ + 1;
      if (at < in_.size() && (in_[at] == '+' || in_[at] == '-')) ++at;
      const size_t n = CountDigits(at);
      if (n > 0) pos_ = at + n;
    }
    if (pos_ < in_.size() && IsWordChar(in_[pos_])) {
      return ErrorAt(absl::StrCat("unexpected character ", QuoteForMessage(in_.substr(pos_, 1))),
                     pos_);
    }
    t->kind = Token::Kind::kNumber;
    t->text = std::string(in_.substr(start, pos_ - start));
    return absl::OkStatus();
  }

  std::string_view in_;
  Dialect dialect_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<Token>> Lex(std::string_view input, Dialect dialect) {
  return Lexer(input, dialect).Run();
}

bool IsReservedWord(std::string_view word) {
  static constexpr std::array<std::string_view, 15> kWords = {
      "and",  "or",    "not",   "in",   "like",      "between", "is",    "null",
      "true", "false", "struct", "const", "date", "timestamp", "escape"};
  for (std::string_view w : kWords) {
    if (absl::EqualsIgnoreCase(AbslView(word), AbslView(w))) return true;
  }
  return false;
}

std::string QuoteForMessage(std::string_view text) {
  constexpr size_t kMaxShown = 64;
  if (text.size() > kMaxShown) {
    return absl::StrCat("'", absl::CHexEscape(AbslView(text.substr(0, kMaxShown))), "...'");
  }
  return absl::StrCat("'", absl::CHexEscape(AbslView(text)), "'");
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case Token::Kind::kEnd:
      return "end of input";
    case Token::Kind::kString:
      return absl::StrCat("string ", QuoteForMessage(token.text));
    case Token::Kind::kIdent:
      return token.quoted ? absl::StrCat("identifier ", QuoteForMessage(token.text))
                          : QuoteForMessage(token.text);
    default:
      return QuoteForMessage(token.text);
  }
}

}  // namespace almanac::predicate
