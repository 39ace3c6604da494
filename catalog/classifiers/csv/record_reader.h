// RecordReader: splits delimited text into records and fields as RFC 4180
// describes (a quote at the start of a field opens a quoted field that may
// hold delimiters, doubled quotes and line breaks), reading records, not
// lines. Line breaks are LF, CRLF or a lone CR (the ones Hadoop's
// TextInputFormat also splits on). Blank lines are skipped: they are not
// records.
//
// The reader is lenient where real files are sloppy, because a classifier
// must judge a file rather than reject it: characters after a closing quote
// are kept as part of the field, a quote inside an unquoted field is an
// ordinary character, and a quoted field still open at the end of the text
// ends there (Record::unclosed_quote says so).
//
// Not thread-safe: one reader per thread; it views the text it was given,
// which must outlive it.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_CSV_RECORD_READER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_CSV_RECORD_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace almanac::classifiers::csv {

// One record. Field values are stored for at most kMaxStoredFields fields
// so that a pathological line of a million delimiters costs no more than
// a counter; field_count counts them all.
struct Record {
  std::vector<std::string> fields;
  size_t field_count = 0;
  // Whether any field was quoted.
  bool quoted = false;
  // Whether a line break ended the record (false: the text ended).
  bool terminated = false;
  // Whether the text ended inside a quoted field.
  bool unclosed_quote = false;
  // The record's text without its line break.
  std::string_view raw;
};

inline constexpr size_t kMaxStoredFields = 4096;

struct ReaderOptions {
  char delimiter = ',';
  char quote = '"';
  // Trim spaces and tabs around unquoted values, and allow them before an
  // opening quote and after a closing one (as opencsv, which
  // OpenCSVSerde uses, ignores leading white space).
  bool trim = true;
};

class RecordReader {
 public:
  RecordReader(std::string_view text, ReaderOptions options) : text_(text), options_(options) {}

  // Reads the next non-blank record into `record`; false at the end of the
  // text.
  bool Next(Record& record);

  // Bytes consumed so far (the end of the last record and its line break).
  size_t position() const { return pos_; }

 private:
  bool IsSpace(char c) const { return (c == ' ' || c == '\t') && c != options_.delimiter; }
  bool IsLineBreak(char c) const { return c == '\n' || c == '\r'; }
  // Reads one field starting at pos_, leaving pos_ at the delimiter, the
  // line break or the end.
  void ReadField(Record& record, std::string& value);

  std::string_view text_;
  ReaderOptions options_;
  size_t pos_ = 0;
};

}  // namespace almanac::classifiers::csv

#endif  // ALMANAC_CATALOG_CLASSIFIERS_CSV_RECORD_READER_H_
