#include "catalog/predicate/bound_predicate.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"
#include "catalog/predicate/parser.h"
#include "common/absl_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Counts heap allocations so a test can check that evaluation makes none.
static std::atomic<int64_t> g_allocations{0};
void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace almanac::predicate {
namespace {

std::vector<PartitionKey> Keys(std::vector<std::pair<std::string, std::string>> spec) {
  std::vector<PartitionKey> keys;
  for (auto& [name, type] : spec) keys.push_back({name, *model::HiveType::Parse(type)});
  return keys;
}

std::string Trim(std::string_view s) {
  return std::string(absl::StripAsciiWhitespace(AbslView(s)));
}

// Runs catalog/predicate/testdata/cases.txt; the file's header explains the format.
TEST(BoundPredicateCasesTest, TableDriven) {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  const std::string path =
      std::string(root ? root : ".") + "/catalog/predicate/testdata/cases.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot open " << path;
  std::vector<PartitionKey> keys;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  std::string line;
  int line_no = 0, cases = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("keys ", 0) == 0) {
      keys.clear();
      rows.clear();
      for (absl::string_view part : absl::StrSplit(line.substr(5), '|')) {
        std::string p(absl::StripAsciiWhitespace(part));
        const size_t colon = p.find(':');
        ASSERT_NE(colon, std::string::npos) << "line " << line_no;
        auto type = model::HiveType::Parse(p.substr(colon + 1));
        ASSERT_TRUE(type.ok()) << "line " << line_no << ": " << type.status();
        keys.push_back({p.substr(0, colon), *type});
      }
      continue;
    }
    if (line.rfind("row ", 0) == 0) {
      std::vector<std::string> parts = absl::StrSplit(line.substr(4), '|');
      ASSERT_FALSE(parts.empty());
      std::string label = Trim(parts[0]);
      std::vector<std::string> values;
      for (size_t i = 1; i < parts.size(); ++i) values.push_back(Trim(parts[i]));
      rows.emplace_back(label, values);
      continue;
    }
    // <dialect> <expression> => <labels>   or   <dialect> <expression> !! <error>
    const size_t sp = line.find(' ');
    ASSERT_NE(sp, std::string::npos) << "line " << line_no;
    const std::string dialect_name = line.substr(0, sp);
    ASSERT_TRUE(dialect_name == "hive" || dialect_name == "glue") << "line " << line_no;
    const Dialect dialect = dialect_name == "hive" ? Dialect::kHive : Dialect::kGlue;
    const size_t ok_at = line.rfind(" => ");
    const size_t err_at = line.rfind(" !! ");
    ASSERT_TRUE(ok_at != std::string::npos || err_at != std::string::npos)
        << "line " << line_no;
    const bool expect_error =
        err_at != std::string::npos && (ok_at == std::string::npos || err_at > ok_at);
    const size_t sep = expect_error ? err_at : ok_at;
    std::string expr = line.substr(sp + 1, sep - sp - 1);
    // \0 in a case line stands for a NUL byte.
    for (size_t z; (z = expr.find("\\0")) != std::string::npos;) expr.replace(z, 2, 1, '\0');
    const std::string expected = Trim(line.substr(sep + 4));
    ++cases;
    auto bound = ParseAndBind(expr, dialect, keys);
    if (expect_error) {
      EXPECT_EQ(bound.status().code(), absl::StatusCode::kInvalidArgument)
          << "line " << line_no << ": " << expr;
      EXPECT_EQ(std::string(bound.status().message()), expected) << "line " << line_no << ": " << expr;
      continue;
    }
    ASSERT_TRUE(bound.ok()) << "line " << line_no << ": " << expr << ": " << bound.status();
    std::vector<std::string> matched;
    for (const auto& [label, values] : rows) {
      if (bound->Matches(values)) matched.push_back(label);
    }
    const std::string got = matched.empty() ? "-" : absl::StrJoin(matched, " ");
    EXPECT_EQ(got, expected) << "line " << line_no << ": " << expr;
  }
  EXPECT_GE(cases, 300);
}

TEST(BoundPredicateTest, UnreadableValueOnlyMatchesIsNotNull) {
  auto keys = Keys({{"year", "int"}});
  const std::vector<std::string> bad = {"abc"};
  for (const char* e : {"year = 1", "year <> 1", "NOT (year = 1)", "year IN (1)",
                        "year NOT IN (1)", "year BETWEEN 1 AND 2", "year NOT BETWEEN 1 AND 2",
                        "year IS NULL", "NOT (year IS NOT NULL)"}) {
    auto p = ParseAndBind(e, Dialect::kGlue, keys);
    ASSERT_TRUE(p.ok()) << e;
    EXPECT_FALSE(p->Matches(bad)) << e;
  }
  auto p = ParseAndBind("year IS NOT NULL", Dialect::kGlue, keys);
  EXPECT_TRUE(p->Matches(bad));
  EXPECT_EQ(ParseAndBind("year = 1", Dialect::kGlue, keys)->Evaluate(bad), Truth::kUnknown);
}

TEST(BoundPredicateTest, DefaultPartitionIsNull) {
  auto keys = Keys({{"k", "string"}});
  const std::vector<std::string> null_row = {"__HIVE_DEFAULT_PARTITION__"};
  auto eq = ParseAndBind("k = 'a'", Dialect::kHive, keys);
  EXPECT_EQ(eq->Evaluate(null_row), Truth::kUnknown);
  auto nse = ParseAndBind("k <=> 'a'", Dialect::kHive, keys);
  EXPECT_EQ(nse->Evaluate(null_row), Truth::kFalse);
  auto not_nse = ParseAndBind("NOT (k <=> 'a')", Dialect::kHive, keys);
  EXPECT_EQ(not_nse->Evaluate(null_row), Truth::kTrue);
  auto is_null = ParseAndBind("k IS NULL", Dialect::kGlue, keys);
  EXPECT_EQ(is_null->Evaluate(null_row), Truth::kTrue);
  // A partition with fewer values than keys reads as null too.
  EXPECT_EQ(is_null->Evaluate(std::vector<std::string>{}), Truth::kTrue);
}

