#include "proto/registry_convert.h"

namespace almanac::proto {

v1::Registry ToProto(const model::Registry& r, const model::ResourceArns& arns) {
  v1::Registry out;
  out.set_name(r.name);
  out.set_description(r.description);
  out.set_arn(arns.Registry(r.name));
  out.set_create_time(r.create_time);
  out.set_update_time(r.update_time);
  out.set_schema_count(r.schema_count);
  return out;
}

v1::RegistrySchema ToProto(const model::RegistrySchema& s, const model::ResourceArns& arns) {
  v1::RegistrySchema out;
  out.set_registry(s.registry);
  out.set_name(s.name);
  out.set_arn(arns.Schema(s.registry, s.name));
  out.set_data_format(s.data_format);
  out.set_compatibility(s.compatibility);
  out.set_description(s.description);
  out.set_checkpoint(s.checkpoint);
  out.set_latest_version(s.latest_version);
  out.set_next_version(s.next_version);
  out.set_version_count(s.version_count);
  out.set_create_time(s.create_time);
  out.set_update_time(s.update_time);
  return out;
}

v1::SchemaVersion ToProto(const model::SchemaVersion& v) {
  v1::SchemaVersion out;
  out.set_registry(v.registry);
  out.set_schema(v.schema);
  out.set_version(v.version);
  out.set_id(v.id);
  out.set_definition(v.definition);
  out.set_status(v.status);
  out.set_create_time(v.create_time);
  out.set_created_by(v.created_by);
  for (const auto& [k, val] : v.metadata) (*out.mutable_metadata())[k] = val;
  return out;
}

v1::SchemaDiffEntry ToProto(const formats::SchemaDiffEntry& e) {
  v1::SchemaDiffEntry out;
  out.set_kind(std::string(formats::DiffKindName(e.kind)));
  out.set_path(e.path);
  out.set_before(e.before);
  out.set_after(e.after);
  return out;
}

v1::CheckSchemaCompatibilityResponse ToProto(const service::CompatibilityReport& report) {
  v1::CheckSchemaCompatibilityResponse out;
  out.set_compatibility(report.mode);
  out.set_compatible(report.compatible);
  for (int64_t v : report.checked_versions) out.add_checked_versions(v);
  for (const formats::VersionIncompatibility& r : report.reasons) {
    v1::CompatibilityReason* reason = out.add_reasons();
    reason->set_version(r.version);
    reason->set_direction(r.direction == formats::Direction::kNewReadsOld ? "BACKWARD"
                                                                          : "FORWARD");
    reason->set_path(r.issue.path);
    reason->set_message(r.version > 0 ? formats::DescribeIncompatibility(r) : r.issue.message);
  }
  out.set_identical_version(report.identical_version.value_or(0));
  return out;
}

model::SchemaMetadata MetadataFromProto(
    const google::protobuf::Map<std::string, std::string>& metadata) {
  model::SchemaMetadata out(metadata.begin(), metadata.end());
  return out;
}

}  // namespace almanac::proto
