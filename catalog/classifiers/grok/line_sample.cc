#include "catalog/classifiers/grok/line_sample.h"

#include <algorithm>

namespace almanac::classifiers::grok {
namespace {

bool IsBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; });
}

std::string_view WithoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

LineSample SampleLines(const FileSample& sample, int64_t max_bytes, int64_t max_records) {
  LineSample out;
  std::string_view view = sample.content;
  bool cut = !sample.content_complete;
  if (static_cast<int64_t>(view.size()) > max_bytes) {
    view = view.substr(0, static_cast<size_t>(max_bytes));
    cut = true;
  }
  size_t pos = 0;
  bool stopped_early = false;
  while (pos < view.size()) {
    size_t nl = view.find('\n', pos);
    size_t end;
    if (nl == std::string_view::npos) {
      if (cut) break;  // the last line may continue past the sample
      nl = view.size();
      end = view.size();
    } else {
      end = nl + 1;
    }
    std::string_view line = WithoutCr(view.substr(pos, nl - pos));
    pos = end;
    if (IsBlank(line)) continue;
    if (static_cast<int64_t>(out.lines.size()) == max_records) {
      stopped_early = true;
      break;
    }
    if (line.find('\0') != std::string_view::npos) out.has_nul = true;
    out.lines.push_back(line);
    out.bytes = static_cast<int64_t>(end);
  }
  if (sample.content_complete) {
    if (!cut && !stopped_early) {
      out.total_records = static_cast<int64_t>(out.lines.size());
    } else {
      // The whole file is in memory already (bounded by the crawler's
      // sampling limit); counting its lines is cheap and exact.
      int64_t records = 0;
      std::string_view all = sample.content;
      size_t p = 0;
      while (p < all.size()) {
        size_t nl = all.find('\n', p);
        if (nl == std::string_view::npos) nl = all.size();
        if (!IsBlank(all.substr(p, nl - p))) ++records;
        p = nl + 1;
      }
      out.total_records = records;
    }
  }
  return out;
}

}  // namespace almanac::classifiers::grok
