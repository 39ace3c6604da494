#include "common/testing/status_matchers.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::testing {
namespace {

using ::testing::DescribeMatcher;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(StatusIsTest, MatchesTheCodeOfAStatus) {
  const absl::Status not_found = absl::NotFoundError("table 'db.t' not found");
  EXPECT_THAT(not_found, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(not_found, Not(StatusIs(absl::StatusCode::kInvalidArgument)));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
}

TEST(StatusIsTest, MatchesTheCodeOfAStatusOr) {
  const absl::StatusOr<int> error = absl::AbortedError("busy");
  EXPECT_THAT(error, StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(absl::StatusOr<int>(7), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::StatusOr<std::string>("x"), Not(StatusIs(absl::StatusCode::kNotFound)));
}

TEST(StatusIsTest, MatchesCodeAndMessage) {
  const absl::Status s = absl::InvalidArgumentError("unknown partition key 'yeer' (keys: year)");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'yeer'")));
  EXPECT_THAT(
      s, StatusIs(absl::StatusCode::kInvalidArgument, "unknown partition key 'yeer' (keys: year)"));
  EXPECT_THAT(s, Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("month"))));
  // The right message under the wrong code does not match.
  EXPECT_THAT(s, Not(StatusIs(absl::StatusCode::kNotFound, HasSubstr("'yeer'"))));
  const absl::StatusOr<int> error = absl::NotFoundError("role 'r' not found");
  EXPECT_THAT(error, StatusIs(absl::StatusCode::kNotFound, StartsWith("role ")));
}

TEST(StatusIsTest, DescribesItself) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound)),
            "has status code NOT_FOUND");
  EXPECT_EQ(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound), true),
            "has a status code other than NOT_FOUND");
  EXPECT_THAT(DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound, HasSubstr("db"))),
              HasSubstr("status code NOT_FOUND and a message that has substring \"db\""));
}

TEST(StatusIsTest, ExplainsAMismatchWithTheWholeStatus) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(StatusIs(absl::StatusCode::kNotFound),
                                             absl::InternalError("broken"), &listener));
  EXPECT_THAT(listener.str(), HasSubstr("INTERNAL: broken"));
}

TEST(IsOkTest, MatchesOkStatusAndStatusOr) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(1), IsOk());
  EXPECT_THAT(absl::UnknownError("x"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<int>(absl::UnknownError("x")), Not(IsOk()));
}

}  // namespace
}  // namespace almanac::testing
