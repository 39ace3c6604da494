// The Database value type. Plain aggregate; not synchronised.
#ifndef ALMANAC_CATALOG_MODEL_DATABASE_H_
#define ALMANAC_CATALOG_MODEL_DATABASE_H_

#include <cstdint>
#include <string>

#include "catalog/model/principal.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::model {

struct Database {
  std::string name;  // lower case, validated by names.h
  std::string description;
  std::string location;          // may be empty: the server fills a default
  std::string managed_location;  // Hive 4's separate managed-table root; may be empty
  Parameters parameters;
  std::string owner_name;
  PrincipalType owner_type = PrincipalType::kUser;
  int64_t create_time = 0;  // seconds since the epoch

  friend bool operator==(const Database&, const Database&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_DATABASE_H_
