#include "catalog/service/policy_authorizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "catalog/policy/prefix_evaluator.h"
#include "catalog/service/actions.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

constexpr size_t kShards = 16;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Whether `name` has an ASCII upper-case letter or a '/', 8 bytes at a time
// (a listing asks it of every name).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool HasUpperOrSlash(std::string_view name) {
  constexpr uint64_t k01 = 0x0101010101010101ULL;
  constexpr uint64_t k7f = 0x7f7f7f7f7f7f7f7fULL;
  constexpr uint64_t k80 = 0x8080808080808080ULL;
  auto check = [&](uint64_t w) {
    const uint64_t low = w & k7f;  // each byte's low 7 bits: no carry between bytes below
    const uint64_t at_least_a = low + k01 * (0x80 - 'A');        // bit 7: low >= 'A'
    const uint64_t above_z = low + k01 * (0x80 - ('Z' + 1));     // bit 7: low > 'Z'
    const uint64_t upper = at_least_a & ~above_z;
    const uint64_t not_slash = (low ^ (k01 * '/')) + k7f;        // bit 7: low != '/'
    return ((upper | ~not_slash) & ~w & k80) != 0;               // ~w: an ASCII byte
  };
  // Fixed-size loads only; short names and the tail are read as overlapping
  // pieces (a byte read twice changes nothing).
  const char* p = name.data();
  const size_t n = name.size();
  auto load64 = [](const char* at) {
    uint64_t w;
    std::memcpy(&w, at, 8);
    return w;
  };
  auto load32 = [](const char* at) {
    uint32_t w;
    std::memcpy(&w, at, 4);
    return uint64_t{w};
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 <= n; i += 8) {
      if (check(load64(p + i))) return true;
    }
    return (n % 8) != 0 && check(load64(p + n - 8));
  }
  if (n >= 4) return check(load32(p) | (load32(p + n - 4) << 32));
  if (n == 0) return false;
  const uint64_t w = uint64_t{static_cast<unsigned char>(p[0])} |
                     (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
                     (uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
  return check(w);
}

struct CachedDecision {
  bool allowed = false;
  std::string message;  // the denial, when refused
};

// The client's IP address from a front end's peer string: "ipv4:1.2.3.4:5",
// "ipv6:[::1]:5" (gRPC, brackets sometimes %-encoded), "1.2.3.4:5" or
// "[::1]:5" (Thrift).
std::optional<std::string> SourceIp(std::string_view address) {
  std::string a(address);
  for (std::string_view prefix : {"ipv4:", "ipv6:"}) {
    if (StartsWith(a, prefix)) a = a.substr(prefix.size());
  }
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"%5B", "["},
                          {"%5D", "]"}, {"%5b", "["}, {"%5d", "]"}}) {
    size_t pos;
    while ((pos = a.find(from)) != std::string::npos) a.replace(pos, from.size(), to);
  }
  if (a.empty()) return std::nullopt;
  if (a.front() == '[') {
    size_t end = a.find(']');
    if (end == std::string::npos) return std::nullopt;
    return a.substr(1, end - 1);
  }
  if (std::count(a.begin(), a.end(), ':') == 1) return a.substr(0, a.find(':'));
  if (a.find(':') == std::string::npos && a.find('.') == std::string::npos) return std::nullopt;
  return a;
}

// What a cached decision is keyed by: who asks (principal and claimed or
// proven groups), what, on which resource, from where and over what.
std::string DecisionKey(const model::RequestContext& ctx, std::string_view action,
                        std::string_view resource, const std::optional<std::string>& ip) {
  return absl::StrCat(ctx.principal, "\x1f", absl::StrJoin(ctx.groups, ","), "\x1f",
                      AbslView(action), "\x1f", AbslView(resource), "\x1f", ip.value_or(""),
                      ctx.secure_transport ? "\x1fs" : "");
}

// The request's condition keys as a call brings them.
policy::RequestFacts FactsOf(const model::RequestContext& ctx,
                             const std::optional<std::string>& ip) {
  policy::RequestFacts facts;
  facts.source_ip = ip;
  facts.secure_transport = ctx.secure_transport;
  facts.current_time = absl::Now();
  return facts;
}

