#include "catalog/classifiers/grok/grok_patterns.h"

#include <utility>

namespace almanac::classifiers::grok {
namespace {

struct Pattern {
  std::string_view name;
  std::string_view definition;
};

// Written for this library from the formats themselves (RFC 791/4291 for
// addresses, RFC 3986 for URIs, Apache's log formats, syslog's timestamp).
// Where grok libraries traditionally use lookaround to keep a number from
// starting inside another one, these rely on full-line matching instead.
constexpr Pattern kPatterns[] = {
    // Words, space and free text.
    {"USERNAME", R"re([a-zA-Z0-9._-]+)re"},
    {"USER", R"re(%{USERNAME})re"},
    {"EMAILLOCALPART", R"re([a-zA-Z0-9][a-zA-Z0-9._%+=-]*)re"},
    {"EMAILADDRESS", R"re(%{EMAILLOCALPART}@%{HOSTNAME})re"},
    {"HTTPDUSER", R"re(%{EMAILADDRESS}|%{USER})re"},
    {"WORD", R"re(\b\w+\b)re"},
    {"NOTSPACE", R"re(\S+)re"},
    {"SPACE", R"re(\s*)re"},
    {"DATA", R"re(.*?)re"},
    {"GREEDYDATA", R"re(.*)re"},
    {"QUOTEDSTRING", R"re("(?:\\.|[^\\"])*"|'(?:\\.|[^\\'])*'|`(?:\\.|[^\\`])*`)re"},
    {"QS", R"re(%{QUOTEDSTRING})re"},
    {"UUID", R"re([A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12})re"},
    {"BOOL", R"re((?i:true|false))re"},

    // Numbers.
    {"INT", R"re([+-]?[0-9]+)re"},
    {"BASE10NUM", R"re([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))re"},
    {"NUMBER", R"re(%{BASE10NUM})re"},
    {"BASE16NUM", R"re([+-]?(?:0[xX])?[0-9A-Fa-f]+)re"},
    {"BASE16FLOAT", R"re([+-]?(?:0[xX])?(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?|\.[0-9A-Fa-f]+))re"},
    {"POSINT", R"re(\b[1-9][0-9]*\b)re"},
    {"NONNEGINT", R"re(\b[0-9]+\b)re"},

    // Network addresses.
    {"MAC", R"re(%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})re"},
    {"CISCOMAC", R"re((?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4})re"},
    {"WINDOWSMAC", R"re((?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})re"},
    {"COMMONMAC", R"re((?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})re"},
    {"IPV4OCTET", R"re(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])re"},
    {"IPV4", R"re((?:%{IPV4OCTET}\.){3}%{IPV4OCTET})re"},
    {"IPV6HEXTET", R"re([0-9A-Fa-f]{1,4})re"},
    // RFC 4291 section 2.2: eight hextets, "::" standing for one or more
    // zero hextets once, optionally the last 32 bits as dotted IPv4, and a
    // zone after '%' (RFC 4007).
    {"IPV6", R"re((?:(?:%{IPV6HEXTET}:){7}%{IPV6HEXTET})re"
             R"re(|(?:%{IPV6HEXTET}:){1,7}:)re"
             R"re(|(?:%{IPV6HEXTET}:){1,6}:%{IPV6HEXTET})re"
             R"re(|(?:%{IPV6HEXTET}:){1,5}(?::%{IPV6HEXTET}){1,2})re"
             R"re(|(?:%{IPV6HEXTET}:){1,4}(?::%{IPV6HEXTET}){1,3})re"
             R"re(|(?:%{IPV6HEXTET}:){1,3}(?::%{IPV6HEXTET}){1,4})re"
             R"re(|(?:%{IPV6HEXTET}:){1,2}(?::%{IPV6HEXTET}){1,5})re"
             R"re(|%{IPV6HEXTET}:(?::%{IPV6HEXTET}){1,6})re"
             R"re(|:(?:(?::%{IPV6HEXTET}){1,7}|:))re"
             R"re(|(?:%{IPV6HEXTET}:){6}%{IPV4})re"
             R"re(|(?:%{IPV6HEXTET}:){1,5}:%{IPV4})re"
             R"re(|::(?:[Ff]{4}(?::0{1,4})?:)?%{IPV4}))re"
             R"re((?:%[0-9A-Za-z._~-]+)?)re"},
    {"IP", R"re(%{IPV6}|%{IPV4})re"},
    // RFC 1123 labels: letters, digits and inner hyphens, at most 63 long.
    {"HOSTNAME", R"re([0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?)re"
                 R"re((?:\.[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?)*\.?)re"},
    {"HOST", R"re(%{HOSTNAME})re"},
    {"IPORHOST", R"re(%{IP}|%{HOSTNAME})re"},
    {"HOSTPORT", R"re(%{IPORHOST}:%{POSINT})re"},

    // Paths and URIs (RFC 3986).
    {"UNIXPATH", R"re((?:/[\w%!$@:.,+~-]*)+)re"},
    {"WINPATH", R"re((?:[A-Za-z]+:|\\)(?:\\[^\\?*]*)+)re"},
    {"PATH", R"re(%{UNIXPATH}|%{WINPATH})re"},
    {"TTY", R"re(/dev/(?:pts|tty(?:[pq])?)(?:\w+)?/?(?:[0-9]+))re"},
    {"URIPROTO", R"re([A-Za-z][A-Za-z0-9+.-]*)re"},
    {"URIHOST", R"re(%{IPORHOST}(?::%{POSINT})?)re"},
    {"URIPATH", R"re((?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+)re"},
    {"URIPARAM", R"re(\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*)re"},
    {"URIPATHPARAM", R"re(%{URIPATH}(?:%{URIPARAM})?)re"},
    {"URI", R"re(%{URIPROTO}://(?:%{USER}(?::[^@\s]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?)re"},

    // Dates and times.
    {"MONTH",
     R"re(\b(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?)re"
     R"re(|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b)re"},
    {"MONTHNUM", R"re(0?[1-9]|1[0-2])re"},
    {"MONTHNUM2", R"re(0[1-9]|1[0-2])re"},
    {"MONTHDAY", R"re(0[1-9]|[12][0-9]|3[01]|[1-9])re"},
    {"DAY", R"re(\b(?i:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?)re"
            R"re(|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b)re"},
    {"YEAR", R"re([0-9]{4}|[0-9]{2})re"},
    {"HOUR", R"re(2[0-3]|[01]?[0-9])re"},
    {"MINUTE", R"re([0-5][0-9])re"},
    {"SECOND", R"re((?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)re"},
    {"TIME", R"re(%{HOUR}:%{MINUTE}(?::%{SECOND})?)re"},
    {"DATE_US", R"re(%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR})re"},
    {"DATE_EU", R"re(%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR})re"},
    {"DATE", R"re(%{DATE_US}|%{DATE_EU})re"},
    {"DATESTAMP", R"re(%{DATE}[- ]%{TIME})re"},
    {"TZ", R"re([A-Z]{3,4})re"},
    {"ISO8601_TIMEZONE", R"re(Z|[+-]%{HOUR}(?::?%{MINUTE})?)re"},
    {"ISO8601_SECOND", R"re(%{SECOND})re"},
    {"TIMESTAMP_ISO8601",
     R"re(%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?)re"},
    {"DATESTAMP_RFC822", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ})re"},
    {"DATESTAMP_RFC2822",
     R"re(%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE})re"},
    {"DATESTAMP_OTHER", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR})re"},
    {"DATESTAMP_EVENTLOG", R"re(%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND})re"},
    // Apache's %t: [10/Oct/2000:13:55:36 -0700].
    {"HTTPDATE", R"re(%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} [+-][0-9]{4})re"},
    // syslog's (RFC 3164) "Mmm dd hh:mm:ss", the day space-padded.
    {"SYSLOGTIMESTAMP", R"re(%{MONTH} +%{MONTHDAY} %{TIME})re"},

