#include "catalog/service/session_service.h"

#include "catalog/service/actions.h"

namespace almanac::service {

absl::Status SessionService::CheckServerInfo(const model::RequestContext& ctx) {
  return core_->gate().Check(ctx, actions::kGetServerInfo, core_->arns().Catalog());
}

absl::Status SessionService::CheckSessionOption(const model::RequestContext& ctx) {
  return core_->gate().Check(ctx, actions::kSetSessionOption, core_->arns().Catalog());
}

absl::Status SessionService::CheckAdminister(const model::RequestContext& ctx) {
  return core_->gate().Check(ctx, actions::kAdministerServer, core_->arns().Catalog());
}

absl::Status SessionService::CheckPartitionNameHelper(const model::RequestContext& ctx) {
  return core_->gate().Check(ctx, actions::kParsePartitionName, core_->arns().Catalog());
}

absl::Status SessionService::CheckGetCatalog(const model::RequestContext& ctx, bool all) {
  return core_->gate().Check(ctx, all ? actions::kGetCatalogs : actions::kGetCatalog,
                             core_->arns().Catalog());
}

}  // namespace almanac::service
