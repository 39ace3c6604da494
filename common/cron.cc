#include "common/cron.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/absl_view.h"

namespace almanac {
namespace {

// Long enough for every weekday-and-leap-year combination to come round
// (the calendar repeats its weekdays every 28 years between 1901 and 2099).
constexpr int kHorizonDays = 366 * 30;
constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

// One field's rules: its name for messages, its range and its value names
// (names[i] stands for name_base + i).
struct FieldSpec {
  const char* label;
  int min;
  int max;
  const char* const* names = nullptr;
  int name_count = 0;
  int name_base = 0;
};

class FieldError {
 public:
  explicit FieldError(std::string expression) : expression_(std::move(expression)) {}
  absl::Status operator()(const FieldSpec& f, std::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrCat("schedule '", expression_, "': ", f.label,
                                                   ": ", AbslView(problem)));
  }

 private:
  std::string expression_;
};

absl::StatusOr<int> ParseValue(const FieldSpec& f, std::string_view text, const FieldError& err) {
  const std::string upper = absl::AsciiStrToUpper(AbslView(text));
  for (int i = 0; i < f.name_count; ++i) {
    if (upper == f.names[i]) return f.name_base + i;
  }
  int v = 0;
  if (text.empty() || !absl::SimpleAtoi(AbslView(text), &v)) {
    return err(f, absl::StrCat("'", AbslView(text), "' is not a number",
                               f.name_count > 0 ? " or a name" : ""));
  }
  if (v < f.min || v > f.max) {
    return err(f, absl::StrCat(v, " is outside ", f.min, "-", f.max));
  }
  return v;
}

// Sets the bits of `*`, `a`, `a-b` and any of them with `/step`, in a list.
// `bits` is indexed by value.
template <size_t N>
absl::Status ParseList(const FieldSpec& f, std::string_view text, const FieldError& err,
                       std::bitset<N>* bits) {
  if (text.empty()) return err(f, "empty");
  for (absl::string_view piece : absl::StrSplit(AbslView(text), ',')) {
    const std::string_view item(piece.data(), piece.size());
    if (item.empty()) return err(f, absl::StrCat("empty item in '", AbslView(text), "'"));
    int step = 1;
    std::string_view range = item;
    if (const size_t slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const std::string_view s = item.substr(slash + 1);
      if (!absl::SimpleAtoi(AbslView(s), &step) || step <= 0 || step > f.max - f.min + 1) {
        return err(f, absl::StrCat("step '", AbslView(s), "' in '", AbslView(item),
                                   "' is not a number from 1 to ", f.max - f.min + 1));
      }
    }
    int lo = f.min, hi = f.max;
    if (range != "*") {
      const size_t dash = range.find('-', 1);
      if (dash == std::string_view::npos) {
        auto v = ParseValue(f, range, err);
        if (!v.ok()) return v.status();
        lo = *v;
        // `a/step` runs from a to the end of the range.
        hi = item.find('/') != std::string_view::npos ? f.max : *v;
      } else {
        auto a = ParseValue(f, range.substr(0, dash), err);
        if (!a.ok()) return a.status();
        auto b = ParseValue(f, range.substr(dash + 1), err);
        if (!b.ok()) return b.status();
        if (*a > *b) {
          return err(f, absl::StrCat("range '", AbslView(range), "' runs backwards"));
        }
        lo = *a;
        hi = *b;
      }
    }
    for (int v = lo; v <= hi; v += step) bits->set(static_cast<size_t>(v));
  }
  return absl::OkStatus();
}

int DaysInMonth(int year, int month) {
  const absl::CivilMonth m(year, month);
  return static_cast<int>((absl::CivilDay(m + 1) - 1).day());
}

// 0 = Sunday.
int WeekdayOf(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::sunday: return 0;
    case absl::Weekday::monday: return 1;
    case absl::Weekday::tuesday: return 2;
    case absl::Weekday::wednesday: return 3;
    case absl::Weekday::thursday: return 4;
    case absl::Weekday::friday: return 5;
    case absl::Weekday::saturday: return 6;
  }
  return 0;
}

}  // namespace

