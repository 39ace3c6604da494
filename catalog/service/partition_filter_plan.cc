#include "catalog/service/partition_filter_plan.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "catalog/model/hive_type.h"
#include "catalog/predicate/bound_predicate.h"
#include "catalog/predicate/planner.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {

class PartitionFilterPlan::Predicate {
 public:
  Predicate(predicate::BoundPredicate bound, std::string description)
      : bound_(std::move(bound)), description_(std::move(description)) {}

  bool Matches(const std::vector<std::string>& values) const {
    return bound_.Matches(absl::MakeConstSpan(values));
  }
  const std::string& description() const { return description_; }

 private:
  predicate::BoundPredicate bound_;
  std::string description_;
};

PartitionFilterPlan::PartitionFilterPlan(PartitionFilterPlan&&) noexcept = default;
PartitionFilterPlan& PartitionFilterPlan::operator=(PartitionFilterPlan&&) noexcept = default;
PartitionFilterPlan::~PartitionFilterPlan() = default;

absl::StatusOr<PartitionFilterPlan> PartitionFilterPlan::Make(
    const model::Table& table, std::string_view filter, model::FilterDialect dialect,
    const std::vector<model::PartitionIndex>& indexes) {
  PartitionFilterPlan plan;
  if (absl::StripAsciiWhitespace(AbslView(filter)).empty()) return plan;

  std::vector<predicate::PartitionKey> keys;
  keys.reserve(table.partition_keys.size());
  for (const model::Column& key : table.partition_keys) {
    // Stored types were normalised on the way in, so this only fails on a
    // corrupted catalog.
    absl::StatusOr<model::HiveType> type = model::HiveType::Parse(key.type);
    if (!type.ok()) {
      return absl::InternalError(absl::StrCat("stored type of partition key '", key.name,
                                              "' does not parse: ", type.status().message()));
    }
    keys.push_back(predicate::PartitionKey{.name = key.name, .type = *std::move(type)});
  }
  ASSIGN_OR_RETURN(predicate::BoundPredicate bound,
                   predicate::ParseAndBind(filter,
                                           dialect == model::FilterDialect::kHive
                                               ? predicate::Dialect::kHive
                                               : predicate::Dialect::kGlue,
                                           std::move(keys)));
  predicate::Plan lowered = predicate::PlanPartitionFilter(bound);
  predicate::IndexChoice choice =
      predicate::ChoosePartitionIndex(bound, absl::MakeConstSpan(indexes));
  plan.pushed_ = std::move(lowered.filter);
  plan.index_hint_ = choice.index >= 0 ? indexes[choice.index].name : "none";
  plan.predicate_ = std::make_unique<Predicate>(std::move(bound), std::move(lowered.description));
  return plan;
}

// The pushed filter is a superset of the predicate: every candidate is
// re-checked whenever there is a predicate at all.
bool PartitionFilterPlan::needs_recheck() const { return predicate_ != nullptr; }

bool PartitionFilterPlan::Matches(const std::vector<std::string>& values) const {
  return predicate_ == nullptr || predicate_->Matches(values);
}

std::string PartitionFilterPlan::Describe() const {
  if (predicate_ == nullptr) return "all partitions";
  return predicate_->description();
}

}  // namespace almanac::service
