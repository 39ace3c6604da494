#include "catalog/crawler/s3/s3_connections.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "catalog/model/names.h"

namespace almanac::crawler::s3 {

absl::StatusOr<std::map<std::string, S3Config>> ParseS3Connections(std::string_view text) {
  std::map<std::string, S3Config> out;
  S3Config* current = nullptr;
  std::set<std::string> keys_seen;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_no;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    auto fail = [&](const std::string& why) {
      return absl::InvalidArgumentError(absl::StrCat("S3 connections, line ", line_no, ": ", why));
    };
    if (line.front() == '[') {
      if (line.back() != ']') return fail("a section header is [NAME]");
      std::string name(absl::StripAsciiWhitespace(line.substr(1, line.size() - 2)));
      if (!model::ValidConnectionName(name)) {
        return fail(absl::StrCat("'", name, "' is not a connection name (letters, digits, _ - .)"));
      }
      if (out.count(name)) return fail(absl::StrCat("connection '", name, "' is defined twice"));
      current = &out[name];
      keys_seen.clear();
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == absl::string_view::npos) return fail("expected KEY = VALUE or [NAME]");
    std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(line.substr(0, eq)));
    std::string value(absl::StripAsciiWhitespace(line.substr(eq + 1)));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (current == nullptr) return fail(absl::StrCat("'", key, "' comes before any [NAME]"));
    if (!keys_seen.insert(key).second) return fail(absl::StrCat("'", key, "' is given twice"));
    if (key == "endpoint_url") {
      current->endpoint = value;
    } else if (key == "region") {
      current->region = value;
    } else if (key == "aws_access_key_id") {
      current->access_key_id = value;
    } else if (key == "aws_secret_access_key") {
      current->secret_access_key = value;
    } else if (key == "aws_session_token") {
      current->session_token = value;
    } else if (key == "addressing_style") {
      if (value == "auto") {
        current->addressing = AddressingStyle::kAuto;
      } else if (value == "path") {
        current->addressing = AddressingStyle::kPath;
      } else if (value == "virtual") {
        current->addressing = AddressingStyle::kVirtualHost;
      } else {
        return fail(absl::StrCat("addressing_style is auto, path or virtual, not '", value, "'"));
      }
    } else {
      return fail(absl::StrCat("unknown key '", key,
                               "' (endpoint_url, region, aws_access_key_id, "
                               "aws_secret_access_key, aws_session_token, addressing_style)"));
    }
  }
  return out;
}

}  // namespace almanac::crawler::s3
