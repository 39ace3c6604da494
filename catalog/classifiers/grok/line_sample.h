// LineSample: the records a line-oriented text classifier looks at, taken
// from a FileSample the way Glue samples text: the first 1,000 records
// within the first 1 MB of content. A last line cut by the sampling limit
// is dropped; blank lines are not records; a trailing '\r' (CRLF files) is
// not part of its line, as Hadoop's TextInputFormat strips it too.
//
// Thread-safe: a free function; the result views the sample's content and
// lives no longer than it.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_GROK_LINE_SAMPLE_H_
#define ALMANAC_CATALOG_CLASSIFIERS_GROK_LINE_SAMPLE_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/classifiers/file_sample.h"

namespace almanac::classifiers::grok {

struct LineSample {
  std::vector<std::string_view> lines;  // non-blank, at most kSampleRecords
  // Content bytes up to the end of the last sampled line, newline included.
  int64_t bytes = 0;
  // Non-blank lines in the whole file, when the sample's content is the
  // whole file; nullopt otherwise.
  std::optional<int64_t> total_records;
  // Whether any sampled line holds a NUL byte (binary data, not a log).
  bool has_nul = false;
};

LineSample SampleLines(const FileSample& sample, int64_t max_bytes = kTextSampleBytes,
                       int64_t max_records = kSampleRecords);

}  // namespace almanac::classifiers::grok

#endif  // ALMANAC_CATALOG_CLASSIFIERS_GROK_LINE_SAMPLE_H_
