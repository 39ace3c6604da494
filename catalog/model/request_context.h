// RequestContext: who is asking, from where, through which front end. Every
// CatalogService method takes one, so that access policies, the audit trail
// and version history attach without changing signatures.
#ifndef ALMANAC_CATALOG_MODEL_REQUEST_CONTEXT_H_
#define ALMANAC_CATALOG_MODEL_REQUEST_CONTEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace almanac::model {

enum class FrontEnd { kInternal, kGrpc, kThrift, kCli };

struct RequestContext {
  std::string principal;            // user name; "anonymous" when unknown
  std::vector<std::string> groups;  // as claimed by the client (set_ugi) or known
  std::string source_address;       // "ipv4:127.0.0.1:50312" style, may be empty
  FrontEnd front_end = FrontEnd::kInternal;
  std::string request_id;  // unique per request, for logs and audit records
  // Whether the front end authenticated `principal` (SASL PLAIN, a bearer
  // token, a client certificate) rather than taking the client's word
  // (set_ugi, or the anonymous user).
  bool authenticated = false;
  // Whether the connection is TLS (policy key aws:SecureTransport).
  bool secure_transport = false;

  // The server's own calls (start-up, maintenance jobs): the explicit
  // internal principal "almanac", front end kInternal, request id
  // "internal:<job>".
  static RequestContext Internal(std::string_view job = "server") {
    return RequestContext{.principal = "almanac", .request_id = "internal:" + std::string(job)};
  }
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_REQUEST_CONTEXT_H_
