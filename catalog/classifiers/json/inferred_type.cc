#include "catalog/classifiers/json/inferred_type.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/hive_type.h"
#include "common/absl_view.h"

namespace almanac::classifiers::json {
namespace {

bool IsNumeric(Kind k) { return k == Kind::kInt || k == Kind::kBigint || k == Kind::kDouble; }

// JSON's number grammar (RFC 8259 section 6), so that XML text and JSON
// literals read alike: "007", "+1", ".5", "1." and "NaN" are not numbers.
// Sets `integral` when there is neither fraction nor exponent.
bool IsJsonNumber(std::string_view s, bool* integral) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i - start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  *integral = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
    *integral = false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
    *integral = false;
  }
  return i == s.size();
}

void AppendQuoted(std::string* out, const std::string& name) {
  // Backquoted always; NormalizeTypeString drops the quotes where the name
  // reads back without them.
  out->push_back('`');
  for (char c : name) {
    if (c == '`') out->push_back('`');
    out->push_back(c);
  }
  out->push_back('`');
}

}  // namespace

std::string HiveName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      c = '_';
    } else {
      c = absl::ascii_tolower(u);
    }
  }
  return out;
}

InferredType InferredType::Integer(int64_t v) {
  bool fits = v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
  return InferredType(fits ? Kind::kInt : Kind::kBigint);
}

InferredType InferredType::FromText(std::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(AbslView(text));
  if (s.empty()) return InferredType(Kind::kNull);
  if (absl::EqualsIgnoreCase(s, "true") || absl::EqualsIgnoreCase(s, "false")) {
    return InferredType(Kind::kBoolean);
  }
  bool integral = false;
  if (!IsJsonNumber(std::string_view(s.data(), s.size()), &integral)) {
    return InferredType(Kind::kString);
  }
  if (integral) {
    int64_t v = 0;
    if (absl::SimpleAtoi(s, &v)) return Integer(v);
  }
  return InferredType(Kind::kDouble);  // fractions, exponents, beyond 64 bits
}

size_t InferredType::Find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? std::string::npos : it->second;
}

void InferredType::AddField(std::string_view name, InferredType type) {
  if (name.empty()) return;
  std::string key = HiveName(name);
  if (Find(key) != std::string::npos) return;
  index_.emplace(key, fields_.size());
  fields_.emplace_back(std::move(key), std::move(type));
}

void InferredType::AddElement(InferredType type, bool promote_to_array) {
  if (element_.empty()) {
    element_.push_back(std::move(type));
  } else {
    element_[0].Merge(std::move(type), promote_to_array);
  }
}

void InferredType::Merge(InferredType other, bool promote_to_array) {
  if (other.kind_ == Kind::kNull) return;
  if (kind_ == Kind::kNull) {
    *this = std::move(other);
    return;
  }
  if (IsNumeric(kind_) && IsNumeric(other.kind_)) {
    if (other.kind_ > kind_) kind_ = other.kind_;  // int < bigint < double
    return;
  }
  if (kind_ == other.kind_) {
    if (kind_ == Kind::kStruct) {
      for (auto& [name, type] : other.fields_) {
        size_t at = Find(name);
        if (at == std::string::npos) {
          index_.emplace(name, fields_.size());
          fields_.emplace_back(name, std::move(type));
        } else {
          fields_[at].second.Merge(std::move(type), promote_to_array);
        }
      }
    } else if (kind_ == Kind::kArray && !other.element_.empty()) {
      AddElement(std::move(other.element_[0]), promote_to_array);
    }
    return;
  }
  if (promote_to_array && kind_ == Kind::kArray) {
    AddElement(std::move(other), true);
    return;
  }
  if (promote_to_array && other.kind_ == Kind::kArray) {
    InferredType array = Array();
    array.AddElement(std::move(*this), true);
    array.Merge(std::move(other), true);
    *this = std::move(array);
    return;
  }
  *this = InferredType(Kind::kString);
}

void InferredType::AppendRaw(std::string* out) const {
  switch (kind_) {
    case Kind::kNull:
    case Kind::kString:
      out->append("string");
      return;
    case Kind::kBoolean:
      out->append("boolean");
      return;
    case Kind::kInt:
      out->append("int");
      return;
    case Kind::kBigint:
      out->append("bigint");
      return;
    case Kind::kDouble:
      out->append("double");
      return;
    case Kind::kArray:
      out->append("array<");
      if (element_.empty()) {
        out->append("string");
      } else {
        element_[0].AppendRaw(out);
      }
      out->push_back('>');
      return;
    case Kind::kStruct:
      // Hive has no empty struct; an always-empty object reads as text.
      if (fields_.empty()) {
        out->append("string");
        return;
      }
      out->append("struct<");
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendQuoted(out, fields_[i].first);
        out->push_back(':');
        fields_[i].second.AppendRaw(out);
      }
      out->push_back('>');
      return;
  }
}

absl::StatusOr<std::string> InferredType::ToHiveType() const {
  std::string raw;
  AppendRaw(&raw);
  absl::StatusOr<std::string> normalized = model::NormalizeTypeString(raw);
  if (!normalized.ok()) {
    return absl::InternalError(
        absl::StrCat("inferred type does not parse: ", normalized.status().message()));
  }
  return normalized;
}

}  // namespace almanac::classifiers::json
