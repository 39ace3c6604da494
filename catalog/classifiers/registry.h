// ClassifierRegistry: the classifiers a server (or a test) knows, by name,
// and Glue's rule for choosing among them.
//
// The server owns one registry and fills it with an explicit
// RegisterBuiltinClassifiers call (builtin.h); tests build their own. There
// is no global registry and no static self-registration.
//
// Thread-safety: registering is not synchronised (do it at start-up); after
// that the registry is read-only and thread-safe.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_REGISTRY_H_
#define ALMANAC_CATALOG_CLASSIFIERS_REGISTRY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "catalog/classifiers/classifier.h"
#include "catalog/model/crawler.h"

namespace almanac::classifiers {

class ClassifierRegistry {
 public:
  // Adds `classifier` after those already registered (the order in which
  // built-ins are tried). AlreadyExists when one of that name is there.
  absl::Status Register(std::unique_ptr<Classifier> classifier);
  // Null when unknown.
  const Classifier* Find(std::string_view name) const;
  // Sorted, for listings.
  std::vector<std::string> names() const;
  // In registration order, for trying.
  absl::Span<const Classifier* const> in_order() const { return order_; }

 private:
  std::vector<std::unique_ptr<Classifier>> owned_;
  std::vector<const Classifier*> order_;
  absl::flat_hash_map<std::string, const Classifier*> by_name_;
};

// The classification Glue's rule gives a file: `custom` first in their
// order, then `builtins` in theirs; the first certainty of 1.0 wins at once,
// otherwise the highest certainty (the earlier classifier on a tie); when
// none is above 0.0, classification "UNKNOWN" with no columns.
// An error from a classifier (the file claims a format it breaks) is the
// answer: the crawler records it against the file.
absl::StatusOr<Inference> ChooseClassification(absl::Span<const Classifier* const> custom,
                                               const ClassifierRegistry& builtins,
                                               const FileSample& sample);

inline constexpr std::string_view kUnknownClassification = "UNKNOWN";

// A custom classifier from its stored definition (Glue's four kinds: GROK,
// XML, JSON, CSV). InvalidArgument naming the field when the definition is
// unusable (a grok pattern that does not compile, an unknown pattern name,
// a JSON path outside the supported forms, a CSV delimiter that is not one
// character).
absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomClassifier(
    const model::ClassifierDefinition& definition);

}  // namespace almanac::classifiers

#endif  // ALMANAC_CATALOG_CLASSIFIERS_REGISTRY_H_
