// The schema migrations compiled into this binary: forward-only SQL steps
// numbered 1, 2, 3... from migrations/NNNN_name.sql, embedded at build time so
// a server never depends on files beside it. Storage backends apply them in
// order, each in its own transaction (see storage/sqlite/migrator.h).
//
// Thread safety: the list is built once and immutable; safe from any thread.
#ifndef ALMANAC_MIGRATIONS_MIGRATIONS_H_
#define ALMANAC_MIGRATIONS_MIGRATIONS_H_

#include <string_view>
#include <vector>

namespace almanac::migrations {

struct Migration {
  int version;            // 1-based, consecutive
  std::string_view name;  // file name, e.g. "0001_initial.sql"
  std::string_view sql;   // the file's text; may hold several statements
};

// Every migration, ordered by version. Never empty.
const std::vector<Migration>& AllMigrations();

}  // namespace almanac::migrations

#endif  // ALMANAC_MIGRATIONS_MIGRATIONS_H_