bool IsIdentityTarget(std::string_view target) {
  return StartsWith(target, "user/") || StartsWith(target, "group/") ||
         StartsWith(target, "role/");
}

absl::Status CheckTarget(const model::PolicyRecord& record) {
  std::string_view t = record.target;
  std::vector<std::string> parts = absl::StrSplit(AbslView(t), '/');
  bool ok = false;
  if (record.kind == model::PolicyTargetKind::kResource) {
    ok = t == "catalog" || (parts.size() == 2 && parts[0] == "database") ||
         (parts.size() == 3 && parts[0] == "table");
  } else {
    ok = parts.size() == 2 && (parts[0] == "user" || parts[0] == "group" || parts[0] == "role");
  }
  for (const std::string& part : parts) ok = ok && !part.empty();
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid policy target '", AbslView(t), "': ",
        record.kind == model::PolicyTargetKind::kResource
            ? "a resource policy is attached to 'catalog', 'database/DB' or 'table/DB/TABLE'"
            : "an identity policy is attached to 'user/NAME', 'group/NAME' or 'role/NAME'"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsBaselineAction(std::string_view action) {
  for (std::string_view a :
       {actions::kSetSessionOption, actions::kGetServerInfo, actions::kParsePartitionName}) {
    if (absl::EqualsIgnoreCase(AbslView(a), AbslView(action))) return true;
  }
  return false;
}

const std::vector<std::string>& AllActions() {
  static const auto* kActions = [] {
    auto* v = new std::vector<std::string>();
    for (std::string_view a : actions::kAll) v->emplace_back(a);
    return v;
  }();
  return *kActions;
}

bool IsAdministrativeAction(std::string_view action) {
  for (std::string_view a :
       {actions::kPutResourcePolicy, actions::kGetResourcePolicy, actions::kDeleteResourcePolicy,
        actions::kGetResourcePolicies, actions::kPutIdentityPolicy, actions::kGetIdentityPolicy,
        actions::kDeleteIdentityPolicy, actions::kSimulatePolicy, actions::kReadAuditTrail}) {
    if (absl::EqualsIgnoreCase(AbslView(a), AbslView(action))) return true;
  }
  return false;
}

struct PolicyAuthorizer::Snapshot {
  std::vector<policy::AttachedPolicy> catalog;  // none or one
  absl::flat_hash_map<std::string, policy::AttachedPolicy> resource;  // "database/x", "table/x/y"
  absl::flat_hash_map<std::string, policy::AttachedPolicy> identity;  // "user/x", "group/x", ...
  std::vector<model::PolicyRecord> records;

  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, CachedDecision> map ABSL_GUARDED_BY(mu);
  };
  mutable std::array<Shard, kShards> shards;
  // PrepareListing's prepared answers, by the same kind of key with the item
  // prefix for the resource.
  mutable absl::Mutex listings_mu;
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const ListingCore>> listings
      ABSL_GUARDED_BY(listings_mu);
};

// What a listing's answers are, for one caller, action and item prefix, as
// far as they do not depend on the call (cached per snapshot).
struct PolicyAuthorizer::ListingCore {
  enum class Mode {
    kAll,       // every item visible
    kNone,      // no item visible
    kPrepared,  // `items` decides the item's own level
    kAskEach,   // Authorize for each item
  };
  Mode mode = Mode::kAskEach;
  // Items with a resource policy of their own (by name): Authorize decides.
  absl::flat_hash_set<std::string> own_policy;
  // kPrepared: the item's own level; the decision of the levels above it
  // (catalog; database) was no explicit deny, and `levels_allowed` says
  // whether all of them allowed. `fallback_allows`: the baseline or the
  // administrators' rule allows what no policy allowed or denied.
  std::unique_ptr<const policy::PrefixEvaluator> items;
  bool levels_allowed = false;
  bool fallback_allows = false;
  // Whether a '/' in a name changes the item's levels (databases: it would
  // name a database and something in it; a table's ARN keeps its levels).
  bool slash_changes_levels = true;
  // kPrepared: the answer for a name no name-dependent entry matches.
  bool unmatched_visible = false;
  // kPrepared without items of their own: a name whose first letter (in
  // lower case) no name-dependent entry starts with is answered
  // unmatched_visible whatever its other characters.
  bool quick = false;
};

