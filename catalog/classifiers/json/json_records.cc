#include "catalog/classifiers/json/json_records.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace almanac::classifiers::json {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsJsonSpace(s[i])) ++i;
  return i;
}

// The end (one past the closing bracket) of the object or array starting at
// `begin`, found by counting brackets outside strings; the parser checks the
// syntax afterwards. Sets `cut` (and returns s.size()) when the content ends
// first. This is what splits NDJSON and concatenated pretty-printed values
// into one parse each.
size_t ValueEnd(std::string_view s, size_t begin, bool* cut) {
  int64_t depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        *cut = false;
        return i + 1;
      }
    }
  }
  *cut = true;
  return s.size();
}

// SAX events of one top-level value. Outside a record it follows the path
// (nav_) or skips subtrees off it (skip_depth_); inside one it builds the
// record's type on a stack (rec_), typing anything nested deeper than
// kMaxNestingDepth as string (opaque_depth_).
class Handler {
 public:
  Handler(const JsonRecordsOptions& options, JsonRecords* out) : options_(options), out_(out) {}

  bool stopped() const { return stopped_; }

  // The content ended inside a record: completes it from what was read
  // (the values finished before the cut, in their open containers).
  void FlushPartial() {
    if (!recording_) return;
    if (opaque_depth_ > 0) {
      opaque_depth_ = 0;
      Add(InferredType(Kind::kString));
    }
    while (recording_ && !rec_.empty()) {
      InferredType type = std::move(rec_.back().type);
      rec_.pop_back();
      Add(std::move(type));
    }
  }
  bool wrong_shape() const { return wrong_shape_; }
  size_t error_position() const { return error_position_; }

  bool null() { return Scalar(InferredType(Kind::kNull)); }
  bool boolean(bool) { return Scalar(InferredType(Kind::kBoolean)); }
  bool number_integer(int64_t v) { return Scalar(InferredType::Integer(v)); }
  bool number_unsigned(uint64_t v) {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Scalar(InferredType(Kind::kDouble));  // beyond bigint
    }
    return Scalar(InferredType::Integer(static_cast<int64_t>(v)));
  }
  bool number_float(double, const std::string&) { return Scalar(InferredType(Kind::kDouble)); }
  bool string(std::string&) { return Scalar(InferredType(Kind::kString)); }
  bool binary(nlohmann::json::binary_t&) { return Scalar(InferredType(Kind::kString)); }
  bool start_object(std::size_t) { return Open(true); }
  bool start_array(std::size_t) { return Open(false); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(std::string& name) {
    if (recording_) {
      if (opaque_depth_ == 0) rec_.back().key = name;
    } else if (skip_depth_ == 0) {
      const JsonPathStep& step = options_.path.steps[nav_.size() - 1];
      nav_.back().child_on_path = !step.any_element && step.name == name;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception&) {
    error_position_ = position;
    return false;
  }

 private:
  struct NavFrame {
    bool child_on_path = false;
  };
  struct RecFrame {
    InferredType type;
    std::string key;
  };
  enum class Where { kSkip, kNavigate, kRecordStart };

  // Where a value starting now (outside a record) sits relative to the path.
  Where Locate() const {
    if (skip_depth_ > 0) return Where::kSkip;
    if (!nav_.empty() && !nav_.back().child_on_path) return Where::kSkip;
    return nav_.size() == options_.path.steps.size() ? Where::kRecordStart : Where::kNavigate;
  }

  bool CheckTopLevel(bool is_object, bool is_container) {
    if (!nav_.empty() || skip_depth_ > 0 || recording_) return true;
    if ((options_.top_level == TopLevel::kObjects && !(is_container && is_object)) ||
        (options_.top_level == TopLevel::kArrays && !(is_container && !is_object))) {
      wrong_shape_ = true;
      return false;
    }
    return true;
  }

  bool Scalar(InferredType type) {
    if (recording_) {
      if (opaque_depth_ > 0) return true;
      return Add(std::move(type));
    }
    if (!CheckTopLevel(false, false)) return false;
    if (Locate() != Where::kRecordStart) return true;
    if (options_.records_must_be_objects) {
      wrong_shape_ = true;
      return false;
    }
    return Complete(std::move(type));
  }

  bool Open(bool is_object) {
    if (recording_) {
      if (opaque_depth_ > 0 || rec_.size() >= static_cast<size_t>(kMaxNestingDepth)) {
        ++opaque_depth_;
      } else {
        rec_.push_back({is_object ? InferredType::Struct() : InferredType::Array(), {}});
      }
      return true;
    }
    if (!CheckTopLevel(is_object, true)) return false;
    switch (Locate()) {
      case Where::kSkip:
        ++skip_depth_;
        return true;
      case Where::kRecordStart:
        if (options_.records_must_be_objects && !is_object) {
          wrong_shape_ = true;
          return false;
        }
        recording_ = true;
        rec_.push_back({is_object ? InferredType::Struct() : InferredType::Array(), {}});
        return true;
      case Where::kNavigate: {
        const JsonPathStep& step = options_.path.steps[nav_.size()];
        // An array's elements are on the path for [*]; an object's members
        // once key() names the step's member.
        nav_.push_back({!is_object && step.any_element});
        return true;
      }
    }
    return true;
  }

  bool Close() {
    if (recording_) {
      if (opaque_depth_ > 0) {
        return --opaque_depth_ == 0 ? Add(InferredType(Kind::kString)) : true;
      }
      InferredType type = std::move(rec_.back().type);
      rec_.pop_back();
      return Add(std::move(type));
    }
    if (skip_depth_ > 0) {
      --skip_depth_;
    } else {
      nav_.pop_back();
    }
    return true;
  }

  // A finished value inside a record: into its parent, or the record itself.
  bool Add(InferredType type) {
    if (rec_.empty()) {
      recording_ = false;
      return Complete(std::move(type));
    }
    RecFrame& parent = rec_.back();
    if (parent.type.kind() == Kind::kStruct) {
      parent.type.AddField(parent.key, std::move(type));
    } else {
      parent.type.AddElement(std::move(type));
    }
    return true;
  }

  bool Complete(InferredType type) {
    out_->type.Merge(std::move(type));
    if (++out_->records >= options_.max_records) {
      stopped_ = true;
      return false;  // ends the parse
    }
    return true;
  }

  const JsonRecordsOptions& options_;
  JsonRecords* out_;
  std::vector<NavFrame> nav_;
  int64_t skip_depth_ = 0;
  bool recording_ = false;
  std::vector<RecFrame> rec_;
  int64_t opaque_depth_ = 0;
  bool stopped_ = false;
  bool wrong_shape_ = false;
  size_t error_position_ = 0;
};

}  // namespace

