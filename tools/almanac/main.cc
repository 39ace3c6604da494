// almanac: the one binary. `almanac serve` runs the catalog server;
// `almanac migrate` inspects or applies schema migrations; `almanac db|table|
// partition ...` administer a running server over gRPC; `almanac auth ...`
// makes credentials.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tools/almanac/cli_support.h"
#include "tools/almanac/commands.h"

int main(int argc, char** argv) {
  using namespace almanac::tools;
  CLI::App app("Almanac: a self-hosted metadata catalog, wire-compatible with the Hive Metastore",
               "almanac");
  app.require_subcommand(1);
  // Lets global flags follow the subcommand: `almanac db ls --json`.
  app.fallthrough();
  app.footer(std::string(ExitCodeHelp()));

  // CLI11 reads configuration files at the top level only; `almanac serve
  // --config FILE` still works because global options may follow the
  // subcommand. The file's [serve] section holds serve's options.
  app.set_config("--config", "", "Read options from a TOML file (see almanac serve --help)");

  ClientOptions client;
  const char* env_server = std::getenv("ALMANAC_SERVER");
  client.server = env_server != nullptr && env_server[0] != '\0' ? env_server : "127.0.0.1:9084";
  app.add_option("--server", client.server, "Server address HOST:PORT for the admin verbs")
      ->capture_default_str();
  app.add_flag("--json", client.json, "Print JSON for scripts instead of tables");
  app.add_option("--timeout", client.timeout_seconds, "Seconds to wait for each call")
      ->capture_default_str();
  app.add_option("--token-file", client.token_file,
                 "File whose first (non-comment) line is the bearer token for a server run with "
                 "--grpc-auth token (default: $ALMANAC_TOKEN)");
  app.add_flag("--tls", client.tls,
               "Connect with TLS, verifying the server against the system's root certificates");
  app.add_option("--tls-ca", client.tls_ca,
                 "Connect with TLS, verifying the server against these CA certificates (PEM)");
  app.add_option("--tls-cert", client.tls_cert,
                 "Client certificate (PEM) for a server that requires mutual TLS; implies TLS");
  app.add_option("--tls-key", client.tls_key, "The private key (PEM) of --tls-cert");

  int exit_code = kExitOk;
  RegisterServeCommand(&app, &exit_code);
  RegisterMigrateCommand(&app, &client, &exit_code);
  RegisterDatabaseCommands(&app, &client, &exit_code);
  RegisterTableCommands(&app, &client, &exit_code);
  RegisterPartitionCommands(&app, &client, &exit_code);
  RegisterPolicyCommands(&app, &client, &exit_code);
  RegisterRegistryCommands(&app, &client, &exit_code);
  RegisterCrawlerCommands(&app, &client, &exit_code);
  RegisterClassifierCommands(&app, &client, &exit_code);
  RegisterAuthCommands(&app, &client, &exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "almanac: %s (see almanac --help)\n", e.what());
    return kExitUsage;
  }
  return exit_code;
}
