#include "thrift/hms_processor.h"

#include <thrift/TApplicationException.h>

#include "absl/strings/str_cat.h"
#include "thrift/served_methods.h"

namespace almanac::hms {

bool HmsProcessor::dispatchCall(apache::thrift::protocol::TProtocol* iprot,
                                apache::thrift::protocol::TProtocol* oprot,
                                const std::string& fname, int32_t seqid, void* callContext) {
  if (IsServed(fname)) {
    // Counted before the call runs, so a call that fails counts too (as in
    // the Java metastore).
    if (counters_ != nullptr) counters_->Count(fname);
    return ThriftHiveMetastoreProcessor::dispatchCall(iprot, oprot, fname, seqid, callContext);
  }
  // Read the whole request so the connection stays in step for the next call.
  iprot->skip(apache::thrift::protocol::T_STRUCT);
  iprot->readMessageEnd();
  iprot->getTransport()->readEnd();
  apache::thrift::TApplicationException error(
      apache::thrift::TApplicationException::UNKNOWN_METHOD,
      absl::StrCat("method '", fname, "' is not supported by almanac"));
  oprot->writeMessageBegin(fname, apache::thrift::protocol::T_EXCEPTION, seqid);
  error.write(oprot);
  oprot->writeMessageEnd();
  oprot->getTransport()->writeEnd();
  oprot->getTransport()->flush();
  return true;
}

}  // namespace almanac::hms