    // Logs.
    {"LOGLEVEL", R"re(\b(?i:alert|trace|debug|notice|info(?:rmation)?|warn(?:ing)?|err(?:or)?)re"
                 R"re(|crit(?:ical)?|fatal|severe|emerg(?:ency)?)\b)re"},
    {"PROG", R"re([\x21-\x5a\x5c\x5e-\x7e]+)re"},
    {"SYSLOGPROG", R"re(%{PROG:program}(?:\[%{POSINT:pid}\])?)re"},
    {"SYSLOGHOST", R"re(%{IPORHOST})re"},
    {"SYSLOGFACILITY", R"re(<%{NONNEGINT:facility}\.%{NONNEGINT:priority}>)re"},
    {"SYSLOGBASE",
     R"re(%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:)re"},
    {"SYSLOGLINE", R"re(%{SYSLOGBASE} ?%{GREEDYDATA:message})re"},
    // Apache httpd's "common" and "combined" LogFormats: %h %l %u %t "%r"
    // %>s %b, plus "%{Referer}i" "%{User-agent}i". A request line that is
    // not METHOD TARGET [HTTP/x] (a probe, garbage) lands in rawrequest.
    // The user (%u) may be an e-mail address, as single sign-on modules
    // log it.
    {"COMMONAPACHELOG",
     R"re(%{IPORHOST:clientip} %{HTTPDUSER:ident} %{HTTPDUSER:auth} \[%{HTTPDATE:timestamp}\] )re"
     R"re("(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" )re"
     R"re(%{NUMBER:response} (?:%{NUMBER:bytes}|-))re"},
    {"COMBINEDAPACHELOG", R"re(%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent})re"},
    // A kernel line as syslog daemons write it (/var/log/kern.log): the
    // classic or the ISO 8601 ("high precision") timestamp, the host,
    // "kernel:", then the kernel's own "[seconds.micros]" when printk
    // timestamps are on.
    {"KERNELTIMESTAMP", R"re(%{SYSLOGTIMESTAMP}|%{TIMESTAMP_ISO8601})re"},
    {"LINUXKERNELLOG", R"re(%{KERNELTIMESTAMP:timestamp} %{SYSLOGHOST:hostname} kernel: ?)re"
                       R"re((?:\[ *%{BASE10NUM:uptime}\] ?)?%{GREEDYDATA:message})re"},
};

}  // namespace

std::optional<std::string_view> FindBuiltinPattern(std::string_view name) {
  for (const Pattern& p : kPatterns) {
    if (p.name == name) return p.definition;
  }
  return std::nullopt;
}

const std::vector<std::string>& BuiltinPatternNames() {
  static const std::vector<std::string>* const names = [] {
    auto* v = new std::vector<std::string>();
    for (const Pattern& p : kPatterns) v->emplace_back(p.name);
    return v;
  }();
  return *names;
}

}  // namespace almanac::classifiers::grok
