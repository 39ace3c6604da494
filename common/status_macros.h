// Status propagation macros. Debian's Abseil (20220623) ships none, so Almanac
// defines exactly these two, once, and uses nothing else:
//
//   RETURN_IF_ERROR(expr);             // expr is an absl::Status
//   ASSIGN_OR_RETURN(auto x, expr);    // expr is an absl::StatusOr<T>
#ifndef ALMANAC_COMMON_STATUS_MACROS_H_
#define ALMANAC_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ALMANAC_STATUS_CONCAT_INNER_(a, b) a##b
#define ALMANAC_STATUS_CONCAT_(a, b) ALMANAC_STATUS_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::absl::Status almanac_status_ = (expr);       \
    if (!almanac_status_.ok()) return almanac_status_; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  ALMANAC_ASSIGN_OR_RETURN_IMPL_(ALMANAC_STATUS_CONCAT_(almanac_statusor_, __LINE__), lhs, expr)

#define ALMANAC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = *std::move(statusor)

#endif  // ALMANAC_COMMON_STATUS_MACROS_H_
