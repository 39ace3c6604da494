// Roles, role grants and privilege grants of the SQLite store
// (migrations/0004_roles_privileges.sql).
#include "storage/sqlite/sqlite_grants.h"

#include <utility>

#include "common/status_macros.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

constexpr char kPrivilegeColumns[] =
    "object_kind, db_name, table_name, partition_name, column_name, principal_name,"
    " principal_type, privilege, create_time, grantor_name, grantor_type, grant_option";

model::PrincipalType TypeAt(const Statement& row, int column) {
  return static_cast<model::PrincipalType>(row.Int(column));
}

model::RoleGrant RoleGrantFrom(const Statement& row) {
  model::RoleGrant g;
  g.role = std::string(row.Text(0));
  g.grantee = {std::string(row.Text(1)), TypeAt(row, 2)};
  g.grant_option = row.Int(3) != 0;
  g.grant_time = row.Int(4);
  g.grantor = {std::string(row.Text(5)), TypeAt(row, 6)};
  return g;
}

model::PrivilegeGrant PrivilegeFrom(const Statement& row) {
  model::PrivilegeGrant g;
  g.object.kind = static_cast<model::ObjectKind>(row.Int(0));
  g.object.database = std::string(row.Text(1));
  g.object.table = std::string(row.Text(2));
  g.object.partition = std::string(row.Text(3));
  g.object.column = std::string(row.Text(4));
  g.grantee = {std::string(row.Text(5)), TypeAt(row, 6)};
  g.privilege = std::string(row.Text(7));
  g.create_time = row.Int(8);
  g.grantor = {std::string(row.Text(9)), TypeAt(row, 10)};
  g.grant_option = row.Int(11) != 0;
  return g;
}

// Binds the key (object, grantee, privilege) of `g` from `first`.
int BindPrivilegeKey(Statement& stmt, int first, const model::PrivilegeGrant& g) {
  int i = first;
  stmt.BindInt(i++, static_cast<int64_t>(g.object.kind));
  stmt.BindText(i++, g.object.database);
  stmt.BindText(i++, g.object.table);
  stmt.BindText(i++, g.object.partition);
  stmt.BindText(i++, g.object.column);
  stmt.BindText(i++, g.grantee.name);
  stmt.BindInt(i++, static_cast<int64_t>(g.grantee.type));
  stmt.BindText(i++, g.privilege);
  return i;
}

}  // namespace

absl::StatusOr<std::vector<model::Role>> SqliteGrants::ListRoles() {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT name, create_time, owner FROM roles ORDER BY name"));
  std::vector<model::Role> roles;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    roles.push_back({std::string(stmt.Text(0)), stmt.Int(1), std::string(stmt.Text(2))});
  }
  return roles;
}

absl::StatusOr<std::vector<model::RoleGrant>> SqliteGrants::ListRoleGrants(
    std::string_view role, const model::Principal& grantee) {
  ASSIGN_OR_RETURN(
      Statement stmt,
      conn_->Prepare("SELECT role, principal_name, principal_type, grant_option, grant_time,"
                     " grantor_name, grantor_type FROM role_grants"
                     " WHERE (?1 = '' OR role = ?1)"
                     " AND (?2 = '' OR (principal_name = ?2 AND principal_type = ?3))"
                     " ORDER BY role, principal_name, principal_type"));
  stmt.BindText(1, role);
  stmt.BindText(2, grantee.name);
  stmt.BindInt(3, static_cast<int64_t>(grantee.type));
  std::vector<model::RoleGrant> grants;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    grants.push_back(RoleGrantFrom(stmt));
  }
  return grants;
}

absl::StatusOr<std::vector<model::PrivilegeGrant>> SqliteGrants::ListPrivileges(
    const model::SecuredObject* object, const model::Principal* grantee) {
  ASSIGN_OR_RETURN(
      Statement stmt,
      conn_->Prepare(StrCat("SELECT ", kPrivilegeColumns,
                            " FROM privileges WHERE"
                            " (?1 = 0 OR (object_kind = ?1 AND db_name = ?2 AND table_name = ?3"
                            " AND partition_name = ?4 AND column_name = ?5))"
                            " AND (?6 = 0 OR (principal_name = ?7 AND principal_type = ?6))"
                            " ORDER BY object_kind, db_name, table_name, partition_name,"
                            " column_name, principal_name, principal_type, privilege")));
  stmt.BindInt(1, object != nullptr ? static_cast<int64_t>(object->kind) : 0);
  stmt.BindText(2, object != nullptr ? object->database : "");
  stmt.BindText(3, object != nullptr ? object->table : "");
  stmt.BindText(4, object != nullptr ? object->partition : "");
  stmt.BindText(5, object != nullptr ? object->column : "");
  stmt.BindInt(6, grantee != nullptr ? static_cast<int64_t>(grantee->type) : 0);
  stmt.BindText(7, grantee != nullptr ? grantee->name : "");
  std::vector<model::PrivilegeGrant> grants;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    grants.push_back(PrivilegeFrom(stmt));
  }
  return grants;
}