absl::StatusOr<CronSchedule> CronSchedule::Parse(std::string_view expression) {
  CronSchedule s;
  s.expression_ = std::string(absl::StripAsciiWhitespace(AbslView(expression)));
  const FieldError err(s.expression_);
  std::string_view body = s.expression_;
  if (absl::StartsWith(AbslView(body), "cron(")) {
    if (!absl::EndsWith(AbslView(body), ")")) {
      return absl::InvalidArgumentError(
          absl::StrCat("schedule '", s.expression_, "': a cron( form ends with ')'"));
    }
    s.aws_ = true;
    body = body.substr(5, body.size() - 6);
  }
  std::vector<std::string_view> fields;
  for (absl::string_view f : absl::StrSplit(AbslView(body), absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
    fields.emplace_back(f.data(), f.size());
  }
  const size_t want = s.aws_ ? 6 : 5;
  if (fields.size() != want) {
    return absl::InvalidArgumentError(absl::StrCat(
        "schedule '", s.expression_, "': ",
        s.aws_ ? "cron(...) takes 6 fields (minutes hours day-of-month month day-of-week year)"
               : "takes 5 fields (minutes hours day-of-month month day-of-week), or "
                 "cron(minutes hours day-of-month month day-of-week year)",
        ", not ", fields.size()));
  }
  const FieldSpec minutes{"minutes", 0, 59};
  const FieldSpec hours{"hours", 0, 23};
  const FieldSpec dom{"day-of-month", 1, 31};
  const FieldSpec month{"month", 1, 12, kMonthNames, 12, 1};
  // AWS numbers weekdays 1-7 from Sunday, Unix 0-7 (7 is Sunday again).
  const FieldSpec dow = s.aws_ ? FieldSpec{"day-of-week", 1, 7, kDayNames, 7, 1}
                               : FieldSpec{"day-of-week", 0, 7, kDayNames, 7, 0};
  const FieldSpec year{"year", kFirstYear, kLastYear};

  if (absl::Status st = ParseList(minutes, fields[0], err, &s.minutes_); !st.ok()) return st;
  if (absl::Status st = ParseList(hours, fields[1], err, &s.hours_); !st.ok()) return st;
  if (absl::Status st = ParseList(month, fields[3], err, &s.months_); !st.ok()) return st;

  const std::string dom_text = absl::AsciiStrToUpper(AbslView(fields[2]));
  const std::string dow_text = absl::AsciiStrToUpper(AbslView(fields[4]));
  const bool dom_question = dom_text == "?";
  const bool dow_question = dow_text == "?";
  if (s.aws_) {
    if (dom_question == dow_question) {
      return err(dom_question ? dom : dow,
                 "exactly one of day-of-month and day-of-week is '?' in the cron(...) form");
    }
  } else if (dom_question || dow_question) {
    return err(dom_question ? dom : dow, "'?' is for the cron(...) form; write '*'");
  }
  // Of the day names only WED holds one of these letters.
  const bool dom_special = dom_text.find_first_of("LW") != std::string::npos;
  const bool dow_special = dow_text.find_first_of("L#") != std::string::npos;

  // Day of month.
  if (dom_question) {
    s.any_day_of_month_ = true;
  } else if (dom_special) {
    if (!s.aws_) return err(dom, "L and W are for the cron(...) form");
    s.any_day_of_month_ = false;
    if (dom_text == "L") {
      s.last_day_ = true;
    } else if (dom_text == "LW") {
      s.last_weekday_ = true;
    } else if (dom_text.size() >= 2 && dom_text.back() == 'W') {
      auto v = ParseValue(dom, std::string_view(dom_text).substr(0, dom_text.size() - 1), err);
      if (!v.ok()) return v.status();
      s.nearest_weekday_.push_back(*v);
    } else {
      return err(dom, absl::StrCat("'", dom_text, "' is not L, LW or nW (e.g. 15W)"));
    }
  } else {
    s.any_day_of_month_ = false;
    if (absl::Status st = ParseList(dom, dom_text, err, &s.days_); !st.ok()) return st;
  }

  // Day of week. Bits are 0 = Sunday; AWS's 1-7 are shifted down.
  auto weekday_bit = [&](int v) { return s.aws_ ? v - 1 : v % 7; };
  if (dow_question) {
    s.any_day_of_week_ = true;
  } else if (dow_special) {
    if (!s.aws_) return err(dow, "L and # are for the cron(...) form");
    s.any_day_of_week_ = false;
    if (const size_t hash = dow_text.find('#'); hash != std::string::npos) {
      auto v = ParseValue(dow, std::string_view(dow_text).substr(0, hash), err);
      if (!v.ok()) return v.status();
      int k = 0;
      if (!absl::SimpleAtoi(AbslView(std::string_view(dow_text).substr(hash + 1)), &k) || k < 1 || k > 5) {
        return err(dow, absl::StrCat("'", dow_text, "': the week after '#' is 1 to 5"));
      }
      s.nth_weekday_.emplace_back(weekday_bit(*v), k);
    } else if (dow_text.size() >= 2 && dow_text.back() == 'L') {
      auto v = ParseValue(dow, std::string_view(dow_text).substr(0, dow_text.size() - 1), err);
      if (!v.ok()) return v.status();
      s.last_of_weekday_.set(static_cast<size_t>(weekday_bit(*v)));
    } else {
      return err(dow, absl::StrCat("'", dow_text, "' is not nL (e.g. 6L) or n#k (e.g. 2#1)"));
    }
  } else {
    s.any_day_of_week_ = false;
    std::bitset<8> raw;
    if (absl::Status st = ParseList(dow, dow_text, err, &raw); !st.ok()) return st;
    for (int v = dow.min; v <= dow.max; ++v) {
      if (raw[static_cast<size_t>(v)]) s.weekdays_.set(static_cast<size_t>(weekday_bit(v)));
    }
  }
  if (!s.aws_) {
    // Vixie cron: a day field starting with '*' adds no condition of its
    // own beside the other; when neither does, either field may match.
    s.either_day_ = fields[2][0] != '*' && fields[4][0] != '*';
  }

  if (s.aws_) {
    s.any_year_ = fields[5] == "*";
    if (!s.any_year_) {
      std::bitset<kLastYear + 1> raw;
      if (absl::Status st = ParseList(year, fields[5], err, &raw); !st.ok()) return st;
      s.first_year_ = kLastYear + 1;
      s.last_year_ = kFirstYear - 1;
      for (int y = kFirstYear; y <= kLastYear; ++y) {
        if (!raw[static_cast<size_t>(y)]) continue;
        s.years_.set(static_cast<size_t>(y - kFirstYear));
        s.first_year_ = std::min(s.first_year_, y);
        s.last_year_ = std::max(s.last_year_, y);
      }
    }
  }

  // A schedule that can never fire (30 February) is refused now rather
  // than never running.
  const int64_t from = absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(s.first_year_, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
  if (!s.NextAfter(from - 1).has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("schedule '", s.expression_, "' never fires (no day matches it)"));
  }
  return s;
}

bool CronSchedule::DayMatches(int year, int month, int day, int weekday,
                              int days_in_month) const {
  (void)year;
  (void)month;
  bool dom = days_[static_cast<size_t>(day)] || (last_day_ && day == days_in_month);
  if (last_weekday_) {
    const int last_wd = (weekday + (days_in_month - day)) % 7;
    const int last = last_wd == 6 ? days_in_month - 1 : last_wd == 0 ? days_in_month - 2
                                                                      : days_in_month;
    dom = dom || day == last;
  }
  for (int n : nearest_weekday_) {
    if (n > days_in_month) continue;  // no day n in this month: no fire
    const int wd = ((weekday + (n - day)) % 7 + 7) % 7;
    int target = n;
    if (wd == 6) target = n == 1 ? n + 2 : n - 1;            // Saturday
    if (wd == 0) target = n == days_in_month ? n - 2 : n + 1;  // Sunday
    dom = dom || day == target;
  }
  bool dow = weekdays_[static_cast<size_t>(weekday)] ||
             (last_of_weekday_[static_cast<size_t>(weekday)] && day + 7 > days_in_month);
  for (const auto& [wd, k] : nth_weekday_) {
    dow = dow || (weekday == wd && (day - 1) / 7 + 1 == k);
  }
  if (either_day_) return dom || dow;
  return (any_day_of_month_ || dom) && (any_day_of_week_ || dow);
}

std::optional<int64_t> CronSchedule::NextAfter(int64_t after) const {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilMinute start =
      absl::CivilMinute(absl::ToCivilSecond(absl::FromUnixSeconds(after), utc)) + 1;
  absl::CivilDay day(start);
  for (int i = 0; i < kHorizonDays; ++i, ++day) {
    const int y = static_cast<int>(day.year());
    if (y > last_year_) return std::nullopt;
    if (y < first_year_) {
      day = absl::CivilDay(first_year_, 1, 1) - 1;
      continue;
    }
    if (!any_year_ && !years_[static_cast<size_t>(y - kFirstYear)]) continue;
    if (!months_[static_cast<size_t>(day.month())]) continue;
    if (!DayMatches(y, day.month(), day.day(), WeekdayOf(day), DaysInMonth(y, day.month()))) {
      continue;
    }
    const bool first_day = day == absl::CivilDay(start);
    for (int h = first_day ? start.hour() : 0; h < 24; ++h) {
      if (!hours_[static_cast<size_t>(h)]) continue;
      const int m0 = first_day && h == start.hour() ? start.minute() : 0;
      for (int m = m0; m < 60; ++m) {
        if (!minutes_[static_cast<size_t>(m)]) continue;
        return absl::ToUnixSeconds(
            absl::FromCivil(absl::CivilMinute(y, day.month(), day.day(), h, m), utc));
      }
    }
  }
  return std::nullopt;
}

}  // namespace almanac
