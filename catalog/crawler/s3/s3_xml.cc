#include "catalog/crawler/s3/s3_xml.h"

#include <expat.h>

#include <cstdio>
#include <ctime>
#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/absl_view.h"

namespace almanac::crawler::s3 {
namespace {

// Collects the text of each element with its path ("ListBucketResult/
// Contents/Key") and reports element ends to a callback.
struct Walker {
  std::vector<std::string> path;
  std::string text;
  std::function<void(const std::string &path, const std::string &text)> on_end;
};

void OnStart(void *data, const XML_Char *name, const XML_Char ** /*attrs*/) {
  auto *w = static_cast<Walker *>(data);
  w->path.emplace_back(name);
  w->text.clear();
}

void OnEnd(void *data, const XML_Char * /*name*/) {
  auto *w = static_cast<Walker *>(data);
  w->on_end(absl::StrJoin(w->path, "/"), w->text);
  w->path.pop_back();
  w->text.clear();
}

void OnText(void *data, const XML_Char *s, int len) {
  static_cast<Walker *>(data)->text.append(s, static_cast<size_t>(len));
}

absl::Status Walk(std::string_view xml, Walker *walker) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (parser == nullptr)
    return absl::ResourceExhaustedError("cannot create an XML parser");
  XML_SetUserData(parser, walker);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  absl::Status status;
  if (XML_Parse(parser, xml.data(), static_cast<int>(xml.size()),
                /*isFinal=*/1) == XML_STATUS_ERROR) {
    status = absl::DataLossError(absl::StrCat(
        "malformed S3 response XML at line ", XML_GetCurrentLineNumber(parser),
        ": ", XML_ErrorString(XML_GetErrorCode(parser))));
  }
  XML_ParserFree(parser);
  return status;
}

} // namespace

absl::StatusOr<int64_t> ParseS3Time(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
                  &s) != 6) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad S3 timestamp '", copy, "'"));
  }
  struct tm tm {};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

absl::StatusOr<ListPage> ParseListObjectsV2(std::string_view xml) {
  ListPage page;
  ListedObject current;
  absl::Status field_error;
  bool root_seen = false;
  Walker walker;
  walker.on_end = [&](const std::string &path, const std::string &text) {
    if (path == "ListBucketResult") {
      root_seen = true;
    } else if (path == "ListBucketResult/IsTruncated") {
      page.truncated = text == "true";
    } else if (path == "ListBucketResult/NextContinuationToken") {
      page.next_continuation_token = text;
    } else if (path == "ListBucketResult/CommonPrefixes/Prefix") {
      page.common_prefixes.push_back(text);
    } else if (path == "ListBucketResult/Contents/Key") {
      current.key = text;
    } else if (path == "ListBucketResult/Contents/ETag") {
      current.etag = text;
    } else if (path == "ListBucketResult/Contents/Size") {
      if (!absl::SimpleAtoi(text, &current.size) && field_error.ok()) {
        field_error =
            absl::DataLossError(absl::StrCat("bad object size '", text, "'"));
      }
    } else if (path == "ListBucketResult/Contents/LastModified") {
      absl::StatusOr<int64_t> t = ParseS3Time(text);
      if (t.ok()) {
        current.mtime = *t;
      } else if (field_error.ok()) {
        field_error = absl::DataLossError(t.status().message());
      }
    } else if (path == "ListBucketResult/Contents") {
      page.objects.push_back(std::move(current));
      current = ListedObject();
    }
  };
  absl::Status status = Walk(xml, &walker);
  if (!status.ok())
    return status;
  if (!field_error.ok())
    return field_error;
  if (!root_seen)
    return absl::DataLossError("S3 list response is not a ListBucketResult");
  return page;
}

S3ErrorBody ParseErrorBody(std::string_view xml) {
  S3ErrorBody out;
  Walker walker;
  walker.on_end = [&](const std::string &path, const std::string &text) {
    if (path == "Error/Code")
      out.code = text;
    if (path == "Error/Message")
      out.message = text;
  };
  if (!Walk(xml, &walker).ok())
    return S3ErrorBody();
  return out;
}

} // namespace almanac::crawler::s3
