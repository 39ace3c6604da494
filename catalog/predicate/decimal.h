// Exact comparison of decimal numbers written as text ("-12.50", "1e3",
// ".5"), without converting through double and without allocating: the
// evaluator compares decimal partition values this way. Stateless helpers;
// thread-safe.
#ifndef ALMANAC_CATALOG_PREDICATE_DECIMAL_H_
#define ALMANAC_CATALOG_PREDICATE_DECIMAL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace almanac::predicate {

// A number as 0.<significant digits> x 10^point, the digits read from up to
// two runs of the source text (before and after the decimal point) so no
// copy is needed.
struct DecimalView {
  bool negative = false;
  bool zero = true;
  int64_t point = 0;
  std::string_view whole;     // digits before the '.'
  std::string_view fraction;  // digits after the '.'
  size_t first = 0;           // index of the first significant digit in whole+fraction
  size_t last = 0;            // one past the last non-zero digit

  char Digit(size_t i) const { return i < whole.size() ? whole[i] : fraction[i - whole.size()]; }
};

// Reads [+-]digits[.digits][(e|E)[+-]digits] (at least one mantissa digit).
// False when the text has another form. The view points into `text`.
bool ParseDecimal(std::string_view text, DecimalView* out);

// A view over canonical digits (no leading or trailing zeros; empty = zero).
DecimalView CanonicalDecimal(bool negative, std::string_view digits, int64_t point);

// The significant digits of `d`, for storing a literal in canonical form.
std::string SignificantDigits(const DecimalView& d);

// -1, 0 or 1 as a is less than, equal to or greater than b.
int CompareDecimal(const DecimalView& a, const DecimalView& b);

}  // namespace almanac::predicate

#endif  // ALMANAC_CATALOG_PREDICATE_DECIMAL_H_
