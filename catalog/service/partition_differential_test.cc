// Differential property test of filtered partition listings: for thousands of
// random predicates in both dialects, CatalogService::ListPartitions (the
// pushed-down storage filter, the chosen index, the re-check, paging in name
// or index order, segments) and ListPartitionNames under a tiny row budget
// must return exactly the partitions that the in-memory evaluator
// (predicate::ParseAndBind + Matches over every partition) selects, and
// CountPartitions their number; predicates that do not parse or bind must
// fail the same way on both paths. Runs on a real SQLite file.
//
// The seed comes from ALMANAC_DIFF_SEED when set, otherwise from
// std::random_device; it is printed with every failure so a run can be
// replayed exactly.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "catalog/model/hive_type.h"
#include "catalog/model/key_value.h"
#include "catalog/model/names.h"
#include "catalog/predicate/ast.h"
#include "catalog/predicate/bound_predicate.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using predicate::CompareOp;
using predicate::Dialect;
using predicate::Expr;
using predicate::Literal;
using Values = std::vector<std::string>;

constexpr char kNull[] = "__HIVE_DEFAULT_PARTITION__";

// Per-category pools of partition values: readable values with equal
// prefixes, signs, extremes and spellings that compare equal ("007", "1.50"),
// plus values that do not read as the key's type.
const std::vector<std::string>& Pool(model::KeyCategory category) {
  static const std::vector<std::string> kString = {
      "a", "ab", "abc", "abd", "abcd", "b", "ba", "B", "a%b", "a_b", "a.b",
      "x y", "2024", "-5", "10", "9", "\xc3\xa9", "zz", "a'b", "a\\b"};
  static const std::vector<std::string> kIntegral = {
      "0", "1", "-1", "2", "10", "-10", "100", "007", "32767", "-32768", "40000",
      "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808",
      "123456789012", "abc", "1.5", "+3"};
  static const std::vector<std::string> kDecimal = {
      "0", "0.00", "1.5", "1.50", "-1.5", "-0.01", "0.01", "12345678.99",
      "-12345678.99", "100", "99.99", "abc", "3.14159", "-0"};
  static const std::vector<std::string> kDate = {
      "2023-12-31", "2024-01-01", "2024-02-29", "1999-06-15", "2000-01-01",
      "2024-12-31", "2025-01-01", "1969-12-31", "2024-1-5", "2024-13-01", "abc"};
  static const std::vector<std::string> kTimestamp = {
      "2024-01-01 00:00:00", "2024-01-01 00:00:00.5", "2023-12-31 23:59:59.999999",
      "2024-01-01 00:00:00.0000001", "2024-06-15 12:30:00", "1970-01-01 00:00:00",
      "1969-12-31 23:59:59", "2024-01-01", "abc"};
  static const std::vector<std::string> kBoolean = {"true", "false", "TRUE", "False",
                                                    "1", "abc"};
  switch (category) {
    case model::KeyCategory::kIntegral:
      return kIntegral;
    case model::KeyCategory::kDecimal:
    case model::KeyCategory::kFloating:
      return kDecimal;
    case model::KeyCategory::kDate:
      return kDate;
    case model::KeyCategory::kTimestamp:
      return kTimestamp;
    case model::KeyCategory::kBoolean:
      return kBoolean;
    default:
      return kString;
  }
}

struct KeySpec {
  std::string name;
  std::string type;
  model::KeyCategory category;
};

struct TableSpec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> keys;  // name, type
  // Index configurations to run the predicates under, in order.
  std::vector<std::vector<std::vector<std::string>>> index_configs;
};

class PredicateGenerator {
 public:
  PredicateGenerator(std::mt19937_64* rng, const std::vector<KeySpec>* keys, Dialect dialect)
      : rng_(*rng), keys_(*keys), dialect_(dialect) {}

