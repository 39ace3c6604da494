// `almanac crawler create|update|ls|show|rm|start|runs|run`: crawler
// definitions and their runs over gRPC. Every verb takes --json. The custom
// classifier verbs are in classifier_commands.cc.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

// The flags of `create` and `update`. `update` sends what `create` would,
// starting from the stored definition: a flag given replaces its field, a
// flag left out keeps it.
struct CrawlerFlags {
  std::string name;
  std::vector<std::string> targets;
  std::vector<std::string> exclusions;
  std::string database;
  std::string table_prefix;
  std::vector<std::string> classifiers;
  std::string principal;
  int64_t sample_size = 0;
  std::string connection;
  bool combine = false;
  double partition_threshold = 0;
  std::string description;
  std::string recrawl_policy, update_behavior, delete_behavior;
  std::string schedule, partition_schema;
  // Whether each flag was given (set by the command's callback).
  bool has_targets = false, has_exclusions = false, has_database = false, has_prefix = false,
       has_classifiers = false, has_principal = false, has_sample_size = false, has_combine = false,
       has_threshold = false, has_description = false, has_recrawl = false, has_update = false,
       has_delete = false, has_schedule = false, has_partition_schema = false,
       has_connection = false;
};

void ApplyFlags(const CrawlerFlags& f, v1::Crawler* c) {
  c->set_name(f.name);
  if (f.has_targets) {
    c->clear_targets();
    for (const std::string& url : f.targets) c->add_targets()->set_url(url);
  }
  // Exclusions and the sample size apply to every target, as the help says.
  for (v1::CrawlerTarget& t : *c->mutable_targets()) {
    if (f.has_exclusions) {
      t.clear_exclusions();
      for (const std::string& g : f.exclusions) t.add_exclusions(g);
    }
    if (f.has_sample_size) t.set_sample_size(f.sample_size);
    if (f.has_connection) t.set_connection_name(f.connection);
  }
  if (f.has_database) c->set_database(f.database);
  if (f.has_prefix) c->set_table_prefix(f.table_prefix);
  if (f.has_classifiers) {
    c->clear_classifiers();
    for (const std::string& name : f.classifiers) c->add_classifiers(name);
  }
  if (f.has_principal) c->set_principal(f.principal);
  if (f.has_combine) c->set_combine_compatible_schemas(f.combine);
  if (f.has_threshold) c->set_partition_threshold(f.partition_threshold);
  if (f.has_description) c->set_description(f.description);
  if (f.has_recrawl) c->set_recrawl_policy(f.recrawl_policy);
  if (f.has_update) c->set_update_behavior(f.update_behavior);
  if (f.has_delete) c->set_delete_behavior(f.delete_behavior);
  if (f.has_schedule) c->set_schedule(f.schedule);
  if (f.has_partition_schema) c->set_partition_schema(f.partition_schema);
}

std::string RunLine(const v1::CrawlRun& r) {
  return absl::StrCat(r.status(), ", ", r.files_seen(), " files, ", r.tables_created(),
                      " tables created, ", r.tables_updated(), " updated, ", r.partitions_added(),
                      " partitions added, ", r.error_count(), " errors");
}

void PrintRun(const v1::CrawlRun& r, size_t max_errors) {
  std::printf("run         %s\ncrawler     %s\nstatus      %s\n", r.id().c_str(),
              r.crawler().c_str(), r.status().c_str());
  std::printf("started     %s\nended       %s\n", FormatTime(r.start_time()).c_str(),
              FormatTime(r.end_time()).c_str());
  if (!r.server().empty()) std::printf("server      %s\n", r.server().c_str());
  std::printf("files seen  %lld (%lld bytes)\n", static_cast<long long>(r.files_seen()),
              static_cast<long long>(r.bytes_seen()));
  std::printf("tables      %lld created, %lld updated, %lld unchanged\n",
              static_cast<long long>(r.tables_created()),
              static_cast<long long>(r.tables_updated()),
              static_cast<long long>(r.tables_unchanged()));
  std::printf("partitions  %lld added\n", static_cast<long long>(r.partitions_added()));
  std::printf("deleted     %lld tables, %lld partitions\n",
              static_cast<long long>(r.tables_deleted()),
              static_cast<long long>(r.partitions_deleted()));
  for (const std::string& n : r.notes()) std::printf("logged      %s\n", n.c_str());
  if (!r.message().empty()) std::printf("message     %s\n", r.message().c_str());
  std::printf("errors      %lld\n", static_cast<long long>(r.error_count()));
  size_t shown = 0;
  for (const v1::CrawlFileError& e : r.errors()) {
    if (shown++ == max_errors) break;
    std::printf("  %s: %s\n", e.path().c_str(), e.message().c_str());
  }
  if (static_cast<int64_t>(shown) < r.error_count()) {
    std::printf("  ... %lld more\n", static_cast<long long>(r.error_count() - shown));
  }
}

