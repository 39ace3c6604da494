#include "catalog/classifiers/csv/csv_classifier.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "catalog/classifiers/csv/column_names.h"
#include "catalog/classifiers/csv/record_reader.h"

namespace almanac::classifiers::csv {
namespace {

// Below this share of records agreeing on a column count the built-in
// classifier does not call a file csv (Glue is silent on a number).
constexpr double kMinAgreement = 0.75;
// A file where only most records agree is csv, but not certainly so.
constexpr double kMaxPartialCertainty = 0.9;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Whether `text` is UTF-8 without NUL bytes. A sample cut short
// (`complete` false) may end inside a multi-byte character.
bool LooksLikeText(std::string_view text, bool complete) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= n) return !complete;
      const unsigned char b = static_cast<unsigned char>(text[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    i += len;
  }
  return true;
}

// The records one candidate delimiter gives, and how well they agree.
struct Layout {
  char delimiter = ',';
  std::vector<Record> records;
  size_t columns = 0;    // the column count most records have
  size_t agreeing = 0;   // records with that count
  double share = 0.0;    // agreeing / records
  size_t bytes = 0;      // content consumed by the records
  size_t first_end = 0;  // content consumed by the first record
};

Layout ReadLayout(std::string_view content, bool complete, char delimiter,
                  const CsvOptions& options) {
  Layout layout;
  layout.delimiter = delimiter;
  RecordReader reader(content, {delimiter, options.quote, options.trim});
  Record record;
  while (static_cast<int64_t>(layout.records.size()) < kSampleRecords && reader.Next(record)) {
    // A record the sample cut may be missing columns: it decides nothing.
    if (!complete && (!record.terminated || record.unclosed_quote)) break;
    layout.records.push_back(record);
    layout.bytes = reader.position();
    if (layout.records.size() == 1) layout.first_end = reader.position();
  }
  if (layout.records.empty()) return layout;
  std::map<size_t, size_t> counts;
  for (const Record& r : layout.records) ++counts[r.field_count];
  for (const auto& [columns, n] : counts) {
    // Ties go to the larger count (later in the map).
    if (n >= layout.agreeing) {
      layout.columns = columns;
      layout.agreeing = n;
    }
  }
  layout.share = static_cast<double>(layout.agreeing) / static_cast<double>(layout.records.size());
  return layout;
}

bool IsJsonContainer(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  if (raw.size() < 2) return false;
  return (raw.front() == '{' && raw.back() == '}') || (raw.front() == '[' && raw.back() == ']');
}

// Records in the whole of `content` (complete, at most 1 MB).
int64_t CountRecords(std::string_view content, char delimiter, const CsvOptions& options) {
  RecordReader reader(content, {delimiter, options.quote, options.trim});
  Record record;
  int64_t n = 0;
  while (reader.Next(record)) ++n;
  return n;
}

}  // namespace

