// A scripted HttpTransport for the S3 tests: answers each request with the
// next queued response (or a handler) and records what was sent.
//
// Thread-compatible: tests use it from one thread.
#ifndef ALMANAC_CATALOG_CRAWLER_S3_FAKE_TRANSPORT_H_
#define ALMANAC_CATALOG_CRAWLER_S3_FAKE_TRANSPORT_H_

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "catalog/crawler/s3/s3_client.h"

namespace almanac::crawler::s3 {

struct FakeLog {
  std::vector<HttpRequest> requests;
  std::deque<absl::StatusOr<HttpResponse>> queued;
  std::function<absl::StatusOr<HttpResponse>(const HttpRequest &)> handler;
};

class FakeTransport : public HttpTransport {
public:
  explicit FakeTransport(std::shared_ptr<FakeLog> log) : log_(std::move(log)) {}
  absl::StatusOr<HttpResponse> Send(const HttpRequest &request) const override {
    log_->requests.push_back(request);
    if (log_->handler)
      return log_->handler(request);
    if (log_->queued.empty())
      return absl::InternalError("no queued response");
    absl::StatusOr<HttpResponse> r = log_->queued.front();
    log_->queued.pop_front();
    return r;
  }

private:
  std::shared_ptr<FakeLog> log_;
};

inline HttpResponse Reply(int status, std::string body = "",
                          Params headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

} // namespace almanac::crawler::s3

#endif // ALMANAC_CATALOG_CRAWLER_S3_FAKE_TRANSPORT_H_