void PrintCrawler(const v1::CrawlerInfo& info) {
  const v1::Crawler& c = info.crawler();
  std::printf("crawler        %s\narn            %s\nstate          %s\n", c.name().c_str(),
              c.arn().c_str(), info.state().c_str());
  std::printf("database       %s\ntable prefix   %s\nprincipal      %s\n", c.database().c_str(),
              c.table_prefix().empty() ? "-" : c.table_prefix().c_str(), c.principal().c_str());
  for (const v1::CrawlerTarget& t : c.targets()) {
    std::printf("target         %s (sample size %s; exclude %s%s)\n", t.url().c_str(),
                t.sample_size() == 0 ? "all" : absl::StrCat(t.sample_size()).c_str(),
                t.exclusions().empty() ? "-" : absl::StrJoin(t.exclusions(), ", ").c_str(),
                t.connection_name().empty()
                    ? ""
                    : absl::StrCat("; connection ", t.connection_name()).c_str());
  }
  std::printf("classifiers    %s\n", c.classifiers().empty()
                                         ? "- (built-in only)"
                                         : absl::StrJoin(c.classifiers(), ", ").c_str());
  std::printf("grouping       partition threshold %g%s\n", c.partition_threshold(),
              c.combine_compatible_schemas() ? ", combine compatible schemas" : "");
  std::printf("policies       recrawl %s, schema change %s, deletion %s, partitions %s\n",
              c.recrawl_policy().c_str(), c.update_behavior().c_str(),
              c.delete_behavior().c_str(), c.partition_schema().c_str());
  if (c.schedule().empty()) {
    std::printf("schedule       - (runs when started)\n");
  } else {
    std::printf("schedule       %s, UTC (next run %s)\n", c.schedule().c_str(),
                info.next_scheduled_run() > 0 ? FormatTime(info.next_scheduled_run()).c_str()
                                              : "never: the schedule has ended");
  }
  if (!c.description().empty()) std::printf("description    %s\n", c.description().c_str());
  std::printf("version        %lld\ncreated        %s\nupdated        %s\n",
              static_cast<long long>(c.version()), FormatTime(c.create_time()).c_str(),
              FormatTime(c.update_time()).c_str());
  if (info.has_last_run()) {
    std::printf("\nlast run\n");
    PrintRun(info.last_run(), 10);
  } else {
    std::printf("last run       never\n");
  }
}

absl::StatusOr<v1::CrawlerInfo> GetCrawler(const ClientOptions& o, const std::string& name) {
  v1::GetCrawlerRequest request;
  request.set_name(name);
  v1::GetCrawlerResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::GetCrawler, request, &response));
  return response.crawler();
}

void PrintDefined(const ClientOptions& o, const v1::CrawlerInfo& info, const char* verb) {
  if (o.json) {
    PrintJson(MessageToJson(info));
  } else {
    std::printf("%s crawler %s (%s, version %lld)\n", verb, info.crawler().name().c_str(),
                info.crawler().arn().c_str(), static_cast<long long>(info.crawler().version()));
  }
}

absl::Status CrawlerCreate(const ClientOptions& o, const CrawlerFlags& f) {
  v1::CreateCrawlerRequest request;
  ApplyFlags(f, request.mutable_crawler());
  v1::CreateCrawlerResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::CreateCrawler, request, &response));
  PrintDefined(o, response.crawler(), "created");
  return absl::OkStatus();
}