// One listing's per-item question over a prepared core.
class PolicyAuthorizer::Listing final : public PreparedListing {
 public:
  Listing(std::shared_ptr<const ListingCore> core, PolicyAuthorizer* authorizer,
          const model::RequestContext& context, std::string_view action,
          std::string_view item_prefix)
      : core_(std::move(core)),
        authorizer_(authorizer),
        context_(context),
        action_(action),
        prefix_(item_prefix) {}

  bool Visible(std::string_view name) const override {
    if (NeedsAsking(name)) return Ask(name);
    return Decide(name);
  }

  void KeepVisible(std::vector<std::string>* names) const override {
    const bool quick = core_->quick;
    const policy::PrefixEvaluator* items = core_->items.get();
    size_t kept = 0;
    for (size_t i = 0; i < names->size(); ++i) {
      const std::string& name = (*names)[i];
      bool visible;
      if (quick && !name.empty() &&
          !items->may_match_starting_with(
              static_cast<unsigned char>(absl::ascii_tolower(name[0])))) {
        visible = core_->unmatched_visible;
      } else {
        visible = NeedsAsking(name) ? Ask(name) : Decide(name);
      }
      if (!visible) continue;
      if (kept != i) (*names)[kept] = std::move((*names)[i]);
      ++kept;
    }
    names->resize(kept);
  }

 private:
  // Names the prepared core cannot answer for: an upper-case letter (the ARN
  // has it in lower case), an empty name or one with a '/' (either would
  // change the ARN's shape, hence its levels), an item with a resource
  // policy of its own (which takes part in its every level).
  bool NeedsAsking(std::string_view name) const {
    if (core_->mode == ListingCore::Mode::kAskEach || name.empty()) return true;
    return HasUpperOrSlash(name) ||
           (!core_->own_policy.empty() && core_->own_policy.contains(AbslView(name)));
  }

  bool Decide(std::string_view name) const {
    switch (core_->mode) {
      case ListingCore::Mode::kAll:
        return true;
      case ListingCore::Mode::kNone:
      case ListingCore::Mode::kAskEach:  // never: NeedsAsking
        return false;
      case ListingCore::Mode::kPrepared:
        break;
    }
    const policy::Decision d = core_->items->Decide(name);
    if (d == policy::Decision::kExplicitDeny) return false;
    if (d == policy::Decision::kAllowed && core_->levels_allowed) return true;
    return core_->fallback_allows;
  }

  bool Ask(std::string_view name) const {
    return AuthorizeListedItem(*authorizer_, context_, action_, prefix_, name);
  }

  std::shared_ptr<const ListingCore> core_;
  PolicyAuthorizer* authorizer_;
  const model::RequestContext& context_;
  std::string action_;
  std::string prefix_;
};

struct PolicyAuthorizer::Caller {
  std::string target;  // "user/alice", "role/etl", or "" for a group's anonymous member
  std::vector<std::string> group_targets;  // "group/analysts"
  policy::Principal principal;
};

PolicyAuthorizer::PolicyAuthorizer(PolicyAuthorizerOptions options)
    : options_(std::move(options)), snapshot_(std::make_shared<Snapshot>()) {}

PolicyAuthorizer::~PolicyAuthorizer() = default;

std::shared_ptr<const PolicyAuthorizer::Snapshot> PolicyAuthorizer::snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  return snapshot_;
}

std::string PolicyAuthorizer::PrincipalArn(std::string_view principal) const {
  if (StartsWith(principal, "arn:")) return std::string(principal);
  std::string_view kind = "user";
  if (StartsWith(principal, "user/")) {
    principal.remove_prefix(5);
  } else if (StartsWith(principal, "role/")) {
    kind = "role";
    principal.remove_prefix(5);
  }
  return absl::StrCat("arn:aws:iam::", options_.arns.account(), ":", AbslView(kind), "/",
                      AbslView(principal));
}

