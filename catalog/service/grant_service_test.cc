// GrantService's rules (grant_service.h): built-in roles,
// single grants, no cycles, grant options, privileges only on objects that
// exist, all-or-nothing batches, and what a user's privilege set gathers.
#include "catalog/service/grant_service.h"

#include <string>
#include <vector>

#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using model::ObjectKind;
using model::Principal;
using model::PrincipalType;

const Principal kBob{"bob", PrincipalType::kUser};
const Principal kEng{"eng", PrincipalType::kGroup};

class GrantServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("sales");
    CreateTable(MakeTable("sales", "orders", {{"ds", "string", ""}}));
    ASSERT_TRUE(service_->partitions().AddPartitions(ctx_, "sales", "orders", {MakePartition({"d1"})}, false)
                    .ok());
  }
  GrantService& auth() { return service_->grants(); }
  std::vector<std::string> RoleNamesOf(const Principal& p) {
    auto roles = auth().RolesOf(ctx_, p);
    EXPECT_TRUE(roles.ok()) << roles.status();
    std::vector<std::string> names;
    for (const model::Role& r : *roles) names.push_back(r.name);
    return names;
  }
  static PrivilegeRequest On(model::ObjectRef object, Principal grantee, std::string privilege) {
    return {.object = std::move(object), .grantee = std::move(grantee),
            .privilege = std::move(privilege)};
  }
  static model::ObjectRef Table() {
    return {.kind = ObjectKind::kTable, .database = "Sales", .table = "ORDERS"};
  }
};

