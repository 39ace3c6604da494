// AuditTrail: the AuditSink (gate.h) that keeps the hash-chained audit trail
// in the catalog database (storage/audit.h, catalog/policy/audit_chain.h).
//
// What is recorded:
//   - every committed write, inside its own transaction (Committing), so a
//     change and its record commit together or not at all;
//   - every denial, and every write that failed or was rolled back, queued
//     and appended in batches by a background thread, so that a refused read
//     never waits for SQLite's single writer;
//   - allowed reads too when `record_reads` is set (queued the same way;
//     under load a full queue drops read records, never others, and the next
//     batch records how many were dropped).
// Listed items (one question per item of a listing) are not recorded.
//
// The trail reaches the store through the gate like everything else: its
// batches are internal writes (action almanac:AppendAuditRecords), which it
// does not record.
//
// Thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_AUDIT_TRAIL_H_
#define ALMANAC_CATALOG_SERVICE_AUDIT_TRAIL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/model/policy_record.h"
#include "catalog/service/gate.h"
#include "storage/audit.h"

namespace almanac::service {

struct AuditTrailOptions {
  bool record_reads = false;
  // Queued records wait at most this long, or until this many are queued.
  absl::Duration flush_interval = absl::Milliseconds(100);
  size_t batch_size = 512;
  size_t max_queued = 100000;
};

class AuditTrail final : public AuditSink {
 public:
  explicit AuditTrail(AuditTrailOptions options = {});
  ~AuditTrail() override;  // Stop() if not done

  // Starts the background writer over `gate` (which must outlive Stop()).
  void Start(Gate* gate);
  // Appends what is queued and stops the writer.
  void Stop();
  // Appends what is queued now (tests, shutdown). The store's error, if any.
  absl::Status Flush();

  // AuditSink.
  void Decided(const AccessRequest& request, const absl::Status& decision) override;
  void Finished(const AccessRequest& request, absl::Span<const model::ChangeRecord> changes,
                const absl::Status& outcome) override;
  absl::Status Committing(storage::WriteTransaction& txn, const AccessRequest& request,
                          absl::Span<const model::ChangeRecord> changes) override;

  int64_t dropped() const;

 private:
  void Enqueue(model::AuditRecord record, bool droppable);
  void Run();

  const AuditTrailOptions options_;
  Gate* gate_ = nullptr;
  std::thread writer_;

  mutable absl::Mutex mu_;
  std::deque<model::AuditRecord> queue_ ABSL_GUARDED_BY(mu_);
  int64_t dropped_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t dropped_unreported_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex flush_mu_;  // one batch at a time
};

// The record of a request, without seq and hashes.
model::AuditRecord AuditRecordOf(const AccessRequest& request, std::string_view outcome,
                                 std::string detail);

// One sink that tells each of `sinks` in turn (the trail and the JSON-lines
// file). Committing stops at the first error.
std::shared_ptr<AuditSink> AuditSinks(std::vector<std::shared_ptr<AuditSink>> sinks);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_AUDIT_TRAIL_H_