absl::StatusOr<std::optional<Inference>> CsvClassifier::Classify(const FileSample& sample) const {
  std::string_view content = sample.content;
  if (content.substr(0, kUtf8Bom.size()) == kUtf8Bom) content.remove_prefix(kUtf8Bom.size());
  bool complete = sample.content_complete;
  if (static_cast<int64_t>(content.size()) > kTextSampleBytes) {
    content = content.substr(0, kTextSampleBytes);
    complete = false;
  }
  if (content.empty() || !LooksLikeText(content, complete)) return std::nullopt;

  const size_t min_columns = options_.allow_single_column ? 1 : 2;
  std::optional<Layout> best;
  for (char delimiter : options_.delimiters) {
    Layout layout = ReadLayout(content, complete, delimiter, options_);
    if (layout.columns < min_columns || layout.columns > kMaxStoredFields) continue;
    if (!best || layout.share > best->share) best = std::move(layout);
  }
  if (!best) return std::nullopt;
  const Layout& layout = *best;
  if (options_.require_consistent ? layout.share < 1.0 : layout.share < kMinAgreement) {
    return std::nullopt;
  }
  // JSON lines split on commas into steady columns too; they are JSON's.
  if (!options_.require_consistent &&
      std::all_of(layout.records.begin(), layout.records.end(),
                  [](const Record& r) { return IsJsonContainer(r.raw); })) {
    return std::nullopt;
  }
  const size_t columns = layout.columns;
  if (!options_.header_names.empty() && options_.header_names.size() != columns) {
    return std::nullopt;
  }

  const Record& first = layout.records.front();
  const bool first_agrees = first.field_count == columns;
  // Column statistics over the agreeing records after the first, which is
  // the header candidate.
  std::vector<ColumnStats> rest(columns);
  size_t rest_rows = 0;
  bool rest_quoted = false;
  for (size_t i = 1; i < layout.records.size(); ++i) {
    const Record& r = layout.records[i];
    if (r.field_count != columns) continue;
    ++rest_rows;
    rest_quoted = rest_quoted || r.quoted;
    for (size_t c = 0; c < columns; ++c) rest[c].Observe(r.fields[c], options_.types.rich);
  }

  bool header = false;
  switch (options_.header) {
    case HeaderMode::kAbsent:
      break;
    case HeaderMode::kPresent:
      header = first_agrees;
      break;
    case HeaderMode::kDetect:
      header = first_agrees &&
               std::all_of(first.fields.begin(), first.fields.end(),
                           [&](const std::string& f) {
                             return KindOf(f, options_.types.rich) == ValueKind::kString &&
                                    IsValidHeaderName(f);
                           }) &&
               std::any_of(rest.begin(), rest.end(), [&](const ColumnStats& s) {
                 return s.Resolve(options_.types) != "string";
               });
      break;
  }

  std::vector<ColumnStats>& stats = rest;
  size_t data_rows = rest_rows;
  bool quoted = rest_quoted;
  if (first_agrees && !header) {
    ++data_rows;
    quoted = quoted || first.quoted;
    for (size_t c = 0; c < columns; ++c) stats[c].Observe(first.fields[c], options_.types.rich);
  }
  if (data_rows < 2) return std::nullopt;

  std::vector<std::string> names;
  if (!options_.header_names.empty()) {
    names = options_.header_names;
  } else if (header) {
    names = UniqueColumnNames(first.fields);
  } else {
    names = PositionalColumnNames(columns);
  }

  Inference inference;
  inference.classification = std::string(kClassification);
  inference.certainty = layout.share >= 1.0 ? 1.0 : std::min(kMaxPartialCertainty, layout.share);
  for (size_t c = 0; c < columns; ++c) {
    // OpenCSVSerde hands every column over as a string.
    inference.columns.push_back(
        {names[c], quoted ? std::string("string") : stats[c].Resolve(options_.types), ""});
  }
  const std::string delimiter(1, layout.delimiter);
  if (quoted) {
    inference.serde.serialization_library = std::string(kOpenCsvSerDe);
    inference.serde.parameters["separatorChar"] = delimiter;
    inference.serde.parameters["quoteChar"] = std::string(1, options_.quote);
    // A backslash is Glue's escape. opencsv gives the escape precedence
    // over the quote, so when the backslash is the quote or the separator
    // the escape moves to ESC, which text does not hold.
    const bool backslash_taken = options_.quote == '\\' || layout.delimiter == '\\';
    inference.serde.parameters["escapeChar"] = std::string(backslash_taken ? "\x1b" : "\\");
  } else {
    inference.serde.serialization_library = std::string(kLazySimpleSerDe);
    inference.serde.parameters["field.delim"] = delimiter;
    inference.serde.parameters["serialization.format"] = delimiter;
  }
  inference.input_format = std::string(kTextInputFormat);
  inference.output_format = std::string(kTextOutputFormat);
  inference.table_parameters["delimiter"] = delimiter;
  if (header) inference.table_parameters["skip.header.line.count"] = std::string("1");

  const int64_t header_records = header ? 1 : 0;
  inference.sampled_records = static_cast<int64_t>(layout.records.size()) - header_records;
  inference.sampled_bytes = static_cast<int64_t>(layout.bytes - (header ? layout.first_end : 0));
  if (complete) {
    inference.record_count = CountRecords(content, layout.delimiter, options_) - header_records;
  }
  return inference;
}

std::unique_ptr<Classifier> MakeBuiltinCsvClassifier() {
  return std::make_unique<CsvClassifier>(std::string(kClassification), CsvOptions{});
}

}  // namespace almanac::classifiers::csv