absl::Status CrawlerUpdate(const ClientOptions& o, const CrawlerFlags& f) {
  ASSIGN_OR_RETURN(v1::CrawlerInfo current, GetCrawler(o, f.name));
  v1::UpdateCrawlerRequest request;
  *request.mutable_crawler() = current.crawler();
  ApplyFlags(f, request.mutable_crawler());
  v1::UpdateCrawlerResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::UpdateCrawler, request, &response));
  PrintDefined(o, response.crawler(), "updated");
  return absl::OkStatus();
}

absl::Status CrawlerList(const ClientOptions& o) {
  v1::ListCrawlersResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::ListCrawlers,
                                        v1::ListCrawlersRequest(), &response));
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const v1::CrawlerInfo& c : response.crawlers()) out.push_back(MessageToJson(c));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::CrawlerInfo& info : response.crawlers()) {
    const v1::Crawler& c = info.crawler();
    std::vector<std::string> urls;
    for (const v1::CrawlerTarget& t : c.targets()) urls.push_back(t.url());
    std::string last = "-";
    if (info.has_last_run()) {
      last = absl::StrCat(info.last_run().status(), " ", FormatTime(info.last_run().start_time()));
    }
    std::string next = "-";
    if (!c.schedule().empty()) {
      next = info.next_scheduled_run() > 0 ? FormatTime(info.next_scheduled_run()) : "never";
    }
    rows.push_back(
        {c.name(), info.state(), c.database(), absl::StrJoin(urls, ","), last, next});
  }
  PrintTable({"CRAWLER", "STATE", "DATABASE", "TARGETS", "LAST RUN", "NEXT SCHEDULED"}, rows);
  return absl::OkStatus();
}

absl::Status CrawlerShow(const ClientOptions& o, const std::string& name) {
  ASSIGN_OR_RETURN(v1::CrawlerInfo info, GetCrawler(o, name));
  if (o.json) {
    PrintJson(MessageToJson(info));
  } else {
    PrintCrawler(info);
  }
  return absl::OkStatus();
}

absl::Status CrawlerRemove(const ClientOptions& o, const std::string& name) {
  v1::DeleteCrawlerRequest request;
  request.set_name(name);
  v1::DeleteCrawlerResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::DeleteCrawler, request, &response));
  if (o.json) {
    PrintJson({{"deleted", name}});
  } else {
    std::printf("deleted crawler %s (its tables stay)\n", name.c_str());
  }
  return absl::OkStatus();
}

absl::Status CrawlerRuns(const ClientOptions& o, const std::string& name, int64_t limit) {
  v1::ListCrawlsRequest request;
  request.set_crawler(name);
  request.set_limit(limit);
  v1::ListCrawlsResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::ListCrawls, request, &response));
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const v1::CrawlRun& r : response.runs()) out.push_back(MessageToJson(r));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::CrawlRun& r : response.runs()) {
    rows.push_back({r.id(), FormatTime(r.start_time()), FormatTime(r.end_time()), r.status(),
                    absl::StrCat(r.files_seen()), absl::StrCat(r.tables_created()),
                    absl::StrCat(r.tables_updated()), absl::StrCat(r.partitions_added()),
                    absl::StrCat(r.error_count())});
  }
  PrintTable(
      {"RUN", "STARTED", "ENDED", "STATUS", "FILES", "CREATED", "UPDATED", "PARTITIONS", "ERRORS"},
      rows);
  return absl::OkStatus();
}

absl::Status CrawlerRun(const ClientOptions& o, const std::string& name, const std::string& id) {
  v1::GetCrawlRequest request;
  request.set_crawler(name);
  request.set_id(id);
  v1::GetCrawlResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::GetCrawl, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response.run()));
  } else {
    PrintRun(response.run(), static_cast<size_t>(response.run().errors_size()));
  }
  return absl::OkStatus();
}

// What `start --wait` shows while it waits.
std::string Progress(const v1::CrawlRun& r, double seconds) {
  return absl::StrFormat(
      "%s: %d files (%.1f files/s), %d tables created, %d updated, "
      "%d partitions",
      r.crawler(), r.files_seen(),
      seconds > 0 ? static_cast<double>(r.files_seen()) / seconds : 0.0, r.tables_created(),
      r.tables_updated(), r.partitions_added());
}

