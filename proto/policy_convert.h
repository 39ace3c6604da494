// Conversions between the gRPC messages of policies, the simulator and the
// audit trail (almanac.v1) and the service's types. Used by the handlers and
// the CLI.
//
// Stateless functions; thread-safe.
#ifndef ALMANAC_PROTO_POLICY_CONVERT_H_
#define ALMANAC_PROTO_POLICY_CONVERT_H_

#include "absl/status/statusor.h"
#include "catalog/model/policy_record.h"
#include "catalog/service/policy_authorizer.h"
#include "catalog/service/policy_service.h"
#include "proto/almanac/v1/catalog.pb.h"

namespace almanac::proto {

v1::Policy ToProto(const model::PolicyRecord& record);
service::PutPolicyRequest FromProto(const v1::PutPolicyRequest& request);
// InvalidArgument for a bad time or secure_transport value.
absl::StatusOr<service::SimulationRequest> FromProto(const v1::SimulatePolicyRequest& request);
v1::SimulatePolicyResponse ToProto(const service::SimulationResult& result);
v1::WhoCanEntry ToProto(const service::WhoCanEntry& entry);
v1::AuditRecord ToProto(const model::AuditRecord& record);
model::AuditQuery FromProto(const v1::ListAuditRecordsRequest& request);

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_POLICY_CONVERT_H_
