// Conversions between the schema registry's gRPC messages (almanac.v1) and
// the service's types. Used by the handlers and the CLI.
//
// Stateless functions; thread-safe.
#ifndef ALMANAC_PROTO_REGISTRY_CONVERT_H_
#define ALMANAC_PROTO_REGISTRY_CONVERT_H_

#include <string>

#include "catalog/model/resource_arn.h"
#include "catalog/model/schema_registry.h"
#include "catalog/service/registry_service.h"
#include "formats/schema_formats.h"
#include "proto/almanac/v1/catalog.pb.h"

namespace almanac::proto {

v1::Registry ToProto(const model::Registry& registry, const model::ResourceArns& arns);
v1::RegistrySchema ToProto(const model::RegistrySchema& schema, const model::ResourceArns& arns);
v1::SchemaVersion ToProto(const model::SchemaVersion& version);
v1::SchemaDiffEntry ToProto(const formats::SchemaDiffEntry& entry);
v1::CheckSchemaCompatibilityResponse ToProto(const service::CompatibilityReport& report);
model::SchemaMetadata MetadataFromProto(
    const google::protobuf::Map<std::string, std::string>& metadata);

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_REGISTRY_CONVERT_H_