TEST_F(GrantServiceTest, BuiltInRolesCannotBeCreatedDroppedGrantedOrRevoked) {
  for (const char* name : {"admin", "PUBLIC"}) {
    EXPECT_EQ(auth().CreateRole(ctx_, {.name = name}).code(),
              absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(auth().DropRole(ctx_, name).code(), absl::StatusCode::kFailedPrecondition);
  }
  EXPECT_EQ(auth().GrantRole(ctx_, {.role = "public", .grantee = kBob}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(auth().RevokeRole(ctx_, "public", kBob, false).code(),
            absl::StatusCode::kFailedPrecondition);
  // Everybody holds public, nobody holds admin without a grant.
  EXPECT_EQ(RoleNamesOf(kBob), (std::vector<std::string>{"public"}));
}

TEST_F(GrantServiceTest, RolesAreGrantedOnceAndRevoked) {
  ASSERT_TRUE(auth().CreateRole(ctx_, {.name = "analysts"}).ok());
  EXPECT_EQ(auth().CreateRole(ctx_, {.name = "analysts"}).code(),
            absl::StatusCode::kAlreadyExists);
  auto roles = auth().ListRoles(ctx_);
  ASSERT_TRUE(roles.ok());
  ASSERT_EQ(roles->size(), 3u);
  EXPECT_EQ((*roles)[1].owner, ctx_.principal);  // filled with the caller
  EXPECT_GT((*roles)[1].create_time, 0);

  ASSERT_TRUE(auth().GrantRole(ctx_, {.role = "analysts", .grantee = kBob, .grant_option = true})
                  .ok());
  EXPECT_EQ(auth().GrantRole(ctx_, {.role = "analysts", .grantee = kBob}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(auth().GrantRole(ctx_, {.role = "nope", .grantee = kBob}).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(RoleNamesOf(kBob), (std::vector<std::string>{"analysts", "public"}));
  auto holders = auth().GrantsOfRole(ctx_, "analysts");
  ASSERT_TRUE(holders.ok());
  ASSERT_EQ(holders->size(), 1u);
  EXPECT_EQ((*holders)[0].grantor.name, ctx_.principal);
  EXPECT_TRUE((*holders)[0].grant_option);

  // Revoking the grant option keeps the role.
  ASSERT_TRUE(auth().RevokeRole(ctx_, "analysts", kBob, /*grant_option_only=*/true).ok());
  auto of_bob = auth().RoleGrantsOf(ctx_, kBob);
  ASSERT_TRUE(of_bob.ok());
  ASSERT_EQ(of_bob->size(), 1u);
  EXPECT_FALSE((*of_bob)[0].grant_option);
  ASSERT_TRUE(auth().RevokeRole(ctx_, "analysts", kBob, false).ok());
  EXPECT_EQ(auth().RevokeRole(ctx_, "analysts", kBob, false).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(RoleNamesOf(kBob), (std::vector<std::string>{"public"}));
  EXPECT_EQ(auth().GrantsOfRole(ctx_, "nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(GrantServiceTest, RoleCyclesAreRefused) {
  for (const char* name : {"a", "b", "c"}) ASSERT_TRUE(auth().CreateRole(ctx_, {.name = name}).ok());
  const Principal a{"a", PrincipalType::kRole}, b{"b", PrincipalType::kRole};
  ASSERT_TRUE(auth().GrantRole(ctx_, {.role = "b", .grantee = a}).ok());  // a holds b
  ASSERT_TRUE(auth().GrantRole(ctx_, {.role = "c", .grantee = b}).ok());  // b holds c
  EXPECT_EQ(auth().GrantRole(ctx_, {.role = "a", .grantee = a}).code(),
            absl::StatusCode::kFailedPrecondition);
  // c to... a holds c through b; granting a to c would close the loop.
  EXPECT_EQ(auth().GrantRole(ctx_, {.role = "a", .grantee = {"c", PrincipalType::kRole}}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(auth().GrantRole(ctx_, {.role = "a", .grantee = {"nope", PrincipalType::kRole}})
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(GrantServiceTest, PrivilegesNeedExistingObjectsAndBatchesAreAllOrNothing) {
  ASSERT_TRUE(auth().GrantPrivileges(ctx_, {On(Table(), kBob, " select ")}).ok());
  auto listed = auth().ListPrivileges(ctx_, nullptr, &kBob);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].privilege, "SELECT");
  EXPECT_EQ((*listed)[0].object.table, "orders");
  EXPECT_EQ((*listed)[0].grantor.name, ctx_.principal);
  EXPECT_EQ(auth().GrantPrivileges(ctx_, {On(Table(), kBob, "SELECT")}).code(),
            absl::StatusCode::kAlreadyExists);

  const std::vector<std::pair<model::ObjectRef, absl::StatusCode>> bad = {
      {{.kind = ObjectKind::kDatabase, .database = "nope"}, absl::StatusCode::kNotFound},
      {{.kind = ObjectKind::kTable, .database = "sales", .table = "nope"},
       absl::StatusCode::kNotFound},
      {{.kind = ObjectKind::kPartition, .database = "sales", .table = "orders",
        .partition_values = {"d9"}},
       absl::StatusCode::kNotFound},
      {{.kind = ObjectKind::kPartition, .database = "sales", .table = "orders",
        .partition_values = {"d1", "extra"}},
       absl::StatusCode::kInvalidArgument},
      {{.kind = ObjectKind::kColumn, .database = "sales", .table = "orders", .column = "nope"},
       absl::StatusCode::kNotFound},
      {{.kind = ObjectKind::kTable, .database = "sales"}, absl::StatusCode::kInvalidArgument}};
  for (const auto& [object, code] : bad) {
    // The first request of each batch is fine: nothing of the batch may stay.
    absl::Status status = auth().GrantPrivileges(
        ctx_, {On(Table(), kEng, "INSERT"), On(object, kBob, "SELECT")});
    EXPECT_EQ(status.code(), code) << status;
  }
  EXPECT_TRUE(auth().ListPrivileges(ctx_, nullptr, &kEng)->empty());
  EXPECT_EQ(auth().GrantPrivileges(ctx_, {On(Table(), kBob, "")}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(auth().GrantPrivileges(ctx_, {On(Table(), {"", PrincipalType::kUser}, "ALL")}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(auth().GrantPrivileges(ctx_, {On(Table(), {"ghost", PrincipalType::kRole}, "ALL")})
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(GrantServiceTest, EveryObjectKindAndRevokes) {
  const std::vector<model::ObjectRef> objects = {
      {.kind = ObjectKind::kGlobal},
      {.kind = ObjectKind::kDatabase, .database = "sales"},
      Table(),
      {.kind = ObjectKind::kPartition, .database = "sales", .table = "orders",
       .partition_values = {"d1"}},
      {.kind = ObjectKind::kColumn, .database = "sales", .table = "orders", .column = "ID"},
      {.kind = ObjectKind::kColumn, .database = "sales", .table = "orders",
       .partition_values = {"d1"}, .column = "price"}};
  for (const model::ObjectRef& object : objects) {
    PrivilegeRequest request = On(object, kBob, "SELECT");
    request.grant_option = true;
    ASSERT_TRUE(auth().GrantPrivileges(ctx_, {request}).ok());
    auto on_it = auth().ListPrivileges(ctx_, &object, nullptr);
    ASSERT_TRUE(on_it.ok());
    ASSERT_EQ(on_it->size(), 1u) << static_cast<int>(object.kind);
    EXPECT_TRUE((*on_it)[0].grant_option);
  }
  EXPECT_EQ(auth().ListPrivileges(ctx_, nullptr, &kBob)->size(), objects.size());
  // The grant option goes first, then the grant.
  ASSERT_TRUE(auth().RevokePrivileges(ctx_, {On(Table(), kBob, "select")}, true).ok());
  const model::ObjectRef table = Table();
  ASSERT_EQ(auth().ListPrivileges(ctx_, &table, &kBob)->size(), 1u);
  EXPECT_FALSE(auth().ListPrivileges(ctx_, &table, &kBob)->front().grant_option);
  ASSERT_TRUE(auth().RevokePrivileges(ctx_, {On(Table(), kBob, "SELECT")}, false).ok());
  EXPECT_TRUE(auth().ListPrivileges(ctx_, &table, &kBob)->empty());
  EXPECT_EQ(auth().RevokePrivileges(ctx_, {On(Table(), kBob, "SELECT")}, false).code(),
            absl::StatusCode::kNotFound);
  // A missing object has no grants rather than an error.
  const model::ObjectRef missing{.kind = ObjectKind::kTable, .database = "sales", .table = "nope"};
  auto none = auth().ListPrivileges(ctx_, &missing, nullptr);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
}

TEST_F(GrantServiceTest, PrivilegeSetGathersUserGroupsAndRoles) {
  ASSERT_TRUE(auth().CreateRole(ctx_, {.name = "analysts"}).ok());
  ASSERT_TRUE(auth().GrantRole(ctx_, {.role = "analysts", .grantee = kBob}).ok());
  const Principal analysts{"analysts", PrincipalType::kRole};
  const Principal everyone{"public", PrincipalType::kRole};
  ASSERT_TRUE(auth()
                  .GrantPrivileges(ctx_, {On(Table(), kBob, "SELECT"), On(Table(), kEng, "INSERT"),
                                          On(Table(), analysts, "UPDATE"),
                                          On(Table(), everyone, "DELETE"),
                                          On(Table(), {"ann", PrincipalType::kUser}, "ALL")})
                  .ok());
  auto set = auth().PrivilegesFor(ctx_, Table(), "bob", {"eng", "ops"});
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->user.size(), 1u);
  EXPECT_EQ(set->user.at("bob").front().privilege, "SELECT");
  ASSERT_EQ(set->group.size(), 1u);
  EXPECT_EQ(set->group.at("eng").front().privilege, "INSERT");
  ASSERT_EQ(set->role.size(), 2u);
  EXPECT_EQ(set->role.at("analysts").front().privilege, "UPDATE");
  EXPECT_EQ(set->role.at("public").front().privilege, "DELETE");
  // Dropping the table takes its grants.
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "orders").ok());
  EXPECT_TRUE(auth().ListPrivileges(ctx_, nullptr, nullptr)->empty());
}

}  // namespace
}  // namespace almanac::service
