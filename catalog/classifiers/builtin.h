// The built-in classifiers, registered explicitly.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_BUILTIN_H_
#define ALMANAC_CATALOG_CLASSIFIERS_BUILTIN_H_

#include "absl/status/status.h"
#include "catalog/classifiers/registry.h"

namespace almanac::classifiers {

// Registers Almanac's built-in classifiers in Glue's order: avro, orc,
// parquet, json, xml, combined_apache, apache, linux_kernel, csv.
// AlreadyExists when one is registered already.
absl::Status RegisterBuiltinClassifiers(ClassifierRegistry& registry);

}  // namespace almanac::classifiers

#endif  // ALMANAC_CATALOG_CLASSIFIERS_BUILTIN_H_