  Expr Make(int depth) {
    const int roll = Uniform(0, 99);
    if (depth < 3 && roll < 30) {
      Expr e;
      e.kind = Uniform(0, 1) == 0 ? Expr::Kind::kAnd : Expr::Kind::kOr;
      const int n = Uniform(2, 3);
      for (int i = 0; i < n; ++i) e.children.push_back(Make(depth + 1));
      return e;
    }
    if (depth < 3 && roll < 38) {
      Expr e;
      e.kind = Expr::Kind::kNot;
      e.children.push_back(Make(depth + 1));
      return e;
    }
    return Leaf();
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Uniform(0, 99) < percent; }

  // A key name as a client might spell it: usually right, sometimes in
  // another case, rarely unknown (a bind error on both paths).
  std::string KeyName(const KeySpec& key) {
    if (Chance(1)) return "nokey";
    if (Chance(10)) {
      std::string upper = key.name;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return upper;
    }
    return key.name;
  }

  std::string RandomText(const KeySpec& key) {
    switch (key.category) {
      case model::KeyCategory::kIntegral:
        return std::to_string(Uniform(-20, 120));
      case model::KeyCategory::kDecimal:
        return absl::StrCat(Uniform(-3, 3), ".", Uniform(0, 9), Uniform(0, 9));
      case model::KeyCategory::kDate:
        return absl::StrFormat("%04d-%02d-%02d", Uniform(1998, 2026), Uniform(1, 12),
                               Uniform(1, 28));
      case model::KeyCategory::kTimestamp:
        return absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d", Uniform(2023, 2024),
                               Uniform(1, 12), Uniform(1, 28), Uniform(0, 23), Uniform(0, 59),
                               Uniform(0, 59));
      case model::KeyCategory::kBoolean:
        return Chance(50) ? "true" : "false";
      default: {
        static const char* kPieces[] = {"a", "b", "c", "d", "z", "1", "%", "_"};
        std::string s;
        const int n = Uniform(1, 3);
        for (int i = 0; i < n; ++i) s += kPieces[Uniform(0, 7)];
        return s;
      }
    }
  }

  // Mostly values from the key's pool (so equality hits), sometimes fresh
  // ones; the literal kind usually fits the key, sometimes not.
  Literal MakeLiteral(const KeySpec& key) {
    const std::vector<std::string>& pool = Pool(key.category);
    std::string text = Chance(60) ? pool[Uniform(0, static_cast<int>(pool.size()) - 1)]
                                  : RandomText(key);
    Literal lit;
    lit.text = text;
    switch (key.category) {
      case model::KeyCategory::kString:
        lit.kind = Chance(92) ? Literal::Kind::kString : Literal::Kind::kNumber;
        if (lit.kind == Literal::Kind::kNumber) lit.text = std::to_string(Uniform(-10, 2030));
        break;
      case model::KeyCategory::kIntegral:
      case model::KeyCategory::kDecimal:
        lit.kind = Chance(85) ? Literal::Kind::kNumber : Literal::Kind::kString;
        break;
      case model::KeyCategory::kDate:
        lit.kind = Chance(70) ? Literal::Kind::kDate : Literal::Kind::kString;
        break;
      case model::KeyCategory::kTimestamp:
        lit.kind = Chance(70) ? Literal::Kind::kTimestamp : Literal::Kind::kString;
        break;
      case model::KeyCategory::kBoolean:
        if (Chance(80)) {
          lit.kind = Literal::Kind::kBoolean;
          lit.text = Chance(50) ? "true" : "false";
        } else {
          lit.kind = Literal::Kind::kString;
        }
        break;
      default:
        lit.kind = Literal::Kind::kString;
    }
    // A number literal must lex as one: pool texts such as "abc" or "+3" go
    // in quotes instead (a bind error or a string comparison).
    if (lit.kind == Literal::Kind::kNumber &&
        (lit.text.empty() || lit.text.find_first_not_of("-0123456789.") != std::string::npos)) {
      lit.kind = Literal::Kind::kString;
    }
    return lit;
  }

  std::string LikePattern(const KeySpec& key) {
    std::string prefix = Pool(key.category)[Uniform(0, static_cast<int>(Pool(key.category).size()) - 1)];
    prefix = prefix.substr(0, Uniform(0, static_cast<int>(prefix.size())));
    if (dialect_ == Dialect::kHive) {
      // Regular expressions (anchored full match), incl. Spark's ".*x.*".
      static const char* kTails[] = {".*", "", ".", "[a-c].*", "b?.*", "\\..*", ".*d", "|b.*",
                                     "("};  // "(": invalid, a bind error on both paths
      std::string tail = kTails[Uniform(0, 8)];
      if (tail == "(" && !Chance(20)) tail = ".*";
      if (Chance(15)) return absl::StrCat(".*", prefix, ".*");
      // Regex metacharacters in pool values ('.', '%' is plain) are fine.
      return absl::StrCat(prefix, tail);
    }
    static const char* kTails[] = {"%", "", "_", "_%", "%d", "\\%%", "\\_", "%b%"};
    if (Chance(10)) return absl::StrCat("%", prefix, "%");
    return absl::StrCat(prefix, kTails[Uniform(0, 7)]);
  }

  Expr Leaf() {
    const KeySpec& key = keys_[Uniform(0, static_cast<int>(keys_.size()) - 1)];
    Expr e;
    e.keys = {KeyName(key)};
    const int roll = Uniform(0, 99);
    const bool stringy = key.category == model::KeyCategory::kString;
    if (roll < 40) {
      e.kind = Expr::Kind::kCompare;
      static const CompareOp kOps[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt,
                                       CompareOp::kLe, CompareOp::kGt, CompareOp::kGe,
                                       CompareOp::kNullSafeEq};
      e.op = kOps[Uniform(0, Chance(90) ? 5 : 6)];
      e.literals = {MakeLiteral(key)};
    } else if (roll < 55) {
      e.kind = Expr::Kind::kIn;
      e.negated = Chance(25);
      const int n = Uniform(1, 5);
      for (int i = 0; i < n; ++i) e.literals.push_back(MakeLiteral(key));
    } else if (roll < 70) {
      e.kind = Expr::Kind::kBetween;
      e.negated = Chance(25);
      e.literals = {MakeLiteral(key), MakeLiteral(key)};
    } else if (roll < 85 && (stringy || Chance(5))) {  // LIKE on a typed key: bind error
      e.kind = Expr::Kind::kLike;
      e.negated = Chance(20);
      Literal lit;
      lit.kind = Literal::Kind::kString;
      lit.text = LikePattern(key);
      e.literals = {lit};
    } else if (roll < 85) {
      e.kind = Expr::Kind::kCompare;
      e.op = CompareOp::kEq;
      e.literals = {MakeLiteral(key)};
    } else {
      e.kind = Expr::Kind::kIsNull;
      e.negated = Chance(50);
    }
    return e;
  }

  std::mt19937_64& rng_;
  const std::vector<KeySpec>& keys_;
  Dialect dialect_;
};

