// AuditLog: an AuditSink (catalog/service/gate.h) that appends one JSON line
// per gate decision and per finished write to a file (`almanac serve
// --audit-log PATH`): who (principal, groups, whether authenticated, front
// end, source address, whether over TLS, request id) asked for what (action, resource, listed item), the decision,
// and for writes the outcome and the change records' kinds and objects. A
// line is written and flushed before the call returns; a failed write is
// reported once on stderr and the call still succeeds.
//
// Thread-safe.
#ifndef ALMANAC_TOOLS_ALMANAC_AUDIT_LOG_H_
#define ALMANAC_TOOLS_ALMANAC_AUDIT_LOG_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/service/gate.h"

namespace almanac::tools {

class AuditLog final : public service::AuditSink {
 public:
  // Opens `path` for appending (created 0600 when missing).
  // FailedPrecondition naming the path when it cannot be opened.
  static absl::StatusOr<std::shared_ptr<AuditLog>> Open(const std::string& path);
  ~AuditLog() override;

  void Decided(const service::AccessRequest& request, const absl::Status& decision) override;
  void Finished(const service::AccessRequest& request,
                absl::Span<const model::ChangeRecord> changes,
                const absl::Status& outcome) override;

 private:
  explicit AuditLog(std::FILE* file) : file_(file) {}
  void Write(const std::string& line);

  absl::Mutex mu_;
  std::FILE* file_ ABSL_GUARDED_BY(mu_);
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_AUDIT_LOG_H_
