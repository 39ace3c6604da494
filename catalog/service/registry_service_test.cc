// The schema registry over a real SQLite file: Glue's version numbering,
// identical definitions, every mode with its checkpoint, refusals that name
// the field and store nothing, the limits, deletes that keep the checkpoint,
// and tables that follow a schema version.
#include "catalog/service/registry_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/service/schema_reference.h"
#include "catalog/service/service_test_util.h"

namespace almanac::service {
namespace {

// An Avro record "Order" with the given fields (JSON of each field).
std::string Avro(const std::vector<std::string>& fields) {
  std::string out = R"({"type": "record", "name": "Order", "namespace": "shop", "fields": [)";
  for (size_t i = 0; i < fields.size(); ++i) absl::StrAppend(&out, i ? ", " : "", fields[i]);
  return out + "]}";
}
const std::string kId = R"({"name": "id", "type": "long"})";
const std::string kPriceDouble = R"({"name": "price", "type": "double"})";
const std::string kPriceFloat = R"({"name": "price", "type": "float"})";
const std::string kNote = R"({"name": "note", "type": "string", "default": ""})";
const std::string kEmail = R"({"name": "email", "type": "string"})";
const std::string kMemo = R"({"name": "memo", "type": "string", "default": "-"})";

class RegistryServiceTest : public ServiceTest {
 protected:
  RegistryService& registry() { return service_->registry(); }

  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(registry().CreateRegistry(ctx_, "shop", "the shop's schemas").ok());
  }

  absl::Status Create(const std::string& name, const std::string& mode,
                      const std::string& definition, const std::string& format = "AVRO") {
    return registry()
        .CreateSchema(ctx_, CreateSchemaRequest{.registry = "shop",
                                                .name = name,
                                                .data_format = format,
                                                .compatibility = mode,
                                                .definition = definition})
        .status();
  }

  absl::StatusOr<RegisterVersionResult> Register(const std::string& name,
                                                 const std::string& definition,
                                                 bool update_tables = false) {
    return registry().RegisterSchemaVersion(
        ctx_, RegisterVersionRequest{.registry = "shop",
                                     .schema = name,
                                     .definition = definition,
                                     .update_tables = update_tables});
  }

  int64_t VersionCount(const std::string& name) {
    auto s = registry().GetSchema(ctx_, "shop", name);
    return s.ok() ? s->version_count : -1;
  }
};

TEST_F(RegistryServiceTest, VersionsAreNumberedFromOneWithUuidsAndIdenticalOnesAreFound) {
  ASSERT_TRUE(Create("orders", "BACKWARD", Avro({kId})).ok());
  auto v2 = Register("orders", Avro({kId, kNote}));
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version.version, 2);
  EXPECT_FALSE(v2->existing);
  EXPECT_EQ(v2->version.id.size(), 36u);
  EXPECT_EQ(v2->version.id[14], '4');  // a version-4 UUID
  // The same definition, re-formatted with keys in another order: version 2 again.
  auto again = Register("orders", R"({"fields": [{"type": "long", "name": "id"},
      {"default": "", "type": "string", "name": "note"}],
      "namespace": "shop", "name": "Order", "type": "record"})");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->existing);
  EXPECT_EQ(again->version.version, 2);
  EXPECT_EQ(again->version.id, v2->version.id);
  EXPECT_EQ(VersionCount("orders"), 2);
  auto by_definition = registry().GetSchemaByDefinition(ctx_, "shop", "orders", Avro({kId}));
  ASSERT_TRUE(by_definition.ok());
  EXPECT_EQ(by_definition->version, 1);
  auto by_id = registry().GetSchemaVersionById(ctx_, v2->version.id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->version, 2);
}

