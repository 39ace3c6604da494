// GoogleTest matchers for absl::Status and absl::StatusOr<T>. Debian's Abseil
// (20220623) ships none, so tests spelled `EXPECT_EQ(s.code(), ...)` and then
// the message on a second line; these say it in one:
//
//   EXPECT_THAT(service.GetTable(ctx, "db", "t"), StatusIs(absl::StatusCode::kNotFound));
//   EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
//                                HasSubstr("unknown partition key")));
//   EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound, "table 'db.t' not found"));
//
// The second argument is any matcher of std::string (a plain string means
// equality). On a mismatch the failure shows the whole status. Header-only;
// matchers are stateless and thread-safe.
#ifndef ALMANAC_COMMON_TESTING_STATUS_MATCHERS_H_
#define ALMANAC_COMMON_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace almanac::testing {
namespace status_matchers_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

inline std::string CodeName(absl::StatusCode code) { return absl::StatusCodeToString(code); }

}  // namespace status_matchers_internal

// Matches an absl::Status or absl::StatusOr<T> whose code is `code`.
MATCHER_P(StatusIs, code,
          std::string(negation ? "has a status code other than " : "has status code ") +
              status_matchers_internal::CodeName(code)) {
  const absl::Status& status = status_matchers_internal::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code;
}

// Matches an absl::Status or absl::StatusOr<T> whose code is `code` and whose
// message matches `message_matcher`.
MATCHER_P2(StatusIs, code, message_matcher,
           std::string(negation ? "does not have " : "has ") + "status code " +
               status_matchers_internal::CodeName(code) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& status = status_matchers_internal::GetStatus(arg);
  *result_listener << "whose status is " << status;
  if (status.code() != code) return false;
  return ::testing::Matches(::testing::SafeMatcherCast<const std::string&>(message_matcher))(
      std::string(status.message()));
}

// Matches an OK absl::Status or absl::StatusOr<T>.
MATCHER(IsOk, negation ? "is not OK" : "is OK") {
  const absl::Status& status = status_matchers_internal::GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.ok();
}

}  // namespace almanac::testing

#endif  // ALMANAC_COMMON_TESTING_STATUS_MATCHERS_H_
