#include "tools/bench/hms_bench/latency_summary.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_format.h"

namespace almanac::bench::hms {

double NearestRankPercentile(const std::vector<double>& sorted, double p) {
  // Rank ceil(p/100 * n), 1-based; p == 0 means the minimum.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  if (rank == 0) rank = 1;
  if (rank > sorted.size()) rank = sorted.size();
  return sorted[rank - 1];
}

LatencySummary Summarize(std::vector<double> samples_ms) {
  LatencySummary summary;
  if (samples_ms.empty()) return summary;
  std::sort(samples_ms.begin(), samples_ms.end());
  summary.count = samples_ms.size();
  summary.mean_ms = std::accumulate(samples_ms.begin(), samples_ms.end(), 0.0) /
                    static_cast<double>(samples_ms.size());
  summary.median_ms = NearestRankPercentile(samples_ms, 50);
  summary.p99_ms = NearestRankPercentile(samples_ms, 99);
  return summary;
}

std::string FormatMs(double ms) {
  if (ms < 1) return absl::StrFormat("%.3f", ms);
  if (ms < 100) return absl::StrFormat("%.2f", ms);
  if (ms < 1000) return absl::StrFormat("%.1f", ms);
  return absl::StrFormat("%.0f", ms);
}

std::string FormatRatio(double numerator, double denominator) {
  if (denominator <= 0) return "-";
  double ratio = numerator / denominator;
  if (ratio < 10) return absl::StrFormat("%.2fx", ratio);
  return absl::StrFormat("%.1fx", ratio);
}

}  // namespace almanac::bench::hms
