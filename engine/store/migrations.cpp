// The migration runner and the store's schema, version by version. Never edit a released step:
// files in the field have already run it. Add a new step with the next version instead.
// A future step that rebuilds a table (create, copy, drop, rename) must keep foreign keys in mind:
// the store opens with foreign_keys=ON and that pragma cannot change inside the step's transaction.
#include "store/migrations.hpp"

#include <vector>

namespace otedama::store {
namespace {

// Version 1: shares as opaque encodings with the columns the node looks them up by; found blocks
// with their payouts (kept after the shares they came from are pruned, so no foreign key to
// shares); miner totals; known peers; bans.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE shares (
  id          BLOB    NOT NULL UNIQUE CHECK (length(id) = 32),
  previous_id BLOB    NOT NULL CHECK (length(previous_id) = 32),
  height      INTEGER NOT NULL CHECK (height >= 0),
  encoded     BLOB    NOT NULL,
  received_at INTEGER NOT NULL,
  local       INTEGER NOT NULL CHECK (local IN (0, 1))
);
CREATE INDEX shares_by_height ON shares (height, id);

CREATE TABLE blocks (
  id            INTEGER PRIMARY KEY,
  hash          BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32),
  height        INTEGER NOT NULL CHECK (height >= 0),
  share_id      BLOB    NOT NULL CHECK (length(share_id) = 32),
  reward        INTEGER NOT NULL CHECK (reward >= 0),
  found_at      INTEGER NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('pending', 'confirmed', 'orphaned')),
  confirmations INTEGER NOT NULL CHECK (confirmations >= 0)
);
CREATE INDEX blocks_by_height ON blocks (height);

CREATE TABLE payouts (
  block_id INTEGER NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  address  TEXT    NOT NULL,
  script   BLOB    NOT NULL,
  amount   INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (block_id, position)
) WITHOUT ROWID;
CREATE INDEX payouts_by_address ON payouts (address, block_id);

CREATE TABLE miner_stats (
  miner               TEXT    NOT NULL PRIMARY KEY,
  accepted_shares     INTEGER NOT NULL,
  rejected_shares     INTEGER NOT NULL,
  accepted_difficulty REAL    NOT NULL,
  last_share_at       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE peers (
  endpoint   TEXT    NOT NULL PRIMARY KEY,
  node_id    TEXT    NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  reputation REAL    NOT NULL
) WITHOUT ROWID;
CREATE INDEX peers_by_last_seen ON peers (last_seen);

CREATE TABLE bans (
  subject    TEXT    NOT NULL PRIMARY KEY,
  reason     TEXT    NOT NULL,
  since_time INTEGER NOT NULL,
  until_time INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX bans_by_until ON bans (until_time);
)sql";

const std::vector<Migration>& steps() {
  static const std::vector<Migration> list{
      {1, "shares, blocks, payouts, miner statistics, peers and bans", kSchemaV1, {}},
  };
  return list;
}

void setVersion(Database& db, int version) {
  // PRAGMA takes no bound parameters; the value is an int we produced, so formatting it is safe.
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

}  // namespace

std::span<const Migration> storeMigrations() { return steps(); }

int schemaVersion(Database& db) { return static_cast<int>(db.pragmaInt("user_version")); }

int migrate(Database& db, std::span<const Migration> list) {
  if (list.empty()) throw StoreError("no migration steps given");
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i) + 1) {
      throw StoreError("migration steps must be numbered 1..N in order; step " + std::to_string(i + 1) +
                       " says version " + std::to_string(list[i].version));
    }
  }
  const int newest = list.back().version;
  const auto tooNew = [&](int version) {
    return StoreError("database schema version " + std::to_string(version) + " is newer than this Otedama (knows 1.." +
                      std::to_string(newest) + ")");
  };

  int version = schemaVersion(db);
  if (version > newest) throw tooNew(version);
  if (version < 0) throw StoreError("database schema version " + std::to_string(version) + " is not valid");

  for (const Migration& step : list) {
    if (step.version <= version) continue;
    Transaction transaction(db);
    // Another process may have migrated between our read and the write lock.
    version = schemaVersion(db);
    if (version > newest) throw tooNew(version);
    if (step.version <= version) continue;
    try {
      if (!step.sql.empty()) db.exec(step.sql);
      if (step.apply) step.apply(db);
      setVersion(db, step.version);
      transaction.commit();
    } catch (const std::exception& e) {
      const auto* storeError = dynamic_cast<const StoreError*>(&e);
      throw StoreError("migration to schema version " + std::to_string(step.version) + " (" + step.description +
                           ") failed: " + e.what(),
                       storeError ? storeError->sqliteCode() : 0);
    }
    version = step.version;
  }
  return version;
}

}  // namespace otedama::store