absl::Status SqliteGrants::CreateRole(const model::Role& role) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO roles (name, create_time, owner)"
                                    " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"));
    stmt.BindText(1, role.name);
    stmt.BindInt(2, role.create_time);
    stmt.BindText(3, role.owner);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) {
      return absl::AlreadyExistsError(StrCat("role '", role.name, "' already exists"));
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteGrants::DeleteRole(std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM roles WHERE name = ?"));
    stmt.BindText(1, name);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) return absl::NotFoundError(StrCat("role '", name, "' not found"));
    // Its grants to principals go by ON DELETE CASCADE; what was granted to
    // it as a principal goes here.
    for (const char* sql :
         {"DELETE FROM role_grants WHERE principal_name = ? AND principal_type = 2",
          "DELETE FROM privileges WHERE principal_name = ? AND principal_type = 2"}) {
      ASSIGN_OR_RETURN(Statement cleanup, conn_->Prepare(sql));
      cleanup.BindText(1, name);
      RETURN_IF_ERROR(cleanup.Run());
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteGrants::PutRoleGrant(const model::RoleGrant& grant) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Statement stmt,
        conn_->Prepare("INSERT OR REPLACE INTO role_grants (role, principal_name, principal_type,"
                       " grant_option, grant_time, grantor_name, grantor_type)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    stmt.BindText(1, grant.role);
    stmt.BindText(2, grant.grantee.name);
    stmt.BindInt(3, static_cast<int64_t>(grant.grantee.type));
    stmt.BindInt(4, grant.grant_option ? 1 : 0);
    stmt.BindInt(5, grant.grant_time);
    stmt.BindText(6, grant.grantor.name);
    stmt.BindInt(7, static_cast<int64_t>(grant.grantor.type));
    return stmt.Run();
  });
}

absl::Status SqliteGrants::DeleteRoleGrant(std::string_view role, const model::Principal& grantee) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("DELETE FROM role_grants WHERE role = ?"
                                    " AND principal_name = ? AND principal_type = ?"));
    stmt.BindText(1, role);
    stmt.BindText(2, grantee.name);
    stmt.BindInt(3, static_cast<int64_t>(grantee.type));
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) {
      return absl::NotFoundError(StrCat(model::PrincipalTypeName(grantee.type), " '", grantee.name,
                                        "' does not hold role '", role, "'"));
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteGrants::PutPrivilege(const model::PrivilegeGrant& grant) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare(StrCat("INSERT OR REPLACE INTO privileges (", kPrivilegeColumns,
                                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
    int i = BindPrivilegeKey(stmt, 1, grant);
    stmt.BindInt(i++, grant.create_time);
    stmt.BindText(i++, grant.grantor.name);
    stmt.BindInt(i++, static_cast<int64_t>(grant.grantor.type));
    stmt.BindInt(i++, grant.grant_option ? 1 : 0);
    return stmt.Run();
  });
}

absl::Status SqliteGrants::DeletePrivilege(const model::PrivilegeGrant& grant) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("DELETE FROM privileges WHERE object_kind = ? AND db_name = ?"
                                    " AND table_name = ? AND partition_name = ?"
                                    " AND column_name = ? AND principal_name = ?"
                                    " AND principal_type = ? AND privilege = ?"));
    BindPrivilegeKey(stmt, 1, grant);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) {
      return absl::NotFoundError(StrCat("privilege ", grant.privilege, " is not granted to ",
                                        model::PrincipalTypeName(grant.grantee.type), " '",
                                        grant.grantee.name, "' on that object"));
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteGrants::DeleteTablePrivileges(std::string_view db, std::string_view table) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM privileges WHERE db_name = ?"
                                                  " AND table_name = ? AND object_kind >= 3"));
  stmt.BindText(1, db);
  stmt.BindText(2, table);
  return stmt.Run();
}

absl::Status SqliteGrants::DeleteDatabasePrivileges(std::string_view db) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM privileges WHERE db_name = ?"
                                                  " AND object_kind >= 2"));
  stmt.BindText(1, db);
  return stmt.Run();
}

absl::StatusOr<bool> SqliteGrants::HasPartitionPrivileges(std::string_view db,
                                                          std::string_view table) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT 1 FROM privileges WHERE db_name = ? AND table_name = ?"
                                  " AND object_kind >= 4 LIMIT 1"));
  stmt.BindText(1, db);
  stmt.BindText(2, table);
  return stmt.Step();
}

absl::Status SqliteGrants::DeletePartitionPrivileges(std::string_view db, std::string_view table,
                                                     std::string_view partition) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("DELETE FROM privileges WHERE db_name = ? AND table_name = ?"
                                  " AND partition_name = ? AND object_kind >= 4"));
  stmt.BindText(1, db);
  stmt.BindText(2, table);
  stmt.BindText(3, partition);
  return stmt.Run();
}

absl::Status SqliteGrants::RenamePartitionPrivileges(std::string_view db, std::string_view table,
                                                     std::string_view partition,
                                                     std::string_view new_partition) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("UPDATE privileges SET partition_name = ? WHERE db_name = ?"
                                  " AND table_name = ? AND partition_name = ?"
                                  " AND object_kind >= 4"));
  stmt.BindText(1, new_partition);
  stmt.BindText(2, db);
  stmt.BindText(3, table);
  stmt.BindText(4, partition);
  return stmt.Run();
}

absl::Status SqliteGrants::RenameTablePrivileges(std::string_view db, std::string_view table,
                                                 std::string_view new_db,
                                                 std::string_view new_table) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("UPDATE privileges SET db_name = ?, table_name = ?"
                                  " WHERE db_name = ? AND table_name = ? AND object_kind >= 3"));
  stmt.BindText(1, new_db);
  stmt.BindText(2, new_table);
  stmt.BindText(3, db);
  stmt.BindText(4, table);
  return stmt.Run();
}

}  // namespace almanac::storage::sqlite
