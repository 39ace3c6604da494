// libFuzzer target for the predicate engine: parses the input in both
// dialects, checks that printing round-trips, binds against a fixed key set,
// evaluates against a few partitions and plans a storage filter. Any crash,
// sanitizer report or broken round-trip is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/predicate/bound_predicate.h"
#include "catalog/predicate/parser.h"
#include "catalog/predicate/planner.h"

namespace {

using almanac::predicate::Dialect;

const std::vector<almanac::predicate::PartitionKey>& Keys() {
  static const auto* keys = [] {
    auto* k = new std::vector<almanac::predicate::PartitionKey>;
    const std::pair<const char*, const char*> spec[] = {
        {"s", "string"},   {"i", "int"},       {"d", "decimal(10,2)"}, {"f", "double"},
        {"dt", "date"},    {"ts", "timestamp"}, {"b", "boolean"},      {"v", "varchar(5)"},
        {"x", "bigint"},   {"late", "string"}};
    for (const auto& [name, type] : spec) {
      k->push_back({name, *almanac::model::HiveType::Parse(type)});
    }
    return k;
  }();
  return *keys;
}

const std::vector<std::vector<std::string>>& Rows() {
  static const auto* rows = new std::vector<std::vector<std::string>>{
      {"abc", "1", "1.50", "0.5", "2024-01-31", "2024-01-31 10:00:00", "true", "x", "7", "z"},
      {"", "-3", "abc", "nan", "bad", "2024-01-31", "FALSE", "", "x", ""},
      {"__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__",
       "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__",
       "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__",
       "__HIVE_DEFAULT_PARTITION__"},
      {"caf\xc3\xa9", "9223372036854775807", "1e1", "-0", "2024-2-9", "x", "yes", "\xff", "-1",
       "a"},
  };
  return *rows;
}

void Run(std::string_view text, Dialect dialect) {
  auto expr = almanac::predicate::Parse(text, dialect);
  if (!expr.ok()) return;
  const std::string printed = almanac::predicate::ToString(*expr, dialect);
  auto again = almanac::predicate::Parse(printed, dialect);
  // Printing must produce text the same dialect reads back to an equal tree
  // (the printed form may exceed Glue's length limit; that is not a bug).
  if (!again.ok()) {
    if (dialect == Dialect::kGlue && printed.size() > almanac::predicate::kMaxGlueExpressionBytes) {
      return;
    }
    std::abort();
  }
  if (!almanac::predicate::Equals(*expr, *again)) std::abort();
  auto bound = almanac::predicate::BoundPredicate::Bind(*expr, dialect, Keys());
  if (!bound.ok()) return;
  for (const auto& row : Rows()) (void)bound->Matches(row);
  (void)almanac::predicate::PlanPartitionFilter(*bound);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Run(text, Dialect::kHive);
  Run(text, Dialect::kGlue);
  return 0;
}