// Polls the run every half second until it ends. On a terminal the progress
// is one line redrawn in place; otherwise a plain line every 5 seconds.
absl::StatusOr<v1::CrawlRun> Wait(const ClientOptions& o, v1::CrawlRun run) {
  using Clock = std::chrono::steady_clock;
  const bool live = isatty(fileno(stderr)) != 0;
  const Clock::time_point start = Clock::now();
  Clock::time_point last_line = start;
  CatalogClient client(o);
  v1::GetCrawlRequest request;
  request.set_crawler(run.crawler());
  request.set_id(run.id());
  while (run.status() == "RUNNING") {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    v1::GetCrawlResponse response;
    RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::GetCrawl, request, &response));
    run = response.run();
    const Clock::time_point now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - start).count();
    if (live) {
      // \033[K clears what a longer earlier line left on the right.
      std::fprintf(stderr, "\r%s\033[K", Progress(run, seconds).c_str());
      std::fflush(stderr);
    } else if (now - last_line >= std::chrono::seconds(5)) {
      std::fprintf(stderr, "%s\n", Progress(run, seconds).c_str());
      last_line = now;
    }
  }
  if (live) std::fprintf(stderr, "\r\033[K");
  return run;
}

absl::Status CrawlerStart(const ClientOptions& o, const std::string& name, bool wait,
                          int* exit_code) {
  v1::StartCrawlerRequest request;
  request.set_name(name);
  v1::StartCrawlerResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::StartCrawler, request, &response));
  if (!wait) {
    if (o.json) {
      PrintJson(MessageToJson(response.run()));
    } else {
      std::printf("started crawler %s: run %s (almanac crawler run %s %s)\n", name.c_str(),
                  response.run().id().c_str(), name.c_str(), response.run().id().c_str());
    }
    return absl::OkStatus();
  }
  if (!o.json)
    std::printf("started crawler %s: run %s\n", name.c_str(), response.run().id().c_str());
  std::fflush(stdout);
  ASSIGN_OR_RETURN(v1::CrawlRun run, Wait(o, response.run()));
  if (o.json) {
    PrintJson(MessageToJson(run));
  } else if (run.status() == "SUCCEEDED") {
    std::printf("%s\n", RunLine(run).c_str());
  } else {
    std::printf("%s\n", RunLine(run).c_str());
    std::fprintf(stderr, "almanac: crawler %s run %s %s%s%s\n", name.c_str(), run.id().c_str(),
                 run.status().c_str(), run.message().empty() ? "" : ": ", run.message().c_str());
    int shown = 0;
    for (const v1::CrawlFileError& e : run.errors()) {
      if (shown++ == 10) break;
      std::fprintf(stderr, "  %s: %s\n", e.path().c_str(), e.message().c_str());
    }
  }
  if (run.status() != "SUCCEEDED") *exit_code = kExitFailure;
  return absl::OkStatus();
}

