// Small helpers shared by the benchmark suites: latency samples and their
// percentiles, a plain-text table printer, human-readable numbers, the
// machine's load average and a monotonic stopwatch.
//
// Nothing here asserts a timing: the suites print what they measured and the
// reader compares it with the targets (DESIGN.md: benchmarks are never timed
// assertions).
//
// Thread safety: LatencySamples and Table are not thread-safe; give each
// thread its own LatencySamples and Merge() them afterwards.
#ifndef ALMANAC_TOOLS_BENCH_BENCH_UTIL_H_
#define ALMANAC_TOOLS_BENCH_BENCH_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace almanac::bench {

// Latencies in nanoseconds; percentiles use the nearest-rank method, so every
// reported value is a latency that was actually observed.
class LatencySamples {
 public:
  void Add(absl::Duration d) { ns_.push_back(absl::ToInt64Nanoseconds(d)); }
  void Merge(const LatencySamples& other);
  size_t count() const { return ns_.size(); }
  // p in [0, 100]. Zero duration when empty.
  absl::Duration Percentile(double p) const;
  absl::Duration Min() const { return Percentile(0); }
  absl::Duration Max() const { return Percentile(100); }

 private:
  mutable std::vector<int64_t> ns_;
  mutable bool sorted_ = false;
};

// Nearest-rank percentile of already sorted values: the smallest value with
// at least p% of the values at or below it. Exposed for tests.
int64_t NearestRank(const std::vector<int64_t>& sorted, double p);

// "12.3 us", "4.56 ms", "1.23 s".
std::string FormatLatency(absl::Duration d);
// "812 B", "12.3 KiB", "4.56 MiB", "1.23 GiB".
std::string FormatBytes(int64_t bytes);
// "1,234,567".
std::string FormatCount(int64_t n);
// Fixed decimals, e.g. FormatDouble(3.14159, 1) == "3.1".
std::string FormatDouble(double v, int decimals);

// The 1-, 5- and 15-minute load averages from /proc/loadavg ("?" on failure).
std::string LoadAverage();

// A text table: header row, then rows, columns padded to their widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string ToString() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

class Stopwatch {
 public:
  Stopwatch() : start_(absl::Now()) {}
  absl::Duration Elapsed() const { return absl::Now() - start_; }
  void Reset() { start_ = absl::Now(); }

 private:
  absl::Time start_;
};

}  // namespace almanac::bench

#endif  // ALMANAC_TOOLS_BENCH_BENCH_UTIL_H_
