#include "catalog/service/audit_trail.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "catalog/model/table_version.h"
#include "catalog/policy/audit_chain.h"
#include "catalog/service/actions.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

// "create_table sales.orders; add_partitions sales.orders (3)" — what a
// write changed, bounded so a huge batch stays one readable line.
std::string DescribeChanges(absl::Span<const model::ChangeRecord> changes) {
  std::string out;
  size_t shown = 0;
  for (const model::ChangeRecord& c : changes) {
    if (shown == 20) {
      absl::StrAppend(&out, "; and ", changes.size() - shown, " more");
      break;
    }
    absl::StrAppend(&out, out.empty() ? "" : "; ", AbslView(model::ChangeKindName(c.kind)), " ",
                    c.object);
    if (const auto* parts = std::get_if<std::vector<model::Partition>>(&c.after)) {
      absl::StrAppend(&out, " (", parts->size(), ")");
    }
    ++shown;
  }
  return out;
}

bool IsOwnBatch(const AccessRequest& request) {
  return request.action == actions::kAppendAuditRecords;
}

class Tee final : public AuditSink {
 public:
  explicit Tee(std::vector<std::shared_ptr<AuditSink>> sinks) : sinks_(std::move(sinks)) {}
  void Decided(const AccessRequest& request, const absl::Status& decision) override {
    for (auto& s : sinks_) s->Decided(request, decision);
  }
  void Finished(const AccessRequest& request, absl::Span<const model::ChangeRecord> changes,
                const absl::Status& outcome) override {
    for (auto& s : sinks_) s->Finished(request, changes, outcome);
  }
  absl::Status Committing(storage::WriteTransaction& txn, const AccessRequest& request,
                          absl::Span<const model::ChangeRecord> changes) override {
    for (auto& s : sinks_) RETURN_IF_ERROR(s->Committing(txn, request, changes));
    return absl::OkStatus();
  }

 private:
  std::vector<std::shared_ptr<AuditSink>> sinks_;
};

}  // namespace

model::AuditRecord AuditRecordOf(const AccessRequest& request, std::string_view outcome,
                                 std::string detail) {
  model::AuditRecord r;
  r.time_us = absl::ToUnixMicros(absl::Now());
  r.principal = request.context.principal;
  r.groups = absl::StrJoin(request.context.groups, ",");
  r.source = request.context.source_address;
  r.front_end = std::string(model::FrontEndName(request.context.front_end));
  r.action = std::string(request.action);
  r.resource = std::string(request.resource);
  r.outcome = std::string(outcome);
  r.detail = std::move(detail);
  r.request_id = request.context.request_id;
  return r;
}

std::shared_ptr<AuditSink> AuditSinks(std::vector<std::shared_ptr<AuditSink>> sinks) {
  if (sinks.size() == 1) return sinks[0];
  return std::make_shared<Tee>(std::move(sinks));
}

AuditTrail::AuditTrail(AuditTrailOptions options) : options_(options) {}

AuditTrail::~AuditTrail() { Stop(); }

void AuditTrail::Start(Gate* gate) {
  gate_ = gate;
  writer_ = std::thread([this] { Run(); });
}

void AuditTrail::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (writer_.joinable()) writer_.join();
  if (gate_ != nullptr) Flush().IgnoreError();
}

int64_t AuditTrail::dropped() const {
  absl::MutexLock lock(&mu_);
  return dropped_;
}

void AuditTrail::Enqueue(model::AuditRecord record, bool droppable) {
  absl::MutexLock lock(&mu_);
  if (droppable && queue_.size() >= options_.max_queued) {
    ++dropped_;
    ++dropped_unreported_;
    return;
  }
  queue_.push_back(std::move(record));
}

void AuditTrail::Decided(const AccessRequest& request, const absl::Status& decision) {
  if (request.kind == AccessKind::kListedItem || IsOwnBatch(request)) return;
  if (!decision.ok()) {
    Enqueue(AuditRecordOf(request, "denied", std::string(decision.message())), false);
  } else if (options_.record_reads && request.kind != AccessKind::kWrite) {
    Enqueue(AuditRecordOf(request, "allowed", ""), true);
  }
}

