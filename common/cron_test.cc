#include "common/cron.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/absl_view.h"
#include "gtest/gtest.h"

namespace almanac {
namespace {

std::string Trim(std::string_view s) {
  return std::string(absl::StripAsciiWhitespace(AbslView(s)));
}

int64_t ParseUtc(const std::string& text) {
  absl::CivilSecond c;
  if (!absl::ParseCivilTime(text, &c)) {
    absl::CivilMinute m;
    EXPECT_TRUE(absl::ParseCivilTime(text, &m)) << "bad time in a case: " << text;
    c = absl::CivilSecond(m);
  }
  return absl::ToUnixSeconds(absl::FromCivil(c, absl::UTCTimeZone()));
}

std::string FormatUtc(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%dT%H:%M", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

// Runs common/testdata/cron_cases.txt; the file's header explains the format.
TEST(CronScheduleCasesTest, TableDriven) {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  const std::string path = std::string(root ? root : ".") + "/common/testdata/cron_cases.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot open " << path;
  std::string line;
  int line_no = 0, cases = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (Trim(line).empty() || Trim(line)[0] == '#') continue;
    ++cases;
    SCOPED_TRACE("cron_cases.txt:" + std::to_string(line_no) + ": " + line);
    if (const size_t bang = line.find(" !! "); bang != std::string::npos) {
      auto parsed = CronSchedule::Parse(line.substr(0, bang));
      ASSERT_FALSE(parsed.ok()) << "parsed, expected an error";
      EXPECT_TRUE(absl::IsInvalidArgument(parsed.status()));
      EXPECT_NE(std::string(parsed.status().message()).find(Trim(line.substr(bang + 4))),
                std::string::npos)
          << parsed.status().message();
      continue;
    }
    const size_t at = line.find(" @ ");
    const size_t arrow = line.find(" => ");
    ASSERT_TRUE(at != std::string::npos && arrow != std::string::npos) << "malformed case";
    auto parsed = CronSchedule::Parse(line.substr(0, at));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    int64_t after = ParseUtc(Trim(line.substr(at + 3, arrow - at - 3)));
    const std::string fires = line.substr(arrow + 4);
    for (absl::string_view want : absl::StrSplit(fires, ',')) {
      const std::string w = Trim(std::string_view(want.data(), want.size()));
      std::optional<int64_t> next = parsed->NextAfter(after);
      if (w == "never") {
        EXPECT_FALSE(next.has_value()) << "fires at " << FormatUtc(*next);
        break;
      }
      ASSERT_TRUE(next.has_value()) << "never fires, expected " << w;
      EXPECT_EQ(FormatUtc(*next), w);
      after = *next;
    }
  }
  EXPECT_GE(cases, 50);
}

// Whatever the starting second, the next fire is a whole minute strictly
// later, and a schedule of every minute fires within 60 seconds.
TEST(CronScheduleTest, EveryMinuteFiresOnTheNextMinute) {
  auto every = CronSchedule::Parse("* * * * *");
  ASSERT_TRUE(every.ok());
  for (int64_t t = 1'790'000'000; t < 1'790'000'000 + 600; t += 7) {
    std::optional<int64_t> next = every->NextAfter(t);
    ASSERT_TRUE(next.has_value());
    EXPECT_GT(*next, t);
    EXPECT_LE(*next - t, 60);
    EXPECT_EQ(*next % 60, 0);
  }
}

}  // namespace
}  // namespace almanac
