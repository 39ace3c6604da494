#include "catalog/policy/condition.h"

#include <arpa/inet.h>

#include <cmath>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "catalog/policy/suggest.h"
#include "common/absl_view.h"

namespace almanac::policy::internal {
namespace {

using json = nlohmann::json;

struct OperatorInfo {
  const char* name;
  Family family;
  Compare compare;
  bool negated;
};

constexpr OperatorInfo kOperators[] = {
    {"StringEquals", Family::kString, Compare::kEquals, false},
    {"StringNotEquals", Family::kString, Compare::kEquals, true},
    {"StringEqualsIgnoreCase", Family::kString, Compare::kEqualsIgnoreCase, false},
    {"StringNotEqualsIgnoreCase", Family::kString, Compare::kEqualsIgnoreCase, true},
    {"StringLike", Family::kString, Compare::kLike, false},
    {"StringNotLike", Family::kString, Compare::kLike, true},
    {"NumericEquals", Family::kNumeric, Compare::kEquals, false},
    {"NumericNotEquals", Family::kNumeric, Compare::kEquals, true},
    {"NumericLessThan", Family::kNumeric, Compare::kLess, false},
    {"NumericLessThanEquals", Family::kNumeric, Compare::kLessEquals, false},
    {"NumericGreaterThan", Family::kNumeric, Compare::kGreater, false},
    {"NumericGreaterThanEquals", Family::kNumeric, Compare::kGreaterEquals, false},
    {"DateEquals", Family::kDate, Compare::kEquals, false},
    {"DateNotEquals", Family::kDate, Compare::kEquals, true},
    {"DateLessThan", Family::kDate, Compare::kLess, false},
    {"DateLessThanEquals", Family::kDate, Compare::kLessEquals, false},
    {"DateGreaterThan", Family::kDate, Compare::kGreater, false},
    {"DateGreaterThanEquals", Family::kDate, Compare::kGreaterEquals, false},
    {"Bool", Family::kBool, Compare::kEquals, false},
    {"BinaryEquals", Family::kBinary, Compare::kEquals, false},
    {"IpAddress", Family::kIp, Compare::kEquals, false},
    {"NotIpAddress", Family::kIp, Compare::kEquals, true},
    {"ArnEquals", Family::kArn, Compare::kLike, false},
    {"ArnLike", Family::kArn, Compare::kLike, false},
    {"ArnNotEquals", Family::kArn, Compare::kLike, true},
    {"ArnNotLike", Family::kArn, Compare::kLike, true},
    {"Null", Family::kNull, Compare::kEquals, false},
};

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

absl::Status UnknownOperator(std::string_view name, std::string_view prefix, std::string_view base,
                             std::string_view suffix) {
  std::vector<std::string> names;
  for (const OperatorInfo& op : kOperators) names.emplace_back(op.name);
  std::string suggestion = Suggest(base, names);
  if (suggestion.empty() || suggestion == base) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown condition operator '", AbslView(name), "'"));
  }
  if (suggestion == "Null") suffix = "";
  return absl::InvalidArgumentError(absl::StrCat("unknown condition operator '", AbslView(name),
                                                 "' (did you mean ", AbslView(prefix), suggestion,
                                                 AbslView(suffix), "?)"));
}

absl::Status ParseOperator(std::string_view name, ConditionEntry* e) {
  std::string_view base = name;
  std::string_view prefix, suffix;
  if (StartsWith(base, "ForAnyValue:")) {
    e->set = SetQualifier::kForAnyValue;
    prefix = base.substr(0, 12);
    base.remove_prefix(12);
  } else if (StartsWith(base, "ForAllValues:")) {
    e->set = SetQualifier::kForAllValues;
    prefix = base.substr(0, 13);
    base.remove_prefix(13);
  }
  if (EndsWith(base, "IfExists")) {
    e->if_exists = true;
    suffix = base.substr(base.size() - 8);
    base.remove_suffix(8);
  }
  for (const OperatorInfo& op : kOperators) {
    if (base != op.name) continue;
    // Null tests presence itself: no IfExists, no set qualifier.
    if (op.family == Family::kNull && (e->if_exists || e->set != SetQualifier::kNone)) break;
    e->op_name = std::string(name);
    e->family = op.family;
    e->compare = op.compare;
    e->negated = op.negated;
    return absl::OkStatus();
  }
  return UnknownOperator(name, prefix, base, suffix);
}

std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

bool LooksLikeArn(std::string_view s) {
  if (s == "*") return true;
  if (!StartsWith(s, "arn:") && !StartsWith(s, "arn*")) return false;
  size_t colons = 0;
  for (char c : s) colons += c == ':';
  return colons >= 5;
}

absl::Status CompileValue(const json& v, bool variables, ConditionEntry* e) {
  const std::string text = ValueText(v);
  const auto wrong = [&](std::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("condition '", e->op_name, "' key '",
                                                   e->key.display, "': '", text, "' is ",
                                                   AbslView(what)));
  };
  ConditionValue value;
  switch (e->family) {
    case Family::kString:
    case Family::kArn: {
      absl::StatusOr<Template> t = ParseTemplate(text, variables);
      if (!t.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "condition '", e->op_name, "' key '", e->key.display, "': ", t.status().message()));
      }
      if (e->family == Family::kArn && !LooksLikeArn(TemplateShape(*t, text))) {
        return wrong("not an ARN");
      }
      value.text = *std::move(t);
      break;
    }
    case Family::kNumeric: {
      std::optional<double> n = v.is_number() ? std::optional<double>(v.get<double>())
                                              : (v.is_string() ? ParseNumber(text) : std::nullopt);
      if (!n || !std::isfinite(*n)) return wrong("not a number");
      value.number = *n;
      break;
    }
    case Family::kDate: {
      std::optional<absl::Time> t;
      if (v.is_number()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && std::fabs(d) < 1e13)
          t = absl::FromUnixNanos(static_cast<int64_t>(d * 1e9));
      } else if (v.is_string()) {
        t = ParseDate(text);
      }
      if (!t) return wrong("not a date");
      value.time = *t;
      break;
    }
    case Family::kBool:
    case Family::kNull: {
      std::optional<bool> b = v.is_boolean() ? std::optional<bool>(v.get<bool>())
                                             : (v.is_string() ? ParseBool(text) : std::nullopt);
      if (!b) return wrong("not a boolean");
      value.boolean = *b;
      break;
    }
    case Family::kBinary: {
      std::string decoded;
      if (!v.is_string() || !absl::Base64Unescape(text, &decoded)) return wrong("not base64");
      value.text.plain = std::move(decoded);
      break;
    }
    case Family::kIp: {
      std::optional<IpNet> net = v.is_string() ? ParseCidr(text) : std::nullopt;
      if (!net) return wrong("not an IP address or CIDR");
      value.net = *net;
      break;
    }
  }
  e->values.push_back(std::move(value));
  return absl::OkStatus();
}

