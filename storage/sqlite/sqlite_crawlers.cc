#include "storage/sqlite/sqlite_crawlers.h"

#include <string>
#include <utility>

#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

using nlohmann::json;

// The definitions' JSON documents. Decoding is lenient (a missing member is
// its default) so that a document written by an older binary still reads;
// a document that is not JSON at all is DataLoss.
std::vector<std::string> Strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key) && j.at(key).is_array()) {
    for (const json& v : j.at(key)) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

template <typename T>
T Num(const json& j, const char* key, T fallback) {
  return j.contains(key) && j.at(key).is_number() ? j.at(key).get<T>() : fallback;
}

bool Bool(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_boolean() && j.at(key).get<bool>();
}

std::string EncodeClassifierSpec(const model::ClassifierDefinition& c) {
  json j = json::object();
  if (c.kind == "GROK") {
    j = {{"classification", c.grok.classification},
         {"grok_pattern", c.grok.grok_pattern},
         {"custom_patterns", c.grok.custom_patterns}};
  } else if (c.kind == "XML") {
    j = {{"classification", c.xml.classification}, {"row_tag", c.xml.row_tag}};
  } else if (c.kind == "JSON") {
    j = {{"json_path", c.json.json_path}};
  } else if (c.kind == "CSV") {
    j = {{"delimiter", c.csv.delimiter},
         {"quote_symbol", c.csv.quote_symbol},
         {"contains_header", c.csv.contains_header},
         {"header", c.csv.header},
         {"disable_value_trimming", c.csv.disable_value_trimming},
         {"allow_single_column", c.csv.allow_single_column},
         {"custom_datatype_configured", c.csv.custom_datatype_configured},
         {"custom_datatypes", c.csv.custom_datatypes}};
  }
  return j.dump();
}

absl::StatusOr<json> ParseDocument(std::string_view text, std::string_view what) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return absl::DataLossError(StrCat("stored ", what, " is not a JSON object"));
  return j;
}

constexpr char kSelectClassifiers[] =
    "SELECT name, kind, definition, version, create_time, update_time FROM classifiers";

absl::StatusOr<model::ClassifierDefinition> DecodeClassifier(const Statement& row) {
  model::ClassifierDefinition c;
  c.name = std::string(row.Text(0));
  c.kind = std::string(row.Text(1));
  ASSIGN_OR_RETURN(json j, ParseDocument(row.Text(2), StrCat("classifier '", c.name, "'")));
  c.version = row.Int(3);
  c.create_time = row.Int(4);
  c.update_time = row.Int(5);
  if (c.kind == "GROK") {
    c.grok = {Str(j, "classification"), Str(j, "grok_pattern"), Str(j, "custom_patterns")};
  } else if (c.kind == "XML") {
    c.xml = {Str(j, "classification"), Str(j, "row_tag")};
  } else if (c.kind == "JSON") {
    c.json.json_path = Str(j, "json_path");
  } else if (c.kind == "CSV") {
    c.csv.delimiter = Str(j, "delimiter");
    c.csv.quote_symbol = Str(j, "quote_symbol");
    c.csv.contains_header = Str(j, "contains_header");
    c.csv.header = Strings(j, "header");
    c.csv.disable_value_trimming = Bool(j, "disable_value_trimming");
    c.csv.allow_single_column = Bool(j, "allow_single_column");
    c.csv.custom_datatype_configured = Bool(j, "custom_datatype_configured");
    c.csv.custom_datatypes = Strings(j, "custom_datatypes");
  }
  return c;
}

std::string EncodeCrawler(const model::CrawlerDefinition& c) {
  json targets = json::array();
  for (const model::CrawlerTarget& t : c.targets) {
    targets.push_back({{"url", t.url}, {"exclusions", t.exclusions}, {"sample_size", t.sample_size}});
    if (!t.connection_name.empty()) targets.back()["connection_name"] = t.connection_name;
  }
  json j = {{"description", c.description},
            {"principal", c.principal},
            {"targets", targets},
            {"database", c.database},
            {"table_prefix", c.table_prefix},
            {"classifiers", c.classifiers},
            {"combine_compatible_schemas", c.combine_compatible_schemas},
            {"partition_threshold", c.partition_threshold},
            {"recrawl_policy", c.recrawl_policy},
            {"update_behavior", c.update_behavior},
            {"delete_behavior", c.delete_behavior},
            {"partition_schema", c.partition_schema},
            {"schedule", c.schedule}};
  return j.dump();
}

