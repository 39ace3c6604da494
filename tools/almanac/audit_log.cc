#include "tools/almanac/audit_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog/model/table_version.h"
#include "nlohmann/json.hpp"

namespace almanac::tools {
namespace {

using model::FrontEndName;

nlohmann::json Who(const service::AccessRequest& request) {
  const model::RequestContext& ctx = request.context;
  nlohmann::json j = {
      {"time", absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone())},
      {"request_id", ctx.request_id},
      {"principal", ctx.principal},
      {"front_end", FrontEndName(ctx.front_end)},
      {"action", std::string(request.action)},
      {"resource", std::string(request.resource)},
  };
  if (!ctx.groups.empty()) j["groups"] = ctx.groups;
  // Present only when true: the principal was verified (token, certificate,
  // SASL) rather than taken on the client's word; the connection is TLS.
  if (ctx.authenticated) j["authenticated"] = true;
  if (ctx.secure_transport) j["secure_transport"] = true;
  if (!ctx.source_address.empty()) j["source"] = ctx.source_address;
  if (ctx.authenticated) j["authenticated"] = true;
  if (ctx.secure_transport) j["secure_transport"] = true;
  if (request.listed_item) j["item"] = std::string(request.item);
  return j;
}

}  // namespace

absl::StatusOr<std::shared_ptr<AuditLog>> AuditLog::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open audit log '", path, "': ", std::strerror(errno)));
  }
  std::FILE* file = ::fdopen(fd, "a");
  if (file == nullptr) {
    ::close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open audit log '", path, "': ", std::strerror(errno)));
  }
  return std::shared_ptr<AuditLog>(new AuditLog(file));
}

AuditLog::~AuditLog() {
  absl::MutexLock lock(&mu_);
  std::fclose(file_);
}

void AuditLog::Write(const std::string& line) {
  absl::MutexLock lock(&mu_);
  const bool ok = std::fwrite(line.data(), 1, line.size(), file_) == line.size() &&
                  std::fputc('\n', file_) != EOF && std::fflush(file_) == 0;
  if (!ok && !failed_) {
    failed_ = true;
    std::cerr << "almanac: cannot write the audit log: " << std::strerror(errno) << "\n";
  }
}

void AuditLog::Decided(const service::AccessRequest& request, const absl::Status& decision) {
  nlohmann::json j = Who(request);
  j["event"] = "decision";
  j["decision"] = decision.ok() ? "allow" : "deny";
  if (!decision.ok()) j["reason"] = std::string(decision.message());
  Write(j.dump());
}

void AuditLog::Finished(const service::AccessRequest& request,
                        absl::Span<const model::ChangeRecord> changes,
                        const absl::Status& outcome) {
  nlohmann::json j = Who(request);
  j["event"] = "write";
  j["outcome"] = outcome.ok() ? std::string("committed") : std::string(outcome.message());
  nlohmann::json list = nlohmann::json::array();
  for (const model::ChangeRecord& change : changes) {
    list.push_back({{"kind", std::string(model::ChangeKindName(change.kind))},
                    {"object", change.object}});
  }
  j["changes"] = std::move(list);
  Write(j.dump());
}

}  // namespace almanac::tools
