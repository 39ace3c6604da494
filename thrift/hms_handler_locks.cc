// HmsHandler: the lock calls Iceberg's HiveCatalog makes around a commit
// (lock, check_lock, heartbeat, unlock, show_locks), over the service's
// LockManager. Almanac runs no transactions, so a request naming one gets
// NoSuchTxnException.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/service/lock_manager.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

constexpr DeclaredExceptions kLock = {K::kNoSuchTxn};  // TxnAbortedException never applies
constexpr DeclaredExceptions kCheckLock = {K::kNoSuchLock, K::kNoSuchTxn};
constexpr DeclaredExceptions kUnlock = {K::kNoSuchLock, K::kTxnOpen};
constexpr DeclaredExceptions kHeartbeat = {K::kNoSuchLock, K::kNoSuchTxn};

// The Thrift enums carry Hive's values, which the model's enums share.
model::LockComponent FromThrift(const LockComponent& c) {
  model::LockComponent out;
  out.type = static_cast<model::LockType>(c.type);
  out.level = static_cast<model::LockLevel>(c.level);
  out.database = c.dbname;
  if (c.__isset.tablename) out.table = c.tablename;
  if (c.__isset.partitionname) out.partition = c.partitionname;
  return out;
}

bool KnownComponent(const LockComponent& c) {
  return c.type >= LockType::SHARED_READ && c.type <= LockType::EXCL_WRITE &&
         c.level >= LockLevel::DB && c.level <= LockLevel::PARTITION;
}

LockResponse ToThriftResponse(const model::Lock& lock) {
  LockResponse out;
  out.__set_lockid(lock.id);
  out.__set_state(static_cast<LockState::type>(lock.state));
  return out;
}

}  // namespace

void HmsHandler::lock(LockResponse& _return, const LockRequest& rqst) {
  auto ctx = Context();
  service::LockRequest request;
  for (const LockComponent& c : rqst.component) {
    if (!KnownComponent(c)) {
      ThrowStatus(absl::InvalidArgumentError("lock component has an unknown type or level"),
                  kLock);
    }
    // Hive clients may qualify the database with its catalog.
    auto db = StripCatalog(c.dbname);
    ThrowIfError(db.status(), kLock);
    model::LockComponent component = FromThrift(c);
    component.database = *std::move(db);
    request.components.push_back(std::move(component));
  }
  if (rqst.__isset.txnid) request.txn_id = rqst.txnid;
  request.user = rqst.user;
  request.host = rqst.hostname;
  request.agent_info = rqst.agentInfo;
  auto lock = shared_->service->locks().Lock(ctx, request);
  ThrowIfError(lock.status(), kLock);
  _return = ToThriftResponse(*lock);
}

void HmsHandler::check_lock(LockResponse& _return, const CheckLockRequest& rqst) {
  auto ctx = Context();
  auto lock = shared_->service->locks().CheckLock(ctx, rqst.lockid);
  ThrowIfError(lock.status(), kCheckLock);
  _return = ToThriftResponse(*lock);
}

void HmsHandler::unlock(const UnlockRequest& rqst) {
  auto ctx = Context();
  ThrowIfError(shared_->service->locks().Unlock(ctx, rqst.lockid), kUnlock);
}

void HmsHandler::heartbeat(const HeartbeatRequest& ids) {
  auto ctx = Context();
  const int64_t txn_id = ids.__isset.txnid ? ids.txnid : 0;
  const int64_t lock_id = ids.__isset.lockid ? ids.lockid : 0;
  ThrowIfError(shared_->service->locks().Heartbeat(ctx, lock_id, txn_id),
               txn_id != 0 ? DeclaredExceptions{K::kNoSuchTxn} : kHeartbeat);
}

void HmsHandler::show_locks(ShowLocksResponse& _return, const ShowLocksRequest& rqst) {
  auto ctx = Context();
  service::LockFilter filter;
  if (rqst.__isset.dbname) {
    auto db = StripCatalog(rqst.dbname);
    ThrowIfError(db.status(), {});
    filter.database = *std::move(db);
  }
  if (rqst.__isset.tablename) filter.table = rqst.tablename;
  if (rqst.__isset.partname) filter.partition = rqst.partname;
  auto locks = shared_->service->locks().ShowLocks(ctx, filter);
  ThrowIfError(locks.status(), {});
  std::vector<ShowLocksResponseElement> elements;
  for (const model::Lock& lock : *locks) {
    // Hive shows one row per component, all carrying the request's id.
    for (const model::LockComponent& c : lock.components) {
      ShowLocksResponseElement e;
      e.__set_lockid(lock.id);
      e.__set_dbname(c.database);
      if (!c.table.empty()) e.__set_tablename(c.table);
      if (!c.partition.empty()) e.__set_partname(c.partition);
      e.__set_state(static_cast<LockState::type>(lock.state));
      e.__set_type(static_cast<LockType::type>(c.type));
      e.__set_lastheartbeat(lock.last_heartbeat_ms);
      if (lock.acquired_at_ms != 0) e.__set_acquiredat(lock.acquired_at_ms);
      e.__set_user(lock.user);
      e.__set_hostname(lock.host);
      e.__set_heartbeatCount(static_cast<int32_t>(lock.heartbeat_count));
      e.__set_agentInfo(lock.agent_info);
      elements.push_back(std::move(e));
    }
  }
  _return.__set_locks(std::move(elements));
}

}  // namespace almanac::hms
