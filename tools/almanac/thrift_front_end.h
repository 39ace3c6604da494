// ThriftFrontEnd: the FrontEnd serving the Hive Metastore Thrift protocol
// (hms::HmsServer) on --thrift-listen, default 127.0.0.1:9083, optionally
// with SASL PLAIN (--thrift-auth plain) and TLS. Its log lines go to the
// server's Logger; the metastore UUID is kept in the data directory.
// Thread safety: as FrontEnd.
#ifndef ALMANAC_TOOLS_ALMANAC_THRIFT_FRONT_END_H_
#define ALMANAC_TOOLS_ALMANAC_THRIFT_FRONT_END_H_

#include <cstdint>
#include <memory>
#include <string>

#include "thrift/hms_server.h"
#include "tools/almanac/front_end.h"
#include "tools/almanac/log.h"

namespace almanac::tools {

struct ThriftFrontEndOptions {
  std::string listen_address = "127.0.0.1:9083";
  int64_t max_message_bytes = 100 * 1024 * 1024;
  std::string data_dir;  // holds the metastore_uuid file
  // As hms::HmsServerOptions: kPlain needs verify_password (thread-safe).
  hms::HmsAuthentication authentication = hms::HmsAuthentication::kNone;
  hms::PasswordVerifier verify_password;
  std::string anonymous_user = "anonymous";
  std::string tls_cert_file;  // both or neither
  std::string tls_key_file;
};

class ThriftFrontEnd final : public FrontEnd {
 public:
  // `logger` is not owned and must outlive the front end.
  ThriftFrontEnd(ThriftFrontEndOptions options, Logger* logger);

  std::string_view name() const override { return "thrift"; }
  absl::Status Start(service::CatalogService* service) override;
  std::string listen_address() const override;
  int port() const override;
  bool authenticates() const override {
    return options_.authentication != hms::HmsAuthentication::kNone;
  }
  void Shutdown(absl::Time deadline) override;

 private:
  const ThriftFrontEndOptions options_;
  Logger* const logger_;
  std::unique_ptr<hms::HmsServer> server_;
};

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_THRIFT_FRONT_END_H_
