#include "proto/status_convert.h"

#include <gtest/gtest.h>

namespace almanac::proto {
namespace {

struct Case {
  absl::StatusCode absl_code;
  grpc::StatusCode grpc_code;
};

class StatusConvertTest : public testing::TestWithParam<Case> {};

TEST_P(StatusConvertTest, MapsCodeBothWaysAndKeepsMessage) {
  const Case& c = GetParam();
  absl::Status status(c.absl_code, "table 'sales.orders' not found");
  grpc::Status wire = ToGrpcStatus(status);
  EXPECT_EQ(wire.error_code(), c.grpc_code);
  if (c.absl_code != absl::StatusCode::kOk) {
    EXPECT_EQ(wire.error_message(), "table 'sales.orders' not found");
  }
  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(back.code(), c.absl_code);
  if (c.absl_code != absl::StatusCode::kOk) {
    EXPECT_EQ(back.message(), "table 'sales.orders' not found");
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllCanonicalCodes, StatusConvertTest,
    testing::Values(
        Case{absl::StatusCode::kOk, grpc::StatusCode::OK},
        Case{absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
        Case{absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN},
        Case{absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
        Case{absl::StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
        Case{absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
        Case{absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
        Case{absl::StatusCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
        Case{absl::StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
        Case{absl::StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
        Case{absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
        Case{absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
        Case{absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
        Case{absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
        Case{absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
        Case{absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
        Case{absl::StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED}));

TEST(StatusConvertTest, OkHasEmptyMessage) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(StatusConvertTest, UnknownWireCodeBecomesUnknown) {
  absl::Status status =
      FromGrpcStatus(grpc::Status(static_cast<grpc::StatusCode>(99), "strange peer"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(status.message(), "strange peer");
}

}  // namespace
}  // namespace almanac::proto
