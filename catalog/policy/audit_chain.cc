#include "catalog/policy/audit_chain.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::policy {
namespace {

void AppendField(std::string& out, std::string_view field) {
  absl::StrAppend(&out, field.size(), ":", AbslView(field), "\n");
}

}  // namespace

const std::string& GenesisHash() {
  static const auto* kGenesis = new std::string(64, '0');
  return *kGenesis;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string AuditRecordHash(const model::AuditRecord& r) {
  std::string text;
  text.reserve(256 + r.detail.size() + r.resource.size());
  AppendField(text, r.prev_hash);
  AppendField(text, absl::StrCat(r.seq));
  AppendField(text, absl::StrCat(r.time_us));
  for (const std::string* field : {&r.principal, &r.groups, &r.source, &r.front_end, &r.action,
                                   &r.resource, &r.outcome, &r.detail, &r.request_id}) {
    AppendField(text, *field);
  }
  return Sha256Hex(text);
}

void ChainAuditRecord(const model::AuditRecord* previous, model::AuditRecord& record) {
  record.seq = previous == nullptr ? 1 : previous->seq + 1;
  record.prev_hash = previous == nullptr ? GenesisHash() : previous->hash;
  record.hash = AuditRecordHash(record);
}

bool AuditChainVerifier::Add(const model::AuditRecord& r) {
  if (!problem_.empty()) return false;
  ++count_;
  auto bad = [&](std::string_view why) {
    first_bad_seq_ = r.seq;
    problem_ = absl::StrCat("record ", r.seq, ": ", AbslView(why));
    return false;
  };
  if (r.seq != prev_seq_ + 1) {
    return bad(absl::StrCat("expected record ", prev_seq_ + 1,
                            " here (records before it were deleted or reordered)"));
  }
  if (r.prev_hash != prev_hash_) {
    return bad("it does not follow the record before it (a record was deleted, inserted or "
               "reordered, or the one before was edited)");
  }
  if (AuditRecordHash(r) != r.hash) return bad("its hash does not match its contents (edited)");
  prev_seq_ = r.seq;
  prev_hash_ = r.hash;
  return true;
}

std::string AuditChainVerifier::Finish() {
  if (!problem_.empty()) return problem_;
  if (expected_head_.has_value() && *expected_head_ != prev_hash_) {
    first_bad_seq_ = prev_seq_ + 1;
    return absl::StrCat("the trail ends at record ", prev_seq_, " with head ", prev_hash_,
                        ", not the expected head ", *expected_head_,
                        " (records were cut off the end)");
  }
  return "";
}

}  // namespace almanac::policy
