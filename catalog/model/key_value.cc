#include "catalog/model/key_value.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/partition.h"
#include "common/absl_view.h"

namespace almanac::model {
namespace {

// Quotes a literal for an error message: printable, and short even when the
// caller passed a megabyte of text.
std::string QuoteForMessage(std::string_view text) {
  constexpr size_t kMaxShown = 64;
  if (text.size() > kMaxShown) {
    return absl::StrCat("'", absl::CHexEscape(AbslView(text.substr(0, kMaxShown))), "...'");
  }
  return absl::StrCat("'", absl::CHexEscape(AbslView(text)), "'");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at text[*pos] into *out.
bool ReadFixedDigits(std::string_view text, size_t* pos, int n, int* out) {
  if (*pos + n > text.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

// Reads one or two digits (months and days may be written without padding).
bool ReadOneOrTwoDigits(std::string_view text, size_t* pos, int* out) {
  if (*pos >= text.size() || !IsDigit(text[*pos])) return false;
  int v = text[(*pos)++] - '0';
  if (*pos < text.size() && IsDigit(text[*pos])) v = v * 10 + (text[(*pos)++] - '0');
  *out = v;
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date, by counting whole
// 400-year eras (146097 days each) from 0000-03-01 so leap days fall last.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Parses "yyyy-M-d" / "yyyy-MM-dd" starting at *pos, advancing it.
bool ReadDate(std::string_view text, size_t* pos, int64_t* days) {
  int y, m, d;
  if (!ReadFixedDigits(text, pos, 4, &y)) return false;
  if (*pos >= text.size() || text[(*pos)++] != '-') return false;
  if (!ReadOneOrTwoDigits(text, pos, &m)) return false;
  if (*pos >= text.size() || text[(*pos)++] != '-') return false;
  if (!ReadOneOrTwoDigits(text, pos, &d)) return false;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

}  // namespace

KeyCategory CategoryOf(const HiveType& type) {
  switch (type.kind()) {
    case TypeKind::kString:
    case TypeKind::kChar:
    case TypeKind::kVarchar:
      return KeyCategory::kString;
    case TypeKind::kTinyint:
    case TypeKind::kSmallint:
    case TypeKind::kInt:
    case TypeKind::kBigint:
      return KeyCategory::kIntegral;
    case TypeKind::kFloat:
    case TypeKind::kDouble:
      return KeyCategory::kFloating;
    case TypeKind::kDecimal:
      return KeyCategory::kDecimal;
    case TypeKind::kDate:
      return KeyCategory::kDate;
    case TypeKind::kTimestamp:
      return KeyCategory::kTimestamp;
    case TypeKind::kBoolean:
      return KeyCategory::kBoolean;
    default:
      return KeyCategory::kOther;
  }
}

bool TryParseIntegral(std::string_view text, int64_t* out) {
  size_t start = 0;
  if (!text.empty() && text[0] == '+') start = 1;  // from_chars takes '-' only
  if (start >= text.size()) return false;
  if (text[start] == '-' && start == 1) return false;  // "+-1"
  const char* first = text.data() + start;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, *out, 10);
  return ec == std::errc() && ptr == last;
}

bool TryParseFloating(std::string_view text, double* out) {
  // Validate the grammar first: from_chars alone would accept "inf", "nan"
  // and hexadecimal forms, which are not partition values.
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  const size_t mantissa_start = i;
  size_t digits = 0;
  while (i < n && IsDigit(text[i])) ++i, ++digits;
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && IsDigit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < n && IsDigit(text[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != n) return false;
  // from_chars rejects a leading '+'; the sign is re-applied below.
  const bool negative = text[0] == '-';
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data() + mantissa_start, text.data() + n, v,
                                   std::chars_format::general);
  if (ec != std::errc() || ptr != text.data() + n || !std::isfinite(v)) return false;
  *out = negative ? -v : v;
  return true;
}

bool TryParseDateDays(std::string_view text, int64_t* out) {
  size_t pos = 0;
  int64_t days;
  if (!ReadDate(text, &pos, &days) || pos != text.size()) return false;
  *out = days;
  return true;
}

bool TryParseTimestampMicros(std::string_view text, int64_t* out) {
  size_t pos = 0;
  int64_t days;
  if (!ReadDate(text, &pos, &days)) return false;
  int64_t micros = days * 86400 * 1000000;
  if (pos == text.size()) {
    *out = micros;
    return true;
  }
  if (text[pos] != ' ' && text[pos] != 'T') return false;
  ++pos;
  int hh, mm, ss;
  if (!ReadFixedDigits(text, &pos, 2, &hh)) return false;
  if (pos >= text.size() || text[pos++] != ':') return false;
  if (!ReadFixedDigits(text, &pos, 2, &mm)) return false;
  if (pos >= text.size() || text[pos++] != ':') return false;
  if (!ReadFixedDigits(text, &pos, 2, &ss)) return false;
  if (hh > 23 || mm > 59 || ss > 59) return false;
  micros += (static_cast<int64_t>(hh) * 3600 + mm * 60 + ss) * 1000000;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    // Up to nanoseconds are accepted; precision below a microsecond is
    // dropped (truncated), the same way on both sides of every comparison.
    int n = 0;
    int64_t frac = 0;
    while (pos < text.size() && IsDigit(text[pos]) && n < 9) {
      if (n < 6) frac = frac * 10 + (text[pos] - '0');
      ++pos, ++n;
    }
    if (n == 0) return false;
    for (int k = n; k < 6; ++k) frac *= 10;
    micros += frac;
  }
  if (pos != text.size()) return false;
  *out = micros;
  return true;
}

bool TryParseBoolean(std::string_view text, bool* out) {
  if (absl::EqualsIgnoreCase(AbslView(text), "true")) {
    *out = true;
    return true;
  }
  if (absl::EqualsIgnoreCase(AbslView(text), "false")) {
    *out = false;
    return true;
  }
  return false;
}

KeyValue EncodeKeyValue(KeyCategory category, std::string_view text) {
  if (text == kDefaultPartitionName) return std::monostate{};
  switch (category) {
    case KeyCategory::kIntegral:
    case KeyCategory::kDate:
    case KeyCategory::kTimestamp: {
      int64_t v;
      bool ok = category == KeyCategory::kIntegral ? TryParseIntegral(text, &v)
                : category == KeyCategory::kDate   ? TryParseDateDays(text, &v)
                                                   : TryParseTimestampMicros(text, &v);
      if (ok) return v;
      break;
    }
    case KeyCategory::kFloating:
    case KeyCategory::kDecimal: {
      double d;
      if (TryParseFloating(text, &d)) return d;
      break;
    }
    case KeyCategory::kBoolean: {
      bool b;
      if (TryParseBoolean(text, &b)) return static_cast<int64_t>(b ? 1 : 0);
      break;
    }
    case KeyCategory::kString:
    case KeyCategory::kOther:
      break;
  }
  return std::string(text);
}

absl::StatusOr<int64_t> ParseIntegral(std::string_view text) {
  int64_t v;
  if (TryParseIntegral(text, &v)) return v;
  return absl::InvalidArgumentError(absl::StrCat(QuoteForMessage(text), " is not an integer"));
}

absl::StatusOr<double> ParseFloating(std::string_view text) {
  double v;
  if (TryParseFloating(text, &v)) return v;
  return absl::InvalidArgumentError(absl::StrCat(QuoteForMessage(text), " is not a number"));
}

absl::StatusOr<int64_t> ParseDateDays(std::string_view text) {
  int64_t v;
  if (TryParseDateDays(text, &v)) return v;
  return absl::InvalidArgumentError(
      absl::StrCat(QuoteForMessage(text), " is not a date (yyyy-MM-dd)"));
}

absl::StatusOr<int64_t> ParseTimestampMicros(std::string_view text) {
  int64_t v;
  if (TryParseTimestampMicros(text, &v)) return v;
  return absl::InvalidArgumentError(absl::StrCat(
      QuoteForMessage(text), " is not a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])"));
}

absl::StatusOr<bool> ParseBoolean(std::string_view text) {
  bool v;
  if (TryParseBoolean(text, &v)) return v;
  return absl::InvalidArgumentError(absl::StrCat(QuoteForMessage(text), " is not a boolean"));
}

}  // namespace almanac::model
