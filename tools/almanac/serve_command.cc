// `almanac serve`: opens the catalog, starts the front ends, waits for
// SIGTERM or SIGINT, then shuts down cleanly and exits 0.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/almanac/commands.h"
#include "tools/almanac/grpc_front_end.h"
#include "tools/almanac/log.h"
#include "tools/almanac/password_file.h"
#include "tools/almanac/server.h"
#include "tools/almanac/thrift_front_end.h"

namespace almanac::tools {
namespace {

struct ServeFlags {
  std::string data_dir;
  std::string grpc_listen = "127.0.0.1:9084";
  std::string thrift_listen = "127.0.0.1:9083";
  int64_t thrift_max_message_bytes = 100 * 1024 * 1024;
  std::string warehouse;
  std::string log_format = "json";
  std::string log_level = "info";
  double shutdown_timeout_seconds = 10;
  int64_t lock_timeout_seconds = 300;
  int64_t notification_ttl_seconds = 86400;
  int64_t key_columns_memory_mb = 256;
  int64_t max_versions_per_table = 100000;
  int64_t dropped_history_retention_seconds = 30 * 86400;
  std::string region = model::kDefaultRegion;
  std::string account = model::kDefaultAccount;
  bool lockdown = false;
  std::string audit_log;
  bool enforce_policies = false;
  std::vector<std::string> admins;
  bool audit_reads = false;
  std::string thrift_auth = "none";
  std::string password_file;
  std::string anonymous_user = "anonymous";
  std::string thrift_tls_cert;
  std::string thrift_tls_key;
  std::string grpc_auth = "none";
  std::string grpc_token_file;
  std::string grpc_tls_cert;
  std::string grpc_tls_key;
  std::string grpc_tls_client_ca;
  bool allow_unauthenticated_remote = false;
  std::string s3_connections_file;
};

constexpr char kServeFooter[] =
    "Configuration file (--config FILE): TOML; under a [serve] section, one\n"
    "`key = value` per line using the long option names without dashes;\n"
    "command-line flags win. Example:\n"
    "\n"
    "  [serve]\n"
    "  data-dir = \"/srv/almanac\"\n"
    "  grpc-listen = \"0.0.0.0:9084\"\n"
    "  grpc-auth = \"token\"\n"
    "  grpc-token-file = \"/etc/almanac/tokens\"\n"
    "  grpc-tls-cert = \"/etc/almanac/server.pem\"\n"
    "  grpc-tls-key = \"/etc/almanac/server.key\"\n"
    "  warehouse = \"s3a://lake/warehouse\"\n"
    "  log-format = \"text\"\n"
    "\n"
    "Logs: one line per event on stdout (JSON lines by default: ts, level, event,\n"
    "fields). The \"listening\" event carries the bound address and port (useful with\n"
    "port 0). SIGTERM or SIGINT stop the server: it stops accepting, lets in-flight\n"
    "calls finish for --shutdown-timeout seconds, closes the catalog and exits 0.\n"
    "\n"
    "gRPC security: --grpc-tls-cert/--grpc-tls-key serve TLS; --grpc-auth token\n"
    "requires `authorization: Bearer TOKEN` on every call (tokens from\n"
    "--grpc-token-file); --grpc-auth mtls requires a client certificate from\n"
    "--grpc-tls-client-ca and names the caller by its subject CN. With token and a\n"
    "client CA, a client needs both and the token names it. Health checks and\n"
    "reflection need no credential. A front end without authentication listens on\n"
    "loopback only, unless --allow-unauthenticated-remote.";

int RunServe(const ServeFlags& flags) {
  std::optional<LogFormat> format = ParseLogFormat(flags.log_format);
  std::optional<LogLevel> level = ParseLogLevel(flags.log_level);
  if (!format.has_value() || !level.has_value()) {
    return ReportError(UsageError("--log-format must be json or text and --log-level one of "
                                  "debug, info, warn, error"));
  }
  const bool plain = flags.thrift_auth == "plain";
  if (plain && flags.password_file.empty()) {
    return ReportError(UsageError("--thrift-auth plain needs --password-file"));
  }
  if (!plain && !flags.password_file.empty()) {
    return ReportError(UsageError("--password-file is used only with --thrift-auth plain"));
  }
  if (flags.thrift_tls_cert.empty() != flags.thrift_tls_key.empty()) {
    return ReportError(UsageError("--thrift-tls-cert and --thrift-tls-key go together"));
  }
  const GrpcFrontEndOptions grpc_options{
      .listen_address = flags.grpc_listen,
      .auth = ParseGrpcAuthMode(flags.grpc_auth).value_or(proto::GrpcAuthMode::kNone),
      .token_file = flags.grpc_token_file,
      .tls_cert = flags.grpc_tls_cert,
      .tls_key = flags.grpc_tls_key,
      .tls_client_ca = flags.grpc_tls_client_ca};
  if (absl::Status status = CheckGrpcFrontEndOptions(grpc_options); !status.ok()) {
    return ReportError(status);
  }
  // Block the stop signals before any thread exists so that every thread
  // (gRPC's, SQLite's) inherits the mask and sigwait() below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Logger logger(stdout, *format, *level);
  ServerOptions options{.data_dir = flags.data_dir.empty() ? DefaultDataDir() : flags.data_dir,
                        .warehouse = flags.warehouse,
                        .lock_timeout_seconds = flags.lock_timeout_seconds,
                        .notification_ttl_seconds = flags.notification_ttl_seconds,
                        .key_columns_memory_mb = flags.key_columns_memory_mb,
                        .max_versions_per_table = flags.max_versions_per_table,
                        .dropped_history_retention_seconds =
                            flags.dropped_history_retention_seconds,
                        .region = flags.region,
                        .account = flags.account,
                        .lockdown = flags.lockdown,
                        .audit_log = flags.audit_log,
                        .enforce_policies = flags.enforce_policies,
                        .admins = flags.admins,
                        .audit_reads = flags.audit_reads,
                        .allow_unauthenticated_remote = flags.allow_unauthenticated_remote,
                        .s3_connections_file = flags.s3_connections_file};
  logger.Log(LogLevel::kInfo, "starting",
             {{"pid", static_cast<int64_t>(getpid())}, {"data_dir", options.data_dir}});

  ThriftFrontEndOptions thrift{.listen_address = flags.thrift_listen,
                               .max_message_bytes = flags.thrift_max_message_bytes,
                               .data_dir = options.data_dir,
                               .anonymous_user = flags.anonymous_user,
                               .tls_cert_file = flags.thrift_tls_cert,
                               .tls_key_file = flags.thrift_tls_key};
  std::vector<std::pair<std::string, std::vector<std::string>>> known_users;
  if (plain) {
    absl::StatusOr<std::unique_ptr<PasswordFile>> passwords =
        PasswordFile::Load(flags.password_file);
    if (!passwords.ok()) {
      logger.Log(LogLevel::kError, "start_failed",
                 {{"message", std::string(passwords.status().message())}});
      return ReportError(passwords.status());
    }
    std::shared_ptr<PasswordFile> shared_passwords = *std::move(passwords);
    logger.Log(LogLevel::kInfo, "password_file_loaded",
               {{"path", flags.password_file},
                {"users", static_cast<int64_t>(shared_passwords->size())}});
    // Hashes are slow to attack, not impossible: the file should be private.
    struct stat st {};
    if (stat(flags.password_file.c_str(), &st) == 0 && (st.st_mode & S_IROTH) != 0) {
      logger.Log(LogLevel::kWarning, "password_file_world_readable",
                 {{"path", flags.password_file},
                  {"reason", "every local user can read the password hashes (chmod o-r)"}});
    }
    known_users = shared_passwords->Users();
    thrift.authentication = hms::HmsAuthentication::kPlain;
    thrift.verify_password = [shared_passwords](std::string_view user,
                                                 std::string_view password) {
      return shared_passwords->Verify(user, password);
    };
  }

  absl::StatusOr<std::unique_ptr<Server>> server = Server::Open(options, &logger);
  if (!server.ok()) {
    logger.Log(LogLevel::kError, "start_failed",
               {{"message", std::string(server.status().message())}});
    return ReportError(server.status());
  }
  // Password-file users are known principals for `almanac policy who-can`.
  (*server)->catalog()->policies().authorizer().AddKnownPrincipals(std::move(known_users));
  (*server)->AddFrontEnd(std::make_unique<GrpcFrontEnd>(grpc_options, &logger));
  (*server)->AddFrontEnd(std::make_unique<ThriftFrontEnd>(std::move(thrift), &logger));
  if (absl::Status status = (*server)->Start(); !status.ok()) {
    logger.Log(LogLevel::kError, "start_failed", {{"message", std::string(status.message())}});
    return ReportError(status);
  }
  logger.Log(LogLevel::kInfo, "ready");

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  logger.Log(LogLevel::kInfo, "shutdown",
             {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"},
              {"timeout_seconds", flags.shutdown_timeout_seconds}});
  (*server)->Shutdown(absl::Now() + absl::Seconds(flags.shutdown_timeout_seconds));
  server->reset();
  logger.Log(LogLevel::kInfo, "stopped");
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App* app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app->add_subcommand("serve", "Run the catalog server");
  serve->add_option("--data-dir", flags->data_dir,
                    absl::StrCat("Directory holding catalog.db (created if missing; default ",
                                 DefaultDataDir(), ")"));
  serve->add_option("--grpc-listen", flags->grpc_listen, "gRPC listen address HOST:PORT (0: any free port)")
      ->capture_default_str();
  serve->add_option("--thrift-listen", flags->thrift_listen,
                    "Hive Metastore (Thrift) listen address HOST:PORT (0: any free port)")
      ->capture_default_str();
  serve->add_option("--thrift-max-message-bytes", flags->thrift_max_message_bytes,
                    "Largest Thrift message or frame accepted; larger ones close the connection")
      ->capture_default_str();
  serve->add_option("--warehouse", flags->warehouse,
                    "Root for default database locations (default file:<data-dir>/warehouse)");
  serve->add_option("--log-format", flags->log_format, "json or text")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "text"}));
  serve->add_option("--log-level", flags->log_level, "debug (logs every RPC), info, warn, error")
      ->capture_default_str()
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  serve->add_option("--shutdown-timeout", flags->shutdown_timeout_seconds,
                    "Seconds in-flight calls get to finish on SIGTERM/SIGINT")
      ->capture_default_str();
  serve->add_option("--lock-timeout-seconds", flags->lock_timeout_seconds,
                    "Hive Metastore locks not heartbeaten for this long are released "
                    "(as hive.txn.timeout)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve->add_option("--notification-ttl-seconds", flags->notification_ttl_seconds,
                    "Hive notification events older than this are deleted, checked every "
                    "minute (as hive.metastore.event.db.listener.timetolive); 0 keeps them")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--key-columns-memory-mb", flags->key_columns_memory_mb,
                    "Memory for the partition names and typed keys of tables over 10,000 "
                    "partitions, shared by all connections, so that filters no index bounds "
                    "(a key that is not leading) are evaluated without reading the rows; "
                    "0 keeps none (at most 2048)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{2048}));
  serve->add_option("--max-versions-per-table", flags->max_versions_per_table,
                    "Table versions kept per table; each change beyond it deletes the oldest "
                    "(Glue's quota); 0 keeps every version")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--dropped-history-retention-seconds",
                    flags->dropped_history_retention_seconds,
                    "A dropped table's history (what `table undrop` restores) is deleted this "
                    "long after the drop, checked every minute; 0 keeps it until "
                    "`table purge-history`")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--region", flags->region,
                    "Region in the Glue-style resource ARNs calls are authorized on")
      ->capture_default_str();
  serve->add_option("--account", flags->account,
                    "Account id in the Glue-style resource ARNs calls are authorized on")
      ->capture_default_str();
  serve->add_flag("--lockdown", flags->lockdown,
                  "Refuse every call on both front ends (access denied) without stopping the "
                  "server; its own maintenance still runs");
  serve->add_option("--audit-log", flags->audit_log,
                    "Append every authorization decision and write outcome to this file as "
                    "JSON lines");
  serve->add_flag("--enforce-policies", flags->enforce_policies,
                  "Decide every call of every front end by the stored resource and identity "
                  "policies (default deny; see `almanac policy`)");
  serve->add_option("--admin", flags->admins,
                    "An administrator (user/NAME, group/NAME or role/NAME; repeatable): may always "
                    "manage policies and read the audit trail unless a policy explicitly denies "
                    "it; --enforce-policies needs one");
  serve->add_flag("--audit-reads", flags->audit_reads,
                  "Record allowed reads in the audit trail too (changes, denials and errors "
                  "always are); under load read records may be dropped, never the others");
  serve->add_option("--thrift-auth", flags->thrift_auth,
                    "Hive Metastore authentication: none (clients are who set_ugi says, else "
                    "--anonymous-user) or plain (SASL PLAIN against --password-file, as Hive 4 "
                    "clients send with metastore.client.auth.mode=PLAIN)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "plain"}));
  serve->add_option("--password-file", flags->password_file,
                    "Users for --thrift-auth plain: NAME:ARGON2ID-HASH[:GROUP,...] per line "
                    "(make lines with `almanac auth hash-password`)");
  serve->add_option("--anonymous-user", flags->anonymous_user,
                    "Principal of a Thrift connection that neither authenticated nor called "
                    "set_ugi")
      ->capture_default_str();
  serve->add_option("--thrift-tls-cert", flags->thrift_tls_cert,
                    "PEM certificate (chain) for TLS on the Thrift port (with --thrift-tls-key; "
                    "Hive clients: metastore.use.SSL=true and a truststore)");
  serve->add_option("--thrift-tls-key", flags->thrift_tls_key,
                    "PEM private key for --thrift-tls-cert");
  serve->add_flag("--allow-unauthenticated-remote", flags->allow_unauthenticated_remote,
                  "Let a front end without authentication listen on a non-loopback address "
                  "(any client may then claim any identity); refused without it");
  serve->add_option("--s3-connections-file", flags->s3_connections_file,
                    "Named S3 connections for crawler targets, in the AWS shared-config "
                    "shape ([NAME] sections: endpoint_url, region, aws_access_key_id, "
                    "aws_secret_access_key, aws_session_token, addressing_style); [default] "
                    "serves s3:// targets that name no connection");
  serve->add_option("--grpc-auth", flags->grpc_auth,
                    "How gRPC callers are identified: none (their x-almanac-principal header, "
                    "unverified), token (a bearer token from --grpc-token-file), mtls (the "
                    "subject CN of a client certificate verified by --grpc-tls-client-ca)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "token", "mtls"}));
  serve->add_option("--grpc-token-file,--token-file", flags->grpc_token_file,
                    "Bearer tokens for --grpc-auth token, one SHA256HEX:PRINCIPAL[:GROUPS]"
                    "[:expires=RFC3339] per line (see `almanac auth new-token`); read at start");
  serve->add_option("--grpc-tls-cert", flags->grpc_tls_cert,
                    "Serve gRPC over TLS with this certificate chain (PEM; with --grpc-tls-key)");
  serve->add_option("--grpc-tls-key", flags->grpc_tls_key,
                    "The private key (PEM) of --grpc-tls-cert");
  serve->add_option("--grpc-tls-client-ca", flags->grpc_tls_client_ca,
                    "Mutual TLS: refuse at the handshake any gRPC client without a valid "
                    "certificate issued by these CAs (PEM); needs --grpc-auth mtls or token");
  serve->footer(kServeFooter);
  serve->callback([flags, exit_code] { *exit_code = RunServe(*flags); });
}

}  // namespace almanac::tools