constexpr char kSelectCrawlers[] =
    "SELECT name, definition, version, create_time, update_time, schedule_handled_until"
    " FROM crawlers";

absl::StatusOr<model::CrawlerDefinition> DecodeCrawler(const Statement& row) {
  model::CrawlerDefinition c;
  c.name = std::string(row.Text(0));
  ASSIGN_OR_RETURN(json j, ParseDocument(row.Text(1), StrCat("crawler '", c.name, "'")));
  c.version = row.Int(2);
  c.create_time = row.Int(3);
  c.update_time = row.Int(4);
  c.schedule_handled_until = row.Int(5);
  c.description = Str(j, "description");
  c.principal = Str(j, "principal");
  if (j.contains("targets") && j.at("targets").is_array()) {
    for (const json& t : j.at("targets")) {
      if (!t.is_object()) continue;
      c.targets.push_back({Str(t, "url"), Strings(t, "exclusions"), Num<int64_t>(t, "sample_size", 0),
                           Str(t, "connection_name")});
    }
  }
  c.database = Str(j, "database");
  c.table_prefix = Str(j, "table_prefix");
  c.classifiers = Strings(j, "classifiers");
  c.combine_compatible_schemas = Bool(j, "combine_compatible_schemas");
  c.partition_threshold = Num<double>(j, "partition_threshold", 0.7);
  if (std::string v = Str(j, "recrawl_policy"); !v.empty()) c.recrawl_policy = v;
  if (std::string v = Str(j, "update_behavior"); !v.empty()) c.update_behavior = v;
  if (std::string v = Str(j, "delete_behavior"); !v.empty()) c.delete_behavior = v;
  if (std::string v = Str(j, "partition_schema"); !v.empty()) c.partition_schema = v;
  c.schedule = Str(j, "schedule");
  return c;
}

constexpr char kSelectRuns[] =
    "SELECT id, crawler, status, start_time, end_time, files_seen, bytes_seen, tables_created,"
    " tables_updated, tables_unchanged, partitions_added, message, errors, error_count,"
    " tables_deleted, partitions_deleted, notes, stop_requested, owner"
    " FROM crawl_runs";

model::CrawlRun DecodeRun(const Statement& row) {
  model::CrawlRun r;
  r.id = std::string(row.Text(0));
  r.crawler = std::string(row.Text(1));
  r.status = std::string(row.Text(2));
  r.start_time = row.Int(3);
  r.end_time = row.Int(4);
  r.files_seen = row.Int(5);
  r.bytes_seen = row.Int(6);
  r.tables_created = row.Int(7);
  r.tables_updated = row.Int(8);
  r.tables_unchanged = row.Int(9);
  r.partitions_added = row.Int(10);
  r.message = std::string(row.Text(11));
  json errors = json::parse(row.Text(12), nullptr, /*allow_exceptions=*/false);
  if (errors.is_array()) {
    for (const json& e : errors) {
      if (e.is_object()) r.errors.push_back({Str(e, "path"), Str(e, "message")});
    }
  }
  r.error_count = row.Int(13);
  r.tables_deleted = row.Int(14);
  r.partitions_deleted = row.Int(15);
  json notes = json::parse(row.Text(16), nullptr, /*allow_exceptions=*/false);
  if (notes.is_array()) {
    for (const json& n : notes) {
      if (n.is_string()) r.notes.push_back(n.get<std::string>());
    }
  }
  r.stop_requested = row.Int(17) != 0;
  r.owner = std::string(row.Text(18));
  return r;
}

std::string EncodeErrors(const std::vector<model::CrawlFileError>& errors) {
  json out = json::array();
  for (const model::CrawlFileError& e : errors) out.push_back({{"path", e.path}, {"message", e.message}});
  // Paths and messages come from files on disk: replace invalid UTF-8
  // rather than fail the run's record.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

void BindRunCounters(Statement& stmt, const model::CrawlRun& r, int first) {
  stmt.BindText(first, r.status);
  stmt.BindInt(first + 1, r.end_time);
  stmt.BindInt(first + 2, r.files_seen);
  stmt.BindInt(first + 3, r.bytes_seen);
  stmt.BindInt(first + 4, r.tables_created);
  stmt.BindInt(first + 5, r.tables_updated);
  stmt.BindInt(first + 6, r.tables_unchanged);
  stmt.BindInt(first + 7, r.partitions_added);
  stmt.BindText(first + 8, r.message);
  stmt.BindText(first + 9, EncodeErrors(r.errors));
  stmt.BindInt(first + 10, r.error_count);
  stmt.BindInt(first + 11, r.tables_deleted);
  stmt.BindInt(first + 12, r.partitions_deleted);
  json notes = r.notes;
  stmt.BindText(first + 13, notes.dump(-1, ' ', false, json::error_handler_t::replace));
  stmt.BindInt(first + 14, r.stop_requested ? 1 : 0);
}

}  // namespace