std::string PolicyAuthorizer::GroupArn(std::string_view group) const {
  if (StartsWith(group, "arn:")) return std::string(group);
  if (StartsWith(group, "group/")) group.remove_prefix(6);
  return absl::StrCat("arn:aws:iam::", options_.arns.account(), ":group/", AbslView(group));
}

PolicyAuthorizer::Caller PolicyAuthorizer::CallerOf(const model::RequestContext& ctx) const {
  return MakeCaller(ctx.principal.empty() ? "anonymous" : ctx.principal, ctx.groups);
}

PolicyAuthorizer::Caller PolicyAuthorizer::MakeCaller(
    std::string_view principal, const std::vector<std::string>& groups) const {
  Caller c;
  if (!principal.empty()) {
    c.principal.arn = PrincipalArn(principal);
    // The target is the ARN's resource part: "user/alice", "role/etl".
    std::string_view arn = c.principal.arn;
    size_t colon = arn.rfind(':');
    c.target = std::string(arn.substr(colon + 1));
    if (StartsWith(c.target, "user/")) c.principal.name = c.target.substr(5);
    c.principal.user_id = c.principal.name.empty() ? c.target : c.principal.name;
  }
  for (const std::string& g : groups) {
    std::string arn = GroupArn(g);
    c.group_targets.push_back(arn.substr(arn.rfind(':') + 1));
    c.principal.group_arns.push_back(std::move(arn));
  }
  return c;
}

bool PolicyAuthorizer::IsAdmin(const Caller& caller) const {
  for (const std::string& admin : options_.admins) {
    if (StartsWith(admin, "group/")) {
      for (const std::string& g : caller.group_targets) {
        if (g == admin) return true;
      }
    } else if (!caller.target.empty() &&
               PrincipalArn(admin) == caller.principal.arn) {
      return true;
    }
  }
  return false;
}

std::vector<policy::AttachedPolicy> PolicyAuthorizer::IdentityPolicies(
    const Snapshot& snap, const Caller& caller) const {
  std::vector<policy::AttachedPolicy> out;
  if (auto it = snap.identity.find(caller.target);
      !caller.target.empty() && it != snap.identity.end()) {
    out.push_back(it->second);
  }
  for (const std::string& g : caller.group_targets) {
    if (auto it = snap.identity.find(g); it != snap.identity.end()) out.push_back(it->second);
  }
  return out;
}

