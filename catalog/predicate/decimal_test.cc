#include "catalog/predicate/decimal.h"

#include "gtest/gtest.h"

namespace almanac::predicate {
namespace {

int C(std::string_view a, std::string_view b) {
  DecimalView x, y;
  EXPECT_TRUE(ParseDecimal(a, &x)) << a;
  EXPECT_TRUE(ParseDecimal(b, &y)) << b;
  return CompareDecimal(x, y);
}

TEST(DecimalTest, ComparesExactly) {
  EXPECT_EQ(C("10.5", "10.50"), 0);
  EXPECT_EQ(C("0", "-0.000"), 0);
  EXPECT_EQ(C("1e1", "10"), 0);
  EXPECT_EQ(C(".5", "0.5"), 0);
  EXPECT_EQ(C("5.", "5"), 0);
  EXPECT_EQ(C("0010", "10"), 0);
  EXPECT_EQ(C("10.500000000000000000000001", "10.5"), 1);
  EXPECT_EQ(C("-10.500000000000000000000001", "-10.5"), -1);
  EXPECT_EQ(C("-1", "0"), -1);
  EXPECT_EQ(C("0", "0.0001"), -1);
  EXPECT_EQ(C("99", "100"), -1);
  EXPECT_EQ(C("1.5e-3", "0.0015"), 0);
  EXPECT_EQ(C("123456789012345678901234567890123456.78", "123456789012345678901234567890123456.77"),
            1);
  EXPECT_EQ(C("+7", "7"), 0);
}

TEST(DecimalTest, RejectsOtherForms) {
  DecimalView d;
  for (const char* bad : {"", ".", "-", "e5", "1e", "1e+", "1.2.3", "abc", " 1", "1 ", "0x1"}) {
    EXPECT_FALSE(ParseDecimal(bad, &d)) << bad;
  }
}

TEST(DecimalTest, CanonicalRoundTrip) {
  DecimalView d;
  ASSERT_TRUE(ParseDecimal("-0012.3400", &d));
  const std::string digits = SignificantDigits(d);
  EXPECT_EQ(digits, "1234");
  EXPECT_EQ(d.point, 2);
  EXPECT_EQ(CompareDecimal(CanonicalDecimal(true, digits, d.point), d), 0);
  EXPECT_TRUE(CanonicalDecimal(true, "", 0).zero);
}

TEST(DecimalTest, HugeExponentDoesNotOverflow) {
  DecimalView a, b;
  ASSERT_TRUE(ParseDecimal("1e99999999999999999999999", &a));
  ASSERT_TRUE(ParseDecimal("1e-99999999999999999999999", &b));
  EXPECT_EQ(CompareDecimal(a, b), 1);
}

}  // namespace
}  // namespace almanac::predicate
