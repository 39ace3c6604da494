#include "catalog/model/message_text.h"

#include <string>

#include "gtest/gtest.h"

namespace almanac::model {
namespace {

TEST(MessageTextTest, PlainTextIsUnchanged) {
  EXPECT_EQ(MessageText(""), "");
  EXPECT_EQ(MessageText("map<string,int>"), "map<string,int>");
  EXPECT_EQ(MessageText("caf\xC3\xA9 'x' \"y\" \\"), "caf\xC3\xA9 'x' \"y\" \\");
}

TEST(MessageTextTest, ControlCharactersAreEscaped) {
  EXPECT_EQ(MessageText(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(MessageText("a\nb\tc\x1F\x7F"), "a\\x0Ab\\x09c\\x1F\\x7F");
}

TEST(MessageTextTest, LongTextIsCut) {
  const std::string exact(kMaxMessageTextBytes, 'a');
  EXPECT_EQ(MessageText(exact), exact);
  EXPECT_EQ(MessageText(exact + "b"), exact + "...");
}

TEST(MessageTextTest, CutNeverSplitsAUtf8Character) {
  // 199 ASCII bytes then a 2-byte character straddling the limit.
  const std::string text = std::string(kMaxMessageTextBytes - 1, 'a') + "\xC3\xA9" + "zz";
  EXPECT_EQ(MessageText(text), std::string(kMaxMessageTextBytes - 1, 'a') + "...");
}

}  // namespace
}  // namespace almanac::model