std::optional<JsonRecords> ReadJsonRecords(std::string_view content, bool complete,
                                           const JsonRecordsOptions& options) {
  JsonRecords out;
  size_t pos = 0;
  // A UTF-8 byte order mark, as some Windows tools write.
  if (content.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  pos = SkipSpace(content, pos);
  while (pos < content.size()) {
    if (content[pos] != '{' && content[pos] != '[') return std::nullopt;
    bool cut = false;
    const size_t end = ValueEnd(content, pos, &cut);
    if (cut && complete) return std::nullopt;  // the whole file, and broken
    const std::string_view value = content.substr(pos, end - pos);
    Handler handler(options, &out);
    bool parsed = false;
    try {
      parsed = nlohmann::json::sax_parse(value.begin(), value.end(), &handler,
                                         nlohmann::json::input_format_t::json, /*strict=*/true);
    } catch (const nlohmann::json::exception&) {
      return std::nullopt;  // the parser reports through parse_error; be safe
    }
    if (handler.stopped()) {
      out.stopped = true;
      out.bytes = static_cast<int64_t>(end);
      break;
    }
    if (handler.wrong_shape()) return std::nullopt;
    if (cut) {
      // Only the sample limit may end the value: an error before the last
      // byte is a real syntax error.
      if (parsed || handler.error_position() < value.size()) return std::nullopt;
      out.cut = true;
      // One record bigger than the sample (a 50 MB document): its schema as
      // far as read beats no schema; records completed before it make it
      // unnecessary.
      if (out.records == 0) handler.FlushPartial();
      out.bytes = static_cast<int64_t>(content.size());
      break;
    }
    if (!parsed) return std::nullopt;
    ++out.top_level_values;
    out.bytes = static_cast<int64_t>(end);
    pos = SkipSpace(content, end);
  }
  if (out.records == 0 && out.top_level_values == 0) return std::nullopt;
  return out;
}

}  // namespace almanac::classifiers::json