SimulationResult PolicyAuthorizer::Evaluate(const Snapshot& snap, const Caller& caller,
                                            std::string_view action, std::string_view resource,
                                            const policy::RequestFacts& facts) const {
  SimulationResult result;
  result.principal_arn = caller.principal.arn;
  // The ancestor chain and the resource policies on the request's path.
  std::vector<std::string> levels;
  std::vector<policy::AttachedPolicy> resource_policies = snap.catalog;
  const std::string& prefix = options_.arns.Catalog();  // "arn:aws:glue:R:A:catalog"
  std::string_view base(prefix.data(), prefix.size() - std::string_view("catalog").size());
  if (StartsWith(resource, base)) {
    std::string_view rest = resource.substr(base.size());
    std::vector<std::string> parts = absl::StrSplit(AbslView(rest), '/');
    // Glue asks schema registry actions on the registry or schema ARN alone
    // (no catalog ancestor, unlike the Data Catalog's objects).
    // Crawlers likewise.
    const bool registry_object =
        parts[0] == "registry" || parts[0] == "schema" || parts[0] == "crawler";
    if (!registry_object) levels.push_back(prefix);
    auto attach = [&](const std::string& target) {
      auto it = snap.resource.find(target);
      if (it != snap.resource.end()) resource_policies.push_back(it->second);
    };
    if (parts.size() >= 2 && parts[0] != "catalog") {
      if (parts[0] == "database" || parts[0] == "table" || parts[0] == "userDefinedFunction") {
        std::string db_target = absl::StrCat("database/", AbslView(parts[1]));
        attach(db_target);
        levels.push_back(options_.arns.Database(parts[1]));
        if (parts[0] == "table" && parts.size() == 3) {
          attach(absl::StrCat("table/", AbslView(parts[1]), "/", AbslView(parts[2])));
        }
      }
      if (levels.empty() || levels.back() != resource) levels.emplace_back(resource);
    }
    if (levels.empty()) levels.emplace_back(resource);
  } else {
    levels.emplace_back(resource);
  }
  std::vector<policy::AttachedPolicy> identity_policies = IdentityPolicies(snap, caller);

  std::set<std::string> missing;
  bool all_allowed = true;
  for (const std::string& level : levels) {
    SimulationLevel l{level, policy::Evaluate(caller.principal, action, level, facts,
                                              resource_policies, identity_policies)};
    missing.insert(l.evaluation.missing_context_keys.begin(),
                   l.evaluation.missing_context_keys.end());
    if (l.evaluation.decision == policy::Decision::kExplicitDeny &&
        result.decision != policy::Decision::kExplicitDeny) {
      result.decision = policy::Decision::kExplicitDeny;
      result.deciding = l.evaluation.deciding;
    }
    if (l.evaluation.decision != policy::Decision::kAllowed) all_allowed = false;
    if (all_allowed) result.deciding = l.evaluation.deciding;
    result.levels.push_back(std::move(l));
  }
  if (result.decision != policy::Decision::kExplicitDeny) {
    if (all_allowed) {
      result.decision = policy::Decision::kAllowed;
    } else {
      result.deciding.reset();
      if (IsBaselineAction(action)) {
        result.decision = policy::Decision::kAllowed;
        result.allowed_as_baseline = true;
      } else if (IsAdministrativeAction(action) && IsAdmin(caller)) {
        result.decision = policy::Decision::kAllowed;
        result.allowed_as_admin = true;
      }
    }
  }
  result.missing_context_keys.assign(missing.begin(), missing.end());
  return result;
}

std::string PolicyAuthorizer::DenialMessage(const Caller& caller, const AccessRequest& request,
                                            const SimulationResult& result) const {
  std::string why;
  if (result.decision == policy::Decision::kExplicitDeny && result.deciding.has_value()) {
    why = absl::StrCat(" with an explicit deny in ",
                       IsIdentityTarget(result.deciding->policy) ? "an identity-based"
                                                                 : "a resource-based",
                       " policy");
  } else {
    why = absl::StrCat(" because no resource-based or identity-based policy allows the ",
                       AbslView(request.action), " action");
  }
  return absl::StrCat("User: ", caller.principal.arn.empty() ? "anonymous" : caller.principal.arn,
                      " is not authorized to perform: ", AbslView(request.action),
                      " on resource: ", AbslView(request.resource), why);
}

absl::Status PolicyAuthorizer::Authorize(const AccessRequest& request) {
  if (!options_.enforce || request.context.front_end == model::FrontEnd::kInternal) {
    return absl::OkStatus();
  }
  std::shared_ptr<const Snapshot> snap = snapshot();
  const model::RequestContext& ctx = request.context;
  std::optional<std::string> ip = SourceIp(ctx.source_address);
  std::string key = DecisionKey(ctx, request.action, request.resource, ip);
  Snapshot::Shard& shard = snap->shards[absl::HashOf(key) % kShards];
  {
    absl::MutexLock lock(&shard.mu);
    if (auto it = shard.map.find(key); it != shard.map.end()) {
      if (it->second.allowed) return absl::OkStatus();
      return absl::PermissionDeniedError(it->second.message);
    }
  }
  Caller caller = CallerOf(ctx);
  const policy::RequestFacts facts = FactsOf(ctx, ip);
  SimulationResult result = Evaluate(*snap, caller, request.action, request.resource, facts);
  bool time_dependent = false;
  for (const SimulationLevel& l : result.levels) time_dependent |= l.evaluation.time_dependent;
  CachedDecision decision;
  decision.allowed = result.decision == policy::Decision::kAllowed;
  if (!decision.allowed) decision.message = DenialMessage(caller, request, result);
  if (!time_dependent) {
    absl::MutexLock lock(&shard.mu);
    if (shard.map.size() >= options_.cache_capacity / kShards) shard.map.clear();
    shard.map.emplace(std::move(key), decision);
  }
  if (decision.allowed) return absl::OkStatus();
  return absl::PermissionDeniedError(decision.message);
}

