// SqliteGrants: roles, role grants and privilege grants in the SQLite store
// (GrantWriter; migrations/0004_roles_privileges.sql), one object per
// transaction over its SqliteTransactionCore.
//
// Grants name their objects by name, not by row id, so they do not follow a
// table, partition or database by themselves: the methods under "For the
// other concerns" delete or rename them when SqliteTables and SqlitePartitions
// delete or rename the object, inside the same savepoint.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_GRANTS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_GRANTS_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteGrants final : public GrantWriter {
 public:
  // `core` outlives this object (SqliteTransaction owns both).
  explicit SqliteGrants(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteGrants(const SqliteGrants&) = delete;
  SqliteGrants& operator=(const SqliteGrants&) = delete;

  // GrantReader.
  absl::StatusOr<std::vector<model::Role>> ListRoles() override;
  absl::StatusOr<std::vector<model::RoleGrant>> ListRoleGrants(
      std::string_view role, const model::Principal& grantee) override;
  absl::StatusOr<std::vector<model::PrivilegeGrant>> ListPrivileges(
      const model::SecuredObject* object, const model::Principal* grantee) override;

  // GrantWriter.
  absl::Status CreateRole(const model::Role& role) override;
  absl::Status DeleteRole(std::string_view name) override;
  absl::Status PutRoleGrant(const model::RoleGrant& grant) override;
  absl::Status DeleteRoleGrant(std::string_view role, const model::Principal& grantee) override;
  absl::Status PutPrivilege(const model::PrivilegeGrant& grant) override;
  absl::Status DeletePrivilege(const model::PrivilegeGrant& grant) override;

  // For the other concerns: the privilege grants on a table, partition or
  // database (and their columns) follow it, deleted with it and renamed with
  // it. Each runs inside the caller's Atomically.
  absl::Status DeleteTablePrivileges(std::string_view db, std::string_view table);
  absl::Status DeleteDatabasePrivileges(std::string_view db);
  // Whether any privilege is granted on a partition (or a partition's
  // column) of the table: a batch drop skips the per-partition delete if not.
  absl::StatusOr<bool> HasPartitionPrivileges(std::string_view db, std::string_view table);
  absl::Status DeletePartitionPrivileges(std::string_view db, std::string_view table,
                                         std::string_view partition);
  absl::Status RenamePartitionPrivileges(std::string_view db, std::string_view table,
                                         std::string_view partition,
                                         std::string_view new_partition);
  absl::Status RenameTablePrivileges(std::string_view db, std::string_view table,
                                     std::string_view new_db, std::string_view new_table);

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_GRANTS_H_
