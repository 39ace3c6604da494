// LatencySummary: mean, median and p99 of a benchmark's per-iteration
// latencies, the three figures hms_bench prints for every operation.
//
// Percentiles use the nearest-rank method, so every reported percentile is a
// latency that was actually observed (with 5 samples the p99 is the maximum).
//
// Thread safety: plain values and pure functions.
#ifndef ALMANAC_TOOLS_BENCH_HMS_BENCH_LATENCY_SUMMARY_H_
#define ALMANAC_TOOLS_BENCH_HMS_BENCH_LATENCY_SUMMARY_H_

#include <cstddef>
#include <string>
#include <vector>

namespace almanac::bench::hms {

struct LatencySummary {
  size_t count = 0;
  double mean_ms = 0;
  double median_ms = 0;
  double p99_ms = 0;
};

// Summarises `samples_ms` (any order). All zero when empty.
LatencySummary Summarize(std::vector<double> samples_ms);

// Nearest rank: the smallest sample with at least p% of the samples at or
// below it. `sorted` must be sorted ascending and non-empty; p in [0, 100].
double NearestRankPercentile(const std::vector<double>& sorted, double p);

// Milliseconds with precision that suits the magnitude: "0.123", "12.3",
// "3016".
std::string FormatMs(double ms);

// "12.3x"; "-" when the denominator is not positive.
std::string FormatRatio(double numerator, double denominator);

}  // namespace almanac::bench::hms

#endif  // ALMANAC_TOOLS_BENCH_HMS_BENCH_LATENCY_SUMMARY_H_
