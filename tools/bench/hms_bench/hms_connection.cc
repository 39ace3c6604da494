#include "tools/bench/hms_bench/hms_connection.h"

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>
#include <thrift/transport/TTransportException.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace almanac::bench::hms {

using apache::thrift::TApplicationException;
using apache::thrift::TException;
using apache::thrift::protocol::TBinaryProtocol;
using apache::thrift::transport::TBufferedTransport;
using apache::thrift::transport::TSocket;
using apache::thrift::transport::TTransportException;

absl::StatusOr<HostPort> ParseMetastoreUri(const std::string& uri) {
  absl::string_view rest = uri;
  absl::ConsumePrefix(&rest, "thrift://");
  size_t colon = rest.rfind(':');
  HostPort out;
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(rest.substr(colon + 1), &out.port) || out.port <= 0 ||
      out.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metastore uri '", uri, "' is not thrift://host:port"));
  }
  out.host = std::string(rest.substr(0, colon));
  return out;
}

absl::StatusOr<std::unique_ptr<HmsConnection>> HmsConnection::Open(const HostPort& address) {
  std::unique_ptr<HmsConnection> connection(new HmsConnection());
  auto socket = std::make_shared<TSocket>(address.host, address.port);
  // The Java metastore's 10,000-partition calls take tens of seconds.
  socket->setRecvTimeout(600'000);
  socket->setSendTimeout(600'000);
  // 64 KiB buffers: with Thrift's default of 512 bytes, reading a 1,000-partition
  // reply took over a thousand recv calls, and the client, not the server, was
  // most of what getPartitions.1000 measured (BENCHMARKS.md, session 3).
  constexpr uint32_t kBufferBytes = 64 * 1024;
  connection->transport_ = std::make_shared<TBufferedTransport>(socket, kBufferBytes, kBufferBytes);
  auto protocol = std::make_shared<TBinaryProtocol>(connection->transport_);
  connection->client_ = std::make_unique<almanac::hms::ThriftHiveMetastoreClient>(protocol);
  try {
    connection->transport_->open();
  } catch (const TException& e) {
    return absl::UnavailableError(absl::StrCat("metastore ", address.host, ":", address.port,
                                               " unreachable: ", e.what()));
  }
  return connection;
}

HmsConnection::~HmsConnection() {
  try {
    if (transport_ != nullptr) transport_->close();
  } catch (const TException&) {
    // Closing a broken socket: nothing left to do.
  }
}

absl::Status HmsConnection::ExceptionToStatus(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const TApplicationException& ex) {
    if (ex.getType() == TApplicationException::UNKNOWN_METHOD) {
      return absl::UnimplementedError(absl::StrCat("unsupported: ", ex.what()));
    }
    return absl::InternalError(absl::StrCat("application error: ", ex.what()));
  } catch (const almanac::hms::NoSuchObjectException& ex) {
    return absl::NotFoundError(ex.message);
  } catch (const almanac::hms::AlreadyExistsException& ex) {
    return absl::AlreadyExistsError(ex.message);
  } catch (const almanac::hms::InvalidObjectException& ex) {
    return absl::InvalidArgumentError(ex.message);
  } catch (const almanac::hms::InvalidOperationException& ex) {
    return absl::FailedPreconditionError(ex.message);
  } catch (const almanac::hms::MetaException& ex) {
    return absl::InternalError(absl::StrCat("meta exception: ", ex.message));
  } catch (const TTransportException& ex) {
    return absl::UnavailableError(absl::StrCat("transport: ", ex.what()));
  } catch (const std::exception& ex) {
    return absl::InternalError(ex.what());
  } catch (...) {
    return absl::InternalError("unknown exception");
  }
}

}  // namespace almanac::bench::hms
