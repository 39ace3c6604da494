#include "catalog/predicate/planner.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace almanac::predicate {
namespace {

using model::KeyValue;
using storage::PartitionFilter;

std::vector<PartitionKey> Keys(std::vector<std::pair<std::string, std::string>> spec) {
  std::vector<PartitionKey> keys;
  for (auto& [name, type] : spec) keys.push_back({name, *model::HiveType::Parse(type)});
  return keys;
}

// SQLite's ordering of the typed copies: NULL < numbers < text (memcmp).
int Rank(const KeyValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return 0;
  if (std::holds_alternative<std::string>(v)) return 2;
  return 1;
}
long double Num(const KeyValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<long double>(*i);
  return std::get<double>(v);
}
int SqlCompare(const KeyValue& a, const KeyValue& b) {
  if (Rank(a) != Rank(b)) return Rank(a) < Rank(b) ? -1 : 1;
  if (Rank(a) == 2) {
    const int c = std::get<std::string>(a).compare(std::get<std::string>(b));
    return c < 0 ? -1 : c > 0;
  }
  const auto x = Num(a), y = Num(b);
  return x < y ? -1 : x > y;
}

// A tiny reference interpreter of PartitionFilter over typed values.
bool Apply(const PartitionFilter& f, const std::vector<KeyValue>& row) {
  switch (f.kind) {
    case PartitionFilter::Kind::kTrue:
      return true;
    case PartitionFilter::Kind::kFalse:
      return false;
    case PartitionFilter::Kind::kAnd:
      for (const auto& c : f.children) {
        if (!Apply(c, row)) return false;
      }
      return true;
    case PartitionFilter::Kind::kOr:
      for (const auto& c : f.children) {
        if (Apply(c, row)) return true;
      }
      return false;
    case PartitionFilter::Kind::kIsNull:
      return std::holds_alternative<std::monostate>(row[f.key_index]);
    case PartitionFilter::Kind::kIsNotNull:
      return !std::holds_alternative<std::monostate>(row[f.key_index]);
    case PartitionFilter::Kind::kIn:
      if (std::holds_alternative<std::monostate>(row[f.key_index])) return false;
      for (const auto& v : f.values) {
        if (SqlCompare(row[f.key_index], v) == 0) return true;
      }
      return false;
    case PartitionFilter::Kind::kCompare: {
      if (std::holds_alternative<std::monostate>(row[f.key_index])) return false;
      const int c = SqlCompare(row[f.key_index], f.value);
      switch (f.op) {
        case PartitionFilter::Op::kEq: return c == 0;
        case PartitionFilter::Op::kNe: return c != 0;
        case PartitionFilter::Op::kLt: return c < 0;
        case PartitionFilter::Op::kLe: return c <= 0;
        case PartitionFilter::Op::kGt: return c > 0;
        case PartitionFilter::Op::kGe: return c >= 0;
      }
    }
  }
  return false;
}

constexpr char kNull[] = "__HIVE_DEFAULT_PARTITION__";

struct KeySpec {
  std::string name, type;
  std::vector<std::string> values;    // partition values
  std::vector<std::string> literals;  // literal texts (already quoted as needed)
};

std::vector<KeySpec> Specs() {
  return {
      {"s", "string", {"a", "ab", "abc", "b", "", "caf\xc3\xa9", "\xff", "a%b", "z", kNull},
       {"'a'", "'ab'", "'b'", "''", "'caf\xc3\xa9'", "'\xff'", "'zz'", "'a%b'"}},
      {"i", "int", {"1", "2", "10", "-3", "007", "x", kNull, "9223372036854775807"},
       {"1", "2", "7", "-3", "0", "'10'", "9223372036854775807"}},
      {"d", "decimal(30,25)",
       {"1.5", "1.50", "1.500000000000000000001", "1.499999999999999999999", "2", "-0", "abc",
        "1e1", kNull},
       {"1.5", "1.500000000000000000001", "1.4999999999999999999999", "2", "0", "10"}},
      {"f", "double", {"0.1", "0.2", "1e-3", "-1", "nan", kNull, "0.30000000000000004"},
       {"0.1", "0.2", "0.001", "-1", "0.3", "0.30000000000000004"}},
      {"dt", "date", {"2024-01-01", "2024-1-2", "2023-12-31", "bad", kNull},
       {"'2024-01-01'", "DATE '2024-01-02'", "'2023-12-31'"}},
      {"ts", "timestamp",
       {"2024-01-01 00:00:00", "2024-01-01 00:00:00.0000001", "2024-01-01 00:00:01", "2024-01-01",
        "x", kNull},
       {"'2024-01-01 00:00:00'", "'2024-01-01 00:00:00.0000009'", "TIMESTAMP '2024-01-01 00:00:01'"}},
      {"b", "boolean", {"true", "FALSE", "yes", kNull}, {"true", "false", "'TRUE'"}},
      {"s7", "varchar(10)", {"x", "y", kNull}, {"'x'", "'y'"}},
      {"late", "int", {"1", "2", kNull}, {"1", "2"}},  // index 8: past kMaxTypedKeys
  };
}

std::string RandomLeaf(std::mt19937& rng, const std::vector<KeySpec>& specs, Dialect d) {
  const KeySpec& k = specs[rng() % specs.size()];
  auto lit = [&] { return k.literals[rng() % k.literals.size()]; };
  static const char* kOps[] = {"=", "<>", "<", "<=", ">", ">="};
  const bool stringy = k.type == "string" || k.type == "varchar(10)";
  switch (rng() % 8) {
    case 0:
      return absl::StrCat("NOT (", k.name, " IS NULL)");
    case 1:
      return absl::StrCat(k.name, rng() % 2 ? " IS NULL" : " IS NOT NULL");
    case 2:
      return absl::StrCat(k.name, rng() % 2 ? " NOT" : "", " BETWEEN ", lit(), " AND ", lit());
    case 3:
      return absl::StrCat(k.name, rng() % 2 ? " NOT" : "", " IN (", lit(), ", ", lit(), ")");
    case 4:
      if (stringy) {
        static const char* kGlue[] = {"'a%'", "'%b'", "'a_'", "'ab'", "'caf%'", "'\xff%'", "'%'",
                                      "'a!%%' ESCAPE '!'"};
        static const char* kHive[] = {"'a.*'", "'.*b'", "'a.'", "'ab'", "'(?i)A.*'", "'caf.*'",
                                      "'[a-c]b.*'", "'caf\xc3\xa9'"};
        return absl::StrCat(k.name, rng() % 2 ? " NOT" : "", " LIKE ",
                            d == Dialect::kGlue ? kGlue[rng() % 8] : kHive[rng() % 8]);
      }
      [[fallthrough]];
    case 5:
      if (d == Dialect::kHive) return absl::StrCat(k.name, " <=> ", lit());
      [[fallthrough]];
    default:
      return absl::StrCat(k.name, " ", kOps[rng() % 6], " ", lit());
  }
}

std::string RandomExpr(std::mt19937& rng, const std::vector<KeySpec>& specs, Dialect d,
                       int depth) {
  const int r = depth >= 3 ? 9 : rng() % 10;
  if (r < 2) return absl::StrCat("NOT (", RandomExpr(rng, specs, d, depth + 1), ")");
  if (r < 6) {
    const char* op = r < 4 ? " AND " : " OR ";
    return absl::StrCat("(", RandomExpr(rng, specs, d, depth + 1), op,
                        RandomExpr(rng, specs, d, depth + 1), ")");
  }
  return RandomLeaf(rng, specs, d);
}

TEST(PlannerTest, FilterIsASupersetOfMatchesOnRandomInputs) {
  const std::vector<KeySpec> specs = Specs();
  std::vector<std::pair<std::string, std::string>> key_spec;
  for (const auto& s : specs) key_spec.emplace_back(s.name, s.type);
  const std::vector<PartitionKey> keys = Keys(key_spec);
  std::vector<model::KeyCategory> cats;
  for (const auto& k : keys) cats.push_back(model::CategoryOf(k.type));

  std::mt19937 rng(2024);
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 300; ++i) {
    std::vector<std::string> row;
    for (const auto& s : specs) row.push_back(s.values[rng() % s.values.size()]);
    rows.push_back(row);
  }
  std::vector<std::vector<KeyValue>> typed;
  for (const auto& row : rows) {
    std::vector<KeyValue> t;
    for (size_t k = 0; k < row.size(); ++k) t.push_back(model::EncodeKeyValue(cats[k], row[k]));
    typed.push_back(t);
  }
  int predicates = 0, pushed = 0, matches = 0, pruned = 0;
  for (int i = 0; i < 4000; ++i) {
    const Dialect d = i % 2 ? Dialect::kHive : Dialect::kGlue;
    const std::string text = RandomExpr(rng, specs, d, 0);
    auto p = ParseAndBind(text, d, keys);
    ASSERT_TRUE(p.ok()) << text << ": " << p.status();
    const Plan plan = PlanPartitionFilter(*p);
    ++predicates;
    if (plan.filter.kind != PartitionFilter::Kind::kTrue) ++pushed;
    for (size_t r = 0; r < rows.size(); ++r) {
      const bool match = p->Matches(rows[r]);
      const bool candidate = Apply(plan.filter, typed[r]);
      if (match) ++matches;
      if (!candidate) ++pruned;
      ASSERT_TRUE(!match || candidate)
          << text << "\nfilter: " << DescribeFilter(plan.filter, keys) << "\nrow " << r;
    }
  }
  // The property is only interesting if the filter often prunes.
  EXPECT_GT(pushed, predicates / 2);
  EXPECT_GT(pruned, matches);
}

