#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

class PartitionOpsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("db");
    CreateTable(MakeTable("db", "t", {{"year", "int", ""}, {"month", "string", ""}}));
  }

  absl::StatusOr<std::vector<model::Partition>> Add(std::vector<model::Partition> parts,
                                                    bool if_not_exists = false) {
    return service_->partitions().AddPartitions(ctx_, "db", "t", std::move(parts), if_not_exists);
  }

  int64_t CountT() {
    absl::StatusOr<int64_t> n = Count("db", "t");
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : -1;
  }
};

TEST_F(PartitionOpsTest, AddFillsDefaults) {
  absl::StatusOr<std::vector<model::Partition>> added =
      Add({MakePartition({"2024", "01"}), MakePartition({"2024", "a/b"})});
  ASSERT_TRUE(added.ok()) << added.status();
  ASSERT_EQ(added->size(), 2u);
  EXPECT_EQ((*added)[0].sd.location, "file:/wh/db.db/t/year=2024/month=01");
  EXPECT_EQ((*added)[1].sd.location, "file:/wh/db.db/t/year=2024/month=a%2Fb");
  EXPECT_EQ((*added)[0].sd.columns.size(), 2u);  // from the table
  EXPECT_GT((*added)[0].create_time, 0);

  absl::StatusOr<model::Partition> got = service_->partitions().GetPartition(ctx_, "DB", "T", {"2024", "a/b"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->values, (std::vector<std::string>{"2024", "a/b"}));
  EXPECT_EQ(got->sd.location, "file:/wh/db.db/t/year=2024/month=a%2Fb");
  EXPECT_EQ(got->sd.input_format, "org.apache.hadoop.mapred.TextInputFormat");
}

TEST_F(PartitionOpsTest, AddKeepsGivenLocation) {
  model::Partition p = MakePartition({"2024", "02"});
  p.sd.location = "s3://elsewhere/feb";
  ASSERT_TRUE(Add({p}).ok());
  absl::StatusOr<model::Partition> got = service_->partitions().GetPartition(ctx_, "db", "t", {"2024", "02"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sd.location, "s3://elsewhere/feb");
}

TEST_F(PartitionOpsTest, ValuesMustFitKeys) {
  absl::Status s = Add({MakePartition({"2024"})}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "table 'db.t' has 2 partition keys (year, month) but 1 values were given");
  EXPECT_TRUE(Add({MakePartition({"__HIVE_DEFAULT_PARTITION__", "01"})}).ok());
  // As in the Java metastore, an empty value is the default partition: the
  // same partition as __HIVE_DEFAULT_PARTITION__, stored under that spelling.
  s = Add({MakePartition({"", "01"})}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  auto added = Add({MakePartition({"2024", ""})});
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ((*added)[0].values,
            (std::vector<std::string>{"2024", "__HIVE_DEFAULT_PARTITION__"}));
  auto found = service_->partitions().GetPartition(ctx_, "db", "t", {"2024", ""});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->values, (std::vector<std::string>{"2024", "__HIVE_DEFAULT_PARTITION__"}));

  CreateTable(MakeTable("db", "flat"));
  s = service_->partitions().AddPartitions(ctx_, "db", "flat", {MakePartition({"x"})}, false).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "table 'db.flat' is not partitioned");

  s = service_->partitions().AddPartitions(ctx_, "db", "nope", {MakePartition({"x"})}, false).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

TEST_F(PartitionOpsTest, BatchWithOneExistingAddsNothing) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"})}).ok());
  absl::Status s = Add({MakePartition({"2024", "02"}), MakePartition({"2024", "01"}),
                        MakePartition({"2024", "03"})})
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "partition 'db.t/year=2024/month=01' already exists");
  EXPECT_EQ(CountT(), 1);
  EXPECT_EQ(service_->partitions().GetPartition(ctx_, "db", "t", {"2024", "02"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PartitionOpsTest, DuplicateInsideBatch) {
  absl::Status s =
      Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"}),
           MakePartition({"2024", "01"})})
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "partition 'db.t/year=2024/month=01' appears twice in the request");
  EXPECT_EQ(CountT(), 0);
}

TEST_F(PartitionOpsTest, IfNotExistsSkipsExisting) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"})}).ok());
  absl::StatusOr<std::vector<model::Partition>> added =
      Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"})}, true);
  ASSERT_TRUE(added.ok()) << added.status();
  ASSERT_EQ(added->size(), 1u);
  EXPECT_EQ((*added)[0].values[1], "02");
  EXPECT_EQ(CountT(), 2);
}

TEST_F(PartitionOpsTest, BadColumnTypeInPartitionAddsNothing) {
  model::Partition bad = MakePartition({"2024", "02"});
  bad.sd.columns = {{"id", "bigint", ""}, {"price", "decimal(99,1)", ""}};
  absl::Status s = Add({MakePartition({"2024", "01"}), bad}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountT(), 0);
}

