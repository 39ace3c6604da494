// Cron schedules, always in UTC, in the two forms crawler schedules come in:
//
// - Glue's (the AWS cron of EventBridge) six fields inside cron(...):
//     cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR)
//   Day-of-week is 1-7 for SUN-SAT. Exactly one of the two day fields is
//   '?' (no condition). Besides * , - / and names (JAN-DEC, SUN-SAT):
//   L in day-of-month (the month's last day), nW (the weekday nearest day n
//   within the month), LW (the month's last weekday); in day-of-week nL (the
//   month's last weekday n, e.g. 6L its last Friday) and n#k (its k-th
//   weekday n, e.g. 2#1 its first Monday). Years 1970-2199.
// - The five-field Unix form: MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK,
//   day-of-week 0-7 (0 and 7 both Sunday), every year. As in Vixie cron, a
//   day matches when both day fields match, or, when both are restricted
//   (neither starts with '*'), when either does.
//
// Fire times are whole minutes. Thread-safe: a parsed schedule is immutable.
#ifndef ALMANAC_COMMON_CRON_H_
#define ALMANAC_COMMON_CRON_H_

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace almanac {

class CronSchedule {
 public:
  // InvalidArgument naming the field and the problem ("schedule 'cron(0 25
  // * * ? *)': hours: 25 is outside 0-23"), also for a schedule that never
  // fires (30 February).
  static absl::StatusOr<CronSchedule> Parse(std::string_view expression);

  // The first fire time strictly after `after` (seconds since the epoch,
  // UTC); nullopt when there is none (the year field has passed).
  std::optional<int64_t> NextAfter(int64_t after) const;

  const std::string& expression() const { return expression_; }
  bool aws_form() const { return aws_; }

 private:
  CronSchedule() = default;
  bool DayMatches(int year, int month, int day, int weekday, int days_in_month) const;

  std::string expression_;
  bool aws_ = false;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<13> months_;  // 1-12
  std::bitset<32> days_;    // 1-31
  bool last_day_ = false;           // L
  bool last_weekday_ = false;       // LW
  std::vector<int> nearest_weekday_;  // nW: the n's
  std::bitset<7> weekdays_;         // 0 = Sunday
  std::bitset<7> last_of_weekday_;  // nL
  std::vector<std::pair<int, int>> nth_weekday_;  // n#k: (weekday, k)
  bool any_day_of_month_ = true;  // '?' or '*': no condition
  bool any_day_of_week_ = true;
  bool either_day_ = false;  // Unix: both restricted, a day matches when either does
  int first_year_ = 1970;
  int last_year_ = 2199;
  std::bitset<230> years_;  // 1970 + i
  bool any_year_ = true;
};

}  // namespace almanac

#endif  // ALMANAC_COMMON_CRON_H_