// --- evaluation ---

bool InNet(const IpNet& net, const IpNet& addr) {
  if (net.family != addr.family) return false;
  int bits = net.prefix;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((net.bytes[i] & mask) != (addr.bytes[i] & mask)) return false;
  }
  return true;
}

// Splits an ARN into its six components (the last one keeps its colons).
bool SplitArn(std::string_view s, std::string_view parts[6]) {
  for (int i = 0; i < 5; ++i) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos) return false;
    parts[i] = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  parts[5] = s;
  return true;
}

// IAM's ArnLike: each component matched on its own; '*' stays in its component.
bool ArnMatch(std::string_view pattern, std::string_view arn) {
  if (pattern == "*") return true;
  std::string_view p[6], t[6];
  if (!SplitArn(pattern, p) || !SplitArn(arn, t)) return false;
  for (int i = 0; i < 6; ++i) {
    if (!GlobMatch(p[i], t[i], /*case_insensitive=*/false, /*escapes=*/true)) return false;
  }
  return true;
}

template <typename T>
bool Ordered(Compare c, const T& a, const T& b) {
  switch (c) {
    case Compare::kEquals:
    case Compare::kEqualsIgnoreCase:
    case Compare::kLike:
      return a == b;
    case Compare::kLess:
      return a < b;
    case Compare::kLessEquals:
      return a <= b;
    case Compare::kGreater:
      return a > b;
    case Compare::kGreaterEquals:
      return a >= b;
  }
  return false;
}