uint64_t Seed() {
  if (const char* env = std::getenv("ALMANAC_DIFF_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 10);
  }
  std::random_device rd;
  return (static_cast<uint64_t>(rd()) << 32) | rd();
}

class PartitionDifferentialTest : public ServiceTest {
 protected:
  // The built-in index on the leading keys is one more plan: every
  // predicate runs with it off (name order, no index at all) and on.
  CatalogOptions Options() override {
    CatalogOptions options = ServiceTest::Options();
    options.leading_key_index = built_in_;
    return options;
  }

  void UseBuiltIn(bool on) {
    built_in_ = on;
    service_ = std::make_unique<CatalogService>(store_.get(), Options());
  }

  // Key columns are one more plan: the same file reopened by a store that
  // holds every table's partition names and typed keys in memory, so that a
  // filter no index bounds is evaluated there from the second scan on.
  void HoldKeyColumns(bool on) {
    service_.reset();
    store_.reset();
    const std::string path = (dir_ / "catalog.db").string();
    auto store = on ? testing::OpenTestStoreHoldingKeyColumns(path) : testing::OpenTestStore(path);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    service_ = std::make_unique<CatalogService>(store_.get(), Options());
  }

  // Hive's partial specifications (get_partition_names_ps, get_partitions_ps)
  // against the same rule applied in memory: "" matches any value, any other
  // value the partition's value spelled exactly so.
  bool CheckPartial(const std::string& table, const Values& partial, const std::string& context) {
    std::set<Values> expected;
    for (const Values& values : partitions_) {
      bool match = partial.size() <= values.size();
      for (size_t i = 0; match && i < partial.size(); ++i) {
        match = partial[i].empty() || partial[i] == values[i];
      }
      if (match) expected.insert(values);
    }
    std::vector<model::Column> columns;
    for (const KeySpec& key : keys_) columns.push_back({key.name, key.type, ""});
    absl::StatusOr<std::vector<std::string>> names =
        service_->partitions().ListAllPartitionNames(ctx_, "db", table, partial, -1);
    if (!names.ok()) {
      ADD_FAILURE() << context << "\nnames: " << names.status();
      return false;
    }
    std::set<Values> named;
    for (const std::string& name : *names) {
      absl::StatusOr<Values> values = model::PartitionValuesFromName(columns, name);
      if (!values.ok()) {
        ADD_FAILURE() << context << "\n" << values.status();
        return false;
      }
      named.insert(*std::move(values));
    }
    std::set<Values> scanned;
    absl::Status status = service_->partitions().ScanPartitions(
        ctx_, "db", table, PartitionScanRequest{.partial_values = partial},
        [&](model::Partition&& p) {
          scanned.insert(p.values);
          return true;
        });
    bool ok = true;
    if (!status.ok()) {
      ADD_FAILURE() << context << "\nscan: " << status;
      ok = false;
    }
    if (named != expected || names->size() != expected.size()) {
      ADD_FAILURE() << context << "\nnames: " << names->size() << " expected " << expected.size()
                    << Diff(expected, named);
      ok = false;
    }
    if (status.ok() && scanned != expected) {
      ADD_FAILURE() << context << "\nscan: " << scanned.size() << " expected " << expected.size()
                    << Diff(expected, scanned);
      ok = false;
    }
    partial_hits_ += expected.size();
    return ok;
  }

  // A partial specification: one to all keys, each "" (any), a value of a
  // partition (so that it matches), or a value from the key's pool
  // (other spellings of equal typed values, the default partition).
  Values MakePartial(std::mt19937_64& rng) {
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const Values& some = partitions_[uniform(0, static_cast<int>(partitions_.size()) - 1)];
    Values partial;
    const int n = uniform(1, static_cast<int>(keys_.size()));
    for (int i = 0; i < n; ++i) {
      const int roll = uniform(0, 99);
      if (roll < 25 && i > 0) {
        partial.emplace_back();
      } else if (roll < 75) {
        partial.push_back(some[i]);
      } else if (roll < 85) {
        partial.emplace_back(kNull);
      } else {
        const std::vector<std::string>& pool = Pool(keys_[i].category);
        partial.push_back(pool[uniform(0, static_cast<int>(pool.size()) - 1)]);
      }
    }
    if (uniform(0, 9) == 0) partial[0].clear();  // a first value that is "": may scan
    return partial;
  }

  bool built_in_ = true;
  size_t partial_hits_ = 0;
  int64_t pages_from_memory_ = 0;  // names pages answered from key columns

  // Creates the table with `count` distinct random partitions; fills keys_
  // and partitions_.
  void BuildTable(const TableSpec& spec, int count, std::mt19937_64& rng) {
    std::vector<model::Column> columns;
    keys_.clear();
    engine_keys_.clear();
    for (const auto& [name, type] : spec.keys) {
      columns.push_back({name, type, ""});
      absl::StatusOr<model::HiveType> parsed = model::HiveType::Parse(type);
      ASSERT_TRUE(parsed.ok()) << parsed.status();
      keys_.push_back({name, type, model::CategoryOf(*parsed)});
      engine_keys_.push_back({.name = name, .type = *parsed});
    }
    CreateTable(MakeTable("db", spec.name, columns));
    std::set<Values> seen;
    std::vector<model::Partition> parts;
    for (int attempt = 0; static_cast<int>(parts.size()) < count && attempt < count * 20;
         ++attempt) {
      Values values;
      for (const KeySpec& key : keys_) {
        const std::vector<std::string>& pool = Pool(key.category);
        const int roll = std::uniform_int_distribution<int>(0, 99)(rng);
        values.push_back(roll < 8 ? kNull
                                  : pool[std::uniform_int_distribution<size_t>(
                                        0, pool.size() - 1)(rng)]);
      }
      if (seen.insert(values).second) parts.push_back(MakePartition(values));
    }
    partitions_.assign(seen.begin(), seen.end());
    absl::StatusOr<std::vector<model::Partition>> added =
        service_->partitions().AddPartitions(ctx_, "db", spec.name, std::move(parts), false);
    ASSERT_TRUE(added.ok()) << added.status();
  }

  void UseIndexes(const std::string& table, const std::vector<std::vector<std::string>>& config) {
    absl::StatusOr<std::vector<model::PartitionIndex>> existing =
        service_->partition_indexes().ListPartitionIndexes(ctx_, "db", table);
    ASSERT_TRUE(existing.ok()) << existing.status();
    for (const model::PartitionIndex& index : *existing) {
      ASSERT_TRUE(service_->partition_indexes().DropPartitionIndex(ctx_, "db", table, index.name).ok());
    }
    int n = 0;
    for (const std::vector<std::string>& keys : config) {
      absl::Status s = service_->partition_indexes().CreatePartitionIndex(
          ctx_, "db", table,
          model::PartitionIndex{.name = absl::StrCat("idx", n++), .keys = keys});
      ASSERT_TRUE(s.ok()) << s;
    }
  }

  // Every page of one listing; the status of the first failing call.
  absl::StatusOr<std::vector<Values>> ListAll(const std::string& table,
                                              PartitionListRequest request) {
    std::vector<Values> out;
    int pages = 0;
    do {
      absl::StatusOr<PartitionListResult> page =
          service_->partitions().ListPartitions(ctx_, "db", table, request);
      if (!page.ok()) return page.status();
      for (model::Partition& p : page->partitions) out.push_back(std::move(p.values));
      request.page_token = page->next_page_token;
      if (++pages > 100000) return absl::InternalError("listing does not end");
    } while (!request.page_token.empty());
    return out;
  }

  // Every page of one names listing through `service` (values parsed back
  // from the names); the status of the first failing call. Checks that no
  // page read more rows than the service's budget.
  absl::StatusOr<std::vector<Values>> ListAllNames(CatalogService& service,
                                                   const std::string& table,
                                                   PartitionListRequest request,
                                                   int64_t budget) {
    std::vector<Values> out;
    std::vector<model::Column> columns;
    for (const KeySpec& key : keys_) columns.push_back({key.name, key.type, ""});
    request.explain = true;
    int pages = 0;
    do {
      absl::StatusOr<PartitionNamePage> page =
          service.partitions().ListPartitionNames(ctx_, "db", table, request);
      if (!page.ok()) return page.status();
      if (!page->explain.has_value() || page->explain->rows_examined > budget) {
        return absl::InternalError(absl::StrCat(
            "a page read ", page->explain.has_value() ? page->explain->rows_examined : -1,
            " rows, over the budget of ", budget));
      }
      if (absl::StrContains(page->explain->plan, "held in memory")) ++pages_from_memory_;
      for (const std::string& name : page->items) {
        absl::StatusOr<Values> values = model::PartitionValuesFromName(columns, name);
        if (!values.ok()) return values.status();
        out.push_back(*std::move(values));
      }
      request.page_token = page->next_page_token;
      if (++pages > 100000) return absl::InternalError("listing does not end");
    } while (!request.page_token.empty());
    return out;
  }

  // Checks one predicate on both paths; returns false on a mismatch (already
  // reported with `context`).
  bool CheckOne(const std::string& table, const std::string& text, Dialect dialect,
                int page_size, int segments, const std::string& context) {
    const FilterDialect service_dialect =
        dialect == Dialect::kHive ? FilterDialect::kHive : FilterDialect::kGlue;
    absl::StatusOr<predicate::BoundPredicate> bound =
        predicate::ParseAndBind(text, dialect, engine_keys_);
    PartitionListRequest request{.filter = text, .dialect = service_dialect,
                                 .page_size = page_size};
    absl::StatusOr<std::vector<Values>> listed = ListAll(table, request);
    absl::StatusOr<int64_t> counted =
        service_->partitions().CountPartitions(ctx_, "db", table, text, service_dialect);
    if (!bound.ok()) {
      bool same = !listed.ok() && listed.status().code() == bound.status().code() &&
                  absl::StrContains(listed.status().message(), bound.status().message()) &&
                  !counted.ok() && counted.status().code() == bound.status().code();
      EXPECT_TRUE(same) << context << "\nengine: " << bound.status() << "\nlist: "
                        << (listed.ok() ? "ok" : listed.status().ToString())
                        << "\ncount: " << (counted.ok() ? "ok" : counted.status().ToString());
      ++errors_;
      return same;
    }
    std::set<Values> expected;
    for (const Values& values : partitions_) {
      if (bound->Matches(values)) expected.insert(values);
    }
    if (!listed.ok() || !counted.ok()) {
      ADD_FAILURE() << context << "\nengine binds it, but list: "
                    << (listed.ok() ? "ok" : listed.status().ToString())
                    << " count: " << (counted.ok() ? "ok" : counted.status().ToString());
      return false;
    }
    hits_ += expected.size();
    std::set<Values> got(listed->begin(), listed->end());
    bool ok = true;
    if (got.size() != listed->size()) {
      ADD_FAILURE() << context << "\nlisting returned duplicates";
      ok = false;
    }
    if (got != expected) {
      ADD_FAILURE() << context << "\nexpected " << expected.size() << " got " << got.size()
                    << Diff(expected, got);
      ok = false;
    }
    if (*counted != static_cast<int64_t>(expected.size())) {
      ADD_FAILURE() << context << "\ncount " << *counted << " expected " << expected.size();
      ok = false;
    }
    {
      // The names form with a tiny row budget: pages come back short or empty
      // (with a token) and must still add up to the same set, in index order
      // when an index answers.
      constexpr int64_t kBudget = 5;
      CatalogOptions options = Options();
      options.max_rows_examined_per_page = kBudget;
      CatalogService tight(store_.get(), options);
      absl::StatusOr<std::vector<Values>> names =
          ListAllNames(tight, table, request, kBudget);
      if (!names.ok()) {
        ADD_FAILURE() << context << "\nnames with a budget of " << kBudget << ": "
                      << names.status();
        ok = false;
      } else {
        std::set<Values> named(names->begin(), names->end());
        if (named.size() != names->size() || named != expected) {
          ADD_FAILURE() << context << "\nnames with a budget of " << kBudget << ": "
                        << names->size() << " rows, " << named.size() << " distinct, expected "
                        << expected.size() << Diff(expected, named);
          ok = false;
        }
      }
    }
    if (segments > 1) {
      std::set<Values> all;
      size_t total = 0;
      for (int s = 0; s < segments; ++s) {
        request.segment_number = s;
        request.total_segments = segments;
        request.page_token.clear();
        absl::StatusOr<std::vector<Values>> part = ListAll(table, request);
        if (!part.ok()) {
          ADD_FAILURE() << context << "\nsegment " << s << "/" << segments << ": "
                        << part.status();
          return false;
        }
        total += part->size();
        all.insert(part->begin(), part->end());
      }
      if (total != all.size() || all != expected) {
        ADD_FAILURE() << context << "\n" << segments << " segments: " << total
                      << " rows, " << all.size() << " distinct, expected " << expected.size()
                      << Diff(expected, all);
        ok = false;
      }
    }
    return ok;
  }

  static std::string Diff(const std::set<Values>& expected, const std::set<Values>& got) {
    std::string out;
    int shown = 0;
    for (const Values& v : expected) {
      if (!got.count(v) && shown++ < 5) absl::StrAppend(&out, "\n  missing ", absl::StrJoin(v, "/"));
    }
    for (const Values& v : got) {
      if (!expected.count(v) && shown++ < 10) absl::StrAppend(&out, "\n  extra   ", absl::StrJoin(v, "/"));
    }
    return out;
  }

  void Run(const TableSpec& spec, int partitions, int predicates_per_dialect) {
    const uint64_t seed = Seed();
    SCOPED_TRACE(absl::StrCat("seed ", seed, " (replay: ALMANAC_DIFF_SEED=", seed, ")"));
    std::mt19937_64 rng(seed);
    CreateDatabase("db");
    BuildTable(spec, partitions, rng);
    if (HasFatalFailure()) return;
    struct Case {
      std::string text;
      Dialect dialect;
      int page_size;
      int segments;
    };
    std::vector<Case> cases;
    for (Dialect dialect : {Dialect::kGlue, Dialect::kHive}) {
      PredicateGenerator gen(&rng, &keys_, dialect);
      for (int i = 0; i < predicates_per_dialect; ++i) {
        static const int kPageSizes[] = {1, 3, 7, 50, 1000};
        const int page_size = kPageSizes[std::uniform_int_distribution<int>(
            i % 10 == 0 ? 0 : 1, 4)(rng)];
        const int segments = i % 6 == 0 ? std::uniform_int_distribution<int>(2, 4)(rng) : 1;
        cases.push_back({predicate::ToString(gen.Make(0), dialect), dialect, page_size,
                         segments});
      }
    }
    std::vector<Values> partials;
    for (int i = 0; i < predicates_per_dialect / 4; ++i) partials.push_back(MakePartial(rng));
    // First with nothing but name order, then each configuration of user
    // indexes beside the built-in index on the leading keys.
    // Then name order again with key columns in memory, alone and beside
    // the built-in index.
    struct Config {
      std::vector<std::vector<std::string>> indexes;
      bool built_in;
      bool key_columns = false;
    };
    std::vector<Config> configs = {{{}, false}};
    for (const auto& indexes : spec.index_configs) configs.push_back({indexes, true});
    configs.push_back({{}, false, true});
    configs.push_back({{}, true, true});
    int failures = 0;
    for (size_t c = 0; c < configs.size(); ++c) {
      if (configs[c].key_columns != (c > 0 && configs[c - 1].key_columns)) {
        HoldKeyColumns(configs[c].key_columns);
        if (HasFatalFailure()) return;
      }
      UseBuiltIn(configs[c].built_in);
      UseIndexes(spec.name, configs[c].indexes);
      if (HasFatalFailure()) return;
      std::string config = configs[c].built_in ? "built-in" : "name order only";
      if (configs[c].key_columns) config += ", key columns in memory";
      const int64_t memory_pages_before = pages_from_memory_;
      for (const auto& index : configs[c].indexes) {
        absl::StrAppend(&config, " (", absl::StrJoin(index, ","), ")");
      }
      if (configs[c].indexes.empty()) {
        for (const Values& partial : partials) {
          const std::string context =
              absl::StrCat("seed ", seed, " table ", spec.name, " indexes [", config,
                           "]\npartial specification: [", absl::StrJoin(partial, "|"), "]");
          if (!CheckPartial(spec.name, partial, context) && ++failures >= 10) {
            ADD_FAILURE() << "stopping after 10 mismatches; seed " << seed;
            return;
          }
        }
      }
      for (const Case& k : cases) {
        const std::string context = absl::StrCat(
            "seed ", seed, " table ", spec.name, " indexes [", config, "] dialect ",
            k.dialect == Dialect::kHive ? "hive" : "glue", " page size ", k.page_size,
            " segments ", k.segments, "\npredicate: ", k.text);
        if (!CheckOne(spec.name, k.text, k.dialect, k.page_size, k.segments, context) &&
            ++failures >= 10) {
          ADD_FAILURE() << "stopping after 10 mismatches; seed " << seed;
          return;
        }
      }
      // Held key columns answer the scans no index bounds; without them,
      // none is answered from memory (the tables are under the default
      // minimum size).
      if (configs[c].key_columns) {
        EXPECT_GT(pages_from_memory_ - memory_pages_before, 0) << config;
      } else {
        EXPECT_EQ(pages_from_memory_ - memory_pages_before, 0) << config;
      }
    }
    // The generator must exercise both outcomes, or the test proves little.
    const int64_t checked = static_cast<int64_t>(cases.size() * configs.size());
    std::printf("seed %llu: %lld checks, %lld bind failures, %zu matches in total\n",
                static_cast<unsigned long long>(seed), static_cast<long long>(checked),
                static_cast<long long>(errors_), hits_);
    EXPECT_GT(errors_, 0) << "no predicate failed to bind";
    EXPECT_LT(errors_, checked / 2) << "most predicates failed to bind";
    EXPECT_GT(hits_, 0u);
    EXPECT_GT(partial_hits_, 0u);
  }

  std::vector<KeySpec> keys_;
  std::vector<predicate::PartitionKey> engine_keys_;
  std::vector<Values> partitions_;
  int64_t errors_ = 0;
  size_t hits_ = 0;
};

int PredicatesPerDialect() {
  if (const char* env = std::getenv("ALMANAC_DIFF_PREDICATES"); env != nullptr && *env != '\0') {
    return std::atoi(env);
  }
  return 400;
}

TEST_F(PartitionDifferentialTest, StringIntDateDecimalBoolean) {
  Run(TableSpec{.name = "t1",
                .keys = {{"s", "string"},
                         {"i", "int"},
                         {"d", "date"},
                         {"dec", "decimal(10,2)"},
                         {"bo", "boolean"}},
                .index_configs = {{},
                                  {{"i"}},
                                  {{"s", "d"}, {"dec"}},
                                  {{"d", "i", "s"}, {"s"}, {"dec", "i"}}}},
      400, PredicatesPerDialect());
}

TEST_F(PartitionDifferentialTest, BigintSmallintTimestampStringDate) {
  Run(TableSpec{.name = "t2",
                .keys = {{"b", "bigint"},
                         {"sm", "smallint"},
                         {"ts", "timestamp"},
                         {"s2", "string"},
                         {"d2", "date"}},
                .index_configs = {{},
                                  {{"sm"}},
                                  {{"s2", "b"}, {"d2"}},
                                  {{"b", "sm", "d2"}, {"s2"}, {"d2", "s2"}}}},
      400, PredicatesPerDialect());
}

// Ten keys: the 9th and 10th have no typed copies, so predicates and partial
// specifications on them are checked in memory only.
TEST_F(PartitionDifferentialTest, TenKeysBeyondTheTypedCopies) {
  Run(TableSpec{.name = "t3",
                .keys = {{"d", "date"},
                         {"i", "int"},
                         {"s", "string"},
                         {"b", "bigint"},
                         {"bo", "boolean"},
                         {"dec", "decimal(6,2)"},
                         {"s2", "string"},
                         {"sm", "smallint"},
                         {"s9", "string"},
                         {"i10", "int"}},
                .index_configs = {{}, {{"i", "d"}}}},
      400, PredicatesPerDialect() / 2);
}

}  // namespace
}  // namespace almanac::service