std::shared_ptr<const PreparedListing> PolicyAuthorizer::PrepareListing(
    const model::RequestContext& ctx, std::string_view action, std::string_view item_prefix) {
  if (!options_.enforce || ctx.front_end == model::FrontEnd::kInternal) {
    return EveryItemVisible();
  }
  std::shared_ptr<const Snapshot> snap = snapshot();
  std::optional<std::string> ip = SourceIp(ctx.source_address);
  std::string key = DecisionKey(ctx, action, item_prefix, ip);
  std::shared_ptr<const ListingCore> core;
  {
    absl::MutexLock lock(&snap->listings_mu);
    if (auto it = snap->listings.find(key); it != snap->listings.end()) core = it->second;
  }
  if (core == nullptr) {
    core = PrepareListingCore(*snap, ctx, action, item_prefix, ip);
    absl::MutexLock lock(&snap->listings_mu);
    if (snap->listings.size() >= options_.cache_capacity / kShards) snap->listings.clear();
    snap->listings.emplace(std::move(key), core);
  }
  if (core->mode == ListingCore::Mode::kAll && core->own_policy.empty()) {
    return EveryItemVisible();
  }
  return std::make_shared<Listing>(std::move(core), this, ctx, action, item_prefix);
}

std::shared_ptr<const PolicyAuthorizer::ListingCore> PolicyAuthorizer::PrepareListingCore(
    const Snapshot& snap, const model::RequestContext& ctx, std::string_view action,
    std::string_view item_prefix, const std::optional<std::string>& ip) const {
  auto core = std::make_shared<ListingCore>();
  const std::string& catalog = options_.arns.Catalog();  // "arn:aws:glue:R:A:catalog"
  std::string_view base(catalog.data(), catalog.size() - std::string_view("catalog").size());
  if (!StartsWith(item_prefix, base)) return core;  // asked per item
  std::string_view rest = item_prefix.substr(base.size());
  // The levels above the items (Evaluate's ancestor chain) and the resource
  // policies Authorize attaches for every item under the prefix; an item's
  // own policy is left to Authorize.
  std::vector<std::string> levels = {catalog};
  std::vector<policy::AttachedPolicy> resource_policies = snap.catalog;
  std::string own_prefix;
  if (rest == "database/") {
    own_prefix = "database/";
    core->slash_changes_levels = true;
  } else if (StartsWith(rest, "table/") && rest.size() > 7 && rest.back() == '/') {
    std::string_view db = rest.substr(6, rest.size() - 7);
    if (db.find('/') != std::string_view::npos) return core;
    levels.push_back(options_.arns.Database(db));
    if (levels.back() != absl::StrCat(AbslView(base), "database/", AbslView(db))) {
      return core;  // not the lower-case name Authorize would see
    }
    own_prefix = absl::StrCat("table/", AbslView(db), "/");
    core->slash_changes_levels = false;
    if (auto it = snap.resource.find(absl::StrCat("database/", AbslView(db)));
        it != snap.resource.end()) {
      resource_policies.push_back(it->second);
    }
  } else {
    return core;
  }
  for (const auto& [target, attached] : snap.resource) {
    if (StartsWith(target, own_prefix)) core->own_policy.insert(target.substr(own_prefix.size()));
  }
  const Caller caller = CallerOf(ctx);
  const std::vector<policy::AttachedPolicy> identity_policies = IdentityPolicies(snap, caller);
  const policy::RequestFacts facts = FactsOf(ctx, ip);
  bool denied = false;
  bool allowed = true;
  for (const std::string& level : levels) {
    policy::Evaluation e = policy::Evaluate(caller.principal, action, level, facts,
                                            resource_policies, identity_policies);
    if (e.time_dependent) return core;  // each item reads the clock
    if (e.decision == policy::Decision::kExplicitDeny) denied = true;
    if (e.decision != policy::Decision::kAllowed) allowed = false;
  }
  core->levels_allowed = allowed;
  core->fallback_allows =
      IsBaselineAction(action) || (IsAdministrativeAction(action) && IsAdmin(caller));
  if (denied) {
    core->mode = ListingCore::Mode::kNone;
    return core;
  }
  core->items = policy::PrefixEvaluator::Prepare(caller.principal, action, item_prefix, facts,
                                                 resource_policies, identity_policies);
  if (core->items == nullptr) return core;  // asked per item
  if (std::optional<policy::Decision> d = core->items->uniform(); d.has_value()) {
    const bool visible = *d != policy::Decision::kExplicitDeny &&
                         ((*d == policy::Decision::kAllowed && allowed) || core->fallback_allows);
    core->mode = visible ? ListingCore::Mode::kAll : ListingCore::Mode::kNone;
    core->items.reset();
    return core;
  }
  core->mode = ListingCore::Mode::kPrepared;
  const policy::Decision unmatched = core->items->unmatched();
  core->unmatched_visible =
      unmatched != policy::Decision::kExplicitDeny &&
      ((unmatched == policy::Decision::kAllowed && allowed) || core->fallback_allows);
  core->quick = core->own_policy.empty() && !core->slash_changes_levels;
  return core;
}

absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> PolicyAuthorizer::Compile(
    const model::PolicyRecord& record) const {
  RETURN_IF_ERROR(CheckTarget(record));
  policy::CompileOptions options;
  options.kind = record.kind == model::PolicyTargetKind::kIdentity ? policy::PolicyKind::kIdentity
                                                                   : policy::PolicyKind::kResource;
  options.region = options_.arns.region();
  options.account = options_.arns.account();
  options.known_actions = AllActions();
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> compiled =
      policy::CompilePolicy(record.document, options);
  if (!compiled.ok()) {
    return absl::Status(compiled.status().code(),
                        absl::StrCat("policy of '", record.target, "': ",
                                     compiled.status().message()));
  }
  return compiled;
}

absl::Status PolicyAuthorizer::CheckLockout(
    const std::vector<model::PolicyRecord>& policies) const {
  if (options_.admins.empty()) return absl::OkStatus();
  Snapshot snap;
  for (const model::PolicyRecord& record : policies) {
    ASSIGN_OR_RETURN(std::shared_ptr<const policy::CompiledPolicy> compiled, Compile(record));
    policy::AttachedPolicy attached{record.target, std::move(compiled)};
    if (record.target == "catalog") {
      snap.catalog.push_back(std::move(attached));
    } else if (record.kind == model::PolicyTargetKind::kResource) {
      snap.resource.emplace(record.target, std::move(attached));
    } else {
      snap.identity.emplace(record.target, std::move(attached));
    }
  }
  policy::RequestFacts facts;  // no context: only unconditional denies count
  std::string first_deny;
  for (const std::string& admin : options_.admins) {
    Caller caller = StartsWith(admin, "group/") ? MakeCaller("", {admin})
                                                      : MakeCaller(admin, {});
    SimulationResult r = Evaluate(snap, caller, actions::kPutResourcePolicy,
                                  options_.arns.Catalog(), facts);
    if (r.decision != policy::Decision::kExplicitDeny) return absl::OkStatus();
    if (first_deny.empty() && r.deciding.has_value()) {
      first_deny = absl::StrCat("statement '",
                                r.deciding->sid.empty() ? absl::StrCat("#", r.deciding->index + 1)
                                                        : r.deciding->sid,
                                "' of the policy of '", r.deciding->policy, "'");
    }
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "this change would lock every administrator out: ", first_deny,
      " explicitly denies glue:PutResourcePolicy on the catalog to every administrator (",
      absl::StrJoin(options_.admins, ", "), ")"));
}

