#include "tools/almanac/thrift_front_end.h"

#include <utility>

#include "common/status_macros.h"
#include "thrift/metastore_uuid.h"

namespace almanac::tools {
namespace {

LogLevel ToLogLevel(hms::HmsLogLevel level) {
  switch (level) {
    case hms::HmsLogLevel::kDebug:
      return LogLevel::kDebug;
    case hms::HmsLogLevel::kInfo:
      return LogLevel::kInfo;
    case hms::HmsLogLevel::kWarning:
      return LogLevel::kWarning;
    case hms::HmsLogLevel::kError:
      return LogLevel::kError;
  }
  return LogLevel::kInfo;
}

}  // namespace

ThriftFrontEnd::ThriftFrontEnd(ThriftFrontEndOptions options, Logger* logger)
    : options_(std::move(options)), logger_(logger) {}

absl::Status ThriftFrontEnd::Start(service::CatalogService* service) {
  hms::HmsServerOptions options;
  options.listen_address = options_.listen_address;
  options.max_message_bytes = options_.max_message_bytes;
  options.authentication = options_.authentication;
  options.verify_password = options_.verify_password;
  options.anonymous_user = options_.anonymous_user;
  options.tls_cert_file = options_.tls_cert_file;
  options.tls_key_file = options_.tls_key_file;
  ASSIGN_OR_RETURN(options.metastore_uuid, hms::LoadOrCreateMetastoreUuid(options_.data_dir));
  Logger* logger = logger_;
  options.log_debug = logger->enabled(LogLevel::kDebug);
  options.log = [logger](hms::HmsLogLevel level, std::string_view event,
                         const hms::HmsLogFields& fields) {
    if (!logger->enabled(ToLogLevel(level))) return;
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["front_end"] = "thrift";
    for (const auto& [key, value] : fields) j[key] = value;
    logger->Log(ToLogLevel(level), event, j);
  };
  ASSIGN_OR_RETURN(server_, hms::HmsServer::Start(service, std::move(options)));
  return absl::OkStatus();
}

std::string ThriftFrontEnd::listen_address() const {
  return server_ ? server_->listen_address() : options_.listen_address;
}

int ThriftFrontEnd::port() const { return server_ ? server_->port() : 0; }

void ThriftFrontEnd::Shutdown(absl::Time deadline) {
  if (server_) server_->Shutdown(deadline);
}

}  // namespace almanac::tools
