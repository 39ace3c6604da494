// PolicyReader / PolicyWriter: policy documents by target (resource policies
// of the catalog, a database or a table; identity policies of a user, group
// or role), as one transaction sees them (ReadTransaction::policies(),
// WriteTransaction::policies()). Storage keeps documents as given; parsing,
// validation and Glue's put conditions are the service's.
//
// Thread safety: as its transaction: one thread at a time.
#ifndef ALMANAC_STORAGE_POLICIES_H_
#define ALMANAC_STORAGE_POLICIES_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/policy_record.h"

namespace almanac::storage {

class PolicyReader {
 public:
  // NotFound: "no policy is attached to 'table/sales/orders'".
  virtual absl::StatusOr<model::PolicyRecord> GetPolicy(std::string_view target) = 0;
  // Every policy, ordered by target.
  virtual absl::StatusOr<std::vector<model::PolicyRecord>> ListPolicies() = 0;

 protected:
  ~PolicyReader() = default;
};

class PolicyWriter : public PolicyReader {
 public:
  // Inserts or replaces the policy of record.target (create_time kept on a
  // replace).
  virtual absl::Status PutPolicy(const model::PolicyRecord& record) = 0;
  // NotFound when no policy is attached to `target`.
  virtual absl::Status DeletePolicy(std::string_view target) = 0;

 protected:
  ~PolicyWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_POLICIES_H_
