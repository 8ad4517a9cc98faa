// Schema versioning for the store. The schema version lives in SQLite's `PRAGMA user_version`
// (0 for a new file); each migration step brings the file to the next version, inside its own
// transaction together with the new user_version, so a crash leaves either the old schema or the
// new one. A file written by a newer Otedama is refused rather than guessed at.
#pragma once

#include <functional>
#include <span>
#include <string>

#include "store/sqlite.hpp"

namespace otedama::store {

struct Migration {
  int version = 0;          // the schema version once this step has run
  std::string description;  // for error messages
  std::string sql;          // run first (may hold several statements); may be empty
  std::function<void(Database&)> apply;  // run after the SQL, for steps SQL alone cannot express
};

// The store's own steps, oldest first: versions 1..N.
std::span<const Migration> storeMigrations();

// The file's schema version (PRAGMA user_version).
int schemaVersion(Database& db);

// Runs the steps the file has not seen yet and returns the resulting version. `steps` must be
// numbered 1, 2, ... N in order (a StoreError says otherwise). A file whose version is above N
// is refused: "database schema version 7 is newer than this Otedama (knows 1..N)". A failing
// step is rolled back and reported with its version and description; earlier steps stay applied.
// Each step re-reads the version under the write lock, so two processes opening the same new
// file do not both run it.
int migrate(Database& db, std::span<const Migration> steps);

}  // namespace otedama::store