TEST(PlannerTest, PushesTypedComparisons) {
  auto keys = Keys({{"year", "int"}, {"dt", "date"}, {"price", "decimal(10,2)"}, {"s", "string"}});
  auto plan = [&](std::string_view e, Dialect d = Dialect::kGlue) {
    auto p = ParseAndBind(e, d, keys);
    EXPECT_TRUE(p.ok()) << p.status();
    return PlanPartitionFilter(*p);
  };
  EXPECT_EQ(DescribeFilter(plan("year = 2024").filter, keys), "year = 2024");
  EXPECT_EQ(DescribeFilter(plan("year > 2020 AND dt <= '1970-01-11'").filter, keys),
            "(year > 2020 AND dt <= 10)");
  EXPECT_EQ(DescribeFilter(plan("price > 1.5").filter, keys), "price >= 1.5");
  EXPECT_EQ(DescribeFilter(plan("price <> 1.5").filter, keys), "true");
  EXPECT_EQ(DescribeFilter(plan("NOT year = 1").filter, keys), "year <> 1");
  EXPECT_EQ(DescribeFilter(plan("NOT (year < 1 OR s IS NULL)").filter, keys),
            "(year >= 1 AND s IS NOT NULL)");
  EXPECT_EQ(DescribeFilter(plan("year NOT BETWEEN 1 AND 5").filter, keys),
            "(year < 1 OR year > 5)");
  EXPECT_EQ(DescribeFilter(plan("year IN (1, 2)").filter, keys), "year IN (1, 2)");
  EXPECT_EQ(DescribeFilter(plan("s LIKE 'ab%'").filter, keys), "(s >= 'ab' AND s < 'ac')");
  EXPECT_EQ(DescribeFilter(plan("s LIKE '%ab'").filter, keys), "true");
  EXPECT_EQ(DescribeFilter(plan("s NOT LIKE 'ab%'").filter, keys), "true");
  EXPECT_EQ(DescribeFilter(plan("s LIKE 'ab.*'", Dialect::kHive).filter, keys),
            "(s >= 'ab' AND s <= 'ab\\xf4\\xbf\\xbf\\xc0')");
  EXPECT_EQ(DescribeFilter(plan("year = 1 OR s LIKE '%x'").filter, keys), "true");
  EXPECT_EQ(DescribeFilter(plan("s = 'a\\0b'").filter, keys), "s = 'a\\\\0b'");
  EXPECT_EQ(DescribeFilter(plan("").filter, keys), "true");
  const Plan p = plan("year = 1 AND s = 'x'");
  EXPECT_EQ(p.constrained_keys, (std::vector<std::string>{"year", "s"}));
  EXPECT_EQ(p.description,
            "storage filter: (year = 1 AND s = 'x'); candidates re-checked against the full "
            "predicate");
  EXPECT_EQ(plan("").description,
            "no storage filter; every partition checked against the predicate");
}

