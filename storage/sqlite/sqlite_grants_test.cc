// Roles, role grants and privilege grants in the SQLite store: the built-in
// roles, listing filters, cascades when a role goes, and grants following
// their table, partition and database through drops and renames.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using model::ObjectKind;
using model::Principal;
using model::PrincipalType;
using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;

model::PrivilegeGrant Grant(model::SecuredObject object, Principal grantee,
                            const std::string& privilege) {
  return {.object = std::move(object),
          .grantee = std::move(grantee),
          .privilege = privilege,
          .create_time = 100,
          .grantor = {"admin_user", PrincipalType::kUser},
          .grant_option = false};
}

model::SecuredObject TableObject(const std::string& db, const std::string& table) {
  return {.kind = ObjectKind::kTable, .database = db, .table = table};
}

class SqliteAuthorizationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("c.db"), .sync_every_commit = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    table_ = MakeTable("db", "t", {{"ds", "string"}});
    auto w = Write();
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("other")).ok());
    ASSERT_TRUE(w->tables().CreateTable(table_).ok());
    ASSERT_TRUE(w->partitions()
                    .CreatePartitions(
                        "db", "t", {MakePartition(table_, {"d1"}), MakePartition(table_, {"d2"})})
                    .ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  std::unique_ptr<WriteTransaction> Write() {
    auto txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }
  std::vector<model::PrivilegeGrant> Privileges(const model::SecuredObject* object = nullptr,
                                                const Principal* grantee = nullptr) {
    auto txn = store_->BeginRead();
    auto grants = (*txn)->grants().ListPrivileges(object, grantee);
    EXPECT_TRUE(grants.ok()) << grants.status();
    return grants.ok() ? *grants : std::vector<model::PrivilegeGrant>{};
  }
  std::vector<model::RoleGrant> RoleGrants(const std::string& role, const Principal& grantee) {
    auto txn = store_->BeginRead();
    auto grants = (*txn)->grants().ListRoleGrants(role, grantee);
    EXPECT_TRUE(grants.ok()) << grants.status();
    return grants.ok() ? *grants : std::vector<model::RoleGrant>{};
  }
  std::vector<std::string> RoleNames() {
    auto txn = store_->BeginRead();
    auto roles = (*txn)->grants().ListRoles();
    EXPECT_TRUE(roles.ok()) << roles.status();
    std::vector<std::string> names;
    for (const model::Role& r : *roles) names.push_back(r.name);
    return names;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  model::Table table_;
};

TEST_F(SqliteAuthorizationTest, BuiltInRolesExistAndRolesAreUnique) {
  EXPECT_EQ(RoleNames(), (std::vector<std::string>{"admin", "public"}));
  auto w = Write();
  ASSERT_TRUE(w->grants().CreateRole({.name = "Analysts", .create_time = 5, .owner = "bob"}).ok());
  EXPECT_EQ(w->grants().CreateRole({.name = "Analysts"}).code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(RoleNames(), (std::vector<std::string>{"Analysts", "admin", "public"}));
}

TEST_F(SqliteAuthorizationTest, RoleGrantsFilterByRoleAndGrantee) {
  auto w = Write();
  ASSERT_TRUE(w->grants().CreateRole({.name = "r1"}).ok());
  ASSERT_TRUE(w->grants().CreateRole({.name = "r2"}).ok());
  const Principal bob{"bob", PrincipalType::kUser};
  const Principal eng{"eng", PrincipalType::kGroup};
  ASSERT_TRUE(w->grants().PutRoleGrant({.role = "r1", .grantee = bob, .grant_option = true}).ok());
  ASSERT_TRUE(w->grants().PutRoleGrant({.role = "r2", .grantee = bob}).ok());
  ASSERT_TRUE(w->grants().PutRoleGrant({.role = "r1", .grantee = eng}).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(RoleGrants("", bob).size(), 2u);
  EXPECT_EQ(RoleGrants("r1", {}).size(), 2u);
  ASSERT_EQ(RoleGrants("r1", bob).size(), 1u);
  EXPECT_TRUE(RoleGrants("r1", bob)[0].grant_option);
  // A user and a group of the same name are different principals.
  EXPECT_TRUE(RoleGrants("", {"bob", PrincipalType::kGroup}).empty());
  w = Write();
  EXPECT_EQ(w->grants().DeleteRoleGrant("r2", eng).code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->grants().DeleteRoleGrant("r2", bob).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(RoleGrants("", bob).size(), 1u);
}

TEST_F(SqliteAuthorizationTest, DroppingARoleTakesEverythingAboutIt) {
  auto w = Write();
  ASSERT_TRUE(w->grants().CreateRole({.name = "r1"}).ok());
  ASSERT_TRUE(w->grants().CreateRole({.name = "r2"}).ok());
  const Principal r1{"r1", PrincipalType::kRole};
  ASSERT_TRUE(
      w->grants().PutRoleGrant({.role = "r1", .grantee = {"bob", PrincipalType::kUser}}).ok());
  ASSERT_TRUE(w->grants().PutRoleGrant({.role = "r2", .grantee = r1}).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(TableObject("db", "t"), r1, "SELECT")).ok());
  ASSERT_TRUE(w->Commit().ok());
  w = Write();
  ASSERT_TRUE(w->grants().DeleteRole("r1").ok());
  EXPECT_EQ(w->grants().DeleteRole("r1").code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(RoleGrants("r1", {}).empty());
  EXPECT_TRUE(RoleGrants("", r1).empty());
  EXPECT_TRUE(Privileges().empty());
  EXPECT_EQ(RoleNames(), (std::vector<std::string>{"admin", "public", "r2"}));
}

TEST_F(SqliteAuthorizationTest, PrivilegesFilterByObjectAndGrantee) {
  const Principal bob{"bob", PrincipalType::kUser};
  const Principal ann{"ann", PrincipalType::kUser};
  const model::SecuredObject global{.kind = ObjectKind::kGlobal};
  const model::SecuredObject column{
      .kind = ObjectKind::kColumn, .database = "db", .table = "t", .column = "id"};
  auto w = Write();
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(TableObject("db", "t"), bob, "SELECT")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(TableObject("db", "t"), bob, "INSERT")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(TableObject("db", "t"), ann, "SELECT")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(global, ann, "ALL")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(column, bob, "SELECT")).ok());
  ASSERT_TRUE(w->Commit().ok());
  const model::SecuredObject table = TableObject("db", "t");
  EXPECT_EQ(Privileges().size(), 5u);
  EXPECT_EQ(Privileges(&table).size(), 3u);
  EXPECT_EQ(Privileges(&table, &bob).size(), 2u);
  EXPECT_EQ(Privileges(nullptr, &ann).size(), 2u);
  EXPECT_EQ(Privileges(&global).size(), 1u);
  ASSERT_EQ(Privileges(&column).size(), 1u);
  EXPECT_EQ(Privileges(&column)[0], Grant(column, bob, "SELECT"));
  // Replacing keeps one row; deleting a missing one is NotFound.
  model::PrivilegeGrant with_option = Grant(table, bob, "SELECT");
  with_option.grant_option = true;
  w = Write();
  ASSERT_TRUE(w->grants().PutPrivilege(with_option).ok());
  EXPECT_EQ(w->grants().DeletePrivilege(Grant(table, ann, "INSERT")).code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->grants().DeletePrivilege(Grant(table, ann, "SELECT")).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(Privileges(&table).size(), 2u);
  EXPECT_TRUE(Privileges(&table, &bob).back().grant_option);  // SELECT sorts after INSERT
}

TEST_F(SqliteAuthorizationTest, GrantsFollowTheirObjects) {
  const Principal bob{"bob", PrincipalType::kUser};
  const model::SecuredObject d1{
      .kind = ObjectKind::kPartition, .database = "db", .table = "t", .partition = "ds=d1"};
  const model::SecuredObject d2{
      .kind = ObjectKind::kPartition, .database = "db", .table = "t", .partition = "ds=d2"};
  const model::SecuredObject database{.kind = ObjectKind::kDatabase, .database = "db"};
  const model::SecuredObject other{.kind = ObjectKind::kDatabase, .database = "other"};
  auto w = Write();
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(TableObject("db", "t"), bob, "SELECT")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(d1, bob, "SELECT")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(d2, bob, "SELECT")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(database, bob, "CREATE")).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(other, bob, "CREATE")).ok());
  ASSERT_TRUE(w->Commit().ok());

  w = Write();
  ASSERT_TRUE(w->partitions().DeletePartition("db", "t", {"d1"}).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Privileges(&d1).empty());
  EXPECT_EQ(Privileges(&d2).size(), 1u);
  // A batch drop deletes its partitions' grants too, and only theirs.
  w = Write();
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", {MakePartition(table_, {"d1"})}).ok());
  ASSERT_TRUE(w->grants().PutPrivilege(Grant(d1, bob, "SELECT")).ok());
  ASSERT_TRUE(w->partitions().DeletePartitions("db", "t", {{"d1"}}, false).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Privileges(&d1).empty());
  EXPECT_EQ(Privileges(&d2).size(), 1u);

  // A renamed partition keeps its grants (and back again).
  const model::SecuredObject d3{
      .kind = ObjectKind::kPartition, .database = "db", .table = "t", .partition = "ds=d3"};
  w = Write();
  ASSERT_TRUE(
      w->partitions().UpdatePartition("db", "t", {"d2"}, MakePartition(table_, {"d3"})).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Privileges(&d2).empty());
  EXPECT_EQ(Privileges(&d3).size(), 1u);
  w = Write();
  ASSERT_TRUE(
      w->partitions().UpdatePartition("db", "t", {"d3"}, MakePartition(table_, {"d2"})).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(Privileges(&d2).size(), 1u);

  w = Write();
  ASSERT_TRUE(w->tables().RenameTable("db", "t", "other", "t2", "").ok());
  ASSERT_TRUE(w->Commit().ok());
  const model::SecuredObject renamed = TableObject("other", "t2");
  const model::SecuredObject old_name = TableObject("db", "t");
  EXPECT_EQ(Privileges(&renamed).size(), 1u);
  EXPECT_TRUE(Privileges(&old_name).empty());
  model::SecuredObject moved_partition = d2;
  moved_partition.database = "other";
  moved_partition.table = "t2";
  EXPECT_EQ(Privileges(&moved_partition).size(), 1u);

  w = Write();
  ASSERT_TRUE(w->tables().DeleteTable("other", "t2").ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Privileges(&renamed).empty());
  EXPECT_TRUE(Privileges(&moved_partition).empty());
  EXPECT_EQ(Privileges(&other).size(), 1u);

  w = Write();
  ASSERT_TRUE(w->tables().DeleteDatabase("db").ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_TRUE(Privileges(&database).empty());
  EXPECT_EQ(Privileges(&other).size(), 1u);  // another database's grant stays
}

}  // namespace
}  // namespace almanac::storage
