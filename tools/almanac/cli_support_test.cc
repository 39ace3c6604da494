#include "tools/almanac/cli_support.h"

#include <gtest/gtest.h>

namespace almanac::tools {
namespace {

TEST(CliSupportTest, ExitCodesPerClass) {
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), kExitOk);
  EXPECT_EQ(ExitCodeFor(absl::NotFoundError("x")), kExitNotFound);
  EXPECT_EQ(ExitCodeFor(absl::AlreadyExistsError("x")), kExitAlreadyExists);
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("x")), kExitInvalidArgument);
  EXPECT_EQ(ExitCodeFor(absl::FailedPreconditionError("x")), kExitFailedPrecondition);
  EXPECT_EQ(ExitCodeFor(absl::UnavailableError("x")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::DeadlineExceededError("x")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::InternalError("x")), kExitFailure);
  EXPECT_EQ(ExitCodeFor(UsageError("bad")), kExitUsage);
  EXPECT_EQ(UsageError("bad").message(), "bad");
}

TEST(CliSupportTest, SplitTableName) {
  auto name = SplitTableName("sales.orders");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->first, "sales");
  EXPECT_EQ(name->second, "orders");
  for (const char* bad : {"orders", ".orders", "sales.", "a.b.c"}) {
    auto status = SplitTableName(bad).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ExitCodeFor(status), kExitUsage) << bad;
  }
  EXPECT_EQ(SplitTableName("orders").status().message(), "expected DB.TABLE, got 'orders'");
}

TEST(CliSupportTest, JsonRoundTripOfTableKeepsEveryField) {
  v1::Table table;
  table.set_database("sales");
  table.set_name("orders");
  table.set_create_time(1700000000);
  table.set_table_type(v1::TABLE_TYPE_EXTERNAL);
  table.mutable_sd()->set_num_buckets(-1);
  (*table.mutable_parameters())["k"] = "v";
  nlohmann::ordered_json json = MessageToJson(table);
  EXPECT_EQ(json["table_type"], "TABLE_TYPE_EXTERNAL");
  EXPECT_EQ(json["temporary"], false);  // defaults are printed too
  v1::Table back;
  ASSERT_TRUE(JsonToMessage(json.dump(), "t.json", &back).ok());
  EXPECT_EQ(back.SerializeAsString(), table.SerializeAsString());

  absl::Status bad = JsonToMessage("{\"nope\": 1}", "t.json", &back);
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
}

TEST(CliSupportTest, FormatTime) {
  EXPECT_EQ(FormatTime(0), "-");
  EXPECT_EQ(FormatTime(86400), "1970-01-02 00:00:00 UTC");
}

}  // namespace
}  // namespace almanac::tools
