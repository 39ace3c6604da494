// Conversion between Almanac's model types and the almanac.v1 protobuf
// messages of the gRPC API. The two are field-for-field twins; conversions are
// lossless both ways (convert_test round-trips every field).
//
// FromProto fails only where the wire can carry what the model cannot: an
// enum number outside the declared values (proto3 enums are open) gives
// InvalidArgument naming the field and object. Zero (UNSPECIFIED) enum
// values read as the model's defaults. Stateless functions; thread-safe.
#ifndef ALMANAC_PROTO_CONVERT_H_
#define ALMANAC_PROTO_CONVERT_H_

#include "absl/status/statusor.h"
#include "catalog/model/database.h"
#include "catalog/model/partition.h"
#include "catalog/model/partition_index.h"
#include "catalog/model/storage_descriptor.h"
#include "catalog/model/table.h"
#include "catalog/service/catalog_service.h"
#include "proto/almanac/v1/catalog.pb.h"

namespace almanac::proto {

v1::Column ToProto(const model::Column& column);
model::Column FromProto(const v1::Column& column);

v1::StorageDescriptor ToProto(const model::StorageDescriptor& sd);
model::StorageDescriptor FromProto(const v1::StorageDescriptor& sd);

v1::Database ToProto(const model::Database& db);
absl::StatusOr<model::Database> FromProto(const v1::Database& db);

v1::Table ToProto(const model::Table& table);
absl::StatusOr<model::Table> FromProto(const v1::Table& table);

v1::Partition ToProto(const model::Partition& partition);
model::Partition FromProto(const v1::Partition& partition);

v1::PartitionIndex ToProto(const model::PartitionIndex& index);
model::PartitionIndex FromProto(const v1::PartitionIndex& index);

v1::Explain ToProto(const model::PartitionListExplain& explain);

absl::StatusOr<model::FilterDialect> FromProto(v1::FilterDialect dialect);

// The service's listing request from the wire's (explain included).
absl::StatusOr<model::PartitionListRequest> FromProto(const v1::ListPartitionsRequest& request);

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_CONVERT_H_
