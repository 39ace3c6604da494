#include "thrift/hms_processor.h"

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TBinaryProtocol.h>

#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "thrift/partition_encoder.h"
#include "thrift/served_methods.h"

namespace almanac::hms {
namespace {

using apache::thrift::TApplicationException;
using apache::thrift::protocol::TProtocol;

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
// Result{success = ToThrift(...)}. Partitions are encoded as they arrive and
// the reply is written once the call has succeeded; a declared exception is
// written through Result itself, anything else as a TApplicationException,
// as the generated code does.
template <typename Result>
void ReplyWithPartitions(TProtocol* oprot, const char* name, const char* result_name,
                         int32_t seqid,
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
  oprot->writeStructBegin(result_name);
  oprot->writeFieldBegin("success", apache::thrift::protocol::T_LIST, 0);
  oprot->writeListBegin(apache::thrift::protocol::T_STRUCT, count);
  for (const std::string& slice : slices) {
    oprot->getTransport()->write(reinterpret_cast<const uint8_t*>(slice.data()),
                                 static_cast<uint32_t>(slice.size()));
  }
  oprot->writeListEnd();
  oprot->writeFieldEnd();
  oprot->writeFieldStop();
  oprot->writeStructEnd();
  WriteEnvelopeEnd(oprot);
}

template <typename Args>
Args ReadArgs(TProtocol* iprot) {
  Args args;
  args.read(iprot);
  iprot->readMessageEnd();
  iprot->getTransport()->readEnd();
  return args;
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
  if (fname == "get_partitions") {
    auto args = ReadArgs<ThriftHiveMetastore_get_partitions_args>(iprot);
    ReplyWithPartitions<ThriftHiveMetastore_get_partitions_result>(
        oprot, "get_partitions", "ThriftHiveMetastore_get_partitions_result", seqid,
        [&](const HmsHandler::PartitionSink& sink) {
          handler_->VisitPartitionsOf(args.db_name, args.tbl_name, {}, args.max_parts, sink);
        });
    return true;
  }
  if (fname == "get_partitions_by_filter") {
    auto args = ReadArgs<ThriftHiveMetastore_get_partitions_by_filter_args>(iprot);
    ReplyWithPartitions<ThriftHiveMetastore_get_partitions_by_filter_result>(
        oprot, "get_partitions_by_filter", "ThriftHiveMetastore_get_partitions_by_filter_result",
        seqid, [&](const HmsHandler::PartitionSink& sink) {
          handler_->VisitPartitionsByFilter(args.db_name, args.tbl_name, args.filter,
                                            args.max_parts, sink);
        });
    return true;
  }
  if (fname == "get_partitions_by_names") {
    auto args = ReadArgs<ThriftHiveMetastore_get_partitions_by_names_args>(iprot);
    ReplyWithPartitions<ThriftHiveMetastore_get_partitions_by_names_result>(
        oprot, "get_partitions_by_names", "ThriftHiveMetastore_get_partitions_by_names_result",
        seqid, [&](const HmsHandler::PartitionSink& sink) {
          for (model::Partition& p :
               handler_->PartitionsByNames(args.db_name, args.tbl_name, args.names)) {
            sink(std::move(p));
          }
        });
    return true;
  }
  return false;
}

bool HmsProcessor::dispatchCall(TProtocol* iprot, TProtocol* oprot, const std::string& fname,
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
