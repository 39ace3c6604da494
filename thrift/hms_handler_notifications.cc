// HmsHandler: the notification log as Impala and Hive replication poll it
// (get_current_notificationEventId, get_next_notification,
// get_notification_events_count). Events are rendered into Hive's json-0.2
// messages here, when read (notification_messages.h). The three calls declare
// no exceptions, so failures are TApplicationExceptions.
#include <string>
#include <utility>
#include <vector>

#include "catalog/model/notification.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"
#include "thrift/notification_messages.h"

namespace almanac::hms {

void HmsHandler::get_current_notificationEventId(CurrentNotificationEventId& _return) {
  auto ctx = Context();
  auto id = shared_->service->notifications().CurrentNotificationId(ctx);
  ThrowIfError(id.status(), {});
  _return.__set_eventId(*id);
}

void HmsHandler::get_next_notification(NotificationEventResponse& _return,
                                       const NotificationEventRequest& rqst) {
  auto ctx = Context();
  if (rqst.__isset.catName) ThrowIfError(CheckCatalog(rqst.catName), {});
  model::NotificationFilter filter;
  if (rqst.__isset.eventTypeSkipList) filter.skip_types = rqst.eventTypeSkipList;
  if (rqst.__isset.dbName) {
    auto db = StripCatalog(rqst.dbName);
    ThrowIfError(db.status(), {});
    filter.database = *std::move(db);
  }
  if (rqst.__isset.tableNames) filter.tables = rqst.tableNames;
  const int64_t max = rqst.__isset.maxEvents ? rqst.maxEvents : 0;
  auto events = shared_->service->notifications().ListNotifications(ctx, rqst.lastEvent, max, filter);
  ThrowIfError(events.status(), {});
  std::vector<NotificationEvent> out;
  out.reserve(events->size());
  for (const model::NotificationEvent& e : *events) {
    auto rendered = ToThrift(e);
    ThrowIfError(rendered.status(), {});
    out.push_back(*std::move(rendered));
  }
  _return.__set_events(std::move(out));
}

void HmsHandler::get_notification_events_count(NotificationEventsCountResponse& _return,
                                               const NotificationEventsCountRequest& rqst) {
  auto ctx = Context();
  if (rqst.__isset.catName) ThrowIfError(CheckCatalog(rqst.catName), {});
  auto db = StripCatalog(rqst.dbName);
  ThrowIfError(db.status(), {});
  const int64_t to = rqst.__isset.toEventId ? rqst.toEventId : 0;
  auto count = shared_->service->notifications().CountNotifications(ctx, rqst.fromEventId, to, *db);
  ThrowIfError(count.status(), {});
  int64_t n = *count;
  if (rqst.__isset.limit && rqst.limit > 0 && n > rqst.limit) n = rqst.limit;
  _return.__set_eventsCount(n);
}

}  // namespace almanac::hms
