// PrefixEvaluator: a listing's decisions prepared once (see the header).
#include "catalog/policy/prefix_evaluator.h"

#include <algorithm>
#include <utility>

#include "catalog/policy/compiled.h"
#include "catalog/policy/condition.h"
#include "catalog/policy/context.h"
#include "catalog/policy/statement_match.h"

namespace almanac::policy {

using internal::Glob;
using internal::ResourcePattern;
using internal::Statement;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Whether no text that starts with `prefix` can start with `literal` (they
// differ at a position both have).
bool Diverge(std::string_view literal, std::string_view prefix) {
  const size_t n = std::min(literal.size(), prefix.size());
  return literal.substr(0, n) != prefix.substr(0, n);
}

// The literal start of a pattern whose wildcards may be escaped by '\'.
std::string EscapedLiteralPrefix(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      out += pattern[++i];
    } else if (pattern[i] == '*' || pattern[i] == '?') {
      break;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

EntryReach ClassifyEntry(const ResourcePattern& p, std::string_view prefix) {
  switch (p.kind) {
    case ResourcePattern::Kind::kAny:
      return EntryReach::kAll;
    case ResourcePattern::Kind::kLiteral:
      // One resource; under the prefix only when it starts with it.
      if (Diverge(p.text, prefix) || p.text.size() < prefix.size()) return EntryReach::kNone;
      return EntryReach::kDepends;
    case ResourcePattern::Kind::kPrefix:
      if (StartsWith(prefix, p.text)) return EntryReach::kAll;
      if (Diverge(p.text, prefix)) return EntryReach::kNone;
      return EntryReach::kDepends;
    case ResourcePattern::Kind::kGlob: {
      if (p.glob.case_insensitive) return EntryReach::kDepends;
      const std::string& pattern = p.glob.pattern;
      if (Diverge(std::string_view(pattern).substr(0, p.glob.prefix), prefix)) {
        return EntryReach::kNone;
      }
      // "<head>*" where <head> matches a start of the prefix (cut at a code
      // point boundary): the final '*' takes the rest, whatever it is.
      if (!pattern.empty() && pattern.back() == '*') {
        const std::string_view head = std::string_view(pattern).substr(0, pattern.size() - 1);
        for (size_t k = 0; k <= prefix.size(); ++k) {
          if (k < prefix.size() && (static_cast<unsigned char>(prefix[k]) & 0xC0) == 0x80) {
            continue;
          }
          if (internal::GlobMatch(head, prefix.substr(0, k), false, false)) {
            return EntryReach::kAll;
          }
        }
      }
      return EntryReach::kDepends;
    }
    case ResourcePattern::Kind::kEscapedGlob:
      if (Diverge(EscapedLiteralPrefix(p.text), prefix)) return EntryReach::kNone;
      return EntryReach::kDepends;
    case ResourcePattern::Kind::kTemplate: {
      // The text before the first variable starts every resolved form.
      std::string head;
      for (const internal::TemplatePiece& piece : p.tmpl.pieces) {
        if (piece.variable.has_value()) break;
        head += piece.glob;
      }
      if (Diverge(EscapedLiteralPrefix(head), prefix)) return EntryReach::kNone;
      return EntryReach::kDepends;
    }
  }
  return EntryReach::kDepends;
}

// One name-dependent Resource entry, matched against the name alone when its
// literal start covers the prefix, else against prefix + name.
struct PrefixEvaluator::Matcher {
  enum class Kind { kNameEquals, kNameStartsWith, kNameGlob, kWhole };
  Kind kind = Kind::kWhole;
  std::string text;                         // kNameEquals, kNameStartsWith
  Glob glob;                                // kNameGlob
  const ResourcePattern* whole = nullptr;   // kWhole (a glob; never a template)

  bool Matches(std::string_view prefix, std::string_view name) const {
    switch (kind) {
      case Kind::kNameEquals:
        return name == text;
      case Kind::kNameStartsWith:
        return StartsWith(name, text);
      case Kind::kNameGlob:
        return glob.Match(name);
      case Kind::kWhole:
        break;
    }
    thread_local std::string resource;
    resource.assign(prefix.data(), prefix.size());
    resource.append(name.data(), name.size());
    if (whole->kind == ResourcePattern::Kind::kGlob) return whole->glob.Match(resource);
    return internal::GlobMatch(whole->text, resource, false, true);  // kEscapedGlob
  }
};

struct PrefixEvaluator::Dependent {
  bool not_resource = false;
  std::vector<Matcher> entries;

  bool Matches(std::string_view prefix, std::string_view name) const {
    bool match = false;
    for (const Matcher& m : entries) {
      if (m.Matches(prefix, name)) {
        match = true;
        break;
      }
    }
    return not_resource ? !match : match;
  }
};

PrefixEvaluator::PrefixEvaluator() = default;
PrefixEvaluator::~PrefixEvaluator() = default;

size_t PrefixEvaluator::dependent_statements() const { return denies_.size() + allows_.size(); }

std::unique_ptr<const PrefixEvaluator> PrefixEvaluator::Prepare(
    const Principal& principal, std::string_view action, std::string_view prefix,
    const RequestFacts& facts, absl::Span<const AttachedPolicy> resource_policies,
    absl::Span<const AttachedPolicy> identity_policies) {
  std::unique_ptr<PrefixEvaluator> out(new PrefixEvaluator());
  out->prefix_ = std::string(prefix);
  const std::string lower_action = internal::LowerAscii(action);
  const std::string_view account = internal::AccountOf(principal.arn);
  Evaluation scratch_eval;  // what the conditions read
  internal::EvalContext ctx(principal, facts, &scratch_eval);
  bool exact = true;
  for (const auto* list : {&resource_policies, &identity_policies}) {
    for (const AttachedPolicy& attached : *list) {
      if (attached.policy == nullptr) continue;
      out->keep_.push_back(attached.policy);
      const internal::PolicyBody& body = attached.policy->body();
      internal::ForEachCandidate(body, lower_action, [&](uint32_t index, bool action_known) {
        const Statement& st = body.statements[index];
        if (body.kind == PolicyKind::kResource &&
            !internal::PrincipalMatches(st, principal, account)) {
          return;
        }
        if (!action_known && !internal::ActionMatches(st, lower_action)) return;
        bool names_all = false;
        std::vector<const ResourcePattern*> depends;
        for (const ResourcePattern& p : st.resources) {
          const EntryReach reach = ClassifyEntry(p, prefix);
          if (reach == EntryReach::kAll) names_all = true;
          if (reach == EntryReach::kDepends) depends.push_back(&p);
        }
        // The statement's Resource/NotResource over the items: all, none or
        // by name.
        EntryReach reach = names_all        ? EntryReach::kAll
                           : depends.empty() ? EntryReach::kNone
                                             : EntryReach::kDepends;
        if (st.not_resource && reach != EntryReach::kDepends) {
          reach = reach == EntryReach::kAll ? EntryReach::kNone : EntryReach::kAll;
        }
        if (reach == EntryReach::kNone) return;
        if (!internal::ConditionsHold(st.conditions, ctx)) return;
        ++out->applicable_;
        const bool deny = st.effect == Effect::kDeny;
        if (reach == EntryReach::kAll) {
          (deny ? out->deny_all_ : out->allow_all_) = true;
          return;
        }
        Dependent dependent;
        dependent.not_resource = st.not_resource;
        for (const ResourcePattern* p : depends) {
          Matcher m;
          switch (p->kind) {
            case ResourcePattern::Kind::kLiteral:
              m.kind = Matcher::Kind::kNameEquals;
              m.text = p->text.substr(prefix.size());
              break;
            case ResourcePattern::Kind::kPrefix:
              m.kind = Matcher::Kind::kNameStartsWith;
              m.text = p->text.substr(prefix.size());
              break;
            case ResourcePattern::Kind::kGlob:
              if (!p->glob.case_insensitive && p->glob.prefix >= prefix.size() &&
                  StartsWith(p->glob.pattern, prefix)) {
                m.kind = Matcher::Kind::kNameGlob;
                m.glob = Glob::Make(p->glob.pattern.substr(prefix.size()), false);
              } else {
                m.kind = Matcher::Kind::kWhole;
                m.whole = p;
              }
              break;
            case ResourcePattern::Kind::kEscapedGlob:
              m.kind = Matcher::Kind::kWhole;
              m.whole = p;
              break;
            case ResourcePattern::Kind::kAny:
            case ResourcePattern::Kind::kTemplate:
              // A policy variable: its value is the caller's, but resolving
              // it per item is Evaluate's business.
              exact = false;
              return;
          }
          dependent.entries.push_back(std::move(m));
        }
        (deny ? out->denies_ : out->allows_).push_back(std::move(dependent));
      });
    }
  }
  // Each item's Evaluate reads the clock anew: not one answer for a listing.
  if (!exact || scratch_eval.time_dependent) return nullptr;
  if (out->deny_all_) {
    out->denies_.clear();
    out->allows_.clear();
  } else if (out->allow_all_) {
    out->allows_.clear();
  }
  // Which first bytes may lead to a match; any byte when an entry's name
  // part starts with a wildcard or is matched on the whole resource.
  bool deny_unmatched = out->deny_all_, allow_unmatched = out->allow_all_;
  for (const auto* list : {&out->denies_, &out->allows_}) {
    for (const Dependent& d : *list) {
      if (d.not_resource) (list == &out->denies_ ? deny_unmatched : allow_unmatched) = true;
      for (const Matcher& m : d.entries) {
        std::string_view head;
        switch (m.kind) {
          case Matcher::Kind::kNameEquals:
            if (m.text.empty()) continue;  // only the empty name
            head = m.text;
            break;
          case Matcher::Kind::kNameStartsWith:
            head = m.text;
            break;
          case Matcher::Kind::kNameGlob:
            head = m.glob.pattern;
            if (head.empty()) continue;  // only the empty name
            break;
          case Matcher::Kind::kWhole:
            break;
        }
        if (head.empty() || head[0] == '*' || head[0] == '?') {
          out->may_start_.fill(true);
        } else {
          out->may_start_[static_cast<unsigned char>(head[0])] = true;
        }
      }
    }
  }
  out->unmatched_ = deny_unmatched    ? Decision::kExplicitDeny
                    : allow_unmatched ? Decision::kAllowed
                                      : Decision::kImplicitDeny;
  return out;
}

Decision PrefixEvaluator::DecideByEntries(std::string_view name) const {
  if (deny_all_) return Decision::kExplicitDeny;
  for (const Dependent& d : denies_) {
    if (d.Matches(prefix_, name)) return Decision::kExplicitDeny;
  }
  if (allow_all_) return Decision::kAllowed;
  for (const Dependent& d : allows_) {
    if (d.Matches(prefix_, name)) return Decision::kAllowed;
  }
  return Decision::kImplicitDeny;
}

std::optional<Decision> PrefixEvaluator::uniform() const {
  if (deny_all_) return Decision::kExplicitDeny;
  if (!denies_.empty()) return std::nullopt;
  if (allow_all_) return Decision::kAllowed;
  if (!allows_.empty()) return std::nullopt;
  return Decision::kImplicitDeny;
}

}  // namespace almanac::policy
