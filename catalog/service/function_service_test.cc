// FunctionService against a real SQLite store.
#include "catalog/service/function_service.h"

#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

model::Function MakeFunction(const std::string& db, const std::string& name) {
  model::Function f;
  f.database = db;
  f.name = name;
  f.class_name = "com.example.Upper";
  f.resources = {{model::ResourceType::kJar, "file:/udf.jar"}};
  return f;
}

class FunctionServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("sales");
  }
  FunctionService& functions() { return service_->functions(); }
};

TEST_F(FunctionServiceTest, CreateFillsDefaultsAndGet) {
  auto created = functions().CreateFunction(ctx_, MakeFunction("Sales", "MyUpper"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name, "myupper");
  EXPECT_EQ(created->owner_name, "alice");
  EXPECT_GT(created->create_time, 0);
  auto got = functions().GetFunction(ctx_, "SALES", "myUpper");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *created);
  EXPECT_EQ(functions().CreateFunction(ctx_, MakeFunction("sales", "myupper")).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(FunctionServiceTest, ValidationCodes) {
  EXPECT_EQ(functions().CreateFunction(ctx_, MakeFunction("sales", "bad name")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(functions().CreateFunction(ctx_, MakeFunction("sales", "")).status().code(),
            absl::StatusCode::kInvalidArgument);
  model::Function f = MakeFunction("sales", "f");
  f.class_name = "";
  EXPECT_EQ(functions().CreateFunction(ctx_, f).status().code(),
            absl::StatusCode::kInvalidArgument);
  f = MakeFunction("sales", "f");
  f.resources.push_back({model::ResourceType::kFile, ""});
  EXPECT_EQ(functions().CreateFunction(ctx_, f).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(functions().CreateFunction(ctx_, MakeFunction("nodb", "f")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(functions().GetFunction(ctx_, "sales", "nope").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(functions().DropFunction(ctx_, "sales", "nope").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(functions().UpdateFunction(ctx_, "sales", "nope", MakeFunction("sales", "x")).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(FunctionServiceTest, ListsWithPatternsAndAll) {
  CreateDatabase("other");
  for (const char* n : {"upper_a", "upper_b", "lower"}) {
    ASSERT_TRUE(functions().CreateFunction(ctx_, MakeFunction("sales", n)).ok());
  }
  ASSERT_TRUE(functions().CreateFunction(ctx_, MakeFunction("other", "f")).ok());
  auto names = functions().ListFunctionNames(ctx_, "sales", "UPPER*");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"upper_a", "upper_b"}));
  names = functions().ListFunctionNames(ctx_, "sales", "");
  EXPECT_EQ(names->size(), 3u);
  auto all = functions().ListAllFunctions(ctx_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].database, "other");
}

TEST_F(FunctionServiceTest, AlterKeepsCreateTimeAndCanRename) {
  auto created = functions().CreateFunction(ctx_, MakeFunction("sales", "f"));
  ASSERT_TRUE(created.ok());
  model::Function changed = MakeFunction("sales", "g");
  changed.class_name = "com.example.Lower";
  ASSERT_TRUE(functions().UpdateFunction(ctx_, "sales", "f", changed).ok());
  EXPECT_EQ(functions().GetFunction(ctx_, "sales", "f").status().code(),
            absl::StatusCode::kNotFound);
  auto got = functions().GetFunction(ctx_, "sales", "g");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->class_name, "com.example.Lower");
  EXPECT_EQ(got->create_time, created->create_time);
  EXPECT_EQ(got->owner_name, "alice");
}

TEST_F(FunctionServiceTest, DroppingADatabaseWithFunctionsNeedsCascade) {
  ASSERT_TRUE(functions().CreateFunction(ctx_, MakeFunction("sales", "f")).ok());
  EXPECT_EQ(service_->databases().DropDatabase(ctx_, "sales", false).code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(functions().GetFunction(ctx_, "sales", "f").ok());
  ASSERT_TRUE(service_->databases().DropDatabase(ctx_, "sales", true).ok());
  CreateDatabase("sales");
  EXPECT_EQ(functions().GetFunction(ctx_, "sales", "f").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace almanac::service
