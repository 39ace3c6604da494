// Name rules and partition-name escaping. The escaping must produce the same
// bytes as Hive's FileUtils.escapePathName / unescapePathName, because clients
// build partition names and locations themselves and look partitions up by
// those names: any difference would make a partition unreachable.
//
// Name rules chosen here:
//  - database and table names: [A-Za-z0-9_]+, at most 128 characters (Hive's
//    MetaStoreUtils.validateName without the special-characters option, and
//    the width of the database name column in Hive's own schema);
//  - column names: Hive's metastore accepts anything, but a name with ',' or
//    ':' cannot be written into the "columns" / "columns.types" SerDe
//    properties or a struct type string, and a control character cannot be
//    shown or typed back, so those are refused. At most 767 characters, the
//    width of COLUMNS_V2.COLUMN_NAME in Hive's schema.
#include "catalog/model/names.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "catalog/model/message_text.h"
#include "catalog/model/partition.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::model {
namespace {

constexpr size_t kMaxObjectNameLength = 128;
constexpr size_t kMaxColumnNameLength = 767;

// Hive's FileUtils.charToEscape: every ASCII control character (0x00-0x1F and
// 0x7F) plus " # % ' * / : = ? \ { [ ] ^. Bytes >= 0x80 are never escaped, so
// UTF-8 text passes through unchanged, as Java's per-char check does.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  for (unsigned char c : std::string_view("\"#%'*/:=?\\{[]^\x7F")) table[c] = true;
  return table;
}();

constexpr char kUpperHex[] = "0123456789ABCDEF";

bool NeedsEscape(char c) { return kEscaped[static_cast<unsigned char>(c)]; }

size_t EscapedSize(std::string_view text) {
  size_t size = text.size();
  for (char c : text) {
    if (NeedsEscape(c)) size += 2;
  }
  return size;
}

// Appends `text` escaped, copying unescaped runs in one go. With kLower, ASCII
// letters are lowered first (letters are never escaped, so order is moot).
template <bool kLower>
void AppendEscaped(std::string_view text, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!NeedsEscape(c)) continue;
    if (kLower) {
      for (size_t j = run; j < i; ++j) out->push_back(absl::ascii_tolower(text[j]));
    } else {
      out->append(text.data() + run, i - run);
    }
    const unsigned char u = static_cast<unsigned char>(c);
    const char escaped[3] = {'%', kUpperHex[u >> 4], kUpperHex[u & 0xF]};
    out->append(escaped, 3);
    run = i + 1;
  }
  if (kLower) {
    for (size_t j = run; j < text.size(); ++j) out->push_back(absl::ascii_tolower(text[j]));
  } else {
    out->append(text.data() + run, text.size() - run);
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What Java's Integer.parseInt(two_chars, 16) yields in unescapePathName,
// or -1 where Hive's code catches an exception or gets a negative number.
// parseInt accepts a sign, so "+7" is 7 and "-0" is 0: Hive then decodes
// "%+7" and "%-0", and so must we.
int JavaHexPair(char a, char b) {
  const int low = HexDigit(b);
  if (low < 0) return -1;
  if (a == '+') return low;
  if (a == '-') return low == 0 ? 0 : -1;
  const int high = HexDigit(a);
  return high < 0 ? -1 : high * 16 + low;
}

// Appends the Java char U+00XX as UTF-8: Hive decodes %XX to that char, and
// the Thrift layer sends Java strings as UTF-8.
void AppendLatin1(int code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Characters, not bytes, for length limits: Hive counts Java chars and its
// schema counts database characters.
size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

absl::Status ValidateObjectName(std::string_view what, std::string_view name) {
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("invalid %s name '': must not be empty", what));
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return absl::InvalidArgumentError(
          absl::StrFormat("invalid %s name '%s': only letters, digits and '_' are allowed", what,
                          MessageText(name)));
    }
  }
  if (name.size() > kMaxObjectNameLength) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid %s name '%s': longer than %d characters", what, MessageText(name),
        kMaxObjectNameLength));
  }
  return absl::OkStatus();
}

absl::Status PartitionNameError(std::string_view name, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrFormat("invalid partition name '%s': %s", MessageText(name), problem));
}

}  // namespace

std::string ToLowerName(std::string_view name) { return absl::AsciiStrToLower(AbslView(name)); }

absl::Status ValidateDatabaseName(std::string_view name) {
  return ValidateObjectName("database", name);
}

absl::Status ValidateTableName(std::string_view name) { return ValidateObjectName("table", name); }

absl::Status ValidateColumnName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("invalid column name '': must not be empty");
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "invalid column name '%s': control characters are not allowed", MessageText(name)));
    }
    if (c == ',' || c == ':') {
      return absl::InvalidArgumentError(
          absl::StrFormat("invalid column name '%s': '%c' is not allowed", MessageText(name), c));
    }
  }
  if (Utf8Length(name) > kMaxColumnNameLength) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid column name '%s': longer than %d characters", MessageText(name),
        kMaxColumnNameLength));
  }
  return absl::OkStatus();
}

