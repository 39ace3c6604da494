// SqliteLocks: lock requests and their components (lock_requests and
// lock_components, 0003). Storage only keeps locks; which lock is granted is
// the lock manager's business (catalog/service/lock_manager.h).
#include "storage/sqlite/sqlite_locks.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

absl::Status LockNotFound(int64_t id) {
  return absl::NotFoundError(StrCat("lock ", id, " not found"));
}

}  // namespace

absl::StatusOr<std::vector<model::Lock>> SqliteLocks::ListLocks() {
  std::vector<model::Lock> locks;
  std::map<int64_t, size_t> index_by_id;
  {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT id, state, user_name, host_name, agent_info,"
                                    " created_at_ms, acquired_at_ms, last_heartbeat_ms,"
                                    " heartbeat_count FROM lock_requests ORDER BY id"));
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      model::Lock lock;
      lock.id = stmt.Int(0);
      std::optional<model::LockState> state = model::ParseLockState(stmt.Text(1));
      if (!state.has_value()) {
        return absl::DataLossError(StrCat("lock ", lock.id, " has an unknown state"));
      }
      lock.state = *state;
      lock.user = std::string(stmt.Text(2));
      lock.host = std::string(stmt.Text(3));
      lock.agent_info = std::string(stmt.Text(4));
      lock.created_at_ms = stmt.Int(5);
      lock.acquired_at_ms = stmt.Int(6);
      lock.last_heartbeat_ms = stmt.Int(7);
      lock.heartbeat_count = stmt.Int(8);
      index_by_id[lock.id] = locks.size();
      locks.push_back(std::move(lock));
    }
  }
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT lock_id, lock_type, lock_level, db_name, table_name,"
                                  " partition_name FROM lock_components"
                                  " ORDER BY lock_id, position"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    const int64_t id = stmt.Int(0);
    auto it = index_by_id.find(id);
    if (it == index_by_id.end()) {
      return absl::DataLossError(StrCat("lock component of missing lock ", id));
    }
    std::optional<model::LockType> type = model::ParseLockType(stmt.Text(1));
    const int64_t level = stmt.Int(2);
    if (!type.has_value() || level < 1 || level > 3) {
      return absl::DataLossError(StrCat("lock ", id, " has a malformed component"));
    }
    locks[it->second].components.push_back(model::LockComponent{
        .type = *type,
        .level = static_cast<model::LockLevel>(level),
        .database = std::string(stmt.Text(3)),
        .table = std::string(stmt.Text(4)),
        .partition = std::string(stmt.Text(5)),
    });
  }
  return locks;
}

absl::StatusOr<int64_t> SqliteLocks::InsertLock(const model::Lock& lock) {
  int64_t id = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    {
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("INSERT INTO lock_requests (state, user_name, host_name,"
                                      " agent_info, created_at_ms, acquired_at_ms,"
                                      " last_heartbeat_ms, heartbeat_count)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
      stmt.BindText(1, model::LockStateName(lock.state));
      stmt.BindText(2, lock.user);
      stmt.BindText(3, lock.host);
      stmt.BindText(4, lock.agent_info);
      stmt.BindInt(5, lock.created_at_ms);
      stmt.BindInt(6, lock.acquired_at_ms);
      stmt.BindInt(7, lock.last_heartbeat_ms);
      stmt.BindInt(8, lock.heartbeat_count);
      RETURN_IF_ERROR(stmt.Run());
      id = conn_->LastInsertRowId();
    }
    int64_t position = 0;
    for (const model::LockComponent& c : lock.components) {
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("INSERT INTO lock_components (lock_id, position, lock_type,"
                                      " lock_level, db_name, table_name, partition_name)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?)"));
      stmt.BindInt(1, id);
      stmt.BindInt(2, position++);
      stmt.BindText(3, model::LockTypeName(c.type));
      stmt.BindInt(4, static_cast<int64_t>(c.level));
      stmt.BindText(5, c.database);
      stmt.BindText(6, c.table);
      stmt.BindText(7, c.partition);
      RETURN_IF_ERROR(stmt.Run());
    }
    return absl::OkStatus();
  }));
  return id;
}

absl::Status SqliteLocks::UpdateLock(const model::Lock& lock) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE lock_requests SET state = ?, acquired_at_ms = ?,"
                                    " last_heartbeat_ms = ?, heartbeat_count = ? WHERE id = ?"));
    stmt.BindText(1, model::LockStateName(lock.state));
    stmt.BindInt(2, lock.acquired_at_ms);
    stmt.BindInt(3, lock.last_heartbeat_ms);
    stmt.BindInt(4, lock.heartbeat_count);
    stmt.BindInt(5, lock.id);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) return LockNotFound(lock.id);
    return absl::OkStatus();
  });
}

absl::Status SqliteLocks::DeleteLock(int64_t id) {
  return core_.Atomically([&]() -> absl::Status {
    // Components go with their request (ON DELETE CASCADE).
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM lock_requests WHERE id = ?"));
    stmt.BindInt(1, id);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) return LockNotFound(id);
    return absl::OkStatus();
  });
}

}  // namespace almanac::storage::sqlite
