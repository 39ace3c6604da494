#include "catalog/policy/context.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "catalog/policy/condition.h"
#include "common/absl_view.h"

namespace almanac::policy::internal {
namespace {

std::string Lower(std::string_view s) { return absl::AsciiStrToLower(AbslView(s)); }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Tag keys in condition key names are case-insensitive; an exact match first.
const std::string* FindTag(const std::map<std::string, std::string>& tags, const std::string& key) {
  for (const auto& [k, v] : tags) {
    if (k.size() == key.size() && absl::EqualsIgnoreCase(AbslView(k), AbslView(key))) return &v;
  }
  return nullptr;
}

void AppendGlobEscaped(std::string_view value, std::string* out) {
  for (char c : value) {
    if (c == '*' || c == '?' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
}

void AppendPiece(TemplatePiece* piece, std::string_view plain, std::string_view glob) {
  piece->plain.append(plain.data(), plain.size());
  piece->glob.append(glob.data(), glob.size());
}

}  // namespace

absl::StatusOr<KeyRef> ParseKey(std::string_view name) {
  KeyRef key;
  const std::string lower = Lower(name);
  if (lower.empty()) return absl::InvalidArgumentError("empty condition key");
  struct Fixed {
    const char* lower;
    const char* display;
    KeyKind kind;
  };
  static constexpr Fixed kFixed[] = {
      {"aws:username", "aws:username", KeyKind::kUsername},
      {"aws:userid", "aws:userid", KeyKind::kUserId},
      {"aws:principalarn", "aws:PrincipalArn", KeyKind::kPrincipalArn},
      {"aws:sourceip", "aws:SourceIp", KeyKind::kSourceIp},
      {"aws:securetransport", "aws:SecureTransport", KeyKind::kSecureTransport},
      {"aws:currenttime", "aws:CurrentTime", KeyKind::kCurrentTime},
      {"aws:epochtime", "aws:EpochTime", KeyKind::kEpochTime},
      {"aws:tagkeys", "aws:TagKeys", KeyKind::kTagKeys},
  };
  for (const Fixed& f : kFixed) {
    if (lower == f.lower) {
      key.kind = f.kind;
      key.display = f.display;
      return key;
    }
  }
  struct Tagged {
    const char* lower;
    const char* display;
    KeyKind kind;
  };
  static constexpr Tagged kTagged[] = {
      {"aws:principaltag/", "aws:PrincipalTag/", KeyKind::kPrincipalTag},
      {"aws:requesttag/", "aws:RequestTag/", KeyKind::kRequestTag},
      {"aws:resourcetag/", "aws:ResourceTag/", KeyKind::kResourceTag},
  };
  for (const Tagged& t : kTagged) {
    const std::string_view prefix(t.lower);
    if (StartsWith(lower, prefix)) {
      if (lower.size() == prefix.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("condition key '", AbslView(name), "' names no tag"));
      }
      key.kind = t.kind;
      key.arg = lower.substr(prefix.size());
      key.display = absl::StrCat(t.display, AbslView(name.substr(prefix.size())));
      return key;
    }
  }
  key.kind = KeyKind::kExtra;
  key.arg = lower;
  key.display = std::string(name);
  return key;
}

absl::StatusOr<Template> ParseTemplate(std::string_view text, bool variables) {
  Template t;
  if (!variables || text.find("${") == std::string_view::npos) {
    t.plain = std::string(text);
    // The text's own wildcards stay wildcards in the glob form.
    for (char c : text) {
      if (c == '\\') t.glob.push_back('\\');
      t.glob.push_back(c);
    }
    return t;
  }
  std::vector<TemplatePiece> pieces(1);
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("${", i);
    if (open == std::string_view::npos) {
      for (char c : text.substr(i)) {
        if (c == '\\') pieces.back().glob.push_back('\\');
        pieces.back().glob.push_back(c);
        pieces.back().plain.push_back(c);
      }
      break;
    }
    for (char c : text.substr(i, open - i)) {
      if (c == '\\') pieces.back().glob.push_back('\\');
      pieces.back().glob.push_back(c);
      pieces.back().plain.push_back(c);
    }
    const size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("unterminated policy variable in '", AbslView(text), "'"));
    }
    const std::string_view whole = text.substr(open, close + 1 - open);
    const absl::string_view stripped =
        absl::StripAsciiWhitespace(AbslView(text.substr(open + 2, close - open - 2)));
    const std::string_view inner(stripped.data(), stripped.size());
    i = close + 1;
    if (inner == "*") {
      AppendPiece(&pieces.back(), "*", "\\*");
      continue;
    }
    if (inner == "?") {
      AppendPiece(&pieces.back(), "?", "\\?");
      continue;
    }
    if (inner == "$") {
      AppendPiece(&pieces.back(), "$", "$");
      continue;
    }
    const auto malformed = [&] {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed policy variable '", AbslView(whole), "'"));
    };
    Variable var;
    std::string_view key_text = inner;
    const size_t comma = inner.find(',');
    if (comma != std::string_view::npos) {
      absl::string_view def = absl::StripAsciiWhitespace(AbslView(inner.substr(comma + 1)));
      if (def.size() < 2 || def.front() != '\'' || def.back() != '\'') return malformed();
      def = def.substr(1, def.size() - 2);
      if (def.find('\'') != absl::string_view::npos) return malformed();
      var.default_value = std::string(def);
      absl::string_view k = absl::StripAsciiWhitespace(AbslView(inner.substr(0, comma)));
      key_text = std::string_view(k.data(), k.size());
    }
    if (key_text.empty() || key_text.find_first_of(" \t${'") != std::string_view::npos) {
      return malformed();
    }
    absl::StatusOr<KeyRef> key = ParseKey(key_text);
    if (!key.ok()) return malformed();
    var.key = *std::move(key);
    TemplatePiece piece;
    piece.variable = std::move(var);
    pieces.push_back(std::move(piece));
    pieces.emplace_back();
  }
  bool any_variable = false;
  for (const TemplatePiece& p : pieces) any_variable |= p.variable.has_value();
  if (!any_variable) {
    // Only escapes: a constant text after all.
    for (const TemplatePiece& p : pieces) {
      t.plain += p.plain;
      t.glob += p.glob;
    }
    return t;
  }
  for (TemplatePiece& p : pieces) {
    if (p.variable || !p.plain.empty()) t.pieces.push_back(std::move(p));
  }
  return t;
}