// The positive comparison of request value i against the entry's values (ORed).
bool BaseMatch(const ConditionEntry& e, const KeyValues& kv, size_t i, EvalContext& ctx,
               std::string& scratch) {
  const std::string_view s = i < kv.strings.size() ? kv.strings[i] : std::string_view();
  switch (e.family) {
    case Family::kString:
    case Family::kArn: {
      const bool glob = e.compare == Compare::kLike;
      for (const ConditionValue& v : e.values) {
        std::string_view pv;
        if (v.text.has_variables()) {
          scratch.clear();
          if (!ctx.Resolve(v.text, glob, &scratch)) continue;
          pv = scratch;
        } else {
          pv = glob ? v.text.glob : v.text.plain;
        }
        if (e.family == Family::kArn) {
          if (ArnMatch(pv, s)) return true;
        } else if (e.compare == Compare::kEquals) {
          if (pv == s) return true;
        } else if (e.compare == Compare::kEqualsIgnoreCase) {
          if (pv.size() == s.size() && absl::EqualsIgnoreCase(AbslView(pv), AbslView(s)))
            return true;
        } else if (GlobMatch(pv, s, /*case_insensitive=*/false, /*escapes=*/true)) {
          return true;
        }
      }
      return false;
    }
    case Family::kNumeric: {
      std::optional<double> x;
      if (kv.time) {
        x = static_cast<double>(absl::ToUnixSeconds(*kv.time));
      } else {
        x = ParseNumber(s);
      }
      if (!x) return false;
      for (const ConditionValue& v : e.values) {
        if (Ordered(e.compare, *x, v.number)) return true;
      }
      return false;
    }
    case Family::kDate: {
      std::optional<absl::Time> t = kv.time ? kv.time : ParseDate(s);
      if (!t) return false;
      for (const ConditionValue& v : e.values) {
        if (Ordered(e.compare, *t, v.time)) return true;
      }
      return false;
    }
    case Family::kBool: {
      std::optional<bool> b = kv.boolean ? kv.boolean : ParseBool(s);
      if (!b) return false;
      for (const ConditionValue& v : e.values) {
        if (v.boolean == *b) return true;
      }
      return false;
    }
    case Family::kBinary:
      for (const ConditionValue& v : e.values) {
        if (v.text.plain == s) return true;
      }
      return false;
    case Family::kIp: {
      std::optional<IpNet> parsed;
      const std::optional<IpNet>* addr = &parsed;
      if (e.key.kind == KeyKind::kSourceIp) {
        addr = &ctx.SourceIp();
      } else {
        parsed = ParseCidr(s);
        if (parsed && parsed->prefix != (parsed->family == 4 ? 32 : 128)) parsed.reset();
      }
      if (!addr->has_value()) return false;
      for (const ConditionValue& v : e.values) {
        if (InNet(v.net, **addr)) return true;
      }
      return false;
    }
    case Family::kNull:
      return false;
  }
  return false;
}

bool EntryHolds(const ConditionEntry& e, EvalContext& ctx, KeyValues& kv, std::string& scratch) {
  if (e.family == Family::kNull) {
    ctx.Fetch(e.key, /*need_text=*/false, /*record_missing=*/false, &kv);
    const bool missing = kv.count == 0;
    for (const ConditionValue& v : e.values) {
      if (v.boolean == missing) return true;
    }
    return false;
  }
  const bool need_text =
      e.family == Family::kString || e.family == Family::kArn || e.family == Family::kBinary;
  ctx.Fetch(e.key, need_text, /*record_missing=*/true, &kv);
  if (kv.count == 0) {
    switch (e.set) {
      case SetQualifier::kForAllValues:
        return true;
      case SetQualifier::kForAnyValue:
        return e.if_exists;
      case SetQualifier::kNone:
        return e.if_exists || e.negated;
    }
  }
  switch (e.set) {
    case SetQualifier::kNone: {
      // Several request values without a qualifier: a positive operator needs
      // one value to match; a negated one needs every value to match none.
      bool any = false;
      for (size_t i = 0; i < kv.count && !any; ++i) any = BaseMatch(e, kv, i, ctx, scratch);
      return e.negated ? !any : any;
    }
    case SetQualifier::kForAnyValue:
      for (size_t i = 0; i < kv.count; ++i) {
        if (BaseMatch(e, kv, i, ctx, scratch) != e.negated) return true;
      }
      return false;
    case SetQualifier::kForAllValues:
      for (size_t i = 0; i < kv.count; ++i) {
        if (BaseMatch(e, kv, i, ctx, scratch) == e.negated) return false;
      }
      return true;
  }
  return false;
}

}  // namespace

