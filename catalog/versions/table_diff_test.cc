#include "catalog/versions/table_diff.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace almanac::versions {
namespace {

// ---- the definition language of testdata/diff_cases.txt ----

std::string Strip(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

bool EndsWithQuote(std::string_view s) { return !s.empty() && s.back() == '\''; }

// Splits at commas outside <>, () and quotes.
std::vector<std::string> SplitTop(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  bool quoted = false;
  std::string cur;
  for (char c : text) {
    if (c == '\'') quoted = !quoted;
    if (!quoted && (c == '<' || c == '(')) ++depth;
    if (!quoted && (c == '>' || c == ')')) --depth;
    if (!quoted && depth == 0 && c == ',') {
      out.push_back(Strip(cur));
      cur.clear();
      continue;
    }
    cur.push_back(c);
  }
  if (!Strip(cur).empty()) out.push_back(Strip(cur));
  return out;
}

// "name type 'comment'"
std::vector<model::Column> Columns(std::string_view text) {
  std::vector<model::Column> out;
  for (const std::string& item : SplitTop(text)) {
    model::Column c;
    std::string rest = item;
    const size_t space = rest.find(' ');
    c.name = rest.substr(0, space);
    rest = Strip(std::string_view(rest).substr(space + 1));
    if (EndsWithQuote(rest)) {
      const size_t open = rest.rfind('\'', rest.size() - 2);
      c.comment = rest.substr(open + 1, rest.size() - open - 2);
      rest = Strip(std::string_view(rest).substr(0, open));
    }
    c.type = rest;
    out.push_back(std::move(c));
  }
  return out;
}

model::Parameters Params(std::string_view text) {
  model::Parameters out;
  for (const std::string& item : SplitTop(text)) {
    const size_t eq = item.find('=');
    out[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
  }
  return out;
}

// key(value) items separated by spaces; values may hold spaces and nested
// parentheses.
absl::StatusOr<model::Table> Definition(std::string_view text) {
  model::Table t;
  t.database = "db";
  t.name = "t";
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    const size_t open = text.find('(', i);
    if (open == std::string_view::npos) return absl::InvalidArgumentError(std::string(text.substr(i)));
    const std::string key(text.substr(i, open - i));
    int depth = 0;
    size_t close = open;
    for (; close < text.size(); ++close) {
      if (text[close] == '(') ++depth;
      if (text[close] == ')' && --depth == 0) break;
    }
    const std::string value(text.substr(open + 1, close - open - 1));
    i = close + 1;
    if (key == "cols") {
      t.sd.columns = Columns(value);
    } else if (key == "keys") {
      t.partition_keys = Columns(value);
    } else if (key == "fmt") {
      if (value == "text") {
        t.sd.serde.serialization_library = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
        t.sd.input_format = "org.apache.hadoop.mapred.TextInputFormat";
        t.sd.output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
      } else if (value == "parquet") {
        t.sd.serde.serialization_library =
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
        t.sd.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
        t.sd.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
      } else {
        return absl::InvalidArgumentError("fmt " + value);
      }
    } else if (key == "loc") {
      t.sd.location = value;
    } else if (key == "in") {
      t.sd.input_format = value;
    } else if (key == "out") {
      t.sd.output_format = value;
    } else if (key == "serde") {
      t.sd.serde.serialization_library = value;
    } else if (key == "serdeparams") {
      t.sd.serde.parameters = Params(value);
    } else if (key == "sdparams") {
      t.sd.parameters = Params(value);
    } else if (key == "params") {
      t.parameters = Params(value);
    } else if (key == "buckets") {  // "4 by a, b"
      const size_t by = value.find(" by ");
      std::vector<std::string> parts = {value.substr(0, by), value.substr(by + 4)};
      t.sd.num_buckets = std::stoi(parts[0]);
      for (const std::string& c : SplitTop(parts[1])) t.sd.bucket_columns.push_back(c);
    } else if (key == "compressed") {
      t.sd.compressed = value == "true";
    } else if (key == "type") {
      std::optional<model::TableType> type = model::ParseTableType(value);
      if (!type) return absl::InvalidArgumentError("type " + value);
      t.table_type = *type;
    } else if (key == "owner") {
      t.owner = value;
    } else if (key == "name") {
      const size_t dot = value.find('.');
      t.database = value.substr(0, dot);
      t.name = value.substr(dot + 1);
    } else if (key == "view") {
      t.view_original_text = value;
    } else if (key == "retention") {
      t.retention = std::stoi(value);
    } else {
      return absl::InvalidArgumentError("unknown key " + key);
    }
  }
  return t;
}

struct DiffCase {
  int line = 0;
  std::string title;
  std::string old_text, new_text;
  std::vector<std::string> want;
  std::optional<std::string> summary;
};

std::string TestdataPath() {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  const std::string dir = root != nullptr ? root : ALMANAC_TEST_SOURCE_DIR;
  return dir + "/catalog/versions/testdata/diff_cases.txt";
}

std::vector<DiffCase> LoadCases() {
  std::ifstream in(TestdataPath());
  EXPECT_TRUE(in.is_open()) << TestdataPath();
  std::vector<DiffCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    const std::string word = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : Strip(line.substr(space));
    if (word == "case") {
      cases.push_back(DiffCase{.line = number, .title = rest});
      continue;
    }
    EXPECT_FALSE(cases.empty()) << "line " << number << " before the first case";
    if (cases.empty()) continue;
    DiffCase& c = cases.back();
    if (word == "old") {
      c.old_text = rest;
    } else if (word == "new") {
      c.new_text = rest;
    } else if (word == "=>") {
      c.want.push_back(rest);
    } else if (word == "summary") {
      c.summary = rest;
    } else {
      ADD_FAILURE() << "line " << number << ": unknown line " << line;
    }
  }
  return cases;
}

TEST(TableDiffTest, TestdataCases) {
  const std::vector<DiffCase> cases = LoadCases();
  ASSERT_GE(cases.size(), 40u);
  for (const DiffCase& c : cases) {
    SCOPED_TRACE("diff_cases.txt line " + std::to_string(c.line) + ": " + c.title);
    absl::StatusOr<model::Table> before = Definition(c.old_text);
    absl::StatusOr<model::Table> after = Definition(c.new_text.empty() ? c.old_text : c.new_text);
    ASSERT_TRUE(before.ok()) << before.status();
    ASSERT_TRUE(after.ok()) << after.status();
    const std::vector<TableChange> changes = DiffTables(*before, *after);
    std::vector<std::string> got;
    for (const TableChange& change : changes) got.push_back(ChangeText(change));
    EXPECT_EQ(got, c.want);
    if (c.summary) {
      EXPECT_EQ(Summarize(changes), *c.summary);
    }
    // The reverse diff is never empty when the forward one is not.
    EXPECT_EQ(DiffTables(*after, *before).empty(), changes.empty());
  }
}

TEST(TableDiffTest, KindNamesAreDistinct) {
  std::set<std::string_view> names;
  for (int k = 0; k <= static_cast<int>(ChangeKind::kParameterChanged); ++k) {
    std::string_view name = ChangeKindName(static_cast<ChangeKind>(k));
    EXPECT_NE(name, "unknown");
    EXPECT_TRUE(names.insert(name).second) << name;
  }
}

TEST(TableDiffTest, ThousandColumnsDiffByName) {
  model::Table a, b;
  for (int i = 0; i < 1000; ++i) {
    a.sd.columns.push_back({"c" + std::to_string(i), "int", ""});
    b.sd.columns.push_back({"c" + std::to_string(i), i % 10 == 0 ? "bigint" : "int", ""});
  }
  b.sd.columns.push_back({"extra", "string", ""});
  const std::vector<TableChange> changes = DiffTables(a, b);
  ASSERT_EQ(changes.size(), 101u);
  EXPECT_EQ(Summarize(changes),
            "changed type of columns c0 (widening), c10 (widening), c20 (widening), c30 "
            "(widening), c40 (widening) and 95 more; added column extra");
}

}  // namespace
}  // namespace almanac::versions
