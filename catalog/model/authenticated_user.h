// AuthenticatedUser: who a front end proved a caller to be (a password
// checked against the password file, later a token), with the groups the
// server knows for that user. Front ends copy it into every RequestContext of
// the connection or call, with `authenticated = true`.
#ifndef ALMANAC_CATALOG_MODEL_AUTHENTICATED_USER_H_
#define ALMANAC_CATALOG_MODEL_AUTHENTICATED_USER_H_

#include <string>
#include <vector>

namespace almanac::model {

struct AuthenticatedUser {
  std::string name;
  std::vector<std::string> groups;  // as configured for the user; may be empty
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_AUTHENTICATED_USER_H_
