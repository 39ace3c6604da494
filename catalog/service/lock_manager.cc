#include "catalog/service/lock_manager.h"

#include "catalog/service/actions.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "catalog/model/names.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

using model::LockLevel;
using model::LockType;

absl::Status LockNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("lock ", id, " not found (released or expired)"));
}

// Checks one component and brings it to the form conflicts are computed on:
// lower-case names, nothing below the component's level.
absl::Status NormalizeComponent(model::LockComponent* c) {
  c->database = model::ToLowerName(c->database);
  c->table = model::ToLowerName(c->table);
  if (c->database.empty()) return absl::InvalidArgumentError("lock component names no database");
  switch (c->level) {
    case LockLevel::kDb:
      c->table.clear();
      c->partition.clear();
      return absl::OkStatus();
    case LockLevel::kTable:
      c->partition.clear();
      if (c->table.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "table-level lock component on database '", AbslView(c->database),
            "' names no table"));
      }
      return absl::OkStatus();
    case LockLevel::kPartition:
      if (c->table.empty() || c->partition.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "partition-level lock component on database '", AbslView(c->database),
            "' names no table or no partition"));
      }
      return absl::OkStatus();
  }
  return absl::InvalidArgumentError("lock component has an unknown level");
}

bool Conflicts(const model::Lock& held, const model::Lock& requested) {
  for (const model::LockComponent& h : held.components) {
    for (const model::LockComponent& r : requested.components) {
      if (LockObjectsOverlap(h, r) && !LockTypesCompatible(h.type, r.type)) return true;
    }
  }
  return false;
}

bool Matches(const model::LockComponent& c, const LockFilter& f) {
  return (f.database.empty() || c.database == f.database) &&
         (f.table.empty() || c.table == f.table) &&
         (f.partition.empty() || c.partition == f.partition);
}

}  // namespace

bool LockTypesCompatible(LockType held, LockType requested) {
  // Indexed SHARED_READ, SHARED_WRITE, EXCL_WRITE, EXCLUSIVE (the header's
  // matrix; rows held, columns requested).
  static constexpr bool kCompatible[4][4] = {
      {true, true, true, false},
      {true, true, false, false},
      {true, false, false, false},
      {false, false, false, false},
  };
  auto index = [](LockType t) {
    switch (t) {
      case LockType::kSharedRead:
        return 0;
      case LockType::kSharedWrite:
        return 1;
      case LockType::kExclWrite:
        return 2;
      case LockType::kExclusive:
        return 3;
    }
    return 3;
  };
  return kCompatible[index(held)][index(requested)];
}

bool LockObjectsOverlap(const model::LockComponent& a, const model::LockComponent& b) {
  if (a.database != b.database) return false;
  if (a.table.empty() || b.table.empty()) return true;
  if (a.table != b.table) return false;
  return a.partition.empty() || b.partition.empty() || a.partition == b.partition;
}

LockManager::LockManager(ServiceCore* core, LockManagerOptions options)
    : core_(core), options_(std::move(options)) {
  if (options_.timeout == absl::ZeroDuration()) {
    options_.timeout = absl::Seconds(core_->options().lock_timeout_seconds);
  }
}

int64_t LockManager::NowMs() const {
  return absl::ToUnixMillis(options_.clock ? options_.clock() : absl::Now());
}

bool LockManager::Expired(const model::Lock& lock, int64_t now_ms) const {
  return now_ms - lock.last_heartbeat_ms > absl::ToInt64Milliseconds(options_.timeout);
}

absl::Status LockManager::LoadIfNeeded(storage::ReadTransaction* txn) {
  if (loaded_) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<model::Lock> stored, txn->locks().ListLocks());
  locks_.clear();
  for (model::Lock& lock : stored) {
    const int64_t id = lock.id;
    locks_.emplace(id, std::move(lock));
  }
  loaded_ = true;
  return absl::OkStatus();
}

absl::Status LockManager::Apply(const model::RequestContext& ctx, std::string_view action,
                                const Change& change) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, action, core_->arns().Catalog()));
  RETURN_IF_ERROR(LoadIfNeeded(txn.get()));
  const int64_t now = NowMs();
  LockTable next = locks_;
  for (auto it = next.begin(); it != next.end();) {
    if (Expired(it->second, now)) {
      RETURN_IF_ERROR(txn->locks().DeleteLock(it->first));
      txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kReleaseLock,
                                     .object = absl::StrCat("lock ", it->first),
                                     .before = it->second});
      it = next.erase(it);
    } else {
      ++it;
    }
  }
  RETURN_IF_ERROR(change(txn, now, &next));
  // Grant waiting locks in request order: each must be compatible with every
  // granted lock and with every earlier lock still waiting.
  std::vector<const model::Lock*> blockers;  // granted, or waiting with a lower id
  for (const auto& [id, lock] : next) {
    if (lock.state == model::LockState::kAcquired) blockers.push_back(&lock);
  }
  for (auto& [id, lock] : next) {
    if (lock.state != model::LockState::kWaiting) continue;
    bool blocked = false;
    for (const model::Lock* other : blockers) {
      if (Conflicts(*other, lock)) {
        blocked = true;
        break;
      }
    }
    if (!blocked) {
      lock.state = model::LockState::kAcquired;
      lock.acquired_at_ms = now;
      RETURN_IF_ERROR(txn->locks().UpdateLock(lock));
      txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kUpdateLock,
                                     .object = absl::StrCat("lock ", id),
                                     .after = lock});
    }
    blockers.push_back(&lock);
  }
  RETURN_IF_ERROR(txn.Commit());
  locks_ = std::move(next);
  return absl::OkStatus();
}

