// Lock value types: Hive Metastore style named locks on a database, a table or
// a partition, as Iceberg's HiveCatalog takes them around a commit. The lock
// manager (catalog/service/lock_manager.h) decides; storage only keeps them.
//
// Plain aggregates and constexpr helpers; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_LOCK_H_
#define ALMANAC_CATALOG_MODEL_LOCK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace almanac::model {

// Values match Hive's LockType on the wire.
enum class LockType { kSharedRead = 1, kSharedWrite = 2, kExclusive = 3, kExclWrite = 4 };
// Values match Hive's LockLevel.
enum class LockLevel { kDb = 1, kTable = 2, kPartition = 3 };
// Values match Hive's LockState (only the first two are ever stored).
enum class LockState { kAcquired = 1, kWaiting = 2, kAbort = 3, kNotAcquired = 4 };

// "SHARED_READ", "SHARED_WRITE", "EXCLUSIVE", "EXCL_WRITE": the stored form.
constexpr std::string_view LockTypeName(LockType type) {
  switch (type) {
    case LockType::kSharedRead:
      return "SHARED_READ";
    case LockType::kSharedWrite:
      return "SHARED_WRITE";
    case LockType::kExclusive:
      return "EXCLUSIVE";
    case LockType::kExclWrite:
      return "EXCL_WRITE";
  }
  return "EXCLUSIVE";
}

constexpr std::optional<LockType> ParseLockType(std::string_view name) {
  for (LockType t : {LockType::kSharedRead, LockType::kSharedWrite, LockType::kExclusive,
                     LockType::kExclWrite}) {
    if (LockTypeName(t) == name) return t;
  }
  return std::nullopt;
}

// "ACQUIRED" / "WAITING" (the stored form; the others are never stored).
constexpr std::string_view LockStateName(LockState state) {
  switch (state) {
    case LockState::kAcquired:
      return "ACQUIRED";
    case LockState::kWaiting:
      return "WAITING";
    case LockState::kAbort:
      return "ABORT";
    case LockState::kNotAcquired:
      return "NOT_ACQUIRED";
  }
  return "WAITING";
}

constexpr std::optional<LockState> ParseLockState(std::string_view name) {
  for (LockState s :
       {LockState::kAcquired, LockState::kWaiting, LockState::kAbort, LockState::kNotAcquired}) {
    if (LockStateName(s) == name) return s;
  }
  return std::nullopt;
}

// One object a lock covers. An empty table means the whole database, an empty
// partition the whole table: a lock conflicts with every lock on an object it
// contains or that contains it.
struct LockComponent {
  LockType type = LockType::kExclusive;
  LockLevel level = LockLevel::kTable;
  std::string database;   // lower case
  std::string table;      // lower case; empty at database level
  std::string partition;  // "k=v/..." as sent; empty above partition level

  friend bool operator==(const LockComponent&, const LockComponent&) = default;
};

// One lock request: all of its components are granted together or not at all.
struct Lock {
  int64_t id = 0;  // assigned by storage; never reused
  std::vector<LockComponent> components;
  LockState state = LockState::kWaiting;
  std::string user;
  std::string host;
  std::string agent_info;
  int64_t created_at_ms = 0;      // milliseconds since the epoch
  int64_t acquired_at_ms = 0;     // 0 while waiting
  int64_t last_heartbeat_ms = 0;  // renewed by heartbeat and check_lock
  int64_t heartbeat_count = 0;

  friend bool operator==(const Lock&, const Lock&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_LOCK_H_
