#include "catalog/service/notification_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "common/status_macros.h"

namespace almanac::service {

absl::StatusOr<std::vector<model::NotificationEvent>> NotificationService::ListNotifications(
    const model::RequestContext& ctx, int64_t after_id, int64_t max_events,
    const model::NotificationFilter& filter) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetNotifications, core_->arns().Catalog()));
  model::NotificationFilter lowered = filter;
  lowered.database = model::ToLowerName(filter.database);
  for (std::string& t : lowered.tables) t = model::ToLowerName(t);
  return txn->events().ListNotifications(after_id, max_events > 0 ? max_events : 0, lowered);
}

absl::StatusOr<int64_t> NotificationService::CurrentNotificationId(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetNotifications, core_->arns().Catalog()));
  return txn->events().CurrentNotificationId();
}

absl::StatusOr<int64_t> NotificationService::CountNotifications(const model::RequestContext& ctx,
                                                                int64_t from_id, int64_t to_id,
                                                                std::string_view db) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetNotifications, core_->arns().Catalog()));
  return txn->events().CountNotifications(from_id, to_id, model::ToLowerName(db));
}

absl::StatusOr<int64_t> NotificationService::ExpireNotifications(const model::RequestContext& ctx,
                                                                 absl::Time now) {
  const int64_t ttl = core_->options().notification_ttl_seconds;
  if (ttl <= 0) return 0;
  constexpr int64_t kBatch = 10'000;
  const int64_t cutoff = absl::ToUnixSeconds(now) - ttl;
  int64_t total = 0;
  while (true) {
    ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kExpireNotifications,
                                                         core_->arns().Catalog()));
    ASSIGN_OR_RETURN(int64_t deleted, txn->events().DeleteNotificationsBefore(cutoff, kBatch));
    if (deleted > 0) {
      txn.Record(model::ChangeRecord{
          .kind = model::ChangeKind::kExpireNotifications,
          .object = absl::StrCat(deleted, " notification events before ", cutoff)});
    }
    RETURN_IF_ERROR(txn.Commit());
    total += deleted;
    if (deleted < kBatch) return total;
  }
}

}  // namespace almanac::service
