// Conversion of table history values (model/table_version.h, the service's
// listings and diffs) to the almanac.v1 messages. One way only: clients never
// send a version, only names and ids. Stateless functions; thread-safe.
#ifndef ALMANAC_PROTO_VERSION_CONVERT_H_
#define ALMANAC_PROTO_VERSION_CONVERT_H_

#include "catalog/model/table_version.h"
#include "catalog/service/version_service.h"
#include "catalog/versions/table_diff.h"
#include "proto/almanac/v1/catalog.pb.h"

namespace almanac::proto {

v1::FrontEnd ToProto(model::FrontEnd front_end);
v1::TableVersionInfo ToProto(const model::TableVersionInfo& info);
v1::TableVersion ToProto(const model::TableVersion& version);
v1::TableHistory ToProto(const model::TableHistory& history);
v1::TableChange ToProto(const versions::TableChange& change);

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_VERSION_CONVERT_H_
