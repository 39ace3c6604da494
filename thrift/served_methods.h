// Which methods of hive_metastore.thrift (and its fb303 base) Almanac serves.
//
// The list of served methods below is the ONE place that decides it. Every
// other method the IDL declares is answered by HmsProcessor with
// TApplicationException UNKNOWN_METHOD ("method 'x' is not supported by
// almanac") after its arguments are skipped: never an empty success from a
// handler method that was not written. It is an allow-list rather than a
// deny-list so that forgetting a method fails loudly instead of silently.
// SERVED_METHODS.md mirrors this list with the reasons for what is not
// served; served_methods_test checks that the two agree.
//
// Stateless; thread-safe.
#ifndef ALMANAC_THRIFT_SERVED_METHODS_H_
#define ALMANAC_THRIFT_SERVED_METHODS_H_

#include <string_view>
#include <vector>

namespace almanac::hms {

// Sorted by name.
const std::vector<std::string_view>& ServedMethods();

bool IsServed(std::string_view method);

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_SERVED_METHODS_H_