TEST(PlannerTest, DoesNotPushKeysWithoutTypedCopies) {
  std::vector<std::pair<std::string, std::string>> spec;
  for (int i = 0; i < 10; ++i) spec.emplace_back(absl::StrCat("k", i), "int");
  auto keys = Keys(spec);
  auto p = ParseAndBind("k9 = 1 AND k0 = 2", Dialect::kGlue, keys);
  EXPECT_EQ(DescribeFilter(PlanPartitionFilter(*p).filter, keys), "k0 = 2");
  auto q = ParseAndBind("k9 = 1 OR k0 = 2", Dialect::kGlue, keys);
  EXPECT_EQ(PlanPartitionFilter(*q).filter.kind, PartitionFilter::Kind::kTrue);
}

TEST(PlannerTest, ChoosesPartitionIndex) {
  auto keys = Keys({{"year", "int"}, {"month", "int"}, {"day", "int"}, {"s", "string"}});
  std::vector<model::PartitionIndex> indexes = {
      {"by_month", {"month"}, "ACTIVE"},
      {"by_ymd", {"year", "month", "day"}, "ACTIVE"},
      {"by_ym", {"year", "month"}, "ACTIVE"},
      {"by_s", {"s"}, "CREATING"},
  };
  auto choose = [&](std::string_view e) {
    auto p = ParseAndBind(e, Dialect::kGlue, keys);
    EXPECT_TRUE(p.ok());
    return ChoosePartitionIndex(*p, indexes);
  };
  IndexChoice c = choose("year = 2024 AND month > 3");
  EXPECT_EQ(c.index, 1);
  EXPECT_EQ(c.usable_keys, 2);
  c = choose("Year = 2024 AND MONTH BETWEEN 1 AND 3 AND day = 1");
  EXPECT_EQ(c.index, 1);
  EXPECT_EQ(c.usable_keys, 3);
  c = choose("month = 1");
  EXPECT_EQ(c.index, 0);
  c = choose("year = 2024 OR month = 1");  // not AND-ed
  EXPECT_EQ(c.index, -1);
  c = choose("year <> 2024");  // <> does not use an index
  EXPECT_EQ(c.index, -1);
  c = choose("s = 'x'");  // the index on s is not active
  EXPECT_EQ(c.index, -1);
  c = choose("NOT year = 1 AND day = 2");
  EXPECT_EQ(c.index, -1);
}

