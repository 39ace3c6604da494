// SessionService: the calls that read or change nothing in the catalog but
// still pass the gate, so that a policy governs them like every other call:
// server information (fb303's name, version, status and counters, Hive's
// configuration values and metastore uuid, the catalog list), session
// settings (setMetaConf, set_ugi, and fb303's shutdown, which Hive clients
// send when they close) and server administration (fb303's reinitialize). The front end answers them itself once the gate
// has allowed them.
//
// Thread-safe.
//
// Errors: PermissionDenied from the gate.
#ifndef ALMANAC_CATALOG_SERVICE_SESSION_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_SESSION_SERVICE_H_

#include <string_view>

#include "absl/status/status.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

class SessionService {
 public:
  explicit SessionService(ServiceCore* core) : core_(core) {}

  // Reading server information (actions::kGetServerInfo).
  absl::Status CheckServerInfo(const model::RequestContext& ctx);
  // Changing a setting of the caller's session (actions::kSetSessionOption).
  absl::Status CheckSessionOption(const model::RequestContext& ctx);
  // Administering the server (actions::kAdministerServer).
  absl::Status CheckAdminister(const model::RequestContext& ctx);
  // Hive's partition_name_to_vals and partition_name_to_spec
  // (actions::kParsePartitionName).
  absl::Status CheckPartitionNameHelper(const model::RequestContext& ctx);
  // Reading the catalog's description (Hive's get_catalog and get_catalogs;
  // actions::kGetCatalog and kGetCatalogs).
  absl::Status CheckGetCatalog(const model::RequestContext& ctx, bool all);

 private:
  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_SESSION_SERVICE_H_