absl::Status SqliteCrawlers::RunChanging(const std::string& sql,
                                         const std::function<void(Statement&)>& bind,
                                         const std::string& not_found) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
    bind(stmt);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) return absl::NotFoundError(not_found);
    return absl::OkStatus();
  });
}

absl::StatusOr<model::ClassifierDefinition> SqliteCrawlers::GetClassifier(std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectClassifiers, " WHERE name = ?")));
  stmt.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("no classifier '", name, "'"));
  return DecodeClassifier(stmt);
}

absl::StatusOr<std::vector<model::ClassifierDefinition>> SqliteCrawlers::ListClassifiers() {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectClassifiers, " ORDER BY name")));
  std::vector<model::ClassifierDefinition> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(model::ClassifierDefinition c, DecodeClassifier(stmt));
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<model::CrawlerDefinition> SqliteCrawlers::GetCrawler(std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectCrawlers, " WHERE name = ?")));
  stmt.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("no crawler '", name, "'"));
  return DecodeCrawler(stmt);
}

absl::StatusOr<std::vector<model::CrawlerDefinition>> SqliteCrawlers::ListCrawlers() {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectCrawlers, " ORDER BY name")));
  std::vector<model::CrawlerDefinition> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(model::CrawlerDefinition c, DecodeCrawler(stmt));
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::vector<model::CrawlRun>> SqliteCrawlers::QueryRuns(
    const std::string& where, const std::function<void(Statement&)>& bind) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectRuns, " ", where)));
  bind(stmt);
  std::vector<model::CrawlRun> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(DecodeRun(stmt));
  }
  return out;
}

absl::StatusOr<std::vector<model::CrawlRun>> SqliteCrawlers::ListCrawlRuns(std::string_view crawler,
                                                                           int64_t limit) {
  return QueryRuns("WHERE crawler = ? ORDER BY start_time DESC, rowid DESC LIMIT ?",
                   [&](Statement& stmt) {
                     stmt.BindText(1, crawler);
                     stmt.BindInt(2, limit > 0 ? limit : -1);
                   });
}

absl::StatusOr<model::CrawlRun> SqliteCrawlers::GetCrawlRun(std::string_view id) {
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs,
                   QueryRuns("WHERE id = ?", [&](Statement& stmt) { stmt.BindText(1, id); }));
  if (runs.empty()) return absl::NotFoundError(StrCat("no crawl run '", id, "'"));
  return std::move(runs[0]);
}

absl::StatusOr<std::optional<model::CrawlRun>> SqliteCrawlers::RunningCrawl(
    std::string_view crawler) {
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs,
                   QueryRuns("WHERE crawler = ? AND status = 'RUNNING'",
                             [&](Statement& stmt) { stmt.BindText(1, crawler); }));
  if (runs.empty()) return std::nullopt;
  return std::move(runs[0]);
}

absl::StatusOr<std::vector<model::CrawlRun>> SqliteCrawlers::AllRunningCrawls() {
  return QueryRuns("WHERE status = 'RUNNING' ORDER BY crawler", [](Statement&) {});
}

absl::StatusOr<std::optional<model::CrawlRun>> SqliteCrawlers::LastSucceededCrawl(
    std::string_view crawler) {
  // Walks crawl_runs_by_crawler backwards from the newest run.
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs,
                   QueryRuns("WHERE crawler = ? AND status = 'SUCCEEDED'"
                             " ORDER BY start_time DESC, rowid DESC LIMIT 1",
                             [&](Statement& stmt) { stmt.BindText(1, crawler); }));
  if (runs.empty()) return std::nullopt;
  return std::move(runs[0]);
}

absl::Status SqliteCrawlers::CreateClassifier(const model::ClassifierDefinition& c) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO classifiers(name, kind, definition, version,"
                                    " create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)"));
    stmt.BindText(1, c.name);
    stmt.BindText(2, c.kind);
    stmt.BindText(3, EncodeClassifierSpec(c));
    stmt.BindInt(4, c.version);
    stmt.BindInt(5, c.create_time);
    stmt.BindInt(6, c.update_time);
    absl::Status s = stmt.Run();
    if (!s.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("classifier '", c.name, "' already exists"));
    }
    return s;
  });
}

