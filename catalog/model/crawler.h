// Crawler value types shared by the service, storage, the crawler and the
// front ends, named as Glue names them: custom classifier definitions,
// crawler definitions with their targets, and crawl runs with what each did.
//
// Plain aggregates; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_CRAWLER_H_
#define ALMANAC_CATALOG_MODEL_CRAWLER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace almanac::model {

// A custom classifier, one of Glue's four kinds. Only the part of `kind` is
// meaningful; the others stay default.
struct GrokClassifierSpec {
  std::string classification;   // the table's classification string
  std::string grok_pattern;     // "%{IP:client} %{WORD:verb:string} ..."
  std::string custom_patterns;  // "NAME regex" lines, one per line
  friend bool operator==(const GrokClassifierSpec&, const GrokClassifierSpec&) = default;
};

struct XmlClassifierSpec {
  std::string classification;
  std::string row_tag;  // the element that is one record, without brackets
  friend bool operator==(const XmlClassifierSpec&, const XmlClassifierSpec&) = default;
};

struct JsonClassifierSpec {
  std::string json_path;  // "$[*]", "$.records[*]"
  friend bool operator==(const JsonClassifierSpec&, const JsonClassifierSpec&) = default;
};

struct CsvClassifierSpec {
  std::string delimiter = ",";      // one character
  std::string quote_symbol = "\"";  // one character, different from the delimiter
  std::string contains_header = "UNKNOWN";  // PRESENT, ABSENT, UNKNOWN
  std::vector<std::string> header;  // column names, when given
  bool disable_value_trimming = false;
  bool allow_single_column = false;
  // Glue's custom data types: when configured, a column is typed only with
  // one of these (BINARY, BOOLEAN, DATE, DECIMAL, DOUBLE, FLOAT, INT, LONG,
  // SHORT, STRING, TIMESTAMP); the others fall back to string.
  bool custom_datatype_configured = false;
  std::vector<std::string> custom_datatypes;
  friend bool operator==(const CsvClassifierSpec&, const CsvClassifierSpec&) = default;
};

struct ClassifierDefinition {
  std::string name;
  std::string kind;  // "GROK", "XML", "JSON", "CSV"
  GrokClassifierSpec grok;
  XmlClassifierSpec xml;
  JsonClassifierSpec json;
  CsvClassifierSpec csv;
  int64_t create_time = 0;
  int64_t update_time = 0;
  int64_t version = 1;  // Glue's classifier Version, +1 per update
  friend bool operator==(const ClassifierDefinition&, const ClassifierDefinition&) = default;
};

// One place a crawler walks.
struct CrawlerTarget {
  std::string url;                      // file:///data/sales or s3://bucket/prefix
  std::vector<std::string> exclusions;  // globs relative to the target: "**.tmp", "logs/{a,b}/*"
  int64_t sample_size = 0;              // files read per leaf folder; 0: all (Glue's SampleSize)
  // s3:// only: the server's named S3 connection (Glue's ConnectionName);
  // empty: its default connection.
  std::string connection_name;
  friend bool operator==(const CrawlerTarget&, const CrawlerTarget&) = default;
};

struct CrawlerDefinition {
  std::string name;
  std::string description;
  // Who the crawler acts as when it writes to the catalog: a user or role
  // name or ARN; the crawler's calls pass the gate as this principal.
  std::string principal;
  std::vector<CrawlerTarget> targets;
  std::string database;
  std::string table_prefix;
  std::vector<std::string> classifiers;  // custom classifier names, tried first, in order
  // Glue's grouping policy: sibling folders whose schemas are compatible
  // become one table even below the similarity threshold.
  bool combine_compatible_schemas = false;
  // Sibling folders become partitions of one table when at least this share
  // of their schemas are similar (Glue: 0.7).
  double partition_threshold = 0.7;
  // Glue's policies. Recrawl: CRAWL_EVERYTHING, or CRAWL_NEW_FOLDERS_ONLY
  // (folders already registered are not read again; schema changes and
  // deletions are then only logged, as Glue requires). Schema change:
  // UPDATE_IN_DATABASE or LOG. Deletion of a table's or partition's folder:
  // DEPRECATE_IN_DATABASE (Glue's default: the parameter
  // DEPRECATED_BY_CRAWLER), DELETE_FROM_DATABASE or LOG.
  std::string recrawl_policy = "CRAWL_EVERYTHING";
  std::string update_behavior = "UPDATE_IN_DATABASE";
  std::string delete_behavior = "DEPRECATE_IN_DATABASE";
  // Partitions' schema: INHERIT_FROM_TABLE (they take the table's schema
  // and formats, Glue's crawler output option "InheritFromTable") or OWN
  // (they keep the ones inferred from their own folders).
  std::string partition_schema = "INHERIT_FROM_TABLE";
  // When the crawler runs by itself: a cron expression in UTC, Glue's
  // "cron(0 12 * * ? *)" form or the five-field "0 12 * * *" (common/cron.h);
  // empty: only when started.
  std::string schedule;
  // State kept by the scheduler, not part of the definition: every fire time
  // of the schedule up to this one (seconds since the epoch) is handled.
  int64_t schedule_handled_until = 0;
  int64_t create_time = 0;
  int64_t update_time = 0;
  int64_t version = 1;
  friend bool operator==(const CrawlerDefinition&, const CrawlerDefinition&) = default;
};

// A problem with one file, kept in its run's record.
struct CrawlFileError {
  std::string path;
  std::string message;
  friend bool operator==(const CrawlFileError&, const CrawlFileError&) = default;
};

struct CrawlRun {
  std::string id;       // UUID; tables the run wrote carry it as CRAWL_RUN_ID
  std::string crawler;
  std::string status;   // RUNNING, SUCCEEDED, FAILED, CANCELLED
  int64_t start_time = 0;  // seconds since the epoch
  int64_t end_time = 0;    // 0 while running
  int64_t files_seen = 0;
  int64_t bytes_seen = 0;
  int64_t tables_created = 0;
  int64_t tables_updated = 0;
  int64_t tables_unchanged = 0;
  int64_t partitions_added = 0;
  int64_t tables_deleted = 0;      // dropped, or marked DEPRECATED_BY_CRAWLER
  int64_t partitions_deleted = 0;  // likewise
  // What the LOG policies recorded instead of changing the catalog ("table
  // lake.sales: columns changed ... (not applied: LOG)").
  std::vector<std::string> notes;
  bool stop_requested = false;  // `crawler stop` asked; the state is STOPPING
  // The server instance running it (its lock file names it; see
  // catalog/crawler/run_owner.h); "" for runs recorded before owners were.
  std::string owner;
  std::string message;  // why a FAILED run failed
  std::vector<CrawlFileError> errors;  // at most the first 1,000
  int64_t error_count = 0;             // all of them
  friend bool operator==(const CrawlRun&, const CrawlRun&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_CRAWLER_H_
