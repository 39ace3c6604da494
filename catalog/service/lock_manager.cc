#include "catalog/service/lock_manager.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "catalog/model/names.h"
#include "catalog/service/absl_view.h"
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

LockManager::LockManager(storage::Store* store, LockManagerOptions options)
    : store_(store), options_(std::move(options)) {}

int64_t LockManager::NowMs() const {
  return absl::ToUnixMillis(options_.clock ? options_.clock() : absl::Now());
}

bool LockManager::Expired(const model::Lock& lock, int64_t now_ms) const {
  return now_ms - lock.last_heartbeat_ms > absl::ToInt64Milliseconds(options_.timeout);
}

absl::Status LockManager::LoadIfNeeded() {
  if (loaded_) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  ASSIGN_OR_RETURN(std::vector<model::Lock> stored, txn->locks().ListLocks());
  locks_.clear();
  for (model::Lock& lock : stored) {
    const int64_t id = lock.id;
    locks_.emplace(id, std::move(lock));
  }
  loaded_ = true;
  return absl::OkStatus();
}

absl::Status LockManager::Apply(const Change& change) {
  RETURN_IF_ERROR(LoadIfNeeded());
  const int64_t now = NowMs();
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  LockTable next = locks_;
  for (auto it = next.begin(); it != next.end();) {
    if (Expired(it->second, now)) {
      RETURN_IF_ERROR(txn->locks().DeleteLock(it->first));
      it = next.erase(it);
    } else {
      ++it;
    }
  }
  RETURN_IF_ERROR(change(txn.get(), now, &next));
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
    }
    blockers.push_back(&lock);
  }
  RETURN_IF_ERROR(txn->Commit());
  locks_ = std::move(next);
  return absl::OkStatus();
}

absl::StatusOr<model::Lock> LockManager::Lock(const LockRequest& request) {
  if (request.txn_id != 0) {
    return absl::NotFoundError(absl::StrCat("transaction ", request.txn_id,
                                            " not found: almanac runs no transactions"));
  }
  if (request.components.empty()) {
    return absl::InvalidArgumentError("lock request has no components");
  }
  model::Lock lock;
  lock.components = request.components;
  for (model::LockComponent& c : lock.components) RETURN_IF_ERROR(NormalizeComponent(&c));
  lock.state = model::LockState::kWaiting;
  lock.user = request.user;
  lock.host = request.host;
  lock.agent_info = request.agent_info;
  absl::MutexLock guard(&mu_);
  int64_t id = 0;
  RETURN_IF_ERROR(Apply([&](storage::WriteTransaction* txn, int64_t now, LockTable* table) {
    lock.created_at_ms = now;
    lock.last_heartbeat_ms = now;
    ASSIGN_OR_RETURN(id, txn->locks().InsertLock(lock));
    lock.id = id;
    table->emplace(id, lock);
    return absl::OkStatus();
  }));
  return locks_.at(id);
}

absl::StatusOr<model::Lock> LockManager::CheckLock(int64_t id) {
  absl::MutexLock guard(&mu_);
  RETURN_IF_ERROR(Apply([&](storage::WriteTransaction* txn, int64_t now, LockTable* table) {
    auto it = table->find(id);
    if (it == table->end()) return LockNotFound(id);
    // Polling a waiting lock is its holder's sign of life, as in Hive.
    it->second.last_heartbeat_ms = now;
    return txn->locks().UpdateLock(it->second);
  }));
  return locks_.at(id);
}

absl::Status LockManager::Unlock(int64_t id) {
  absl::MutexLock guard(&mu_);
  return Apply([&](storage::WriteTransaction* txn, int64_t now, LockTable* table) {
    if (table->erase(id) == 0) return LockNotFound(id);
    return txn->locks().DeleteLock(id);
  });
}

absl::Status LockManager::Heartbeat(int64_t id) {
  absl::MutexLock guard(&mu_);
  return Apply([&](storage::WriteTransaction* txn, int64_t now, LockTable* table) {
    auto it = table->find(id);
    if (it == table->end()) return LockNotFound(id);
    it->second.last_heartbeat_ms = now;
    ++it->second.heartbeat_count;
    return txn->locks().UpdateLock(it->second);
  });
}

absl::StatusOr<std::vector<model::Lock>> LockManager::ShowLocks(const LockFilter& filter) {
  LockFilter f = filter;
  f.database = model::ToLowerName(f.database);
  f.table = model::ToLowerName(f.table);
  absl::MutexLock guard(&mu_);
  RETURN_IF_ERROR(LoadIfNeeded());
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