TEST(BoundPredicateTest, StringViewOverloadAgrees) {
  auto keys = Keys({{"a", "int"}, {"b", "string"}});
  auto p = ParseAndBind("a > 1 AND b LIKE 'x%'", Dialect::kGlue, keys);
  ASSERT_TRUE(p.ok());
  const std::vector<std::string_view> v = {"2", "xyz"};
  EXPECT_TRUE(p->Matches(v));
  const std::vector<std::string_view> w = {"2", "yz"};
  EXPECT_FALSE(p->Matches(w));
}

TEST(BoundPredicateTest, HostileInputs) {
  auto keys = Keys({{"name", "string"}, {"year", "int"}});
  // A 1 MB string literal: a Hive filter can carry it and gets a correct result.
  std::string big(1 << 20, 'x');
  auto p = ParseAndBind("name = '" + big + "'", Dialect::kHive, keys);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->Matches(std::vector<std::string>{big, "1"}));
  EXPECT_FALSE(p->Matches(std::vector<std::string>{"x", "1"}));
  // Glue limits the whole expression.
  EXPECT_EQ(ParseAndBind("name = '" + big + "'", Dialect::kGlue, keys).status().message(),
            "expression is 1048585 bytes long; the limit is 2048 bytes");
  // An overlong LIKE pattern.
  std::string pat(5000, 'a');
  EXPECT_EQ(ParseAndBind("name LIKE '" + pat + "'", Dialect::kHive, keys).status().message(),
            "LIKE pattern for key 'name' is 5000 bytes long; the limit is 4096 bytes");
  // Deep nesting is refused, not a stack overflow.
  std::string deep = std::string(10000, '(') + "year = 1" + std::string(10000, ')');
  EXPECT_EQ(ParseAndBind(deep, Dialect::kHive, keys).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  EXPECT_EQ(ParseAndBind(nots + "year = 1", Dialect::kHive, keys).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Nesting up to the limit works.
  std::string ok = std::string(kMaxNestingDepth, '(') + "year = 1" +
                   std::string(kMaxNestingDepth, ')');
  EXPECT_TRUE(ParseAndBind(ok, Dialect::kHive, keys).ok());
  // Pathological patterns stay fast (RE2 and the SQL matcher are not exponential).
  std::string text(100000, 'a');
  auto re = ParseAndBind("name LIKE '(a*)*b'", Dialect::kHive, keys);
  ASSERT_TRUE(re.ok());
  EXPECT_FALSE(re->Matches(std::vector<std::string>{text, "1"}));
  auto sql = ParseAndBind("name LIKE '%a%a%a%a%a%a%b'", Dialect::kGlue, keys);
  ASSERT_TRUE(sql.ok());
  EXPECT_FALSE(sql->Matches(std::vector<std::string>{text.substr(0, 2000), "1"}));
}

TEST(BoundPredicateTest, EvaluationDoesNotAllocate) {
  ASSERT_GT(g_allocations.load(), 0);  // the counter is live
  auto keys = Keys({{"s", "string"}, {"i", "int"}, {"d", "decimal(10,2)"}, {"dt", "date"},
                    {"ts", "timestamp"}, {"f", "double"}, {"b", "boolean"}});
  const std::vector<std::vector<std::string>> rows = {
      {"abc", "5", "10.25", "2024-01-31", "2024-01-31 10:00:00", "0.5", "true"},
      {"xyz", "x", "1e1", "2024-2-1", "bad", "nan", "no"},
      {"__HIVE_DEFAULT_PARTITION__", "-1", "-0.5", "2023-12-31", "2024-01-01", "1", "false"}};
  for (auto [text, dialect] :
       {std::pair{"s LIKE 'a%' AND i BETWEEN 1 AND 9 OR d IN (10.25, 1e1) OR NOT dt > "
                  "'2024-01-01' OR ts >= '2024-01-01 00:00:00' OR f < 1 OR b = true OR "
                  "s IS NULL",
                  Dialect::kGlue},
        std::pair{"s LIKE '.*b.*' and (i) IN (1, 5) or (STRUCT(s, i)) IN (CONST STRUCT('xyz', "
                  "1)) or d <=> 10.25",
                  Dialect::kHive}}) {
    auto p = ParseAndBind(text, dialect, keys);
    ASSERT_TRUE(p.ok()) << p.status();
    for (const auto& row : rows) p->Evaluate(row);  // warms RE2's lazily built automaton
    const int64_t before = g_allocations.load();
    int matched = 0;
    for (int n = 0; n < 1000; ++n) {
      for (const auto& row : rows) matched += p->Matches(row);
    }
    EXPECT_EQ(g_allocations.load() - before, 0) << text;
    EXPECT_GT(matched, 0);
  }
}

TEST(BoundPredicateTest, BindKeepsKeysAndDialect) {
  auto keys = Keys({{"Year", "int"}});
  auto p = ParseAndBind("YEAR = 1", Dialect::kGlue, keys);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->keys()[0].name, "Year");
  EXPECT_EQ(p->dialect(), Dialect::kGlue);
  EXPECT_EQ(p->root().key, 0);
}

}  // namespace
}  // namespace almanac::predicate
