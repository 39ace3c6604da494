// Change records, one case per kind of mutation: every write of the service
// describes itself (kind, object, before and after where they exist) inside
// its transaction, in the order it made the changes. A case is a setup, the
// operation, and the records the operation must produce, written
// "kind object [before] [after] [table]".
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "catalog/service/gate.h"
#include "catalog/service/service_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using ::testing::ElementsAreArray;

class RecordingObserver : public ChangeObserver {
 public:
  absl::Status BeforeCommit(storage::WriteTransaction&, const model::RequestContext&,
                            absl::Span<const model::ChangeRecord> changes) override {
    for (const model::ChangeRecord& c : changes) {
      std::string line = std::string(model::ChangeKindName(c.kind)) + " " + c.object;
      if (!std::holds_alternative<std::monostate>(c.before)) line += " before";
      if (!std::holds_alternative<std::monostate>(c.after)) line += " after";
      if (c.table != nullptr) line += " table";
      if (!c.notify) line += " silent";
      records.push_back(line);
    }
    return absl::OkStatus();
  }
  std::vector<std::string> records;
};

model::Table MakeTable(const std::string& db, const std::string& name,
                       std::vector<model::Column> keys = {}) {
  model::Table t;
  t.database = db;
  t.name = name;
  t.sd.columns = {{"id", "bigint", ""}};
  t.partition_keys = std::move(keys);
  return t;
}

model::Partition MakePartition(std::vector<std::string> values) {
  model::Partition p;
  p.values = std::move(values);
  return p;
}

struct Case {
  std::string name;
  std::function<void(ServiceTest&)> setup;
  std::function<absl::Status(CatalogService&, const model::RequestContext&)> op;
  std::vector<std::string> want;
};

class ChangeRecordTest : public ServiceTest, public ::testing::WithParamInterface<Case> {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("sales");
    CreateTable(service::MakeTable("sales", "orders", {{"ds", "string", ""}}));
    ASSERT_TRUE(service_->partitions()
                    .AddPartitions(ctx_, "sales", "orders",
                                   {service::MakePartition({"2024-01-01"}),
                                    service::MakePartition({"2024-01-02"})},
                                   false)
                    .ok());
    if (GetParam().setup) GetParam().setup(*this);
    service_->gate().AddObserver(observer_);
  }
  std::shared_ptr<RecordingObserver> observer_ = std::make_shared<RecordingObserver>();

 public:
  CatalogService& service() { return *service_; }
  const model::RequestContext& ctx() { return ctx_; }
};

// The status of a call that returns a value.
template <typename T>
absl::Status S(const absl::StatusOr<T>& s) {
  return s.status();
}

model::ColumnStatistics IdStats(std::string partition = "") {
  model::ColumnStatistics stats;
  stats.desc.is_table_level = partition.empty();
  stats.desc.database = "sales";
  stats.desc.table = "orders";
  stats.desc.partition_name = partition;
  model::LongColumnStats longs;
  longs.num_nulls = 0;
  stats.columns.push_back({.column_name = "id", .column_type = "bigint", .data = longs});
  return stats;
}

LockRequest TableLock() {
  return LockRequest{.components = {{.type = model::LockType::kExclusive,
                                     .level = model::LockLevel::kTable,
                                     .database = "sales",
                                     .table = "orders"}},
                     .user = "u",
                     .host = "h"};
}

