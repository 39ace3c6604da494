// NewCurlTransport(): HttpTransport over libcurl's easy interface, one
// handle per thread, reset between requests so that its connections (and
// TLS sessions) are reused: a crawl's thousands of small ranged GETs do not
// each pay a TCP and TLS handshake. Thread-safe without sharing a handle;
// certificates always verified; signals off so that timeouts work on
// worker threads.
#include <curl/curl.h>

#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "catalog/crawler/s3/s3_client.h"

namespace almanac::crawler::s3 {
namespace {

size_t OnBody(char *data, size_t size, size_t count, void *user) {
  static_cast<std::string *>(user)->append(data, size * count);
  return size * count;
}

size_t OnHeader(char *data, size_t size, size_t count, void *user) {
  absl::string_view line(data, size * count);
  const size_t colon = line.find(':');
  if (colon != absl::string_view::npos) {
    static_cast<Params *>(user)->emplace_back(
        absl::AsciiStrToLower(line.substr(0, colon)),
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  } else if (absl::StartsWith(line, "HTTP/")) {
    static_cast<Params *>(user)
        ->clear(); // a new response (after a 100 Continue)
  }
  return size * count;
}

bool Retryable(CURLcode code) {
  switch (code) {
  case CURLE_COULDNT_CONNECT:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
    return true;
  default:
    return false;
  }
}

// This thread's easy handle, made on first use and cleaned up when the
// thread ends.
CURL *ThreadHandle() {
  struct Holder {
    CURL *handle = nullptr;
    ~Holder() {
      if (handle != nullptr)
        curl_easy_cleanup(handle);
    }
  };
  thread_local Holder holder;
  if (holder.handle == nullptr) {
    holder.handle = curl_easy_init();
  } else {
    curl_easy_reset(holder.handle); // options back to defaults; connections kept
  }
  return holder.handle;
}

class CurlTransport : public HttpTransport {
public:
  CurlTransport() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  absl::StatusOr<HttpResponse> Send(const HttpRequest &request) const override {
    CURL *curl = ThreadHandle();
    if (curl == nullptr)
      return absl::ResourceExhaustedError("cannot create a curl handle");
    curl_slist *headers = nullptr;
    for (const auto &[name, value] : request.headers) {
      headers =
          curl_slist_append(headers, absl::StrCat(name, ": ", value).c_str());
    }
    // No "Expect: 100-continue", no "Accept: */*" outside the signature.
    headers = curl_slist_append(headers, "Expect:");
    HttpResponse response;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(
        curl, CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(absl::ToInt64Milliseconds(request.connect_timeout)));
    curl_easy_setopt(
        curl, CURLOPT_TIMEOUT_MS,
        static_cast<long>(absl::ToInt64Milliseconds(request.timeout)));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    if (request.method == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method != "GET") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
      // The error buffer names the host and the system error, never a header.
      const std::string message =
          error[0] != '\0' ? error : curl_easy_strerror(code);
      if (Retryable(code))
        return absl::UnavailableError(message);
      return absl::FailedPreconditionError(message);
    }
    response.status = static_cast<int>(status);
    return response;
  }
};

} // namespace

std::unique_ptr<HttpTransport> NewCurlTransport() {
  return std::make_unique<CurlTransport>();
}

} // namespace almanac::crawler::s3
