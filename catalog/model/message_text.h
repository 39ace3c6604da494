// MessageText(): how the model layer echoes user-supplied text (a type string,
// a name) inside an error message. Clients see these messages and servers log
// them, so the echo must be bounded in size and must not carry raw control
// characters; it stays readable otherwise (UTF-8 is kept as is).
// Stateless; thread-safe.
#ifndef ALMANAC_CATALOG_MODEL_MESSAGE_TEXT_H_
#define ALMANAC_CATALOG_MODEL_MESSAGE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace almanac::model {

// Longest echo, in bytes, before MessageText() cuts the text and appends "...".
inline constexpr size_t kMaxMessageTextBytes = 200;

// `text` with bytes 0x00-0x1F and 0x7F written as \xNN (upper hex), cut after
// kMaxMessageTextBytes bytes (never inside a UTF-8 sequence) with "..." appended.
std::string MessageText(std::string_view text);

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_MESSAGE_TEXT_H_