// Adds the definition flags shared by `create` and `update`.
void AddDefinitionFlags(CLI::App* cmd, CrawlerFlags* f, bool create) {
  cmd->add_option("NAME", f->name, "Crawler name")->required();
  CLI::Option* target = cmd->add_option("--target", f->targets,
                                        "A place to crawl: file:///absolute/path or "
                                        "s3://bucket/prefix (repeatable)")
                            ->allow_extra_args(false);
  CLI::Option* database =
      cmd->add_option("--database", f->database, "The database its tables go in");
  if (create) {
    target->required();
    database->required();
  }
  cmd->add_option("--exclude", f->exclusions,
                  "A glob of paths to skip, relative to the target (repeatable); the "
                  "exclusions apply to every target given")
      ->allow_extra_args(false);
  cmd->add_option("--table-prefix", f->table_prefix, "Prefix of the names of its tables");
  cmd->add_option("--classifier", f->classifiers,
                  "A custom classifier, tried before the built-in ones in the "
                  "order given "
                  "(repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--principal", f->principal,
                  "Who the crawler acts as when it writes tables (default: you; naming "
                  "someone else needs almanac:PassCrawlerPrincipal)");
  cmd->add_option("--sample-size", f->sample_size,
                  "Files read per leaf folder, 1 to 249, for every target (0: all)");
  cmd->add_flag("--combine-compatible-schemas,!--no-combine-compatible-schemas", f->combine,
                "Make sibling folders with compatible schemas one table");
  cmd->add_option("--partition-threshold", f->partition_threshold,
                  "Share of similar sibling schemas, in (0, 1], that makes "
                  "folders partitions "
                  "of one table (default 0.7)");
  cmd->add_option("--description", f->description, "What it crawls");
  cmd->add_option("--recrawl-policy", f->recrawl_policy,
                  "CRAWL_EVERYTHING (default) or CRAWL_NEW_FOLDERS_ONLY (needs LOG behaviors)");
  cmd->add_option("--update-behavior", f->update_behavior,
                  "On a schema change: UPDATE_IN_DATABASE (default) or LOG");
  cmd->add_option("--schedule", f->schedule,
                  "When it runs by itself, in UTC: Glue's 'cron(0 12 * * ? *)' or the five-field "
                  "'0 12 * * *'; '' removes the schedule");
  cmd->add_option("--partition-schema", f->partition_schema,
                  "INHERIT_FROM_TABLE (default: partitions take the table's schema) or OWN "
                  "(each keeps the schema of its own folder)");
  cmd->add_option("--connection", f->connection,
                  "The server's named S3 connection for the s3:// targets (Glue's "
                  "ConnectionName; '' for the default one); applies to every target given");
  cmd->add_option("--delete-behavior", f->delete_behavior,
                  "When a table's or partition's folder is gone: DEPRECATE_IN_DATABASE "
                  "(default), DELETE_FROM_DATABASE or LOG");
}

// Records which flags were given, for `update`.
void NoteGiven(CLI::App* cmd, CrawlerFlags* f) {
  auto given = [cmd](const char* flag) { return cmd->count(flag) > 0; };
  f->has_targets = given("--target");
  f->has_exclusions = given("--exclude");
  f->has_database = given("--database");
  f->has_prefix = given("--table-prefix");
  f->has_classifiers = given("--classifier");
  f->has_principal = given("--principal");
  f->has_sample_size = given("--sample-size");
  f->has_connection = given("--connection");
  f->has_combine = given("--combine-compatible-schemas");  // either spelling
  f->has_threshold = given("--partition-threshold");
  f->has_description = given("--description");
  f->has_recrawl = given("--recrawl-policy");
  f->has_update = given("--update-behavior");
  f->has_delete = given("--delete-behavior");
  f->has_schedule = given("--schedule");
  f->has_partition_schema = given("--partition-schema");
}

template <typename Body>
int Run(Body body) {
  int code = kExitOk;
  int status_code = ReportError(body(&code));
  return status_code != kExitOk ? status_code : code;
}

absl::Status CrawlerStop(const ClientOptions& o, const std::string& name) {
  v1::StopCrawlerRequest request;
  request.set_name(name);
  v1::StopCrawlerResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::StopCrawler, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response.run()));
  } else {
    std::printf("stopping crawler %s: run %s ends at its next file boundary\n", name.c_str(),
                response.run().id().c_str());
  }
  return absl::OkStatus();
}

