// CompilePolicy: validation of a policy document and its compiled form.
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/policy/compiled.h"
#include "catalog/policy/condition.h"
#include "catalog/policy/context.h"
#include "catalog/policy/policy.h"
#include "catalog/policy/suggest.h"
#include "common/absl_view.h"

namespace almanac::policy {

using internal::ActionPattern;
using internal::PolicyBody;
using internal::ResourcePattern;
using internal::Statement;
using json = nlohmann::json;

CompiledPolicy::CompiledPolicy(std::unique_ptr<internal::PolicyBody> body)
    : body_(std::move(body)) {}
CompiledPolicy::~CompiledPolicy() = default;

const std::string& CompiledPolicy::text() const { return body_->text; }
bool CompiledPolicy::variables_enabled() const { return body_->variables; }
PolicyKind CompiledPolicy::kind() const { return body_->kind; }
size_t CompiledPolicy::statement_count() const { return body_->statements.size(); }
const std::string& CompiledPolicy::sid(size_t i) const { return body_->statements.at(i).sid; }
Effect CompiledPolicy::effect(size_t i) const { return body_->statements.at(i).effect; }
std::string CompiledPolicy::StatementLabel(size_t i) const {
  const std::string& s = sid(i);
  return s.empty() ? absl::StrCat("statement #", i + 1) : absl::StrCat("statement '", s, "'");
}

namespace {

constexpr const char* kStatementElements[] = {"Sid",          "Effect",      "Principal",
                                              "NotPrincipal", "Action",      "NotAction",
                                              "Resource",     "NotResource", "Condition"};
constexpr const char* kTopElements[] = {"Version", "Id", "Statement"};

std::string Lower(std::string_view s) { return absl::AsciiStrToLower(AbslView(s)); }

// A JSON value for a message, cut to a readable length.
std::string Shown(const json& v) {
  std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  if (text.size() > 64) text = text.substr(0, 61) + "...";
  return text;
}

bool HasWildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

absl::Status Invalid(std::string_view label, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(AbslView(label), ": ", AbslView(problem)));
}

std::string UnknownElement(std::string_view what, std::string_view name,
                           const std::vector<std::string>& known) {
  std::string suggestion = internal::Suggest(name, known);
  if (!suggestion.empty()) {
    return absl::StrCat("unknown ", AbslView(what), " '", AbslView(name), "' (did you mean ",
                        suggestion, "?)");
  }
  return absl::StrCat("unknown ", AbslView(what), " '", AbslView(name),
                      "' (elements: ", absl::StrJoin(known, ", "), ")");
}

// Line and column (1-based) of a byte offset, for JSON errors.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// A string, or a non-empty list of strings.
absl::Status StringList(const json& v, std::string_view label, std::string_view element,
                        std::vector<std::string>* out) {
  const auto bad = [&] {
    return Invalid(label, absl::StrCat(AbslView(element),
                                       " must be a string or a non-empty "
                                       "list of strings"));
  };
  if (v.is_string()) {
    out->push_back(v.get<std::string>());
    return absl::OkStatus();
  }
  if (!v.is_array() || v.empty()) return bad();
  for (const json& e : v) {
    if (!e.is_string()) return bad();
    out->push_back(e.get<std::string>());
  }
  return absl::OkStatus();
}

class Compiler {
 public:
  explicit Compiler(const CompileOptions& options) : options_(options) {
    for (const std::string& a : options.known_actions) {
      known_lower_.push_back(Lower(a));
      known_set_.insert(known_lower_.back());
    }
  }

  absl::StatusOr<std::unique_ptr<PolicyBody>> Compile(std::string_view text);

 private:
  absl::Status CompileStatement(const json& s, size_t index, Statement* out);
  absl::Status CompileActions(const json& v, std::string_view label, std::string_view element,
                              Statement* out);
  absl::Status CompileResources(const json& v, std::string_view label, std::string_view element,
                                Statement* out);
  absl::Status CheckResourceArn(std::string_view label, std::string_view original,
                                std::string_view shape);
  absl::Status CompilePrincipal(const json& v, std::string_view label, std::string_view element,
                                Statement* out);
  void BuildIndex(PolicyBody* body);

