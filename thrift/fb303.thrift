// Almanac: the fb303 base service that the Hive Metastore service extends.
//
// Hive clients probe these calls (status, version, uptime) on the same socket
// as the metastore calls, so the method names, argument ids and types below
// must match the historical fb303 interface exactly. The comments are ours.

namespace cpp almanac.fb303
namespace py almanac_fb303

// Health as reported by getStatus().
enum fb_status {
  DEAD = 0,
  STARTING = 1,
  ALIVE = 2,
  STOPPING = 3,
  STOPPED = 4,
  WARNING = 5,
}

service FacebookService {
  // Human-readable service name.
  string getName(),

  // Server build version string.
  string getVersion(),

  // Current health.
  fb_status getStatus(),

  // Free-text explanation of the current health (why WARNING, what is stopping).
  string getStatusDetails(),

  // Every exported counter by name.
  map<string, i64> getCounters(),

  // One counter by name.
  i64 getCounter(1: string key),

  // Runtime option setter and getters.
  void setOption(1: string key, 2: string value),
  string getOption(1: string key),
  map<string, string> getOptions(),

  // A CPU profile sampled for the given number of seconds (format is server-defined).
  string getCpuProfile(1: i32 profileDurationInSec),

  // Unix time (seconds) at which the server started.
  i64 aliveSince(),

  // Fire-and-forget: reload configuration, reopen logs.
  oneway void reinitialize(),

  // Fire-and-forget: ask the server to stop.
  oneway void shutdown(),
}