absl::Status CompileConditions(const json& block, bool variables,
                               std::vector<ConditionEntry>* out) {
  if (!block.is_object()) return absl::InvalidArgumentError("Condition must be an object");
  for (auto op = block.begin(); op != block.end(); ++op) {
    const std::string& op_name = op.key();
    const json& keys = op.value();
    ConditionEntry proto;
    if (absl::Status s = ParseOperator(op_name, &proto); !s.ok()) return s;
    if (!keys.is_object() || keys.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("condition '", op_name, "' must map condition keys to values"));
    }
    for (auto k = keys.begin(); k != keys.end(); ++k) {
      const std::string& key_name = k.key();
      const json& values = k.value();
      ConditionEntry e = proto;
      absl::StatusOr<KeyRef> key = ParseKey(key_name);
      if (!key.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("condition '", op_name, "': ", key.status().message()));
      }
      e.key = *std::move(key);
      const auto bad_values = [&] {
        return absl::InvalidArgumentError(
            absl::StrCat("condition '", op_name, "' key '", key_name,
                         "': values must be strings, numbers or booleans"));
      };
      if (values.is_array()) {
        if (values.empty()) return bad_values();
        for (const json& v : values) {
          if (!v.is_primitive() || v.is_null()) return bad_values();
          if (absl::Status s = CompileValue(v, variables, &e); !s.ok()) return s;
        }
      } else {
        if (!values.is_primitive() || values.is_null()) return bad_values();
        if (absl::Status s = CompileValue(values, variables, &e); !s.ok()) return s;
      }
      out->push_back(std::move(e));
    }
  }
  return absl::OkStatus();
}

bool ConditionsHold(const std::vector<ConditionEntry>& entries, EvalContext& ctx) {
  if (entries.empty()) return true;
  KeyValues kv;
  std::string scratch;
  bool all = true;
  for (const ConditionEntry& e : entries) {
    if (!EntryHolds(e, ctx, kv, scratch)) all = false;
  }
  return all;
}

std::optional<absl::Time> ParseDate(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  // Epoch seconds, possibly fractional.
  const std::string_view digits = s[0] == '-' ? s.substr(1) : s;
  if (!digits.empty() && digits.find_first_not_of("0123456789.") == std::string_view::npos) {
    std::optional<double> d = ParseNumber(s);
    if (!d || !std::isfinite(*d) || std::fabs(*d) > 1e13) return std::nullopt;
    return absl::FromUnixNanos(static_cast<int64_t>(*d * 1e9));
  }
  std::string text(s);
  if (text.back() == 'Z' || text.back() == 'z') {
    text.pop_back();
    text += "+00:00";
  }
  static const char* const kFormats[] = {
      "%Y-%m-%dT%H:%M:%E*S%Ez", "%Y-%m-%dT%H:%M%Ez", "%Y-%m-%dT%H:%M:%E*S",
      "%Y-%m-%dT%H:%M",         "%Y-%m-%d",
  };
  for (const char* format : kFormats) {
    absl::Time t;
    std::string err;
    if (absl::ParseTime(format, text, absl::UTCTimeZone(), &t, &err)) return t;
  }
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  // Plain decimal notation only: no hex, inf, nan or surrounding blanks.
  if (s.find_first_not_of("-+0123456789.eE") != std::string_view::npos) return std::nullopt;
  double d;
  if (!absl::SimpleAtod(AbslView(s), &d) || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<bool> ParseBool(std::string_view s) {
  if (absl::EqualsIgnoreCase(AbslView(s), "true")) return true;
  if (absl::EqualsIgnoreCase(AbslView(s), "false")) return false;
  return std::nullopt;
}

std::optional<IpNet> ParseCidr(std::string_view s) {
  if (s.empty() || s.size() > 64) return std::nullopt;
  IpNet net;
  std::string address(s);
  const size_t slash = address.find('/');
  std::string_view prefix_text;
  if (slash != std::string::npos) {
    prefix_text = std::string_view(s).substr(slash + 1);
    address.resize(slash);
  }
  if (address.find(':') != std::string::npos) {
    net.family = 6;
    net.prefix = 128;
    if (inet_pton(AF_INET6, address.c_str(), net.bytes.data()) != 1) return std::nullopt;
  } else {
    net.family = 4;
    net.prefix = 32;
    if (inet_pton(AF_INET, address.c_str(), net.bytes.data()) != 1) return std::nullopt;
  }
  if (slash != std::string::npos) {
    if (prefix_text.empty() || prefix_text.size() > 3 ||
        prefix_text.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    const int prefix = std::stoi(std::string(prefix_text));
    if (prefix > net.prefix) return std::nullopt;
    net.prefix = prefix;
  }
  return net;
}

}  // namespace almanac::policy::internal
