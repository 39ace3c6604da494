#include "catalog/predicate/decimal.h"

namespace almanac::predicate {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Exponents beyond this cannot come from a finite double's text; clamping
// keeps the arithmetic below from overflowing on hostile input.
constexpr int64_t kExponentClamp = 1'000'000'000;

void Normalise(DecimalView* d) {
  const size_t n = d->whole.size() + d->fraction.size();
  size_t first = 0;
  while (first < n && d->Digit(first) == '0') ++first;
  if (first == n) {
    d->zero = true;
    d->negative = false;
    d->first = d->last = 0;
    d->point = 0;
    return;
  }
  size_t last = n;
  while (last > first && d->Digit(last - 1) == '0') --last;
  d->zero = false;
  d->first = first;
  d->last = last;
  d->point += static_cast<int64_t>(d->whole.size()) - static_cast<int64_t>(first);
}

}  // namespace

bool ParseDecimal(std::string_view text, DecimalView* out) {
  DecimalView d;
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) d.negative = text[i++] == '-';
  size_t start = i;
  while (i < n && IsDigit(text[i])) ++i;
  d.whole = text.substr(start, i - start);
  if (i < n && text[i] == '.') {
    start = ++i;
    while (i < n && IsDigit(text[i])) ++i;
    d.fraction = text.substr(start, i - start);
  }
  if (d.whole.empty() && d.fraction.empty()) return false;
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    const size_t exp_start = i;
    while (i < n && IsDigit(text[i])) {
      if (exponent < kExponentClamp) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_start) return false;
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return false;
  d.point = exponent;
  Normalise(&d);
  *out = d;
  return true;
}

DecimalView CanonicalDecimal(bool negative, std::string_view digits, int64_t point) {
  DecimalView d;
  d.whole = digits;
  d.zero = digits.empty();
  d.negative = d.zero ? false : negative;
  d.point = point;
  d.first = 0;
  d.last = digits.size();
  return d;
}

std::string SignificantDigits(const DecimalView& d) {
  std::string out;
  for (size_t i = d.first; i < d.last; ++i) out.push_back(d.Digit(i));
  return out;
}

int CompareDecimal(const DecimalView& a, const DecimalView& b) {
  const int sa = a.zero ? 0 : (a.negative ? -1 : 1);
  const int sb = b.zero ? 0 : (b.negative ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int magnitude = 0;
  if (a.point != b.point) {
    magnitude = a.point < b.point ? -1 : 1;
  } else {
    const size_t na = a.last - a.first;
    const size_t nb = b.last - b.first;
    for (size_t i = 0; i < na || i < nb; ++i) {
      const char da = i < na ? a.Digit(a.first + i) : '0';
      const char db = i < nb ? b.Digit(b.first + i) : '0';
      if (da != db) {
        magnitude = da < db ? -1 : 1;
        break;
      }
    }
  }
  return sa < 0 ? -magnitude : magnitude;
}

}  // namespace almanac::predicate