absl::Status SqliteCrawlers::UpdateClassifier(const model::ClassifierDefinition& c) {
  return RunChanging(
      "UPDATE classifiers SET kind = ?, definition = ?, version = ?, update_time = ?"
      " WHERE name = ?",
      [&](Statement& stmt) {
        stmt.BindText(1, c.kind);
        stmt.BindText(2, EncodeClassifierSpec(c));
        stmt.BindInt(3, c.version);
        stmt.BindInt(4, c.update_time);
        stmt.BindText(5, c.name);
      },
      StrCat("no classifier '", c.name, "'"));
}

absl::Status SqliteCrawlers::DeleteClassifier(std::string_view name) {
  return RunChanging("DELETE FROM classifiers WHERE name = ?",
                     [&](Statement& stmt) { stmt.BindText(1, name); },
                     StrCat("no classifier '", name, "'"));
}

absl::Status SqliteCrawlers::CreateCrawler(const model::CrawlerDefinition& c) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO crawlers(name, definition, version, create_time,"
                                    " update_time) VALUES (?, ?, ?, ?, ?)"));
    stmt.BindText(1, c.name);
    stmt.BindText(2, EncodeCrawler(c));
    stmt.BindInt(3, c.version);
    stmt.BindInt(4, c.create_time);
    stmt.BindInt(5, c.update_time);
    absl::Status s = stmt.Run();
    if (!s.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("crawler '", c.name, "' already exists"));
    }
    return s;
  });
}

absl::Status SqliteCrawlers::UpdateCrawler(const model::CrawlerDefinition& c) {
  return RunChanging(
      "UPDATE crawlers SET definition = ?, version = ?, update_time = ? WHERE name = ?",
      [&](Statement& stmt) {
        stmt.BindText(1, EncodeCrawler(c));
        stmt.BindInt(2, c.version);
        stmt.BindInt(3, c.update_time);
        stmt.BindText(4, c.name);
      },
      StrCat("no crawler '", c.name, "'"));
}

absl::Status SqliteCrawlers::SetScheduleHandled(std::string_view name, int64_t until) {
  return RunChanging("UPDATE crawlers SET schedule_handled_until = ? WHERE name = ?",
                     [&](Statement& stmt) {
                       stmt.BindInt(1, until);
                       stmt.BindText(2, name);
                     },
                     StrCat("no crawler '", name, "'"));
}

absl::Status SqliteCrawlers::DeleteCrawler(std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement runs, conn_->Prepare("DELETE FROM crawl_runs WHERE crawler = ?"));
    runs.BindText(1, name);
    RETURN_IF_ERROR(runs.Run());
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM crawlers WHERE name = ?"));
    stmt.BindText(1, name);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) return absl::NotFoundError(StrCat("no crawler '", name, "'"));
    return absl::OkStatus();
  });
}

absl::Status SqliteCrawlers::AddCrawlRun(const model::CrawlRun& r) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO crawl_runs(id, crawler, start_time, status,"
                                    " end_time, files_seen, bytes_seen, tables_created,"
                                    " tables_updated, tables_unchanged, partitions_added, message,"
                                    " errors, error_count, tables_deleted, partitions_deleted,"
                                    " notes, stop_requested, owner)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                    " ?)"));
    stmt.BindText(1, r.id);
    stmt.BindText(2, r.crawler);
    stmt.BindInt(3, r.start_time);
    BindRunCounters(stmt, r, 4);
    stmt.BindText(19, r.owner);
    absl::Status s = stmt.Run();
    if (!s.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("crawler '", r.crawler, "' is running"));
    }
    return s;
  });
}

absl::Status SqliteCrawlers::UpdateCrawlRun(const model::CrawlRun& r) {
  return RunChanging(
      "UPDATE crawl_runs SET status = ?, end_time = ?, files_seen = ?, bytes_seen = ?,"
      " tables_created = ?, tables_updated = ?, tables_unchanged = ?, partitions_added = ?,"
      " message = ?, errors = ?, error_count = ?, tables_deleted = ?, partitions_deleted = ?,"
      " notes = ?, stop_requested = ? WHERE id = ?",
      [&](Statement& stmt) {
        BindRunCounters(stmt, r, 1);
        stmt.BindText(16, r.id);
      },
      StrCat("no crawl run '", r.id, "'"));
}

}  // namespace almanac::storage::sqlite