TEST_F(RegistryServiceTest, ABreakingVersionIsRefusedNamingTheFieldAndNothingIsStored) {
  ASSERT_TRUE(Create("orders", "BACKWARD", Avro({kId, kPriceDouble})).ok());
  auto narrowed = Register("orders", Avro({kId, kPriceFloat}));
  EXPECT_EQ(narrowed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(narrowed.status().message().find("'price'"), std::string::npos)
      << narrowed.status();
  EXPECT_NE(narrowed.status().message().find("BACKWARD"), std::string::npos);
  auto added = Register("orders", Avro({kId, kPriceDouble, kEmail}));
  EXPECT_EQ(added.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(added.status().message().find("'email'"), std::string::npos) << added.status();
  EXPECT_EQ(VersionCount("orders"), 1);
  // The check verb says the same without registering.
  auto report = registry().CheckCompatibility(ctx_, "shop", "orders", Avro({kId, kPriceFloat}));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->compatible);
  ASSERT_FALSE(report->reasons.empty());
  EXPECT_EQ(report->reasons[0].issue.path.find("price") != std::string::npos, true);
  EXPECT_EQ(report->checked_versions, std::vector<int64_t>({1}));
}

TEST_F(RegistryServiceTest, AllModesCheckSinceTheCheckpointAndTheOthersOnlyTheLatest) {
  // v1 {id}, v2 {id, note=""}: dropping note again (v3 = {id}) reads v2's data
  // (BACKWARD), and v1's too; but a v3 that changes id's type breaks both.
  ASSERT_TRUE(Create("orders", "NONE", Avro({kId})).ok());
  ASSERT_TRUE(Register("orders", Avro({kId, kEmail})).ok());  // v2: NONE admits anything
  ASSERT_TRUE(registry()
                  .UpdateSchema(ctx_, UpdateSchemaRequest{.registry = "shop",
                                                          .name = "orders",
                                                          .compatibility = "BACKWARD"})
                  .ok());
  auto schema = registry().GetSchema(ctx_, "shop", "orders");
  EXPECT_EQ(schema->checkpoint, 2);  // the mode change moved the checkpoint to the latest
  // BACKWARD against v2 only: {id, email, note=""} reads v2's data.
  ASSERT_TRUE(Register("orders", Avro({kId, kEmail, kNote})).ok());  // v3
  // BACKWARD_ALL from the checkpoint (v2, v3): fine; from v1 it would not be,
  // since v1's data lacks email.
  ASSERT_TRUE(registry()
                  .UpdateSchema(ctx_, UpdateSchemaRequest{.registry = "shop",
                                                          .name = "orders",
                                                          .compatibility = "BACKWARD_ALL",
                                                          .checkpoint = 1})
                  .ok());
  auto refused = Register("orders", Avro({kId, kEmail, kMemo}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("version 1"), std::string::npos) << refused.status();
  ASSERT_TRUE(registry()
                  .UpdateSchema(ctx_, UpdateSchemaRequest{
                                          .registry = "shop", .name = "orders", .checkpoint = 2})
                  .ok());
  auto admitted = Register("orders", Avro({kId, kEmail, kMemo}));
  EXPECT_TRUE(admitted.ok()) << admitted.status();
}

TEST_F(RegistryServiceTest, DisabledAdmitsNoNewVersion) {
  ASSERT_TRUE(Create("orders", "DISABLED", Avro({kId})).ok());
  auto r = Register("orders", Avro({kId, kNote}));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("DISABLED"), std::string::npos);
  EXPECT_EQ(VersionCount("orders"), 1);
}

TEST_F(RegistryServiceTest, BadInputIsRefusedClearlyAndStoresNothing) {
  EXPECT_EQ(Create("orders", "TRANSITIVE", Avro({kId})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Create("orders", "BACKWARD", Avro({kId}), "XML").code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status bad = Create("orders", "BACKWARD", R"({"type": "record", "name": "Order",)");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("line 1"), std::string::npos) << bad;
  EXPECT_EQ(registry().GetSchema(ctx_, "shop", "orders").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Create("bad name", "BACKWARD", Avro({kId})).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry().CreateRegistry(ctx_, "shop", "").status().code(),
            absl::StatusCode::kAlreadyExists);

  ASSERT_TRUE(Create("orders", "NONE", Avro({kId})).ok());
  // A 170 KB schema (Glue's payload limit) is accepted...
  std::vector<std::string> fields;
  std::string big;
  for (int i = 0; big.size() < 170 * 1024; ++i) {
    fields.push_back(absl::StrCat(R"({"name": "field_)", i, R"(", "type": "long", "doc": ")",
                                  std::string(40, 'd'), R"("})"));
    big = Avro(fields);
  }
  auto accepted = Register("orders", big);
  EXPECT_TRUE(accepted.ok()) << accepted.status();
  // ... one over Almanac's 1 MiB limit is not, and says so.
  std::string huge = std::string(kMaxDefinitionBytes + 1, ' ');
  auto refused = Register("orders", huge);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("bytes"), std::string::npos);
  // Eleven metadata pairs are one too many.
  RegisterVersionRequest many{.registry = "shop", .schema = "orders",
                              .definition = Avro({kId, kNote})};
  for (int i = 0; i < 11; ++i) many.metadata.emplace_back(absl::StrCat("k", i), "v");
  EXPECT_EQ(registry().RegisterSchemaVersion(ctx_, many).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VersionCount("orders"), 2);
}

