// The audit trail's hash chain: each record's hash is the SHA-256 of the
// previous record's hash and this record's fields, so that editing,
// reordering, inserting or deleting a record anywhere but at the very end
// breaks the chain at that record. (Cutting records off the end leaves a
// valid shorter chain; VerifyAuditChain detects that too when given the head
// hash an operator noted earlier.)
//
// Each field enters the hash as "<byte length>:<bytes>", so no choice of
// field contents can make two different records hash alike.
//
// Pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_POLICY_AUDIT_CHAIN_H_
#define ALMANAC_CATALOG_POLICY_AUDIT_CHAIN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/model/policy_record.h"

namespace almanac::policy {

// The prev_hash of the first record: 64 zeros.
const std::string& GenesisHash();

// SHA-256 of `data`, lower-case hex.
std::string Sha256Hex(std::string_view data);

// The hash `record` must carry given its fields and prev_hash (its own hash
// field is ignored).
std::string AuditRecordHash(const model::AuditRecord& record);

// Sets record.seq, record.prev_hash and record.hash to follow `previous`
// (nullptr for the first record).
void ChainAuditRecord(const model::AuditRecord* previous, model::AuditRecord& record);

// Checks a trail record by record, in seq order. Feed every record to Add(),
// then call Finish().
class AuditChainVerifier {
 public:
  // `expected_head`: when set, the hash the last record must have (a head
  // noted earlier), which detects records cut off the end.
  explicit AuditChainVerifier(std::optional<std::string> expected_head = std::nullopt)
      : expected_head_(std::move(expected_head)) {}

  // False once a bad record was seen (later records are not looked at).
  bool Add(const model::AuditRecord& record);
  // "" when the chain is intact; otherwise the first problem, naming the
  // record: "record 17: its hash does not match its contents (edited)".
  std::string Finish();

  int64_t records() const { return count_; }
  const std::string& head() const { return prev_hash_; }
  int64_t first_bad_seq() const { return first_bad_seq_; }

 private:
  std::optional<std::string> expected_head_;
  std::string prev_hash_ = GenesisHash();
  int64_t prev_seq_ = 0;
  int64_t count_ = 0;
  int64_t first_bad_seq_ = 0;
  std::string problem_;
};

}  // namespace almanac::policy

#endif  // ALMANAC_CATALOG_POLICY_AUDIT_CHAIN_H_
