#include "thrift/hms_processor.h"

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TBinaryProtocol.h>

#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "thrift/exception_convert.h"
#include "thrift/partition_encoder.h"
#include "thrift/served_methods.h"

namespace almanac::hms {
namespace {

using apache::thrift::TApplicationException;
using apache::thrift::protocol::TProtocol;

// A method name in a log line: the client chooses it, so it is cut short.
constexpr size_t kMaxLoggedMethod = 100;

// Stores exception `e` in whichever of the result's declared exception
// fields has its type; false when none has (the call did not declare it).
template <typename Result, typename E>
bool Declare(Result& result, const E& e) {
  if constexpr (std::is_same_v<decltype(result.o1), E>) {
    result.o1 = e;
    result.__isset.o1 = true;
    return true;
  } else if constexpr (std::is_same_v<decltype(result.o2), E>) {
    result.o2 = e;
    result.__isset.o2 = true;
    return true;
  } else if constexpr (requires { result.o3; }) {
    if constexpr (std::is_same_v<decltype(result.o3), E>) {
      result.o3 = e;
      result.__isset.o3 = true;
      return true;
    }
  }
  return false;
}

void WriteEnvelopeEnd(TProtocol* oprot) {
  oprot->writeMessageEnd();
  oprot->getTransport()->writeEnd();
  oprot->getTransport()->flush();
}

// Runs `produce`, which hands partitions to its sink, and writes them as the
// reply to `name`, byte for byte as the generated process_<name> writes
// Result{success = ToThrift(...)}; `wrapped`: success is a response struct
// whose only set field is `1: list<Partition> partitions` (the _req forms). Partitions are encoded as they arrive and
// the reply is written once the call has succeeded; a declared exception is
// written through Result itself, anything else as a TApplicationException,
// as the generated code does.
template <typename Result>
void ReplyWithPartitions(TProtocol* oprot, const char* name, bool wrapped, int32_t seqid,
                         const std::function<void(const HmsHandler::PartitionSink&)>& produce) {
  using apache::thrift::protocol::T_EXCEPTION;
  using apache::thrift::protocol::T_REPLY;
  BinaryPartitionEncoder encoder;
  // Slices of about kSliceBytes rather than one growing string, whose
  // reallocations copied the reply over and over.
  constexpr size_t kSliceBytes = 64 * 1024;
  std::vector<std::string> slices(1);
  slices.back().reserve(kSliceBytes + kSliceBytes / 4);
  uint32_t count = 0;
  Result failure;
  bool failed = false;
  std::string undeclared;  // what() of an exception the call does not declare
  try {
    produce([&](model::Partition&& p) {
      if (slices.back().size() >= kSliceBytes) {
        slices.emplace_back().reserve(kSliceBytes + kSliceBytes / 4);
      }
      encoder.Append(p, &slices.back());
      ++count;
    });
  } catch (const NoSuchObjectException& e) {
    failed = Declare(failure, e);
    if (!failed) undeclared = e.what();
  } catch (const MetaException& e) {
    failed = Declare(failure, e);
    if (!failed) undeclared = e.what();
  } catch (const InvalidObjectException& e) {
    failed = Declare(failure, e);
    if (!failed) undeclared = e.what();
  } catch (const std::exception& e) {
    undeclared = e.what();
    if (undeclared.empty()) undeclared = "internal error";
  }
  if (!undeclared.empty()) {
    TApplicationException x(undeclared);
    oprot->writeMessageBegin(name, T_EXCEPTION, seqid);
    x.write(oprot);
    WriteEnvelopeEnd(oprot);
    return;
  }
  oprot->writeMessageBegin(name, T_REPLY, seqid);
  if (failed) {
    failure.write(oprot);
    WriteEnvelopeEnd(oprot);
    return;
  }
  using apache::thrift::protocol::T_LIST;
  using apache::thrift::protocol::T_STRUCT;
  // Struct names are not on the wire in the binary protocol.
  oprot->writeStructBegin("result");
  if (wrapped) {
    oprot->writeFieldBegin("success", T_STRUCT, 0);
    oprot->writeStructBegin("response");
    oprot->writeFieldBegin("partitions", T_LIST, 1);
  } else {
    oprot->writeFieldBegin("success", T_LIST, 0);
  }
  oprot->writeListBegin(T_STRUCT, count);
  for (const std::string& slice : slices) {
    oprot->getTransport()->write(reinterpret_cast<const uint8_t*>(slice.data()),
                                 static_cast<uint32_t>(slice.size()));
  }
  oprot->writeListEnd();
  oprot->writeFieldEnd();
  if (wrapped) {
    oprot->writeFieldStop();
    oprot->writeStructEnd();
    oprot->writeFieldEnd();
  }
  oprot->writeFieldStop();
  oprot->writeStructEnd();
  WriteEnvelopeEnd(oprot);
}

// Reads the arguments of call `name` and replies with the partitions
// `produce` hands to its sink (see ReplyWithPartitions).
template <typename Args, typename Result>
void Serve(TProtocol* iprot, TProtocol* oprot, int32_t seqid, const char* name, bool wrapped,
           const std::function<void(const Args&, const HmsHandler::PartitionSink&)>& produce) {
  Args args;
  args.read(iprot);
  iprot->readMessageEnd();
  iprot->getTransport()->readEnd();
  ReplyWithPartitions<Result>(oprot, name, wrapped, seqid,
                              [&](const HmsHandler::PartitionSink& sink) { produce(args, sink); });
}

}  // namespace

bool HmsProcessor::ServeEncodedPartitions(TProtocol* iprot, TProtocol* oprot,
                                          const std::string& fname, int32_t seqid) {
  // The generated objects and this encoder agree byte for byte only on the
  // binary protocol (see partition_encoder.h).
  if (dynamic_cast<apache::thrift::protocol::TBinaryProtocolT<
          apache::thrift::transport::TTransport>*>(oprot) == nullptr) {
    return false;
  }
  using Sink = HmsHandler::PartitionSink;
  HmsHandler& h = *handler_;
  // Each call as its handler method answers it (hms_handler_partitions.cc).
#define ALMANAC_ENCODED(method, wrapped, body)                                                  \
  if (fname == #method) {                                                                       \
    Serve<ThriftHiveMetastore_##method##_args, ThriftHiveMetastore_##method##_result>(          \
        iprot, oprot, seqid, #method, wrapped,                                                  \
        [&](const ThriftHiveMetastore_##method##_args& a, const Sink& sink) { body; });          \
    return true;                                                                                \
  }
  ALMANAC_ENCODED(get_partitions, false,
                  h.VisitPartitionsOf(a.db_name, a.tbl_name, {}, a.max_parts, sink))
  ALMANAC_ENCODED(get_partitions_with_auth, false,
                  h.VisitPartitionsOf(a.db_name, a.tbl_name, {}, a.max_parts, sink))
  ALMANAC_ENCODED(get_partitions_ps, false,
                  h.VisitPartitionsOf(a.db_name, a.tbl_name, a.part_vals, a.max_parts, sink))
  ALMANAC_ENCODED(get_partitions_ps_with_auth, false,
                  h.VisitPartitionsOf(a.db_name, a.tbl_name, a.part_vals, a.max_parts, sink))
  ALMANAC_ENCODED(get_partitions_req, true, h.VisitPartitionsReq(a.req, sink))
  ALMANAC_ENCODED(get_partitions_ps_with_auth_req, true,
                  h.VisitPartitionsPsWithAuthReq(a.req, sink))
  ALMANAC_ENCODED(get_partitions_by_filter, false,
                  h.VisitPartitionsByFilter(a.db_name, a.tbl_name, a.filter, a.max_parts, sink))
  ALMANAC_ENCODED(get_partitions_by_names, false,
                  for (model::Partition& p : h.PartitionsByNames(a.db_name, a.tbl_name, a.names))
                      sink(std::move(p)))
  ALMANAC_ENCODED(get_partitions_by_names_req, true,
                  for (model::Partition& p :
                       h.PartitionsByNames(a.req.db_name, a.req.tbl_name, a.req.names))
                      sink(std::move(p)))
#undef ALMANAC_ENCODED
  return false;
}

bool HmsProcessor::dispatchCall(TProtocol* iprot, TProtocol* oprot, const std::string& fname,
                                int32_t seqid, void* callContext) {
  if (!log_) return Dispatch(iprot, oprot, fname, seqid, callContext);
  ClearLastThrown();
  const absl::Time start = absl::Now();
  auto log_call = [&](const std::optional<ThrownException>& failure) {
    if (!failure && !log_successes_) return;
    HmsLogFields fields = {
        {"method", fname.substr(0, kMaxLoggedMethod)},
        {"peer", peer_},
        {"duration_ms", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(absl::Now() - start))},
        {"outcome", failure ? "error" : "ok"}};
    if (failure) {
      fields.emplace_back("exception", failure->type);
      fields.emplace_back("message", failure->message);
    }
    log_(failure ? HmsLogLevel::kInfo : HmsLogLevel::kDebug, "hms_call", fields);
  };
  bool result;
  try {
    result = Dispatch(iprot, oprot, fname, seqid, callContext);
  } catch (const std::exception& e) {
    // The request could not be read or the reply not written: the connection
    // ends (hms_server.cc logs why); this line says which call it was.
    log_call(ThrownException{"TException", e.what()});
    throw;
  }
  std::optional<ThrownException> failure = TakeLastThrown();
  if (!failure && !IsServed(fname)) {
    failure = ThrownException{"TApplicationException",
                              absl::StrCat("method '", fname.substr(0, kMaxLoggedMethod),
                                           "' is not supported by almanac")};
  }
  log_call(failure);
  return result;
}

bool HmsProcessor::Dispatch(TProtocol* iprot, TProtocol* oprot, const std::string& fname,
                            int32_t seqid, void* callContext) {
  if (IsServed(fname)) {
    // Counted before the call runs, so a call that fails counts too (as in
    // the Java metastore).
    if (counters_ != nullptr) counters_->Count(fname);
    if (ServeEncodedPartitions(iprot, oprot, fname, seqid)) return true;
    return ThriftHiveMetastoreProcessor::dispatchCall(iprot, oprot, fname, seqid, callContext);
  }
  // Read the whole request so the connection stays in step for the next call.
  iprot->skip(apache::thrift::protocol::T_STRUCT);
  iprot->readMessageEnd();
  iprot->getTransport()->readEnd();
  TApplicationException error(TApplicationException::UNKNOWN_METHOD,
                              absl::StrCat("method '", fname, "' is not supported by almanac"));
  oprot->writeMessageBegin(fname, apache::thrift::protocol::T_EXCEPTION, seqid);
  error.write(oprot);
  WriteEnvelopeEnd(oprot);
  return true;
}

}  // namespace almanac::hms
