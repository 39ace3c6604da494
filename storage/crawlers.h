// CrawlerReader / CrawlerWriter: custom classifier definitions, crawler
// definitions and crawl runs as one transaction sees them
// (ReadTransaction::crawlers(), WriteTransaction::crawlers()). Storage keeps
// what it is given; names, validation and run rules are the service's.
//
// Errors: NotFound names the missing object ("no crawler 'sales'"),
// AlreadyExists the existing one; AddCrawlRun is AlreadyExists ("crawler
// 'sales' is running") when the crawler has a RUNNING run, which the
// database enforces (one running run per crawler, migration 0009).
//
// Thread safety: as its transaction: one thread at a time.
#ifndef ALMANAC_STORAGE_CRAWLERS_H_
#define ALMANAC_STORAGE_CRAWLERS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/crawler.h"

namespace almanac::storage {

class CrawlerReader {
 public:
  virtual absl::StatusOr<model::ClassifierDefinition> GetClassifier(std::string_view name) = 0;
  // Ordered by name.
  virtual absl::StatusOr<std::vector<model::ClassifierDefinition>> ListClassifiers() = 0;
  virtual absl::StatusOr<model::CrawlerDefinition> GetCrawler(std::string_view name) = 0;
  // Ordered by name.
  virtual absl::StatusOr<std::vector<model::CrawlerDefinition>> ListCrawlers() = 0;
  // Newest first, at most `limit` (0: all), with their error lists.
  virtual absl::StatusOr<std::vector<model::CrawlRun>> ListCrawlRuns(std::string_view crawler,
                                                                     int64_t limit) = 0;
  virtual absl::StatusOr<model::CrawlRun> GetCrawlRun(std::string_view id) = 0;
  // The crawler's RUNNING run, if any.
  virtual absl::StatusOr<std::optional<model::CrawlRun>> RunningCrawl(
      std::string_view crawler) = 0;
  // Every RUNNING run of every crawler (for the server's start-up).
  virtual absl::StatusOr<std::vector<model::CrawlRun>> AllRunningCrawls() = 0;
  // The crawler's newest SUCCEEDED run, if any: one index seek, whatever the
  // length of its history.
  virtual absl::StatusOr<std::optional<model::CrawlRun>> LastSucceededCrawl(
      std::string_view crawler) = 0;

 protected:
  ~CrawlerReader() = default;
};

class CrawlerWriter : public CrawlerReader {
 public:
  virtual absl::Status CreateClassifier(const model::ClassifierDefinition& classifier) = 0;
  virtual absl::Status UpdateClassifier(const model::ClassifierDefinition& classifier) = 0;
  virtual absl::Status DeleteClassifier(std::string_view name) = 0;
  virtual absl::Status CreateCrawler(const model::CrawlerDefinition& crawler) = 0;
  // Replaces the definition; the scheduler's state (schedule_handled_until)
  // is SetScheduleHandled's alone and stays.
  virtual absl::Status UpdateCrawler(const model::CrawlerDefinition& crawler) = 0;
  // Every fire time of the crawler's schedule up to `until` is handled.
  virtual absl::Status SetScheduleHandled(std::string_view name, int64_t until) = 0;
  // Deletes the crawler and its runs.
  virtual absl::Status DeleteCrawler(std::string_view name) = 0;
  virtual absl::Status AddCrawlRun(const model::CrawlRun& run) = 0;
  // Status, end time, counters, message and errors of an existing run.
  virtual absl::Status UpdateCrawlRun(const model::CrawlRun& run) = 0;

 protected:
  ~CrawlerWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_CRAWLERS_H_