const std::vector<Case>& Cases() {
  static const auto* cases = new std::vector<Case>{
      {"CreateDatabase", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return S(s.databases().CreateDatabase(c, model::Database{.name = "hr"}));
       },
       {"create_database hr after"}},
      {"DefaultDatabaseIsSilent", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return S(s.databases().EnsureDefaultDatabase(c));
       },
       {"create_database default after silent"}},
      {"AlterDatabase", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return s.databases().UpdateDatabase(c, model::Database{.name = "sales", .description = "d"});
       },
       {"alter_database sales before after"}},
      {"DropDatabaseCascades", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return s.databases().DropDatabase(c, "sales", /*cascade=*/true);
       },
       {"drop_table sales.orders before", "drop_database sales before"}},
      {"CreateTableWithOwnerGrants", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         model::PrivilegeGrant grant;
         grant.grantee = {"alice", model::PrincipalType::kUser};
         grant.privilege = "select";
         return S(s.tables().CreateTable(c, MakeTable("sales", "t2"), {grant}));
       },
       {"grant_privilege SELECT on sales.t2 after", "create_table sales.t2 after"}},
      {"AlterTable", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         model::Table t = MakeTable("sales", "orders", {{"ds", "string", ""}});
         t.parameters["k"] = "v";
         return S(s.tables().UpdateTable(c, t));
       },
       {"alter_table sales.orders before after"}},
      {"RenameTable", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return s.tables().RenameTable(c, "sales", "orders", "sales", "orders2");
       },
       {"alter_table sales.orders2 before after"}},
      {"DropTable", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return s.tables().DropTable(c, "sales", "orders");
       },
       {"drop_table sales.orders before"}},
      {"AddPartitionsIsOneRecord", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return S(s.partitions().AddPartitions(
             c, "sales", "orders",
             {MakePartition({"a"}), MakePartition({"b"})}, false));
       },
       {"add_partitions sales.orders after table"}},
      {"UpdatePartitionsOnePerPartition", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return s.partitions().UpdatePartitions(
             c, "sales", "orders",
             {MakePartition({"2024-01-01"}), MakePartition({"2024-01-02"})});
       },
       {"alter_partition sales.orders/ds=2024-01-01 before after table",
        "alter_partition sales.orders/ds=2024-01-02 before after table"}},
      {"RenamePartition", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return s.partitions().RenamePartition(c, "sales", "orders", {"2024-01-01"},
                                               MakePartition({"2023-12-31"}));
       },
       {"alter_partition sales.orders/ds=2023-12-31 before after table"}},
      {"DropPartitionsOnePerPartition", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return S(s.partitions().DropPartitionsByNames(
             c, "sales", "orders", {"ds=2024-01-01", "ds=2024-01-02"}, false));
       },
       {"drop_partition sales.orders/ds=2024-01-01 before table",
        "drop_partition sales.orders/ds=2024-01-02 before table"}},
      {"PartitionIndexes", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         absl::Status created = s.partition_indexes().CreatePartitionIndex(
             c, "sales", "orders", model::PartitionIndex{.name = "by_ds", .keys = {"ds"}});
         if (!created.ok()) return created;
         return s.partition_indexes().DropPartitionIndex(c, "sales", "orders", "by_ds");
       },
       {"create_partition_index sales.orders index by_ds table",
        "drop_partition_index sales.orders index by_ds"}},
      {"ColumnStatistics", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         absl::Status updated = s.statistics().UpdateColumnStatisticsBatch(
             c, {IdStats(), IdStats("ds=2024-01-01")});
         if (!updated.ok()) return updated;
         absl::Status table = s.statistics().DeleteTableColumnStatistics(c, "sales", "orders", "id", "");
         if (!table.ok()) return table;
         return s.statistics().DeleteColumnStatistics(c, "sales", "orders", false, {}, {}, "");
       },
       {"update_column_statistics sales.orders after",
        "update_column_statistics sales.orders/ds=2024-01-01 after",
        "delete_column_statistics sales.orders.id",
        "delete_column_statistics sales.orders/*"}},
      {"Functions", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         model::Function f{.database = "sales", .name = "f1", .class_name = "a.B"};
         absl::Status created = S(s.functions().CreateFunction(c, f));
         if (!created.ok()) return created;
         f.class_name = "a.C";
         absl::Status altered = s.functions().UpdateFunction(c, "sales", "f1", f);
         if (!altered.ok()) return altered;
         return s.functions().DropFunction(c, "sales", "f1");
       },
       {"create_function sales.f1 after", "alter_function sales.f1 before after",
        "drop_function sales.f1 before"}},
      {"RolesAndPrivileges", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         const model::Principal bob{"bob", model::PrincipalType::kUser};
         for (absl::Status st :
              {s.grants().CreateRole(c, model::Role{.name = "analysts"}),
               s.grants().GrantRole(c, model::RoleGrant{.role = "analysts", .grantee = bob}),
               s.grants().RevokeRole(c, "analysts", bob, false),
               s.grants().GrantPrivileges(
                   c, {PrivilegeRequest{.object = {.kind = model::ObjectKind::kTable,
                                                   .database = "sales",
                                                   .table = "orders"},
                                        .grantee = bob,
                                        .privilege = "SELECT"}}),
               s.grants().RevokePrivileges(
                   c,
                   {PrivilegeRequest{.object = {.kind = model::ObjectKind::kTable,
                                                .database = "sales",
                                                .table = "orders"},
                                     .grantee = bob,
                                     .privilege = "SELECT"}},
                   false),
               s.grants().DropRole(c, "analysts")}) {
           if (!st.ok()) return st;
         }
         return absl::OkStatus();
       },
       {"create_role role analysts after", "grant_role role analysts to USER 'bob' after",
        "revoke_role role analysts from USER 'bob'", "grant_privilege SELECT to USER 'bob' after",
        "revoke_privilege SELECT from USER 'bob' before", "drop_role role analysts"}},
      {"Locks", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         absl::StatusOr<model::Lock> lock = s.locks().Lock(c, TableLock());
         if (!lock.ok()) return lock.status();
         absl::Status beat = s.locks().Heartbeat(c, lock->id);
         if (!beat.ok()) return beat;
         return s.locks().Unlock(c, lock->id);
       },
       {"acquire_lock lock 1 after",  // stored waiting
        "update_lock lock 1 after",   // granted at once: nothing conflicts
        "update_lock lock 1 after",   // the heartbeat
        "release_lock lock 1 before"}},
      {"ExpireNotifications", nullptr,
       [](CatalogService& s, const model::RequestContext& c) {
         return S(s.notifications().ExpireNotifications(c, absl::Now() + absl::Hours(48)));
       },
       {"expire_notifications 3 notification events before"}},
  };
  return *cases;
}

TEST_P(ChangeRecordTest, ProducesItsRecordsInOrder) {
  ASSERT_TRUE(GetParam().op(*service_, ctx_).ok());
  std::vector<std::string> got = observer_->records;
  // The expiry record names the cutoff time; compare up to it.
  for (std::string& line : got) {
    if (line.rfind("expire_notifications", 0) == 0) line = line.substr(0, line.rfind(' '));
  }
  EXPECT_THAT(got, ElementsAreArray(GetParam().want));
}

INSTANTIATE_TEST_SUITE_P(EveryMutation, ChangeRecordTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace almanac::service
