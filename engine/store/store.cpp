// The store: opening and checking the file, input limits, and one cached statement per query.
#include "store/store.hpp"

#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

#include "store/migrations.hpp"
#include "util/hex.hpp"

namespace otedama::store {

std::string_view toString(BlockStatus status) {
  switch (status) {
    case BlockStatus::Pending: return "pending";
    case BlockStatus::Confirmed: return "confirmed";
    case BlockStatus::Orphaned: return "orphaned";
  }
  return "pending";
}

std::optional<BlockStatus> parseBlockStatus(std::string_view text) {
  if (text == "pending") return BlockStatus::Pending;
  if (text == "confirmed") return BlockStatus::Confirmed;
  if (text == "orphaned") return BlockStatus::Orphaned;
  return std::nullopt;
}

namespace {

void requireName(std::string_view what, std::string_view value, std::size_t limit) {
  if (value.empty()) throw StoreError(std::string(what) + " is empty");
  if (value.size() > limit) {
    throw StoreError(std::string(what) + " is " + std::to_string(value.size()) + " bytes, more than the " +
                     std::to_string(limit) + " allowed");
  }
}

void requireShorterThan(std::string_view what, std::string_view value, std::size_t limit) {
  if (value.size() > limit) {
    throw StoreError(std::string(what) + " is " + std::to_string(value.size()) + " bytes, more than the " +
                     std::to_string(limit) + " allowed");
  }
}

void requireNotNegative(std::string_view what, std::int64_t value) {
  if (value < 0) throw StoreError(std::string(what) + " is negative (" + std::to_string(value) + ")");
}

void requireFinite(std::string_view what, double value) {
  if (!std::isfinite(value)) throw StoreError(std::string(what) + " is not a finite number");
}

void requireHeight(std::string_view what, std::uint64_t height) {
  if (height > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw StoreError(std::string(what) + " " + std::to_string(height) + " is too large to store");
  }
}

void validateShare(const ShareRecord& share) {
  if (share.encoded.empty()) throw StoreError("share " + toHex(share.id) + " has an empty encoding");
  if (share.encoded.size() > Store::kMaxShareBytes) {
    throw StoreError("share " + toHex(share.id) + " encoding is " + std::to_string(share.encoded.size()) +
                     " bytes, more than the " + std::to_string(Store::kMaxShareBytes) + " allowed");
  }
  requireHeight("share height", share.height);
}

std::int64_t limitValue(std::size_t limit) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min<std::uint64_t>(limit, kMax));
}

BlockStatus statusColumn(const Statement& statement, int column) {
  const std::string text = statement.columnText(column);
  if (auto status = parseBlockStatus(text)) return *status;
  throw StoreError("unknown block status '" + text + "' in the store");
}

std::vector<std::string> pragmaRows(Statement& statement) {
  StatementScope scope(statement);
  std::vector<std::string> rows;
  while (scope->step()) rows.push_back(scope->columnText(0));
  return rows;
}

std::string joinLines(const std::vector<std::string>& rows) {
  std::string out;
  for (const std::string& row : rows) {
    if (!out.empty()) out += '\n';
    out += row;
  }
  return out.empty() ? std::string("(no answer)") : out;
}

constexpr const char* kShareColumns = "id, previous_id, height, encoded, received_at, local";

ShareRecord readShare(const Statement& s) {
  ShareRecord share;
  share.id = s.columnHash(0);
  share.previousId = s.columnHash(1);
  share.height = s.columnUint64(2);
  share.encoded = s.columnBlob(3);
  share.receivedAt = s.columnInt64(4);
  share.local = s.columnInt64(5) != 0;
  return share;
}

}  // namespace

// Statements are compiled once, when the store opens, and reused: compiling is most of the cost
// of a small query. They are declared after the connection so that they are finalized first.
struct Store::Impl {
  explicit Impl(Database database) : db(std::move(database)) {}

