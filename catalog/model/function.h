// The Function value type: a user-defined function registered in a database
// (Hive's Function), naming the implementing class and the resources (jars,
// files, archives) a query engine must load to run it. Almanac stores the
// definition; it never loads or runs the code.
//
// Plain aggregates; not synchronised.
#ifndef ALMANAC_CATALOG_MODEL_FUNCTION_H_
#define ALMANAC_CATALOG_MODEL_FUNCTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model/principal.h"

namespace almanac::model {

// Values match Hive's FunctionType enum on the wire.
enum class FunctionType { kJava = 1 };

// Values match Hive's ResourceType enum on the wire.
enum class ResourceType { kJar = 1, kFile = 2, kArchive = 3 };

struct ResourceUri {
  ResourceType type = ResourceType::kJar;
  std::string uri;
  friend bool operator==(const ResourceUri&, const ResourceUri&) = default;
};

struct Function {
  std::string database;  // lower case
  std::string name;      // lower case
  std::string class_name;
  std::string owner_name;
  PrincipalType owner_type = PrincipalType::kUser;
  int64_t create_time = 0;  // seconds since the epoch
  FunctionType type = FunctionType::kJava;
  std::vector<ResourceUri> resources;
  friend bool operator==(const Function&, const Function&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_FUNCTION_H_