  const CompileOptions& options_;
  std::vector<std::string> known_lower_;
  absl::flat_hash_set<std::string> known_set_;
  bool variables_ = false;
};

absl::StatusOr<std::unique_ptr<PolicyBody>> Compiler::Compile(std::string_view text) {
  if (text.size() > options_.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy is ", text.size(), " bytes, over the limit of ", options_.max_bytes));
  }
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    auto [line, column] = LineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
    return absl::InvalidArgumentError(
        absl::StrCat("policy is not valid JSON (line ", line, ", column ", column, ")"));
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError("policy is not valid JSON");
  }
  if (!doc.is_object()) return absl::InvalidArgumentError("policy must be a JSON object");
  const std::vector<std::string> top(std::begin(kTopElements), std::end(kTopElements));
  for (const auto& [key, value] : doc.items()) {
    if (std::find(top.begin(), top.end(), key) == top.end()) {
      return absl::InvalidArgumentError(UnknownElement("top-level element", key, top));
    }
  }
  auto body = std::make_unique<PolicyBody>();
  body->text = std::string(text);
  body->kind = options_.kind;
  if (auto it = doc.find("Version"); it != doc.end()) {
    const std::string version = it->is_string() ? it->get<std::string>() : it->dump();
    if (!it->is_string() || (version != "2012-10-17" && version != "2008-10-17")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown Version '", version, "' (versions: 2012-10-17, 2008-10-17)"));
    }
    body->variables = version == "2012-10-17";
  }
  if (auto it = doc.find("Id"); it != doc.end() && !it->is_string()) {
    return absl::InvalidArgumentError("Id must be a string");
  }
  variables_ = body->variables;
  auto it = doc.find("Statement");
  if (it == doc.end()) return absl::InvalidArgumentError("policy has no Statement");
  std::vector<const json*> statements;
  if (it->is_object()) {
    statements.push_back(&*it);
  } else if (it->is_array()) {
    for (const json& s : *it) statements.push_back(&s);
  } else {
    return absl::InvalidArgumentError("Statement must be an object or a list of objects");
  }
  if (statements.empty()) return absl::InvalidArgumentError("Statement is empty");
  absl::flat_hash_map<std::string, size_t> sids;
  body->statements.resize(statements.size());
  for (size_t i = 0; i < statements.size(); ++i) {
    Statement& st = body->statements[i];
    if (absl::Status s = CompileStatement(*statements[i], i, &st); !s.ok()) return s;
    if (!st.sid.empty()) {
      auto [prev, inserted] = sids.emplace(st.sid, i);
      if (!inserted) {
        return absl::InvalidArgumentError(absl::StrCat(
            "statement '", st.sid, "': duplicate Sid (also statement #", prev->second + 1, ")"));
      }
    }
  }
  BuildIndex(body.get());
  return body;
}

