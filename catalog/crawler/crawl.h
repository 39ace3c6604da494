// One crawl run: walks the crawler's targets, samples and classifies the
// files on a small worker pool, plans the tables (layout.h), and writes them
// through the catalog service as the crawler's principal, so that policies,
// table versions and the audit trail apply to the crawler as to any client.
//
// What a run does to the catalog:
// - creates the target database when it is missing;
// - creates each planned table (EXTERNAL_TABLE, the classification's SerDe
//   and formats, Glue's parameters: classification, compressionType,
//   recordCount, averageRecordSize, objectCount, sizeKey, typeOfData,
//   UPDATED_BY_CRAWLER, CRAWL_RUN_ID);
// - updates a table this crawler made before when its schema, partition
//   keys or formats changed (a new table version; partitions follow the new
//   columns), and leaves it alone otherwise;
// - never touches a table of the same name that this crawler did not make
//   (reported against the table);
// - adds partitions that are new, never duplicating one.
//
// Problems with single files (unreadable, corrupt, vanished, an unknown
// format) are recorded against the file and the run carries on; a run fails
// only when no target could be read at all.
//
// Thread-safe: RunCrawl may run for several crawlers at once.
#ifndef ALMANAC_CATALOG_CRAWLER_CRAWL_H_
#define ALMANAC_CATALOG_CRAWLER_CRAWL_H_

#include <atomic>
#include <functional>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/classifiers/registry.h"
#include "catalog/crawler/file_system.h"
#include "catalog/model/crawler.h"
#include "catalog/service/catalog_service.h"

namespace almanac::crawler {

struct CrawlEnvironment {
  service::CatalogService* catalog = nullptr;
  const classifiers::ClassifierRegistry* builtins = nullptr;
  const FileSystem* fs = nullptr;  // file:// targets
  const FileSystem* s3 = nullptr;  // s3:// targets; null when S3 is not configured
  // s3:// targets that name a connection (CrawlerTarget::connection_name).
  std::map<std::string, const FileSystem*> s3_connections;
  int workers = 2;  // threads sampling files
  // Threads sampling files when some are on S3: each read there waits on a
  // round trip, not on this machine, so more of them run at once.
  int remote_workers = 16;
  // Set to stop at the next file boundary (the run ends CANCELLED).
  const std::atomic<bool>* cancel = nullptr;
  // Told the run's counters as they change, at most about once a second.
  std::function<void(const model::CrawlRun&)> progress;
};

// Runs `definition` as run `run` (whose id and start time are set) and
// returns it ended: SUCCEEDED, FAILED (with a message) or CANCELLED.
model::CrawlRun RunCrawl(const CrawlEnvironment& env, const model::CrawlerDefinition& definition,
                         model::CrawlRun run);

// The request context a crawl writes with: the crawler's principal (a user
// ARN is reduced to its name), authenticated, request id
// "crawl:CRAWLER:RUN_ID", which table versions and the audit trail keep.
model::RequestContext CrawlContext(const model::CrawlerDefinition& definition,
                                   const std::string& run_id);

}  // namespace almanac::crawler

#endif  // ALMANAC_CATALOG_CRAWLER_CRAWL_H_
