// SqlitePolicies and SqliteAudit: policy documents (PolicyWriter) and the
// audit trail (AuditWriter) in the SQLite store, one object each per
// transaction over its SqliteTransactionCore (tables of migration 0007).
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_POLICIES_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_POLICIES_H_

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqlitePolicies final : public PolicyWriter {
 public:
  explicit SqlitePolicies(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqlitePolicies(const SqlitePolicies&) = delete;
  SqlitePolicies& operator=(const SqlitePolicies&) = delete;

  absl::StatusOr<model::PolicyRecord> GetPolicy(std::string_view target) override;
  absl::StatusOr<std::vector<model::PolicyRecord>> ListPolicies() override;
  absl::Status PutPolicy(const model::PolicyRecord& record) override;
  absl::Status DeletePolicy(std::string_view target) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
};

class SqliteAudit final : public AuditWriter {
 public:
  explicit SqliteAudit(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteAudit(const SqliteAudit&) = delete;
  SqliteAudit& operator=(const SqliteAudit&) = delete;

  absl::StatusOr<std::optional<model::AuditRecord>> LastAuditRecord() override;
  absl::StatusOr<std::vector<model::AuditRecord>> ListAuditRecords(
      const AuditQuery& query) override;
  absl::Status ScanAuditRecords(
      const std::function<bool(const model::AuditRecord&)>& visit) override;
  absl::Status AppendAuditRecord(const model::AuditRecord& record) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_POLICIES_H_
