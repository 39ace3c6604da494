// HmsHandler: fb303, session, configuration, catalogs, partition-name helpers
// and functions. The other method families live in hms_handler_*.cc.
#include "thrift/hms_handler.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "catalog/model/names.h"
#include "catalog/model/partition.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

constexpr char kTryDirectSql[] = "hive.metastore.try.direct.sql";
constexpr char kDefaultPartitionNameKey[] = "hive.exec.default.partition.name";

// The session settings getMetaConf/setMetaConf accept, with their defaults.
// try.direct.sql is "false" because Almanac has no JDO-versus-direct-SQL
// split, and because Spark consults it: with "false" it falls back to listing
// every partition when a filter is refused, instead of failing the query.
const std::map<std::string, std::string>& MetaConfDefaults() {
  static const auto* defaults = new std::map<std::string, std::string>{
      {kTryDirectSql, "false"},
      {"hive.metastore.try.direct.sql.ddl", "false"},
      {"hive.metastore.client.socket.timeout", "600s"},
      {"hive.metastore.batch.retrieve.max", "300"},
      {"hive.metastore.partition.name.whitelist.pattern", ""},
      {"hive.metastore.disallow.incompatible.col.type.changes", "true"},
  };
  return *defaults;
}

// Values get_config_value knows besides the session settings.
// metastore.txn.timeout is the Java metastore's default: Trino reads it before
// any use of a transactional table and parses a unit suffix from the answer
// (an empty one crashed it); with a real value it goes on to open_txns, which
// Almanac refuses as not supported, a message Trino's user sees.
const std::map<std::string, std::string>& ConfigValues() {
  static const auto* values = new std::map<std::string, std::string>{
      {kDefaultPartitionNameKey, model::kDefaultPartitionName},
      {"hive.metastore.warehouse.dir", ""},
      {"metastore.txn.timeout", "300s"},
      {"hive.txn.timeout", "300s"},
  };
  return *values;
}

}  // namespace

HmsHandler::HmsHandler(std::shared_ptr<HmsSharedState> shared, std::string peer_address,
                       ConnectionIdentity identity)
    : shared_(std::move(shared)),
      peer_address_(std::move(peer_address)),
      user_(std::move(identity.user)),
      groups_(std::move(identity.groups)),
      authenticated_(identity.authenticated),
      secure_transport_(identity.secure_transport) {}

model::RequestContext HmsHandler::Context() {
  shared_->calls.fetch_add(1, std::memory_order_relaxed);
  model::RequestContext ctx;
  ctx.principal = user_;
  ctx.groups = groups_;
  ctx.source_address = peer_address_;
  ctx.front_end = model::FrontEnd::kThrift;
  ctx.authenticated = authenticated_;
  ctx.secure_transport = secure_transport_;
  ctx.request_id = absl::StrCat("hms-", peer_address_, "-", ++call_count_);
  return ctx;
}

// ---- fb303 ----

// Every fb303 call passes the gate too (server information); a refusal is a
// TApplicationException, since fb303 declares no exceptions.
void HmsHandler::CheckServerInfo() {
  ThrowIfError(shared_->service->session().CheckServerInfo(Context()), {});
}

int64_t HmsHandler::aliveSince() {
  CheckServerInfo();
  return shared_->alive_since;
}

void HmsHandler::getCounters(std::map<std::string, int64_t>& _return) {
  CheckServerInfo();
  CollectCounters(_return);
}

void HmsHandler::CollectCounters(std::map<std::string, int64_t>& _return) {
  _return["hms.calls"] = shared_->calls.load();
  _return["hms.connections_accepted"] = shared_->connections_accepted.load();
  _return["hms.connections_refused"] = shared_->connections_refused.load();
  _return["hms.connections_failed"] = shared_->connections_failed.load();
  shared_->method_calls.AppendTo(&_return);
}

int64_t HmsHandler::getCounter(const std::string& key) {
  CheckServerInfo();
  std::map<std::string, int64_t> counters;
  CollectCounters(counters);
  auto it = counters.find(key);
  return it == counters.end() ? 0 : it->second;
}

void HmsHandler::getName(std::string& _return) {
  CheckServerInfo();
  _return = "almanac";
}
void HmsHandler::getVersion(std::string& _return) {
  CheckServerInfo();
  _return = shared_->version;
}
::almanac::fb303::fb_status::type HmsHandler::getStatus() {
  CheckServerInfo();
  return ::almanac::fb303::fb_status::ALIVE;
}
void HmsHandler::getStatusDetails(std::string& _return) {
  CheckServerInfo();
  _return = "serving";
}
void HmsHandler::getOptions(std::map<std::string, std::string>& _return) {
  CheckServerInfo();
  _return.clear();
}

// Oneway: nothing to reload. Asked of the gate so the call is on record; a
// oneway call has no reply to carry a refusal.
void HmsHandler::reinitialize() {
  shared_->service->session().CheckAdminister(Context()).IgnoreError();
}

// Oneway and unauthenticated: any client could send it, so it is ignored
// (after the gate, which records it). Every Hive 2.3 client sends it when it
// closes (Hive's own metastore releases that connection's resources), so it
// is routine: debug, and a session call (almanac:SetSessionOption, allowed to
// everyone unless denied), not server administration: as that, every Spark
// session under --enforce-policies ended with a denial on the audit trail.
void HmsHandler::shutdown() {
  shared_->service->session().CheckSessionOption(Context()).IgnoreError();
  if (shared_->log) {
    shared_->log(HmsLogLevel::kDebug, "hms_shutdown_ignored", {{"peer", peer_address_}});
  }
}

