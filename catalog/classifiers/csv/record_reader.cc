#include "catalog/classifiers/csv/record_reader.h"

namespace almanac::classifiers::csv {

void RecordReader::ReadField(Record& record, std::string& value) {
  const size_t n = text_.size();
  size_t p = pos_;
  if (options_.trim) {
    size_t q = p;
    while (q < n && IsSpace(text_[q])) ++q;
    if (q < n && text_[q] == options_.quote) p = q;
  }
  if (p < n && text_[p] == options_.quote) {
    record.quoted = true;
    ++p;
    bool closed = false;
    while (p < n) {
      const char c = text_[p];
      if (c == options_.quote) {
        if (p + 1 < n && text_[p + 1] == options_.quote) {
          value.push_back(c);
          p += 2;
          continue;
        }
        ++p;
        closed = true;
        break;
      }
      value.push_back(c);
      ++p;
    }
    if (!closed) record.unclosed_quote = true;
    // Anything between the closing quote and the delimiter is kept (RFC
    // 4180 forbids it; files have it), except white space when trimming.
    size_t tail = p;
    while (p < n && text_[p] != options_.delimiter && !IsLineBreak(text_[p])) ++p;
    std::string_view rest = text_.substr(tail, p - tail);
    if (options_.trim) {
      while (!rest.empty() && IsSpace(rest.back())) rest.remove_suffix(1);
    }
    value.append(rest);
    pos_ = p;
    return;
  }
  const size_t start = p;
  while (p < n && text_[p] != options_.delimiter && !IsLineBreak(text_[p])) ++p;
  std::string_view v = text_.substr(start, p - start);
  if (options_.trim) {
    while (!v.empty() && IsSpace(v.front())) v.remove_prefix(1);
    while (!v.empty() && IsSpace(v.back())) v.remove_suffix(1);
  }
  value.assign(v);
  pos_ = p;
}

bool RecordReader::Next(Record& record) {
  const size_t n = text_.size();
  while (pos_ < n) {
    record.fields.clear();
    record.field_count = 0;
    record.quoted = false;
    record.terminated = false;
    record.unclosed_quote = false;
    const size_t start = pos_;
    std::string value;
    while (true) {
      value.clear();
      ReadField(record, value);
      if (record.field_count < kMaxStoredFields) record.fields.push_back(std::move(value));
      ++record.field_count;
      if (pos_ < n && text_[pos_] == options_.delimiter) {
        ++pos_;
        continue;
      }
      break;
    }
    record.raw = text_.substr(start, pos_ - start);
    if (pos_ < n) {
      // A line break: LF, CRLF or a lone CR.
      record.terminated = true;
      if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
    }
    const bool blank = record.field_count == 1 && !record.quoted && record.fields[0].empty();
    if (!blank) return true;
  }
  return false;
}

}  // namespace almanac::classifiers::csv