absl::Status Compiler::CompileStatement(const json& s, size_t index, Statement* out) {
  std::string label = absl::StrCat("statement #", index + 1);
  if (!s.is_object()) return Invalid(label, "must be a JSON object");
  if (auto it = s.find("Sid"); it != s.end()) {
    if (!it->is_string()) return Invalid(label, "Sid must be a string");
    out->sid = it->get<std::string>();
    if (!out->sid.empty()) label = absl::StrCat("statement '", out->sid, "'");
  }
  const std::vector<std::string> elements(std::begin(kStatementElements),
                                          std::end(kStatementElements));
  for (const auto& [key, value] : s.items()) {
    if (std::find(elements.begin(), elements.end(), key) == elements.end()) {
      return Invalid(label, UnknownElement("element", key, elements));
    }
  }
  // Effect
  auto effect = s.find("Effect");
  if (effect == s.end()) return Invalid(label, "missing Effect");
  const std::string effect_text = Shown(*effect);
  if (effect_text == "Allow") {
    out->effect = Effect::kAllow;
  } else if (effect_text == "Deny") {
    out->effect = Effect::kDeny;
  } else {
    return Invalid(label, absl::StrCat("Effect must be Allow or Deny, not '", effect_text, "'"));
  }
  // Principal / NotPrincipal
  const bool has_p = s.contains("Principal"), has_np = s.contains("NotPrincipal");
  if (has_p && has_np) return Invalid(label, "has both Principal and NotPrincipal");
  if (options_.kind == PolicyKind::kResource) {
    if (!has_p && !has_np) {
      return Invalid(label, "a resource policy statement needs Principal or NotPrincipal");
    }
    const char* element = has_p ? "Principal" : "NotPrincipal";
    out->has_principal = true;
    out->not_principal = has_np;
    if (absl::Status st = CompilePrincipal(s.at(element), label, element, out); !st.ok()) {
      return st;
    }
  } else if (has_p || has_np) {
    return Invalid(label, absl::StrCat("an identity policy statement cannot have ",
                                       has_p ? "Principal" : "NotPrincipal"));
  }
  // Action / NotAction
  const bool has_a = s.contains("Action"), has_na = s.contains("NotAction");
  if (has_a && has_na) return Invalid(label, "has both Action and NotAction");
  if (!has_a && !has_na) return Invalid(label, "needs Action or NotAction");
  out->not_action = has_na;
  if (absl::Status st = CompileActions(s.at(has_a ? "Action" : "NotAction"), label,
                                       has_a ? "Action" : "NotAction", out);
      !st.ok()) {
    return st;
  }
  // Resource / NotResource
  const bool has_r = s.contains("Resource"), has_nr = s.contains("NotResource");
  if (has_r && has_nr) return Invalid(label, "has both Resource and NotResource");
  if (!has_r && !has_nr) return Invalid(label, "needs Resource or NotResource");
  out->not_resource = has_nr;
  if (absl::Status st = CompileResources(s.at(has_r ? "Resource" : "NotResource"), label,
                                         has_r ? "Resource" : "NotResource", out);
      !st.ok()) {
    return st;
  }
  // Condition
  if (auto it = s.find("Condition"); it != s.end()) {
    if (absl::Status st = internal::CompileConditions(*it, variables_, &out->conditions);
        !st.ok()) {
      return Invalid(label, std::string(st.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status Compiler::CompileActions(const json& v, std::string_view label,
                                      std::string_view element, Statement* out) {
  std::vector<std::string> entries;
  if (absl::Status s = StringList(v, label, element, &entries); !s.ok()) return s;
  for (const std::string& entry : entries) {
    if (entry == "*") {
      out->any_action = true;
      out->actions.push_back({true, "*", internal::Glob::Make("*", true)});
      continue;
    }
    const size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
      return Invalid(label, absl::StrCat("malformed action '", entry,
                                         "' (expected service:action, e.g. glue:GetTable)"));
    }
    const std::string service = Lower(std::string_view(entry).substr(0, colon));
    if (service != "glue" && service != "almanac") {
      return Invalid(label, absl::StrCat("unknown service '", entry.substr(0, colon),
                                         "' in action '", entry, "' (services: almanac, glue)"));
    }
    ActionPattern pattern{HasWildcard(entry), Lower(entry), {}};
    if (pattern.wildcard) pattern.glob = internal::Glob::Make(pattern.text, true);
    if (!known_lower_.empty()) {
      if (pattern.wildcard) {
        bool any = false;
        for (const std::string& k : known_lower_) {
          if (internal::GlobMatch(pattern.text, k, false, false)) {
            any = true;
            break;
          }
        }
        if (!any) {
          return Invalid(label,
                         absl::StrCat("action pattern '", entry, "' matches no known action"));
        }
      } else if (!known_set_.contains(pattern.text)) {
        std::string suggestion = internal::Suggest(entry, options_.known_actions);
        return Invalid(label, absl::StrCat("unknown action '", entry, "'",
                                           suggestion.empty() ? std::string()
                                                              : absl::StrCat(" (did you mean ",
                                                                             suggestion, "?)")));
      }
    }
    out->actions.push_back(std::move(pattern));
  }
  return absl::OkStatus();
}

absl::Status Compiler::CheckResourceArn(std::string_view label, std::string_view original,
                                        std::string_view shape) {
  std::string_view parts[6];
  std::string_view rest = shape;
  bool ok = true;
  for (int i = 0; i < 5 && ok; ++i) {
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
      ok = false;
      break;
    }
    parts[i] = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  parts[5] = rest;
  if (!ok || parts[0] != "arn" || parts[5].empty()) {
    return Invalid(label, absl::StrCat("malformed resource ARN '", AbslView(original),
                                       "' (expected arn:aws:glue:REGION:ACCOUNT:RESOURCE)"));
  }
  struct Field {
    const char* name;
    std::string_view value;
    std::string_view expected;
  };
  const Field fields[] = {{"partition", parts[1], "aws"},
                          {"service", parts[2], "glue"},
                          {"region", parts[3], options_.region},
                          {"account", parts[4], options_.account}};
  for (const Field& f : fields) {
    if (!internal::GlobMatch(f.value, f.expected, false, false)) {
      return Invalid(
          label,
          absl::StrCat("resource '", AbslView(original), "' is outside this catalog (", f.name,
                       " '", AbslView(f.value), "', expected '", AbslView(f.expected), "')"));
    }
  }
  // The resource part: catalog, database/DB, table/DB/TABLE,
  // userDefinedFunction/DB/FUNCTION, connection/NAME, or the schema
  // registry's registry/NAME and schema/REGISTRY/NAME, and crawler/NAME.
  const std::string_view r = parts[5];
  bool valid = false;
  const size_t wild = r.find_first_of("*?");
  if (wild == std::string_view::npos) {
    const size_t slashes = std::count(r.begin(), r.end(), '/');
    const auto named = [&](std::string_view type, size_t want_slashes) {
      if (!StartsWith(r, type) || slashes != want_slashes) return false;
      // No empty name segment.
      return r.find("//") == std::string_view::npos && r.back() != '/';
    };
    valid = r == "catalog" || named("database/", 1) || named("connection/", 1) ||
            named("table/", 2) || named("userDefinedFunction/", 2) ||
            named("registry/", 1) || named("schema/", 2) || named("crawler/", 1);
  } else {
    const std::string_view prefix = r.substr(0, wild);
    for (std::string_view type :
         {"catalog", "database/", "table/", "userDefinedFunction/", "connection/", "registry/",
          "schema/", "crawler/"}) {
      if (StartsWith(type, prefix) || (type != "catalog" && StartsWith(prefix, type))) {
        valid = true;
        break;
      }
    }
  }
  if (!valid) {
    return Invalid(label, absl::StrCat("resource '", AbslView(original),
                                       "' names no glue resource "
                                       "(expected catalog, database/DB, table/DB/TABLE, "
                                       "userDefinedFunction/DB/FUNCTION, connection/NAME, "
                                       "registry/NAME, schema/REGISTRY/NAME or crawler/NAME)"));
  }
  return absl::OkStatus();
}

absl::Status Compiler::CompileResources(const json& v, std::string_view label,
                                        std::string_view element, Statement* out) {
  std::vector<std::string> entries;
  if (absl::Status s = StringList(v, label, element, &entries); !s.ok()) return s;
  for (const std::string& entry : entries) {
    ResourcePattern pattern;
    if (entry == "*") {
      pattern.kind = ResourcePattern::Kind::kAny;
      out->resources.push_back(std::move(pattern));
      continue;
    }
    absl::StatusOr<internal::Template> t = internal::ParseTemplate(entry, variables_);
    if (!t.ok()) return Invalid(label, std::string(t.status().message()));
    const std::string shape = internal::TemplateShape(*t, entry);
    if (absl::Status s = CheckResourceArn(label, entry, shape); !s.ok()) return s;
    if (t->has_variables()) {
      pattern.kind = ResourcePattern::Kind::kTemplate;
      pattern.tmpl = *std::move(t);
    } else if (t->plain != entry) {
      // ${*}-style escapes: literal characters that look like wildcards.
      bool wildcard = false;
      for (size_t i = 0; i < t->glob.size(); ++i) {
        if (t->glob[i] == '\\') {
          ++i;
        } else if (t->glob[i] == '*' || t->glob[i] == '?') {
          wildcard = true;
        }
      }
      pattern.kind =
          wildcard ? ResourcePattern::Kind::kEscapedGlob : ResourcePattern::Kind::kLiteral;
      pattern.text = wildcard ? t->glob : t->plain;
    } else if (!HasWildcard(entry)) {
      pattern.kind = ResourcePattern::Kind::kLiteral;
      pattern.text = entry;
    } else if (entry.back() == '*' &&
               !HasWildcard(std::string_view(entry).substr(0, entry.size() - 1))) {
      pattern.kind = ResourcePattern::Kind::kPrefix;
      pattern.text = entry.substr(0, entry.size() - 1);
    } else {
      pattern.kind = ResourcePattern::Kind::kGlob;
      pattern.glob = internal::Glob::Make(entry, false);
    }
    out->resources.push_back(std::move(pattern));
  }
  return absl::OkStatus();
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

absl::Status Compiler::CompilePrincipal(const json& v, std::string_view label,
                                        std::string_view element, Statement* out) {
  internal::PrincipalSpec& spec = out->principal;
  if (v.is_string()) {
    if (v.get<std::string>() == "*") {
      spec.everyone = true;
      return absl::OkStatus();
    }
    return Invalid(label, absl::StrCat("malformed ", AbslView(element), " \"", Shown(v), "\"",
                                       " (expected \"*\" or {\"AWS\": ...})"));
  }
  if (!v.is_object() || v.empty()) {
    return Invalid(label, absl::StrCat("malformed ", AbslView(element),
                                       " (expected \"*\" or {\"AWS\": ...})"));
  }
  for (const auto& [type, value] : v.items()) {
    if (type != "AWS") {
      return Invalid(label, absl::StrCat("unsupported principal type '", type, "' (only AWS)"));
    }
    std::vector<std::string> entries;
    if (absl::Status s =
            StringList(value, label, absl::StrCat(AbslView(element), " AWS"), &entries);
        !s.ok()) {
      return s;
    }
    for (const std::string& p : entries) {
      if (p == "*") {
        spec.everyone = true;
        continue;
      }
      if (p.size() == 12 && AllDigits(p)) {
        spec.accounts.push_back(p);
        continue;
      }
      const std::string_view sv(p);
      constexpr std::string_view kIam = "arn:aws:iam::";
      bool ok = false;
      if (StartsWith(sv, kIam) && sv.size() > kIam.size() + 13 && sv[kIam.size() + 12] == ':' &&
          AllDigits(sv.substr(kIam.size(), 12))) {
        const std::string_view account = sv.substr(kIam.size(), 12);
        const std::string_view rest = sv.substr(kIam.size() + 13);
        if (rest == "root") {
          spec.accounts.emplace_back(account);
          ok = true;
        } else {
          for (std::string_view type : {"user/", "role/", "group/"}) {
            if (!StartsWith(rest, type)) continue;
            const std::string_view name = rest.substr(type.size());
            if (name.empty() || name.back() == '/' ||
                name.find_first_of("*? \t\n\"") != std::string_view::npos) {
              break;
            }
            (type == "group/" ? spec.groups : spec.arns).push_back(p);
            ok = true;
            break;
          }
        }
      }
      if (!ok) {
        return Invalid(label, absl::StrCat("malformed principal '", p,
                                           "' (expected \"*\", an account id or "
                                           "arn:aws:iam::ACCOUNT:root|user/NAME|role/NAME|"
                                           "group/NAME)"));
      }
    }
  }
  return absl::OkStatus();
}

void Compiler::BuildIndex(PolicyBody* body) {
  body->expanded = !known_lower_.empty();
  for (uint32_t i = 0; i < body->statements.size(); ++i) {
    const Statement& st = body->statements[i];
    if (st.not_action) {
      body->unindexed.push_back(i);
      continue;
    }
    bool wildcard = false;
    for (const ActionPattern& a : st.actions) {
      if (!a.wildcard) {
        auto& list = body->by_action[a.text];
        if (list.empty() || list.back() != i) list.push_back(i);
        continue;
      }
      wildcard = true;
      for (const std::string& k : known_lower_) {
        if (!internal::GlobMatch(a.text, k, false, false)) continue;
        auto& list = body->by_action[k];
        if (list.empty() || list.back() != i) list.push_back(i);
      }
    }
    if (wildcard) body->wildcard.push_back(i);
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(std::string_view json_text,
                                                                    const CompileOptions& options) {
  Compiler compiler(options);
  absl::StatusOr<std::unique_ptr<internal::PolicyBody>> body = compiler.Compile(json_text);
  if (!body.ok()) return body.status();
  return std::shared_ptr<const CompiledPolicy>(new CompiledPolicy(*std::move(body)));
}

std::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kAllowed:
      return "allowed";
    case Decision::kExplicitDeny:
      return "explicitDeny";
    case Decision::kImplicitDeny:
      return "implicitDeny";
  }
  return "implicitDeny";
}

}  // namespace almanac::policy
