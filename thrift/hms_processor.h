// HmsProcessor: the generated ThriftHiveMetastore processor with one change:
// a method that is not served (see served_methods.h) is answered with
// TApplicationException UNKNOWN_METHOD, "method 'x' is not supported by
// almanac", after its arguments are skipped, whether or not the IDL declares
// it. Clients treat UNKNOWN_METHOD as "fall back to an older call", which is
// the point; an empty success would be a lie.
//
// Thread safety: like the generated processor, one per connection.
#ifndef ALMANAC_THRIFT_HMS_PROCESSOR_H_
#define ALMANAC_THRIFT_HMS_PROCESSOR_H_

#include <memory>
#include <string>

#include "ThriftHiveMetastore.h"

namespace almanac::hms {

class HmsProcessor : public ThriftHiveMetastoreProcessor {
 public:
  explicit HmsProcessor(std::shared_ptr<ThriftHiveMetastoreIf> handler)
      : ThriftHiveMetastoreProcessor(std::move(handler)) {}

 protected:
  bool dispatchCall(apache::thrift::protocol::TProtocol* iprot,
                    apache::thrift::protocol::TProtocol* oprot, const std::string& fname,
                    int32_t seqid, void* callContext) override;
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_HMS_PROCESSOR_H_
