// SqlitePolicies and SqliteAudit: the policies and audit_records tables of
// migration 0007.
#include "storage/sqlite/sqlite_policies.h"

#include <utility>

#include "common/status_macros.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

constexpr char kSelectPolicies[] =
    "SELECT target, kind, document, hash, create_time, update_time, updated_by FROM policies";

model::PolicyRecord DecodePolicy(const Statement& row) {
  model::PolicyRecord r;
  r.target = std::string(row.Text(0));
  r.kind = row.Text(1) == "identity" ? model::PolicyTargetKind::kIdentity
                                     : model::PolicyTargetKind::kResource;
  r.document = std::string(row.Text(2));
  r.hash = std::string(row.Text(3));
  r.create_time = row.Int(4);
  r.update_time = row.Int(5);
  r.updated_by = std::string(row.Text(6));
  return r;
}

constexpr char kSelectAudit[] =
    "SELECT seq, time_us, principal, groups_csv, source, front_end, action, resource, outcome,"
    " detail, request_id, prev_hash, hash FROM audit_records";

model::AuditRecord DecodeAudit(const Statement& row) {
  model::AuditRecord r;
  r.seq = row.Int(0);
  r.time_us = row.Int(1);
  r.principal = std::string(row.Text(2));
  r.groups = std::string(row.Text(3));
  r.source = std::string(row.Text(4));
  r.front_end = std::string(row.Text(5));
  r.action = std::string(row.Text(6));
  r.resource = std::string(row.Text(7));
  r.outcome = std::string(row.Text(8));
  r.detail = std::string(row.Text(9));
  r.request_id = std::string(row.Text(10));
  r.prev_hash = std::string(row.Text(11));
  r.hash = std::string(row.Text(12));
  return r;
}

}  // namespace

absl::StatusOr<model::PolicyRecord> SqlitePolicies::GetPolicy(std::string_view target) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectPolicies, " WHERE target = ?")));
  stmt.BindText(1, target);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("no policy is attached to '", target, "'"));
  return DecodePolicy(stmt);
}

absl::StatusOr<std::vector<model::PolicyRecord>> SqlitePolicies::ListPolicies() {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectPolicies, " ORDER BY target")));
  std::vector<model::PolicyRecord> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(DecodePolicy(stmt));
  }
  return out;
}

absl::Status SqlitePolicies::PutPolicy(const model::PolicyRecord& r) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Statement stmt,
        conn_->Prepare("INSERT INTO policies(target, kind, document, hash, create_time,"
                       " update_time, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT(target) DO UPDATE SET kind = excluded.kind,"
                       " document = excluded.document, hash = excluded.hash,"
                       " update_time = excluded.update_time, updated_by = excluded.updated_by"));
    stmt.BindText(1, r.target);
    stmt.BindText(2, r.kind == model::PolicyTargetKind::kIdentity ? "identity" : "resource");
    stmt.BindText(3, r.document);
    stmt.BindText(4, r.hash);
    stmt.BindInt(5, r.create_time);
    stmt.BindInt(6, r.update_time);
    stmt.BindText(7, r.updated_by);
    return stmt.Run();
  });
}

absl::Status SqlitePolicies::DeletePolicy(std::string_view target) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM policies WHERE target = ?"));
    stmt.BindText(1, target);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) {
      return absl::NotFoundError(StrCat("no policy is attached to '", target, "'"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<model::AuditRecord>> SqliteAudit::LastAuditRecord() {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare(StrCat(kSelectAudit, " ORDER BY seq DESC LIMIT 1")));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<model::AuditRecord>();
  return std::optional<model::AuditRecord>(DecodeAudit(stmt));
}

absl::StatusOr<std::vector<model::AuditRecord>> SqliteAudit::ListAuditRecords(
    const AuditQuery& q) {
  std::string sql = StrCat(kSelectAudit, " WHERE seq > ? AND time_us >= ?");
  if (!q.principal.empty()) sql += " AND principal = ?";
  if (!q.action.empty()) sql += " AND action = ? COLLATE NOCASE";
  if (!q.outcome.empty()) sql += " AND outcome = ?";
  sql += " ORDER BY seq";
  if (q.limit > 0) sql += " LIMIT ?";
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
  int i = 1;
  stmt.BindInt(i++, q.after_seq);
  stmt.BindInt(i++, q.since_us);
  if (!q.principal.empty()) stmt.BindText(i++, q.principal);
  if (!q.action.empty()) stmt.BindText(i++, q.action);
  if (!q.outcome.empty()) stmt.BindText(i++, q.outcome);
  if (q.limit > 0) stmt.BindInt(i++, q.limit);
  std::vector<model::AuditRecord> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(DecodeAudit(stmt));
  }
  return out;
}

absl::Status SqliteAudit::ScanAuditRecords(
    const std::function<bool(const model::AuditRecord&)>& visit) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectAudit, " ORDER BY seq")));
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row || !visit(DecodeAudit(stmt))) break;
  }
  return absl::OkStatus();
}

absl::Status SqliteAudit::AppendAuditRecord(const model::AuditRecord& r) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Statement stmt,
        conn_->Prepare("INSERT INTO audit_records(seq, time_us, principal, groups_csv, source,"
                       " front_end, action, resource, outcome, detail, request_id, prev_hash,"
                       " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.BindInt(1, r.seq);
    stmt.BindInt(2, r.time_us);
    stmt.BindText(3, r.principal);
    stmt.BindText(4, r.groups);
    stmt.BindText(5, r.source);
    stmt.BindText(6, r.front_end);
    stmt.BindText(7, r.action);
    stmt.BindText(8, r.resource);
    stmt.BindText(9, r.outcome);
    stmt.BindText(10, r.detail);
    stmt.BindText(11, r.request_id);
    stmt.BindText(12, r.prev_hash);
    stmt.BindText(13, r.hash);
    absl::Status s = stmt.Run();
    if (!s.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("audit record ", r.seq, " exists already"));
    }
    return s;
  });
}

}  // namespace almanac::storage::sqlite