// Storage seeks an index once per IN value and over a LIKE prefix's range,
// so both bound a key (Glue itself only uses its indexes for = < <= > >=
// BETWEEN; the results are the same either way).
TEST(PlannerTest, InAndPrefixLikeUsePartitionIndex) {
  auto keys = Keys({{"year", "int"}, {"month", "int"}, {"s", "string"}, {"t", "string"}});
  std::vector<model::PartitionIndex> indexes = {
      {"by_ym", {"year", "month"}, "ACTIVE"},
      {"by_st", {"s", "t"}, "ACTIVE"},
  };
  auto choose = [&](std::string_view e, Dialect dialect = Dialect::kGlue) {
    auto p = ParseAndBind(e, dialect, keys);
    EXPECT_TRUE(p.ok()) << p.status();
    return ChoosePartitionIndex(*p, indexes);
  };
  IndexChoice c = choose("year IN (1, 2)");
  EXPECT_EQ(c.index, 0);
  EXPECT_EQ(c.usable_keys, 1);
  c = choose("year IN (2023, 2024) AND month IN (1, 2, 3)");
  EXPECT_EQ(c.index, 0);
  EXPECT_EQ(c.usable_keys, 2);
  c = choose("year NOT IN (1, 2)");
  EXPECT_EQ(c.index, -1);
  c = choose("s LIKE 'ab%'");
  EXPECT_EQ(c.index, 1);
  EXPECT_EQ(c.usable_keys, 1);
  c = choose("s = 'a' AND t LIKE 'x_y%'");
  EXPECT_EQ(c.index, 1);
  EXPECT_EQ(c.usable_keys, 2);
  c = choose("s LIKE 'ab.*'", Dialect::kHive);
  EXPECT_EQ(c.index, 1);
  c = choose("s LIKE '%ab'");  // no literal prefix: no range to seek
  EXPECT_EQ(c.index, -1);
  c = choose("NOT s LIKE 'ab%'");
  EXPECT_EQ(c.index, -1);
}

}  // namespace
}  // namespace almanac::predicate