absl::StatusOr<model::Lock> LockManager::Lock(const model::RequestContext& ctx,
                                              const LockRequest& request) {
  model::Lock lock;
  lock.components = request.components;
  lock.state = model::LockState::kWaiting;
  lock.user = request.user;
  lock.host = request.host;
  lock.agent_info = request.agent_info;
  absl::MutexLock guard(&mu_);
  int64_t id = 0;
  RETURN_IF_ERROR(Apply(ctx, actions::kLock, [&](WriteScope& txn, int64_t now, LockTable* table) {
    // Checked inside the gate, so a refused caller learns nothing.
    if (request.txn_id != 0) {
      return absl::NotFoundError(absl::StrCat("transaction ", request.txn_id,
                                              " not found: almanac runs no transactions"));
    }
    if (lock.components.empty()) {
      return absl::InvalidArgumentError("lock request has no components");
    }
    for (model::LockComponent& c : lock.components) RETURN_IF_ERROR(NormalizeComponent(&c));
    lock.created_at_ms = now;
    lock.last_heartbeat_ms = now;
    ASSIGN_OR_RETURN(id, txn->locks().InsertLock(lock));
    lock.id = id;
    table->emplace(id, lock);
    txn.Record(model::ChangeRecord{
        .kind = model::ChangeKind::kAcquireLock, .object = absl::StrCat("lock ", id), .after = lock});
    return absl::OkStatus();
  }));
  return locks_.at(id);
}

absl::StatusOr<model::Lock> LockManager::CheckLock(const model::RequestContext& ctx, int64_t id) {
  absl::MutexLock guard(&mu_);
  RETURN_IF_ERROR(Apply(ctx, actions::kCheckLock, [&](WriteScope& txn, int64_t now, LockTable* table) {
    auto it = table->find(id);
    if (it == table->end()) return LockNotFound(id);
    // Polling a waiting lock is its holder's sign of life, as in Hive.
    it->second.last_heartbeat_ms = now;
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kUpdateLock,
                                   .object = absl::StrCat("lock ", id),
                                   .after = it->second});
    return txn->locks().UpdateLock(it->second);
  }));
  return locks_.at(id);
}

absl::Status LockManager::Unlock(const model::RequestContext& ctx, int64_t id) {
  absl::MutexLock guard(&mu_);
  return Apply(ctx, actions::kUnlock, [&](WriteScope& txn, int64_t now, LockTable* table) {
    auto it = table->find(id);
    if (it == table->end()) return LockNotFound(id);
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kReleaseLock,
                                   .object = absl::StrCat("lock ", id),
                                   .before = it->second});
    table->erase(it);
    return txn->locks().DeleteLock(id);
  });
}

absl::Status LockManager::Heartbeat(const model::RequestContext& ctx, int64_t id,
                                    int64_t txn_id) {
  absl::MutexLock guard(&mu_);
  return Apply(ctx, actions::kHeartbeat, [&](WriteScope& txn, int64_t now, LockTable* table) {
    if (txn_id != 0) {
      return absl::NotFoundError(
          absl::StrCat("transaction ", txn_id, " not found: almanac runs no transactions"));
    }
    if (id == 0) return absl::OkStatus();  // Hive: nothing to renew
    auto it = table->find(id);
    if (it == table->end()) return LockNotFound(id);
    it->second.last_heartbeat_ms = now;
    ++it->second.heartbeat_count;
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kUpdateLock,
                                   .object = absl::StrCat("lock ", id),
                                   .after = it->second});
    return txn->locks().UpdateLock(it->second);
  });
}

absl::StatusOr<std::vector<model::Lock>> LockManager::ShowLocks(const model::RequestContext& ctx,
                                                               const LockFilter& filter) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kShowLocks, core_->arns().Catalog()));
  LockFilter f = filter;
  f.database = model::ToLowerName(f.database);
  f.table = model::ToLowerName(f.table);
  absl::MutexLock guard(&mu_);
  RETURN_IF_ERROR(LoadIfNeeded(txn.get()));
  const int64_t now = NowMs();
  std::vector<model::Lock> out;
  for (const auto& [id, lock] : locks_) {
    // Expired locks are removed by the next change; they are not shown.
    if (Expired(lock, now)) continue;
    for (const model::LockComponent& c : lock.components) {
      if (Matches(c, f)) {
        out.push_back(lock);
        break;
      }
    }
  }
  return out;
}

}  // namespace almanac::service