void AuditTrail::Finished(const AccessRequest& request,
                          absl::Span<const model::ChangeRecord> changes,
                          const absl::Status& outcome) {
  if (outcome.ok() || IsOwnBatch(request)) return;  // a commit was recorded in Committing
  // The server's own maintenance rolls back when it finds nothing to do
  // (no history to expire, the default database already there).
  if (changes.empty() && request.context.front_end == model::FrontEnd::kInternal) return;
  std::string detail = absl::IsAborted(outcome) && outcome.message() == "rolled back"
                           ? "the operation failed; nothing was changed"
                           : absl::StrCat("the commit failed: ", outcome.message());
  if (!changes.empty()) absl::StrAppend(&detail, " (", DescribeChanges(changes), ")");
  Enqueue(AuditRecordOf(request, "error", std::move(detail)), false);
}

absl::Status AuditTrail::Committing(storage::WriteTransaction& txn, const AccessRequest& request,
                                    absl::Span<const model::ChangeRecord> changes) {
  if (IsOwnBatch(request)) return absl::OkStatus();
  // The server's own maintenance is on record when it changed something
  // (notifications expired), not every minute it looked.
  if (changes.empty() && request.context.front_end == model::FrontEnd::kInternal) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::optional<model::AuditRecord> last, txn.audit().LastAuditRecord());
  model::AuditRecord record = AuditRecordOf(request, "allowed", DescribeChanges(changes));
  policy::ChainAuditRecord(last ? &*last : nullptr, record);
  return txn.audit().AppendAuditRecord(record);
}

absl::Status AuditTrail::Flush() {
  absl::MutexLock flush_lock(&flush_mu_);
  while (true) {
    std::vector<model::AuditRecord> batch;
    int64_t dropped = 0;
    {
      absl::MutexLock lock(&mu_);
      while (!queue_.empty() && batch.size() < options_.batch_size) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      dropped = dropped_unreported_;
      dropped_unreported_ = 0;
    }
    if (batch.empty() && dropped == 0) return absl::OkStatus();
    model::RequestContext ctx = model::RequestContext::Internal("audit");
    absl::Status status = [&]() -> absl::Status {
      ASSIGN_OR_RETURN(WriteScope scope, gate_->Write(ctx, actions::kAppendAuditRecords,
                                                      gate_->arns().Catalog()));
      ASSIGN_OR_RETURN(std::optional<model::AuditRecord> last, scope->audit().LastAuditRecord());
      if (dropped > 0) {
        const std::string& catalog = gate_->arns().Catalog();
        batch.insert(batch.begin(),
                     AuditRecordOf(AccessRequest{.context = ctx,
                                                 .action = actions::kAppendAuditRecords,
                                                 .resource = catalog},
                                   "error",
                                   absl::StrCat(dropped,
                                                " read records were dropped: the queue was full")));
      }
      for (model::AuditRecord& record : batch) {
        policy::ChainAuditRecord(last ? &*last : nullptr, record);
        RETURN_IF_ERROR(scope->audit().AppendAuditRecord(record));
        last = record;
      }
      return scope.Commit();
    }();
    if (!status.ok()) {
      // Put the batch back in front, to be tried again.
      absl::MutexLock lock(&mu_);
      for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
        if (it->front_end == "internal" && it->action == actions::kAppendAuditRecords) {
          dropped_unreported_ += dropped;
          continue;
        }
        queue_.push_front(std::move(*it));
      }
      return status;
    }
  }
}

void AuditTrail::Run() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || queue_.size() >= options_.batch_size;
      };
      mu_.AwaitWithTimeout(absl::Condition(&ready), options_.flush_interval);
      if (stopping_) return;
    }
    Flush().IgnoreError();
  }
}

}  // namespace almanac::service
