// Policy and audit value types shared by the service, storage and the front
// ends: a stored policy document with the target it is attached to, and one
// record of the audit trail.
//
// Targets name what a policy is attached to, as IAM and Glue name them:
//   resource policies  "catalog", "database/DB", "table/DB/TABLE"
//   identity policies  "user/NAME", "group/NAME", "role/NAME"
//
// Plain aggregates; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_POLICY_RECORD_H_
#define ALMANAC_CATALOG_MODEL_POLICY_RECORD_H_

#include <cstdint>
#include <string>

namespace almanac::model {

enum class PolicyTargetKind { kResource, kIdentity };

struct PolicyRecord {
  std::string target;  // "catalog", "table/sales/orders", "user/alice", ...
  PolicyTargetKind kind = PolicyTargetKind::kResource;
  std::string document;  // the JSON exactly as it was put
  std::string hash;      // SHA-256 of document, lower-case hex (Glue's PolicyHash)
  int64_t create_time = 0;  // seconds since the epoch
  int64_t update_time = 0;
  std::string updated_by;  // principal of the last put

  friend bool operator==(const PolicyRecord&, const PolicyRecord&) = default;
};

// Glue's PolicyExistsCondition.
enum class PolicyExistence { kNone, kMustExist, kNotExist };

// One audit record. `seq` numbers records 1, 2, 3... without gaps; `hash`
// chains each record to the one before (catalog/policy/audit_chain.h).
struct AuditRecord {
  int64_t seq = 0;
  int64_t time_us = 0;  // microseconds since the epoch
  std::string principal;
  std::string groups;  // comma-separated, as the request claimed or proved them
  std::string source;  // the client's address, "" for the server's own calls
  std::string front_end;  // "grpc", "thrift", "cli", "internal"
  std::string action;     // "glue:UpdateTable"
  std::string resource;   // the ARN the call acted on
  std::string outcome;    // "allowed", "denied", "error"
  std::string detail;     // the denial or error message; a write's changes
  std::string request_id;
  std::string prev_hash;  // hex; 64 zeros for the first record
  std::string hash;       // hex

  friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

// Which audit records a listing wants.
struct AuditQuery {
  std::string principal;  // empty: any
  std::string action;     // empty: any; compared case-insensitively
  std::string outcome;    // empty: any
  int64_t since_us = 0;   // records at or after this time
  int64_t after_seq = 0;  // records with a larger seq (paging)
  int64_t limit = 0;      // 0: no limit
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_POLICY_RECORD_H_