bool ValidConnectionName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string EscapePartitionComponent(std::string_view text) {
  const size_t size = EscapedSize(text);
  if (size == text.size()) return std::string(text);
  std::string out;
  out.reserve(size);
  AppendEscaped<false>(text, &out);
  return out;
}

std::string PartitionNameKey(std::string_view key) {
  std::string out;
  out.reserve(EscapedSize(key));
  AppendEscaped<true>(key, &out);
  return out;
}

std::string UnescapePartitionComponent(std::string_view text) {
  size_t percent = text.find('%');
  if (percent == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  out.append(text.data(), percent);
  for (size_t i = percent; i < text.size(); ++i) {
    const char c = text[i];
    // Hive's condition, kept exactly: a '%' needs two more characters after it.
    if (c == '%' && i + 2 < text.size()) {
      const int code = JavaHexPair(text[i + 1], text[i + 2]);
      if (code >= 0) {
        AppendLatin1(code, &out);
        i += 2;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

absl::StatusOr<std::string> MakePartitionName(const std::vector<Column>& keys,
                                              const std::vector<std::string>& values) {
  if (keys.empty()) {
    return absl::InvalidArgumentError(
        "cannot make a partition name: the table has no partition keys");
  }
  if (keys.size() != values.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("cannot make a partition name: %d values for %d partition keys",
                        values.size(), keys.size()));
  }
  constexpr size_t kDefaultLength = sizeof(kDefaultPartitionName) - 1;
  // One pass to size the result, one to fill it: a single allocation.
  size_t size = 2 * keys.size() - 1;  // '=' per key, '/' between
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("cannot make a partition name: partition key %d has no name", i + 1));
    }
    size += EscapedSize(keys[i].name);
    size += values[i].empty() ? kDefaultLength : EscapedSize(values[i]);
  }
  std::string out;
  out.reserve(size);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back('/');
    // Hive lower-cases the key (Warehouse.makePartName), not the value. Keys
    // are normally stored lower case already; then the bulk-copy path applies.
    const std::string& key = keys[i].name;
    if (std::any_of(key.begin(), key.end(), absl::ascii_isupper)) {
      AppendEscaped<true>(key, &out);
    } else {
      AppendEscaped<false>(key, &out);
    }
    out.push_back('=');
    AppendPartitionValue(values[i], &out);
  }
  return out;
}

void AppendPartitionValue(std::string_view value, std::string* out) {
  if (value.empty()) {
    out->append(kDefaultPartitionName, sizeof(kDefaultPartitionName) - 1);
  } else {
    AppendEscaped<false>(value, out);
  }
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParsePartitionName(
    std::string_view name) {
  if (name.empty()) return PartitionNameError(name, "must not be empty");
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    const std::string_view component = name.substr(start, slash - start);
    if (component.empty()) return PartitionNameError(name, "empty component");
    // Escaping turns every '=' inside a key or value into %3D, so the first
    // '=' is the separator.
    const size_t eq = component.find('=');
    if (eq == std::string_view::npos) {
      return PartitionNameError(
          name, absl::StrCat("component '", MessageText(component), "' has no '='"));
    }
    if (eq == 0) {
      return PartitionNameError(
          name, absl::StrCat("component '", MessageText(component), "' has an empty key"));
    }
    if (eq + 1 == component.size()) {
      return PartitionNameError(
          name, absl::StrCat("component '", MessageText(component), "' has an empty value"));
    }
    pairs.emplace_back(UnescapePartitionComponent(component.substr(0, eq)),
                       UnescapePartitionComponent(component.substr(eq + 1)));
    if (slash == name.size()) break;
    start = slash + 1;
  }
  return pairs;
}

absl::StatusOr<std::vector<std::string>> PartitionValuesFromName(const std::vector<Column>& keys,
                                                                 std::string_view name) {
  ASSIGN_OR_RETURN(auto pairs, ParsePartitionName(name));
  if (pairs.size() != keys.size()) {
    return PartitionNameError(name, absl::StrFormat("%d keys given, the table has %d",
                                                    pairs.size(), keys.size()));
  }
  std::vector<std::string> values;
  values.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (!absl::EqualsIgnoreCase(pairs[i].first, keys[i].name)) {
      return PartitionNameError(
          name, absl::StrFormat("key %d is '%s', expected '%s'", i + 1,
                                MessageText(pairs[i].first), MessageText(keys[i].name)));
    }
    values.push_back(std::move(pairs[i].second));
  }
  return values;
}

}  // namespace almanac::model
