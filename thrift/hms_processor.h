// HmsProcessor: the generated ThriftHiveMetastore processor with one change:
// a method that is not served (see served_methods.h) is answered with
// TApplicationException UNKNOWN_METHOD, "method 'x' is not supported by
// almanac", after its arguments are skipped, whether or not the IDL declares
// it. Clients treat UNKNOWN_METHOD as "fall back to an older call", which is
// the point; an empty success would be a lie. Each served call is counted in
// MethodCounters under its method name (fb303 getCounters).
//
// Thread safety: like the generated processor, one per connection.
#ifndef ALMANAC_THRIFT_HMS_PROCESSOR_H_
#define ALMANAC_THRIFT_HMS_PROCESSOR_H_

#include <memory>
#include <string>

#include "ThriftHiveMetastore.h"
#include "thrift/method_counters.h"

namespace almanac::hms {

class HmsProcessor : public ThriftHiveMetastoreProcessor {
 public:
  // `counters` (not owned, may be null) must outlive the processor.
  HmsProcessor(std::shared_ptr<ThriftHiveMetastoreIf> handler, MethodCounters* counters)
      : ThriftHiveMetastoreProcessor(std::move(handler)), counters_(counters) {}

 protected:
  bool dispatchCall(apache::thrift::protocol::TProtocol* iprot,
                    apache::thrift::protocol::TProtocol* oprot, const std::string& fname,
                    int32_t seqid, void* callContext) override;

 private:
  MethodCounters* counters_;
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_HMS_PROCESSOR_H_
