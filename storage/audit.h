// AuditReader / AuditWriter: the append-only audit trail, as one transaction
// sees it (ReadTransaction::audit(), WriteTransaction::audit()). Records are
// numbered 1, 2, 3... and hash-chained by the caller
// (catalog/policy/audit_chain.h); storage appends and reads them, and refuses
// to change or remove one (triggers in migration 0007).
//
// Thread safety: as its transaction: one thread at a time.
#ifndef ALMANAC_STORAGE_AUDIT_H_
#define ALMANAC_STORAGE_AUDIT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/policy_record.h"

namespace almanac::storage {

// The filter of a listing (catalog/model/policy_record.h).
using AuditQuery = model::AuditQuery;

class AuditReader {
 public:
  // The last record (largest seq), or nullopt for an empty trail.
  virtual absl::StatusOr<std::optional<model::AuditRecord>> LastAuditRecord() = 0;
  // Records matching `query`, in seq order.
  virtual absl::StatusOr<std::vector<model::AuditRecord>> ListAuditRecords(
      const AuditQuery& query) = 0;
  // Calls `visit` with every record in seq order until it returns false.
  virtual absl::Status ScanAuditRecords(
      const std::function<bool(const model::AuditRecord&)>& visit) = 0;

 protected:
  ~AuditReader() = default;
};

class AuditWriter : public AuditReader {
 public:
  // Appends `record` as given (seq, prev_hash and hash already set by the
  // caller). AlreadyExists when its seq is taken.
  virtual absl::Status AppendAuditRecord(const model::AuditRecord& record) = 0;

 protected:
  ~AuditWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_AUDIT_H_
