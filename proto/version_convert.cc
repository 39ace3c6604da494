#include "proto/version_convert.h"

#include <string>

#include "proto/convert.h"

namespace almanac::proto {

v1::FrontEnd ToProto(model::FrontEnd front_end) {
  switch (front_end) {
    case model::FrontEnd::kInternal: return v1::FRONT_END_INTERNAL;
    case model::FrontEnd::kGrpc: return v1::FRONT_END_GRPC;
    case model::FrontEnd::kThrift: return v1::FRONT_END_THRIFT;
    case model::FrontEnd::kCli: return v1::FRONT_END_CLI;
  }
  return v1::FRONT_END_UNSPECIFIED;
}

v1::TableVersionInfo ToProto(const model::TableVersionInfo& info) {
  v1::TableVersionInfo out;
  if (info.version > 0) out.set_version_id(std::to_string(info.version));
  out.set_time(info.time);
  out.set_principal(info.principal);
  out.set_front_end(ToProto(info.front_end));
  out.set_request_id(info.request_id);
  out.set_summary(info.summary);
  return out;
}

v1::TableVersion ToProto(const model::TableVersion& version) {
  v1::TableVersion out;
  *out.mutable_info() = ToProto(version.info);
  *out.mutable_table() = ToProto(version.table);
  return out;
}

v1::TableHistory ToProto(const model::TableHistory& h) {
  v1::TableHistory out;
  out.set_table_id(h.id);
  out.set_database(h.database);
  out.set_name(h.name);
  out.set_dropped(h.dropped);
  out.set_dropped_time(h.dropped_time);
  out.set_dropped_by(h.dropped_by);
  out.set_version_count(h.version_count);
  if (h.latest_version > 0) out.set_latest_version_id(std::to_string(h.latest_version));
  if (h.oldest_version > 0) out.set_oldest_version_id(std::to_string(h.oldest_version));
  return out;
}

v1::TableChange ToProto(const versions::TableChange& c) {
  v1::TableChange out;
  out.set_kind(std::string(versions::ChangeKindName(c.kind)));
  out.set_subject(c.subject);
  out.set_old_value(c.old_value);
  out.set_new_value(c.new_value);
  switch (c.direction) {
    case versions::TypeDirection::kWidening: out.set_direction("widening"); break;
    case versions::TypeDirection::kNarrowing: out.set_direction("narrowing"); break;
    default: break;
  }
  out.set_text(versions::ChangeText(c));
  return out;
}

}  // namespace almanac::proto
