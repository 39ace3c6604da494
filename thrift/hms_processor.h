// HmsProcessor: the generated ThriftHiveMetastore processor with two changes.
//
// A method that is not served (see served_methods.h) is answered with
// TApplicationException UNKNOWN_METHOD, "method 'x' is not supported by
// almanac", after its arguments are skipped, whether or not the IDL declares
// it. Clients treat UNKNOWN_METHOD as "fall back to an older call", which is
// the point; an empty success would be a lie. Each served call is counted in
// MethodCounters under its method name (fb303 getCounters).
//
// On the binary protocol, the replies of the partition listings
// (get_partitions and its _with_auth, _ps, _ps_with_auth and _req forms,
// get_partitions_ps_with_auth_req, get_partitions_by_filter,
// get_partitions_by_names(_req)) are encoded straight from model partitions
// (partition_encoder.h) instead of through the generated objects: the same
// bytes (hms_processor_test.cc compares them), several times faster for large
// lists. The compact protocol takes the generated path.
//
// Every call is logged through `log` (when set) once it has been answered:
// event "hms_call" with the method, the peer, the duration and the outcome, at
// debug when it succeeded and at info when it failed, then with the exception
// type and its message (messages never carry arguments such as credentials or
// SQL; see exception_convert.h). Methods that are not served count as failed.
//
// Thread safety: like the generated processor, one per connection.
#ifndef ALMANAC_THRIFT_HMS_PROCESSOR_H_
#define ALMANAC_THRIFT_HMS_PROCESSOR_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ThriftHiveMetastore.h"
#include "catalog/model/partition.h"
#include "thrift/hms_handler.h"
#include "thrift/method_counters.h"

namespace almanac::hms {

class HmsProcessor : public ThriftHiveMetastoreProcessor {
 public:
  // `counters` (not owned, may be null) must outlive the processor.
  HmsProcessor(std::shared_ptr<HmsHandler> handler, MethodCounters* counters)
      : ThriftHiveMetastoreProcessor(handler), handler_(std::move(handler)),
        counters_(counters) {}

  // Logs each call through `log` (may be empty: no call lines), naming `peer`;
  // successful calls only when `log_successes` (they are debug lines).
  void set_call_log(HmsLogFn log, std::string peer, bool log_successes = true) {
    log_ = std::move(log);
    peer_ = std::move(peer);
    log_successes_ = log_successes;
  }

 protected:
  bool dispatchCall(apache::thrift::protocol::TProtocol* iprot,
                    apache::thrift::protocol::TProtocol* oprot, const std::string& fname,
                    int32_t seqid, void* callContext) override;

 private:
  // Serves `fname` if it is one of the encoded partition listings on the
  // binary protocol; false (nothing read) otherwise.
  bool ServeEncodedPartitions(apache::thrift::protocol::TProtocol* iprot,
                              apache::thrift::protocol::TProtocol* oprot,
                              const std::string& fname, int32_t seqid);
  bool Dispatch(apache::thrift::protocol::TProtocol* iprot,
                apache::thrift::protocol::TProtocol* oprot, const std::string& fname,
                int32_t seqid, void* callContext);

  std::shared_ptr<HmsHandler> handler_;
  MethodCounters* counters_;
  HmsLogFn log_;
  std::string peer_;
  bool log_successes_ = true;
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_HMS_PROCESSOR_H_
