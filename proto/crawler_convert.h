// Conversions between the crawler messages of almanac.v1 (classifiers,
// crawlers, crawl runs) and the model and service types. Used by the gRPC
// handlers (grpc_crawler_handlers.cc).
//
// The wire leaves some fields empty where the model has a default: an empty
// CSV delimiter, quote or header mode and a zero partition threshold take
// the model's defaults. A classifier's kind is the spec that is set.
//
// Stateless functions; thread-safe.
#ifndef ALMANAC_PROTO_CRAWLER_CONVERT_H_
#define ALMANAC_PROTO_CRAWLER_CONVERT_H_

#include "catalog/model/crawler.h"
#include "catalog/model/resource_arn.h"
#include "catalog/service/crawler_service.h"
#include "proto/almanac/v1/catalog.pb.h"

namespace almanac::proto {

v1::Classifier ToProto(const model::ClassifierDefinition& classifier);
model::ClassifierDefinition FromProto(const v1::Classifier& classifier);

v1::Crawler ToProto(const model::CrawlerDefinition& crawler, const model::ResourceArns& arns);
model::CrawlerDefinition FromProto(const v1::Crawler& crawler);

v1::CrawlRun ToProto(const model::CrawlRun& run);
v1::CrawlerInfo ToProto(const service::CrawlerInfo& info, const model::ResourceArns& arns);

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_CRAWLER_CONVERT_H_