  void prepare() {
    const std::string shareColumns = kShareColumns;
    insertShare = db.prepare("INSERT INTO shares (" + shareColumns +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING");
    hasShare = db.prepare("SELECT 1 FROM shares WHERE id = ?1");
    getShare = db.prepare("SELECT " + shareColumns + " FROM shares WHERE id = ?1");
    loadShares = db.prepare("SELECT " + shareColumns + " FROM shares ORDER BY height, id");
    shareCount = db.prepare("SELECT count(*) FROM shares");
    blockCount = db.prepare("SELECT count(*) FROM blocks");
    removeShare = db.prepare("DELETE FROM shares WHERE id = ?1");
    removeSharesBelow = db.prepare("DELETE FROM shares WHERE height < ?1");

    insertBlock = db.prepare(
        "INSERT INTO blocks (hash, height, share_id, reward, found_at, status, confirmations) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash) DO NOTHING RETURNING id");
    insertPayout = db.prepare(
        "INSERT INTO payouts (block_id, position, address, script, amount) VALUES (?1, ?2, ?3, ?4, ?5)");
    updateBlock = db.prepare("UPDATE blocks SET status = ?2, confirmations = ?3 WHERE hash = ?1");
    blocks = db.prepare(
        "SELECT height, hash, share_id, reward, found_at, status, confirmations FROM blocks "
        "ORDER BY height DESC, id DESC LIMIT ?1");
    payouts = db.prepare(
        "SELECT p.address, p.script, p.amount FROM payouts p JOIN blocks b ON b.id = p.block_id "
        "WHERE b.hash = ?1 ORDER BY p.position");
    paymentsTo = db.prepare(
        "SELECT b.hash, b.height, sum(p.amount), b.status, b.found_at "
        "FROM payouts p JOIN blocks b ON b.id = p.block_id WHERE p.address = ?1 "
        "GROUP BY b.id ORDER BY b.height DESC, b.id DESC LIMIT ?2");

    recordMiner = db.prepare(
        "INSERT INTO miner_stats (miner, accepted_shares, rejected_shares, accepted_difficulty, last_share_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (miner) DO UPDATE SET "
        "accepted_shares = accepted_shares + excluded.accepted_shares, "
        "rejected_shares = rejected_shares + excluded.rejected_shares, "
        "accepted_difficulty = accepted_difficulty + excluded.accepted_difficulty, "
        "last_share_at = max(last_share_at, excluded.last_share_at)");
    minerStats = db.prepare(
        "SELECT miner, accepted_shares, rejected_shares, accepted_difficulty, last_share_at FROM miner_stats "
        "ORDER BY miner");

    upsertPeer = db.prepare(
        "INSERT INTO peers (endpoint, node_id, first_seen, last_seen, reputation) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (endpoint) DO UPDATE SET "
        "node_id = CASE WHEN excluded.node_id <> '' THEN excluded.node_id ELSE node_id END, "
        "last_seen = max(last_seen, excluded.last_seen), reputation = excluded.reputation");
    peers = db.prepare(
        "SELECT endpoint, node_id, first_seen, last_seen, reputation FROM peers "
        "ORDER BY last_seen DESC, endpoint LIMIT ?1");
    removePeer = db.prepare("DELETE FROM peers WHERE endpoint = ?1");

    upsertBan = db.prepare(
        "INSERT INTO bans (subject, reason, since_time, until_time) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (subject) DO UPDATE SET reason = excluded.reason, since_time = excluded.since_time, "
        "until_time = excluded.until_time");
    removeBan = db.prepare("DELETE FROM bans WHERE subject = ?1");
    activeBans = db.prepare(
        "SELECT subject, reason, since_time, until_time FROM bans WHERE until_time > ?1 ORDER BY subject");
    pruneBans = db.prepare("DELETE FROM bans WHERE until_time <= ?1");

    userVersion = db.prepare("PRAGMA user_version");
    integrityCheck = db.prepare("PRAGMA integrity_check(100)");
  }

  Database db;
  Statement insertShare, hasShare, getShare, loadShares, shareCount, blockCount, removeShare, removeSharesBelow;
  Statement insertBlock, insertPayout, updateBlock, blocks, payouts, paymentsTo;
  Statement recordMiner, minerStats;
  Statement upsertPeer, peers, removePeer;
  Statement upsertBan, removeBan, activeBans, pruneBans;
  Statement userVersion, integrityCheck;
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Store::~Store() = default;

std::unique_ptr<Store> Store::open(const std::filesystem::path& file) { return open(file, Options{}); }

std::unique_ptr<Store> Store::open(const std::filesystem::path& file, const Options& options) {
  try {
    if (options.busyTimeoutMs < 0) throw StoreError("the busy timeout is negative");
    if (file.has_parent_path()) {
      std::error_code error;
      std::filesystem::create_directories(file.parent_path(), error);
      if (error) throw StoreError("cannot create the folder " + file.parent_path().string() + ": " + error.message());
    }
    auto impl = std::make_unique<Impl>(Database(file));
    Database& db = impl->db;
    db.setBusyTimeout(options.busyTimeoutMs);

    // WAL: a commit appends to the log instead of rewriting pages in place, so it needs one
    // fsync, and readers never see a half-written transaction. The mode is stored in the file.
    const std::string mode = db.pragma("journal_mode = WAL");
    if (mode != "wal") throw StoreError("cannot use WAL journal mode (SQLite answered '" + mode + "')");
    // FULL in WAL mode syncs the log at every commit: a returned write survives a power cut.
    // NORMAL would only keep the file consistent and could lose the last commits.
    db.exec(options.synchronous == Synchronous::Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");
    db.exec("PRAGMA foreign_keys = ON");

    // Checked before migrating, so that a damaged file is never rewritten. quick_check rather than
    // integrity_check at every start: it reads every page and record but skips matching each
    // index entry against its table row, the part that costs most as the file grows.
    {
      Statement quickCheck = db.prepare("PRAGMA quick_check(20)");
      const std::vector<std::string> problems = pragmaRows(quickCheck);
      if (problems.size() != 1 || problems.front() != "ok") {
        throw StoreError("quick_check found damage: " + joinLines(problems), SQLITE_CORRUPT);
      }
    }
    migrate(db, storeMigrations());
    impl->prepare();
    return std::unique_ptr<Store>(new Store(std::move(impl)));
  } catch (const StoreError& e) {
    std::string message = "store " + file.string() + ": " + e.what();
    if (e.sqliteCode() == SQLITE_CORRUPT || e.sqliteCode() == SQLITE_NOTADB) {
      message += " (the file is damaged or is not an Otedama store; restore a backup, or move it away to start with an empty store)";
    }
    throw StoreError(message, e.sqliteCode());
  }
}

const std::filesystem::path& Store::file() const { return impl_->db.file(); }

int Store::schemaVersion() {
  StatementScope s(impl_->userVersion);
  if (!s->step()) throw StoreError("PRAGMA user_version returned no value");
  return static_cast<int>(s->columnInt64(0));
}

std::string Store::integrityCheck() {
  const std::vector<std::string> rows = pragmaRows(impl_->integrityCheck);
  return joinLines(rows);
}

Store::Settings Store::settings() {
  // Diagnostics only: compiled per call.
  Database& db = impl_->db;
  Settings settings;
  settings.journalMode = db.pragma("journal_mode");
  settings.synchronous = static_cast<int>(db.pragmaInt("synchronous"));
  settings.foreignKeys = db.pragmaInt("foreign_keys") != 0;
  settings.busyTimeoutMs = static_cast<int>(db.pragmaInt("busy_timeout"));
  return settings;
}

// ---- shares ----

void Store::insertShare(const ShareRecord& share) {
  StatementScope s(impl_->insertShare);
  s->bindBlob(1, share.id)
      .bindBlob(2, share.previousId)
      .bindUint64(3, share.height)
      .bindBlob(4, share.encoded)
      .bindInt64(5, share.receivedAt)
      .bindInt64(6, share.local ? 1 : 0);
  s->run();
}

void Store::addShare(const ShareRecord& share) {
  validateShare(share);
  // One statement outside BEGIN is its own transaction; its commit syncs the WAL before
  // returning (synchronous=FULL), so the share is durable here.
  insertShare(share);
}

void Store::addShares(std::span<const ShareRecord> shares) {
  for (const ShareRecord& share : shares) validateShare(share);
  if (shares.empty()) return;
  Transaction transaction(impl_->db);
  for (const ShareRecord& share : shares) insertShare(share);
  transaction.commit();
}

bool Store::hasShare(const Hash32& id) {
  StatementScope s(impl_->hasShare);
  s->bindBlob(1, id);
  return s->step();
}

std::optional<ShareRecord> Store::share(const Hash32& id) {
  StatementScope s(impl_->getShare);
  s->bindBlob(1, id);
  if (!s->step()) return std::nullopt;
  return readShare(*s);
}

std::vector<ShareRecord> Store::loadShares() {
  std::vector<ShareRecord> out;
  out.reserve(shareCount());
  StatementScope s(impl_->loadShares);
  while (s->step()) out.push_back(readShare(*s));
  return out;
}

std::size_t Store::shareCount() {
  StatementScope s(impl_->shareCount);
  if (!s->step()) return 0;
  return static_cast<std::size_t>(s->columnUint64(0));
}

void Store::removeShares(std::span<const Hash32> ids) {
  if (ids.empty()) return;
  Transaction transaction(impl_->db);
  for (const Hash32& id : ids) {
    StatementScope s(impl_->removeShare);
    s->bindBlob(1, id);
    s->run();
  }
  transaction.commit();
}

std::size_t Store::removeSharesBelowHeight(std::uint64_t height) {
  StatementScope s(impl_->removeSharesBelow);
  if (height > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    // Past INT64_MAX as a real number: SQLite compares integers and reals by value, so every
    // stored height (at most INT64_MAX) is below it.
    s->bindDouble(1, static_cast<double>(height));
  } else {
    s->bindUint64(1, height);
  }
  s->run();
  return static_cast<std::size_t>(impl_->db.changes());
}

// ---- blocks and payouts ----

void Store::addBlock(const BlockRecord& block, std::span<const PayoutRecord> payouts) {
  requireHeight("block height", block.height);
  requireNotNegative("block reward", block.reward);
  for (const PayoutRecord& payout : payouts) {
    requireNotNegative("payout amount", payout.amount);
    requireShorterThan("payout address", payout.address, kMaxNameBytes);
    if (payout.address.empty() && payout.script.empty()) throw StoreError("a payout has neither address nor script");
    if (payout.script.size() > kMaxShareBytes) throw StoreError("a payout script is larger than 64 KiB");
  }

  Transaction transaction(impl_->db);
  std::int64_t blockId = 0;
  {
    StatementScope s(impl_->insertBlock);
    s->bindBlob(1, block.hash)
        .bindUint64(2, block.height)
        .bindBlob(3, block.shareId)
        .bindInt64(4, block.reward)
        .bindInt64(5, block.foundAt)
        .bindText(6, toString(block.status))
        .bindInt64(7, block.confirmations);
    // No row back: the block is stored already, with its payouts. The transaction rolls back
    // having changed nothing.
    if (!s->step()) return;
    blockId = s->columnInt64(0);
    s->run();  // RETURNING statements finish their write on the last step
  }
  std::int64_t position = 0;
  for (const PayoutRecord& payout : payouts) {
    StatementScope s(impl_->insertPayout);
    s->bindInt64(1, blockId).bindInt64(2, position++).bindText(3, payout.address).bindBlob(4, payout.script)
        .bindInt64(5, payout.amount);
    s->run();
  }
  transaction.commit();
}

void Store::updateBlockStatus(const Hash32& hash, BlockStatus status, std::uint32_t confirmations) {
  StatementScope s(impl_->updateBlock);
  s->bindBlob(1, hash).bindText(2, toString(status)).bindInt64(3, confirmations);
  s->run();
  if (impl_->db.changes() == 0) throw StoreError("updateBlockStatus: no stored block " + toHex(hash));
}

std::size_t Store::blockCount() {
  StatementScope s(impl_->blockCount);
  if (!s->step()) return 0;
  return static_cast<std::size_t>(s->columnUint64(0));
}

std::vector<BlockRecord> Store::blocks(std::size_t limit) {
  std::vector<BlockRecord> out;
  StatementScope s(impl_->blocks);
  s->bindInt64(1, limitValue(limit));
  while (s->step()) {
    BlockRecord block;
    block.height = s->columnUint64(0);
    block.hash = s->columnHash(1);
    block.shareId = s->columnHash(2);
    block.reward = s->columnInt64(3);
    block.foundAt = s->columnInt64(4);
    block.status = statusColumn(*s, 5);
    block.confirmations = static_cast<std::uint32_t>(s->columnInt64(6));
    out.push_back(block);
  }
  return out;
}

std::vector<PayoutRecord> Store::payouts(const Hash32& blockHash) {
  std::vector<PayoutRecord> out;
  StatementScope s(impl_->payouts);
  s->bindBlob(1, blockHash);
  while (s->step()) out.push_back({s->columnText(0), s->columnBlob(1), s->columnInt64(2)});
  return out;
}

std::vector<MinerPayment> Store::paymentsTo(const std::string& address, std::size_t limit) {
  requireName("payout address", address, kMaxNameBytes);
  std::vector<MinerPayment> out;
  StatementScope s(impl_->paymentsTo);
  s->bindText(1, address).bindInt64(2, limitValue(limit));
  while (s->step()) {
    out.push_back({s->columnHash(0), s->columnUint64(1), s->columnInt64(2), statusColumn(*s, 3), s->columnInt64(4)});
  }
  return out;
}

// ---- miner statistics ----

void Store::recordMinerShares(const std::string& miner, std::uint64_t accepted, std::uint64_t rejected,
                              double difficulty, std::int64_t at) {
  requireName("miner name", miner, kMaxNameBytes);
  requireFinite("accepted difficulty", difficulty);
  if (difficulty < 0) throw StoreError("accepted difficulty is negative");
  StatementScope s(impl_->recordMiner);
  s->bindText(1, miner).bindUint64(2, accepted).bindUint64(3, rejected).bindDouble(4, difficulty).bindInt64(5, at);
  s->run();
}

std::vector<MinerStatsRecord> Store::minerStats() {
  std::vector<MinerStatsRecord> out;
  StatementScope s(impl_->minerStats);
  while (s->step()) {
    out.push_back({s->columnText(0), s->columnUint64(1), s->columnUint64(2), s->columnDouble(3), s->columnInt64(4)});
  }
  return out;
}

// ---- peers and bans ----

void Store::upsertPeer(const PeerRecord& peer) {
  requireName("peer endpoint", peer.endpoint, kMaxNameBytes);
  requireShorterThan("peer node id", peer.nodeId, kMaxReasonBytes);
  requireFinite("peer reputation", peer.reputation);
  StatementScope s(impl_->upsertPeer);
  s->bindText(1, peer.endpoint)
      .bindText(2, peer.nodeId)
      .bindInt64(3, peer.firstSeen)
      .bindInt64(4, peer.lastSeen)
      .bindDouble(5, peer.reputation);
  s->run();
}

std::vector<PeerRecord> Store::peers(std::size_t limit) {
  std::vector<PeerRecord> out;
  StatementScope s(impl_->peers);
  s->bindInt64(1, limitValue(limit));
  while (s->step()) {
    out.push_back({s->columnText(0), s->columnText(1), s->columnInt64(2), s->columnInt64(3), s->columnDouble(4)});
  }
  return out;
}

void Store::removePeer(const std::string& endpoint) {
  requireName("peer endpoint", endpoint, kMaxNameBytes);
  StatementScope s(impl_->removePeer);
  s->bindText(1, endpoint);
  s->run();
}

void Store::addBan(const BanRecord& ban) {
  requireName("ban subject", ban.subject, kMaxNameBytes);
  requireShorterThan("ban reason", ban.reason, kMaxReasonBytes);
  if (ban.until < ban.since) {
    throw StoreError("ban of " + ban.subject + " ends (" + std::to_string(ban.until) + ") before it starts (" +
                     std::to_string(ban.since) + ")");
  }
  StatementScope s(impl_->upsertBan);
  s->bindText(1, ban.subject).bindText(2, ban.reason).bindInt64(3, ban.since).bindInt64(4, ban.until);
  s->run();
}

void Store::removeBan(const std::string& subject) {
  requireName("ban subject", subject, kMaxNameBytes);
  StatementScope s(impl_->removeBan);
  s->bindText(1, subject);
  s->run();
}

std::vector<BanRecord> Store::activeBans(std::int64_t now) {
  std::vector<BanRecord> out;
  StatementScope s(impl_->activeBans);
  s->bindInt64(1, now);
  while (s->step()) out.push_back({s->columnText(0), s->columnText(1), s->columnInt64(2), s->columnInt64(3)});
  return out;
}

std::size_t Store::pruneExpiredBans(std::int64_t now) {
  StatementScope s(impl_->pruneBans);
  s->bindInt64(1, now);
  s->run();
  return static_cast<std::size_t>(impl_->db.changes());
}

}  // namespace otedama::store