// ---- session, configuration, catalogs ----

void HmsHandler::set_ugi(std::vector<std::string>& _return, const std::string& user_name,
                         const std::vector<std::string>& group_names) {
  ThrowIfError(shared_->service->session().CheckSessionOption(Context()), {K::kMeta});
  // A claim, not a proof: on an authenticated connection the identity the
  // server checked stays, and the call only answers as before.
  if (!authenticated_) {
    if (!user_name.empty()) user_ = user_name;
    groups_ = group_names;
  }
  _return = group_names;
}

void HmsHandler::getMetaConf(std::string& _return, const std::string& key) {
  ThrowIfError(shared_->service->session().CheckServerInfo(Context()), {K::kMeta});
  if (auto it = meta_conf_.find(key); it != meta_conf_.end()) {
    _return = it->second;
    return;
  }
  auto it = MetaConfDefaults().find(key);
  if (it == MetaConfDefaults().end()) {
    ThrowStatus(absl::InvalidArgumentError(absl::StrCat("invalid configuration key '", key, "'")),
                {K::kMeta});
  }
  _return = it->second;
}

void HmsHandler::setMetaConf(const std::string& key, const std::string& value) {
  ThrowIfError(shared_->service->session().CheckSessionOption(Context()), {K::kMeta});
  if (!MetaConfDefaults().contains(key)) {
    ThrowStatus(absl::InvalidArgumentError(
                    absl::StrCat("configuration key '", key, "' cannot be set per session")),
                {K::kMeta});
  }
  meta_conf_[key] = value;
}

void HmsHandler::get_config_value(std::string& _return, const std::string& name,
                                  const std::string& defaultValue) {
  ThrowIfError(shared_->service->session().CheckServerInfo(Context()), {K::kConfigValSecurity});
  // As in Hive: only Hive-ish keys, and never anything holding a secret.
  const bool allowed = absl::StartsWith(name, "hive.") || absl::StartsWith(name, "hdfs") ||
                       absl::StartsWith(name, "mapred") || absl::StartsWith(name, "metastore");
  if (!allowed || absl::StrContains(absl::AsciiStrToLower(name), "password")) {
    ThrowStatus(absl::PermissionDeniedError(
                    absl::StrCat("configuration key '", name, "' cannot be read")),
                {K::kConfigValSecurity});
  }
  if (auto it = meta_conf_.find(name); it != meta_conf_.end()) {
    _return = it->second;
  } else if (auto it = MetaConfDefaults().find(name); it != MetaConfDefaults().end()) {
    _return = it->second;
  } else if (auto it = ConfigValues().find(name); it != ConfigValues().end() && !it->second.empty()) {
    _return = it->second;
  } else {
    _return = defaultValue;
  }
}

void HmsHandler::get_metastore_db_uuid(std::string& _return) {
  ThrowIfError(shared_->service->session().CheckServerInfo(Context()), {K::kMeta});
  if (shared_->metastore_uuid.empty()) {
    ThrowStatus(absl::FailedPreconditionError("the metastore has no uuid"), {K::kMeta});
  }
  _return = shared_->metastore_uuid;
}

void HmsHandler::get_catalog(GetCatalogResponse& _return, const GetCatalogRequest& catName) {
  ThrowIfError(shared_->service->session().CheckGetCatalog(Context(), /*all=*/false),
               {K::kNoSuchObject, K::kMeta});
  ThrowIfError(CheckCatalog(catName.name), {K::kNoSuchObject, K::kMeta});
  Catalog catalog;
  catalog.__set_name(kHiveCatalog);
  catalog.__set_description("the catalog almanac serves");
  catalog.__set_locationUri("");
  _return.__set_catalog(std::move(catalog));
}

void HmsHandler::get_catalogs(GetCatalogsResponse& _return) {
  ThrowIfError(shared_->service->session().CheckGetCatalog(Context(), /*all=*/true), {K::kMeta});
  _return.__set_names({kHiveCatalog});
}

// ---- partition-name helpers (no data involved) ----

void HmsHandler::partition_name_to_vals(std::vector<std::string>& _return,
                                        const std::string& part_name) {
  ThrowIfError(shared_->service->session().CheckPartitionNameHelper(Context()), {K::kMeta});
  auto parsed = model::ParsePartitionName(part_name);
  ThrowIfError(parsed.status(), {K::kMeta});
  for (auto& [key, value] : *parsed) _return.push_back(std::move(value));
}

void HmsHandler::partition_name_to_spec(std::map<std::string, std::string>& _return,
                                        const std::string& part_name) {
  ThrowIfError(shared_->service->session().CheckPartitionNameHelper(Context()), {K::kMeta});
  auto parsed = model::ParsePartitionName(part_name);
  ThrowIfError(parsed.status(), {K::kMeta});
  for (auto& [key, value] : *parsed) _return[key] = std::move(value);
}

// Functions (get_all_functions included) live in hms_handler_functions.cc.

}  // namespace almanac::hms