std::vector<std::string> PolicyAuthorizer::Install(
    int64_t generation, const std::vector<model::PolicyRecord>& policies) {
  auto snap = std::make_shared<Snapshot>();
  std::vector<std::string> problems;
  for (const model::PolicyRecord& record : policies) {
    absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> compiled = Compile(record);
    if (!compiled.ok()) {
      problems.emplace_back(compiled.status().message());
      continue;
    }
    policy::AttachedPolicy attached{record.target, *std::move(compiled)};
    if (record.target == "catalog") {
      snap->catalog.push_back(std::move(attached));
    } else if (record.kind == model::PolicyTargetKind::kResource) {
      snap->resource.emplace(record.target, std::move(attached));
    } else {
      snap->identity.emplace(record.target, std::move(attached));
    }
  }
  snap->records = policies;
  absl::MutexLock lock(&mu_);
  if (generation < installed_generation_) return problems;
  installed_generation_ = generation;
  snapshot_ = std::move(snap);
  return problems;
}

void PolicyAuthorizer::AddKnownPrincipals(
    std::vector<std::pair<std::string, std::vector<std::string>>> users) {
  absl::MutexLock lock(&mu_);
  for (auto& user : users) known_users_.push_back(std::move(user));
}

SimulationResult PolicyAuthorizer::Simulate(const SimulationRequest& request) const {
  std::shared_ptr<const Snapshot> snap = snapshot();
  Caller caller = MakeCaller(request.principal, request.groups);
  policy::RequestFacts facts;
  facts.source_ip = request.source_ip;
  facts.secure_transport = request.secure_transport;
  facts.current_time = request.time.value_or(absl::Now());
  return Evaluate(*snap, caller, request.action, request.resource, facts);
}

std::vector<WhoCanEntry> PolicyAuthorizer::WhoCan(std::string_view action,
                                                  std::string_view resource) const {
  std::shared_ptr<const Snapshot> snap = snapshot();
  std::map<std::string, std::vector<std::string>> users;  // target -> groups
  std::set<std::string> groups;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [user, user_groups] : known_users_) {
      Caller c = MakeCaller(user, user_groups);
      users[c.target] = c.group_targets;
      groups.insert(c.group_targets.begin(), c.group_targets.end());
    }
  }
  auto note = [&](std::string_view target) {
    if (StartsWith(target, "group/")) {
      groups.emplace(target);
    } else if (StartsWith(target, "user/") || StartsWith(target, "role/")) {
      users.try_emplace(std::string(target));
    }
  };
  for (const std::string& admin : options_.admins) note(MakeCaller(admin, {}).target);
  for (const auto& [target, attached] : snap->identity) note(target);
  // Principals the resource policies name (ARNs of this account).
  std::string account_prefix = absl::StrCat("arn:aws:iam::", options_.arns.account(), ":");
  for (const model::PolicyRecord& record : snap->records) {
    if (record.kind != model::PolicyTargetKind::kResource) continue;
    nlohmann::json doc = nlohmann::json::parse(record.document, nullptr, false);
    if (!doc.is_object() || !doc.contains("Statement")) continue;
    nlohmann::json statements = doc["Statement"];
    if (!statements.is_array()) statements = nlohmann::json::array({statements});
    for (const nlohmann::json& st : statements) {
      if (!st.is_object()) continue;
      for (const char* element : {"Principal", "NotPrincipal"}) {
        if (!st.contains(element) || !st[element].is_object()) continue;
        nlohmann::json aws = st[element].value("AWS", nlohmann::json());
        if (!aws.is_array()) aws = nlohmann::json::array({aws});
        for (const nlohmann::json& p : aws) {
          if (!p.is_string()) continue;
          std::string s = p.get<std::string>();
          if (StartsWith(s, account_prefix)) note(s.substr(account_prefix.size()));
        }
      }
    }
  }
  std::vector<WhoCanEntry> out;
  policy::RequestFacts facts;
  facts.current_time = absl::Now();
  auto check = [&](const std::string& target, const Caller& caller) {
    SimulationResult r = Evaluate(*snap, caller, action, resource, facts);
    if (r.decision != policy::Decision::kAllowed) return;
    out.push_back(WhoCanEntry{target, r.allowed_as_admin, r.deciding});
  };
  for (const auto& [target, user_groups] : users) {
    check(target, MakeCaller(target, user_groups));
  }
  for (const std::string& g : groups) check(g, MakeCaller("", {g}));
  return out;
}

}  // namespace almanac::service