absl::Status CrawlerMetrics(const ClientOptions& o, const std::string& name) {
  v1::GetCrawlerMetricsRequest request;
  request.set_name(name);
  v1::GetCrawlerMetricsResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::GetCrawlerMetrics, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response));
  } else {
    std::printf("crawler         %s\nruns            %lld\nlast runtime    %.0f s\n"
                "median runtime  %.0f s\ntables          %lld created, %lld updated, %lld "
                "deleted\n",
                response.crawler().c_str(), static_cast<long long>(response.runs()),
                response.last_runtime_seconds(), response.median_runtime_seconds(),
                static_cast<long long>(response.tables_created()),
                static_cast<long long>(response.tables_updated()),
                static_cast<long long>(response.tables_deleted()));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterCrawlerCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* crawler = app->add_subcommand("crawler", "Crawlers: definitions, runs");
  crawler->require_subcommand(1);

  auto cf = std::make_shared<CrawlerFlags>();
  CLI::App* create = crawler->add_subcommand("create", "Define a crawler");
  AddDefinitionFlags(create, cf.get(), /*create=*/true);
  create->callback([=] {
    NoteGiven(create, cf.get());
    *exit_code = ReportError(CrawlerCreate(*client, *cf));
  });

  auto uf = std::make_shared<CrawlerFlags>();
  CLI::App* update = crawler->add_subcommand(
      "update",
      "Change a crawler: each flag given replaces that part of the definition "
      "(--target replaces every target); the rest stays. Refused while it "
      "runs");
  AddDefinitionFlags(update, uf.get(), /*create=*/false);
  update->callback([=] {
    NoteGiven(update, uf.get());
    *exit_code = ReportError(CrawlerUpdate(*client, *uf));
  });

  CLI::App* ls = crawler->add_subcommand("ls", "List crawlers with their state and last run");
  ls->callback([=] { *exit_code = ReportError(CrawlerList(*client)); });

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = crawler->add_subcommand("show", "A crawler's definition, state and last run");
  show->add_option("NAME", *show_name, "Crawler name")->required();
  show->callback([=] { *exit_code = ReportError(CrawlerShow(*client, *show_name)); });

  auto rm_name = std::make_shared<std::string>();
  CLI::App* rm = crawler->add_subcommand("rm",
                                         "Delete a crawler and its run history (not "
                                         "its tables); refused while it runs");
  rm->add_option("NAME", *rm_name, "Crawler name")->required();
  rm->callback([=] { *exit_code = ReportError(CrawlerRemove(*client, *rm_name)); });

  auto start_name = std::make_shared<std::string>();
  auto start_wait = std::make_shared<bool>(false);
  CLI::App* start = crawler->add_subcommand(
      "start",
      "Start a run. With --wait, follow it to the end (progress on stderr) and "
      "exit "
      "0 when it SUCCEEDED, 1 when it FAILED or was CANCELLED (printing why "
      "and the "
      "first file errors); interrupting the wait does not stop the run");
  start->add_option("NAME", *start_name, "Crawler name")->required();
  start->add_flag("--wait", *start_wait, "Wait for the run to end");
  start->callback([=] {
    *exit_code =
        Run([&](int* code) { return CrawlerStart(*client, *start_name, *start_wait, code); });
  });

  auto stop_name = std::make_shared<std::string>();
  CLI::App* stop = crawler->add_subcommand(
      "stop", "Stop the running crawl at its next file boundary (it ends CANCELLED)");
  stop->add_option("NAME", *stop_name, "Crawler name")->required();
  stop->callback([=] { *exit_code = ReportError(CrawlerStop(*client, *stop_name)); });

  auto metrics_name = std::make_shared<std::string>();
  CLI::App* metrics = crawler->add_subcommand(
      "metrics", "Last and median runtime, tables created, updated and deleted (all runs)");
  metrics->add_option("NAME", *metrics_name, "Crawler name")->required();
  metrics->callback([=] { *exit_code = ReportError(CrawlerMetrics(*client, *metrics_name)); });

  auto runs_name = std::make_shared<std::string>();
  auto runs_limit = std::make_shared<int64_t>(20);
  CLI::App* runs = crawler->add_subcommand("runs", "A crawler's runs, newest first");
  runs->add_option("NAME", *runs_name, "Crawler name")->required();
  runs->add_option("--limit", *runs_limit, "At most this many (0: all)")->capture_default_str();
  runs->callback([=] { *exit_code = ReportError(CrawlerRuns(*client, *runs_name, *runs_limit)); });

  auto run_name = std::make_shared<std::string>();
  auto run_id = std::make_shared<std::string>();
  CLI::App* run = crawler->add_subcommand("run", "One run with every file error it kept");
  run->add_option("NAME", *run_name, "Crawler name")->required();
  run->add_option("RUN_ID", *run_id, "The run's id (from `runs`)")->required();
  run->callback([=] { *exit_code = ReportError(CrawlerRun(*client, *run_name, *run_id)); });
}

}  // namespace almanac::tools