TEST_F(RegistryServiceTest, DeletesKeepTheCheckpointAndNeedForceForVersions) {
  ASSERT_TRUE(Create("orders", "BACKWARD", Avro({kId})).ok());
  ASSERT_TRUE(Register("orders", Avro({kId, kNote})).ok());
  auto checkpoint = registry().DeleteSchemaVersions(ctx_, "shop", "orders", {1});
  EXPECT_EQ(checkpoint.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(checkpoint.message().find("checkpoint"), std::string::npos);
  // All or nothing: 2 with the checkpoint is refused, 2 stays.
  EXPECT_EQ(registry().DeleteSchemaVersions(ctx_, "shop", "orders", {2, 1}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(VersionCount("orders"), 2);
  EXPECT_TRUE(registry().DeleteSchemaVersions(ctx_, "shop", "orders", {2}).ok());
  EXPECT_EQ(registry().GetSchema(ctx_, "shop", "orders")->latest_version, 1);
  // Numbers are not reused.
  auto v3 = Register("orders", Avro({kId, kNote}));
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->version.version, 3);

  EXPECT_EQ(registry().DeleteSchema(ctx_, "shop", "orders", false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(registry().DeleteRegistry(ctx_, "shop", false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(registry().DeleteSchema(ctx_, "shop", "orders", true).ok());
  EXPECT_TRUE(registry().DeleteRegistry(ctx_, "shop", false).ok());
}

TEST_F(RegistryServiceTest, DiffNamesTheFieldsThatChanged) {
  ASSERT_TRUE(Create("orders", "NONE", Avro({kId, kPriceDouble})).ok());
  ASSERT_TRUE(Register("orders", Avro({kId, kPriceFloat, kNote})).ok());
  auto diff = registry().DiffSchemaVersions(ctx_, "shop", "orders", 1, 0);
  ASSERT_TRUE(diff.ok()) << diff.status();
  std::vector<std::string> got;
  for (const formats::SchemaDiffEntry& e : *diff) {
    got.push_back(std::string(formats::DiffKindName(e.kind)) + " " + e.path);
  }
  EXPECT_EQ(got, std::vector<std::string>({"changed price", "added note"}));
}

TEST_F(RegistryServiceTest, ATableFollowsItsSchemaVersion) {
  ASSERT_TRUE(Create("orders", "BACKWARD", Avro({kId, kPriceDouble})).ok());
  CreateDatabase("sales");
  model::Table t = MakeTable("sales", "orders");
  t.sd.columns.clear();
  t.parameters[std::string(kSchemaReferenceKey)] = "shop/orders";
  auto created = service_->tables().CreateTable(ctx_, t);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->sd.columns.size(), 2u);
  EXPECT_EQ(created->sd.columns[0].name, "id");
  EXPECT_EQ(created->sd.columns[0].type, "bigint");
  EXPECT_EQ(created->sd.columns[1].type, "double");
  EXPECT_EQ(created->parameters.at(std::string(kSchemaVersionKey)), "1");

  // A pinned table stays on version 1.
  model::Table pinned = t;
  pinned.name = "orders_v1";
  pinned.parameters[std::string(kSchemaReferenceKey)] = "shop/orders@1";
  ASSERT_TRUE(service_->tables().CreateTable(ctx_, pinned).ok());

  auto v2 = Register("orders", Avro({kId, kPriceDouble, kNote}), /*update_tables=*/true);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->tables_updated, std::vector<std::string>({"sales.orders"}));
  auto followed = service_->tables().GetTable(ctx_, "sales", "orders");
  ASSERT_EQ(followed->sd.columns.size(), 3u);
  EXPECT_EQ(followed->sd.columns[2].name, "note");
  EXPECT_EQ(followed->parameters.at(std::string(kSchemaVersionKey)), "2");
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "orders_v1")->sd.columns.size(), 2u);
  // The change is in the table's history like any other.
  auto versions = service_->versions().ListTableVersions(
      ctx_, HistoryName{.database = "sales", .name = "orders"}, "", 0);
  ASSERT_TRUE(versions.ok()) << versions.status();
  ASSERT_FALSE(versions->versions.empty());
  EXPECT_NE(versions->versions[0].summary.find("columns from schema shop/orders version 2"),
            std::string::npos)
      << versions->versions[0].summary;

  // A reference to a missing schema is refused.
  model::Table missing = t;
  missing.name = "ghost";
  missing.parameters[std::string(kSchemaReferenceKey)] = "shop/nothing";
  EXPECT_EQ(service_->tables().CreateTable(ctx_, missing).status().code(),
            absl::StatusCode::kNotFound);
  missing.parameters[std::string(kSchemaReferenceKey)] = "no-slash";
  EXPECT_EQ(service_->tables().CreateTable(ctx_, missing).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::service

namespace almanac::service {
namespace {

TEST_F(RegistryServiceTest, WarmCacheParsesWhatEachModeChecksAgainst) {
  ASSERT_TRUE(Create("all", "BACKWARD_ALL", Avro({kId})).ok());
  ASSERT_TRUE(Register("all", Avro({kId, kNote})).ok());
  ASSERT_TRUE(Register("all", Avro({kId, kNote, kMemo})).ok());
  ASSERT_TRUE(Create("latest", "FORWARD", Avro({kId, kNote})).ok());
  ASSERT_TRUE(Register("latest", Avro({kId})).ok());
  ASSERT_TRUE(Create("free", "NONE", Avro({kId})).ok());
  auto warmed = registry().WarmCache(model::RequestContext::Internal("test"));
  ASSERT_TRUE(warmed.ok()) << warmed.status();
  EXPECT_EQ(*warmed, 3 + 1);  // every version of "all", the latest of "latest"
}

}  // namespace
}  // namespace almanac::service