std::string TemplateShape(const Template& t, std::string_view original) {
  if (!t.has_variables()) return t.plain;
  std::string shape;
  for (const TemplatePiece& p : t.pieces) {
    if (p.variable) {
      shape.push_back('*');
    } else {
      shape += p.plain;
    }
  }
  return shape;
}

void EvalContext::Fetch(const KeyRef& key, bool need_text, bool record_missing, KeyValues* values) {
  values->strings.clear();
  values->time.reset();
  values->boolean.reset();
  values->count = 0;
  const auto one = [&](std::string_view s) {
    values->strings.push_back(s);
    values->count = 1;
  };
  switch (key.kind) {
    case KeyKind::kUsername:
      if (!principal_.name.empty()) one(principal_.name);
      break;
    case KeyKind::kUserId:
      if (!principal_.user_id.empty()) one(principal_.user_id);
      break;
    case KeyKind::kPrincipalArn:
      if (!principal_.arn.empty()) one(principal_.arn);
      break;
    case KeyKind::kPrincipalTag:
      if (const std::string* v = FindTag(principal_.tags, key.arg)) one(*v);
      break;
    case KeyKind::kSourceIp:
      out_->context_dependent = true;
      if (facts_.source_ip) one(*facts_.source_ip);
      break;
    case KeyKind::kSecureTransport:
      out_->context_dependent = true;
      if (facts_.secure_transport) {
        values->boolean = *facts_.secure_transport;
        one(*facts_.secure_transport ? "true" : "false");
      }
      break;
    case KeyKind::kCurrentTime:
    case KeyKind::kEpochTime:
      out_->context_dependent = true;
      out_->time_dependent = true;
      if (facts_.current_time) {
        // aws:EpochTime is whole seconds.
        values->time = key.kind == KeyKind::kEpochTime
                           ? absl::FromUnixSeconds(absl::ToUnixSeconds(*facts_.current_time))
                           : *facts_.current_time;
        values->count = 1;
        if (need_text) {
          if (key.kind == KeyKind::kCurrentTime) {
            time_text_ =
                absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *facts_.current_time, absl::UTCTimeZone());
            values->strings.push_back(time_text_);
          } else {
            epoch_text_ = absl::StrCat(absl::ToUnixSeconds(*facts_.current_time));
            values->strings.push_back(epoch_text_);
          }
        }
      }
      break;
    case KeyKind::kRequestTag:
      out_->context_dependent = true;
      if (const std::string* v = FindTag(facts_.request_tags, key.arg)) one(*v);
      break;
    case KeyKind::kResourceTag:
      out_->context_dependent = true;
      if (const std::string* v = FindTag(facts_.resource_tags, key.arg)) one(*v);
      break;
    case KeyKind::kTagKeys:
      out_->context_dependent = true;
      for (const auto& [k, v] : facts_.request_tags) values->strings.push_back(k);
      values->count = values->strings.size();
      break;
    case KeyKind::kExtra: {
      out_->context_dependent = true;
      auto it = facts_.extra.find(key.arg);
      if (it == facts_.extra.end()) {
        for (auto e = facts_.extra.begin(); e != facts_.extra.end(); ++e) {
          if (absl::EqualsIgnoreCase(AbslView(e->first), AbslView(key.arg))) {
            it = e;
            break;
          }
        }
      }
      if (it != facts_.extra.end()) {
        for (const std::string& v : it->second) values->strings.push_back(v);
        values->count = values->strings.size();
      }
      break;
    }
  }
  if (values->count == 0 && record_missing) out_->missing_context_keys.push_back(key.display);
}

const std::optional<IpNet>& EvalContext::SourceIp() {
  if (!source_ip_parsed_) {
    source_ip_parsed_ = true;
    if (facts_.source_ip) {
      source_ip_ = ParseCidr(*facts_.source_ip);
      // An address, not a network.
      if (source_ip_ && source_ip_->prefix != (source_ip_->family == 4 ? 32 : 128)) {
        source_ip_.reset();
      }
    }
  }
  return source_ip_;
}

bool EvalContext::Resolve(const Template& t, bool glob, std::string* out) {
  KeyValues values;
  for (const TemplatePiece& p : t.pieces) {
    if (!p.variable) {
      out->append(glob ? p.glob : p.plain);
      continue;
    }
    Fetch(p.variable->key, /*need_text=*/true,
          /*record_missing=*/!p.variable->default_value.has_value(), &values);
    std::string_view value;
    if (values.count == 1 && !values.strings.empty()) {
      value = values.strings[0];
    } else if (p.variable->default_value) {
      value = *p.variable->default_value;
    } else {
      return false;
    }
    if (glob) {
      AppendGlobEscaped(value, out);
    } else {
      out->append(value.data(), value.size());
    }
  }
  return true;
}

}  // namespace almanac::policy::internal
