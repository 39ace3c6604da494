#include "catalog/model/message_text.h"

#include <string>
#include <string_view>

namespace almanac::model {

std::string MessageText(std::string_view text) {
  bool cut = false;
  if (text.size() > kMaxMessageTextBytes) {
    size_t end = kMaxMessageTextBytes;
    // Back off over UTF-8 continuation bytes so a multi-byte character is
    // either kept whole or dropped whole.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + (cut ? 3 : 0));
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  if (cut) out += "...";
  return out;
}

}  // namespace almanac::model
