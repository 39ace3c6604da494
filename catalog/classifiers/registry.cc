#include "catalog/classifiers/registry.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers {

absl::Status ClassifierRegistry::Register(std::unique_ptr<Classifier> classifier) {
  std::string name(classifier->name());
  if (by_name_.contains(name)) {
    return absl::AlreadyExistsError(absl::StrCat("classifier '", name, "' is registered already"));
  }
  by_name_[name] = classifier.get();
  order_.push_back(classifier.get());
  owned_.push_back(std::move(classifier));
  return absl::OkStatus();
}

const Classifier* ClassifierRegistry::Find(std::string_view name) const {
  auto it = by_name_.find(AbslView(name));
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<std::string> ClassifierRegistry::names() const {
  std::vector<std::string> names;
  names.reserve(by_name_.size());
  for (const auto& [name, c] : by_name_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<Inference> ChooseClassification(absl::Span<const Classifier* const> custom,
                                               const ClassifierRegistry& builtins,
                                               const FileSample& sample) {
  std::optional<Inference> best;
  for (absl::Span<const Classifier* const> group : {custom, builtins.in_order()}) {
    for (const Classifier* c : group) {
      ASSIGN_OR_RETURN(std::optional<Inference> got, c->Classify(sample));
      if (!got.has_value() || got->certainty <= 0.0) continue;
      if (got->certainty >= 1.0) return *std::move(got);
      if (!best.has_value() || got->certainty > best->certainty) best = std::move(got);
    }
  }
  if (best.has_value()) return *std::move(best);
  Inference unknown;
  unknown.classification = std::string(kUnknownClassification);
  return unknown;
}

}  // namespace almanac::classifiers