TEST_F(PartitionOpsTest, GetByValuesAndNames) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"}),
                   MakePartition({"2023", "12"})})
                  .ok());
  absl::StatusOr<std::vector<model::Partition>> by_values = service_->partitions().GetPartitionsByValues(
      ctx_, "db", "t", {{"2023", "12"}, {"1999", "01"}, {"2024", "02"}});
  ASSERT_TRUE(by_values.ok()) << by_values.status();
  ASSERT_EQ(by_values->size(), 2u);  // the missing one is left out
  EXPECT_EQ((*by_values)[0].values[0], "2023");
  EXPECT_EQ((*by_values)[1].values[1], "02");

  absl::StatusOr<std::vector<model::Partition>> by_names = service_->partitions().GetPartitionsByNames(
      ctx_, "db", "t", {"YEAR=2024/Month=01", "year=1999/month=01"});
  ASSERT_TRUE(by_names.ok()) << by_names.status();
  ASSERT_EQ(by_names->size(), 1u);
  EXPECT_EQ((*by_names)[0].values, (std::vector<std::string>{"2024", "01"}));

  EXPECT_EQ(service_->partitions().GetPartitionsByNames(ctx_, "db", "t", {"year=2024"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status s = service_->partitions().GetPartition(ctx_, "db", "t", {"1999", "01"}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

TEST_F(PartitionOpsTest, DropIsAllOrNothing) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"})}).ok());
  absl::Status s = service_->partitions()
                       .DropPartitions(ctx_, "db", "t", {{"2024", "01"}, {"1999", "01"}},
                                       /*if_exists=*/false)
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CountT(), 2);

  ASSERT_TRUE(service_
                  ->partitions().DropPartitions(ctx_, "db", "t",
                                   {{"2024", "01"}, {"1999", "01"}, {"2024", "01"}},
                                   /*if_exists=*/true)
                  .ok());
  EXPECT_EQ(CountT(), 1);
  EXPECT_EQ(service_->partitions().DropPartitions(ctx_, "db", "t", {{"2024"}}, true).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionOpsTest, DropDeletesPartitionDirectoriesUnderTheTableOnly) {
  model::Partition elsewhere = MakePartition({"2024", "03"});
  elsewhere.sd.location = "file:/shared/2024-03";
  ASSERT_TRUE(Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"}), elsewhere}).ok());
  warehouse_->steps.clear();
  ASSERT_TRUE(service_->partitions().DropPartitions(ctx_, "db", "t", {{"2024", "01"}}, false).ok());
  EXPECT_TRUE(warehouse_->steps.empty());  // deleteData not asked
  ASSERT_TRUE(service_
                  ->partitions().DropPartitions(ctx_, "db", "t", {{"2024", "02"}, {"2024", "03"}}, false,
                                   /*delete_data=*/true)
                  .ok());
  EXPECT_EQ(warehouse_->steps,
            std::vector<std::string>{"delete file:/wh/db.db/t/year=2024/month=02"});
  EXPECT_EQ(CountT(), 0);
}

TEST_F(PartitionOpsTest, DropKeepsExternalPartitionData) {
  model::Table ext = MakeTable("db", "ext", {{"year", "int", ""}});
  ext.table_type = model::TableType::kExternal;
  CreateTable(ext);
  ASSERT_TRUE(
      service_->partitions().AddPartitions(ctx_, "db", "ext", {MakePartition({"2024"})}, false).ok());
  warehouse_->steps.clear();
  ASSERT_TRUE(service_->partitions().DropPartitions(ctx_, "db", "ext", {{"2024"}}, false, true).ok());
  EXPECT_TRUE(warehouse_->steps.empty());
}

TEST_F(PartitionOpsTest, FailedDeleteStillDropsAndWarns) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"})}).ok());
  warehouse_->result = absl::PermissionDeniedError("cannot delete");
  ASSERT_TRUE(service_->partitions().DropPartitions(ctx_, "db", "t", {{"2024", "01"}}, false, true).ok());
  EXPECT_EQ(CountT(), 0);
  ASSERT_EQ(data_warnings_.size(), 1u);
  EXPECT_EQ(data_warnings_[0].code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(PartitionOpsTest, UpdateIsAllOrNothing) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"})}).ok());
  model::Partition jan = MakePartition({"2024", "01"});
  jan.parameters = {{"numRows", "10"}};
  model::Partition missing = MakePartition({"1999", "01"});
  absl::Status s = service_->partitions().UpdatePartitions(ctx_, "db", "t", {jan, missing});
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  absl::StatusOr<model::Partition> got = service_->partitions().GetPartition(ctx_, "db", "t", {"2024", "01"});
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->parameters.find("numRows") == got->parameters.end());

  ASSERT_TRUE(service_->partitions().UpdatePartitions(ctx_, "db", "t", {jan}).ok());
  got = service_->partitions().GetPartition(ctx_, "db", "t", {"2024", "01"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->parameters.at("numRows"), "10");
  // Left empty, the location and columns stay what they were.
  EXPECT_EQ(got->sd.location, "file:/wh/db.db/t/year=2024/month=01");
  EXPECT_EQ(got->sd.columns.size(), 2u);

  s = service_->partitions().UpdatePartitions(ctx_, "db", "t", {jan, jan});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionOpsTest, Rename) {
  ASSERT_TRUE(Add({MakePartition({"2024", "01"}), MakePartition({"2024", "02"})}).ok());
  absl::Status s =
      service_->partitions().RenamePartition(ctx_, "db", "t", {"2024", "01"}, MakePartition({"2024", "02"}));
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "partition 'db.t/year=2024/month=02' already exists");

  ASSERT_TRUE(
      service_->partitions().RenamePartition(ctx_, "db", "t", {"2024", "01"}, MakePartition({"2025", "01"}))
          .ok());
  EXPECT_EQ(service_->partitions().GetPartition(ctx_, "db", "t", {"2024", "01"}).status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<model::Partition> got = service_->partitions().GetPartition(ctx_, "db", "t", {"2025", "01"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->sd.location, "file:/wh/db.db/t/year=2025/month=01");
  EXPECT_EQ(CountT(), 2);

  s = service_->partitions().RenamePartition(ctx_, "db", "t", {"1999", "01"}, MakePartition({"2026", "01"}));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace almanac::service
