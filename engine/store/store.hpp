// The node's crash-safe persistence in one SQLite file: shares (opaque encodings plus the columns
// they are looked up by), found blocks and their payouts, miner statistics, peers and bans.
// The file runs in WAL mode with synchronous=FULL, so a write that has returned survives a crash
// of the process or of the machine. The store knows nothing of the share chain's types: the
// share chain encodes and decodes its shares itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite.hpp"
#include "util/bytes.hpp"

namespace otedama::store {

struct ShareRecord {
  Hash32 id{};
  Hash32 previousId{};
  std::uint64_t height = 0;
  Bytes encoded;                 // the share chain's own encoding, at most Store::kMaxShareBytes
  std::int64_t receivedAt = 0;   // unix seconds
  bool local = false;            // found by this node's miners

  bool operator==(const ShareRecord&) const = default;
};

enum class BlockStatus { Pending, Confirmed, Orphaned };

// "pending", "confirmed", "orphaned".
std::string_view toString(BlockStatus status);
std::optional<BlockStatus> parseBlockStatus(std::string_view text);

struct BlockRecord {
  std::uint64_t height = 0;  // parent-chain height
  Hash32 hash{};
  Hash32 shareId{};
  std::int64_t reward = 0;
  std::int64_t foundAt = 0;  // unix seconds
  BlockStatus status = BlockStatus::Pending;
  std::uint32_t confirmations = 0;

  bool operator==(const BlockRecord&) const = default;
};

struct PayoutRecord {
  std::string address;  // may be empty when the script has no address form
  Bytes script;
  std::int64_t amount = 0;

  bool operator==(const PayoutRecord&) const = default;
};

// What one address received from one block (several outputs to the address are summed).
struct MinerPayment {
  Hash32 blockHash{};
  std::uint64_t height = 0;
  std::int64_t amount = 0;
  BlockStatus status = BlockStatus::Pending;
  std::int64_t foundAt = 0;

  bool operator==(const MinerPayment&) const = default;
};

struct MinerStatsRecord {
  std::string miner;
  std::uint64_t acceptedShares = 0, rejectedShares = 0;
  double acceptedDifficulty = 0;
  std::int64_t lastShareAt = 0;  // unix seconds

  bool operator==(const MinerStatsRecord&) const = default;
};

struct PeerRecord {
  std::string endpoint;  // host:port
  std::string nodeId;    // hex, may be empty
  std::int64_t firstSeen = 0, lastSeen = 0;
  double reputation = 0;

  bool operator==(const PeerRecord&) const = default;
};

struct BanRecord {
  std::string subject;  // IP, subnet or node id
  std::string reason;
  std::int64_t since = 0, until = 0;  // unix seconds; the ban is over at `until`

  bool operator==(const BanRecord&) const = default;
};

// One open store file. Not thread-safe: use it from one thread (the engine's). Every method
// throws StoreError on failure or refused input; a write that throws has changed nothing.
class Store {
 public:
  static constexpr std::size_t kMaxShareBytes = 64 * 1024;
  static constexpr std::size_t kMaxNameBytes = 512;     // miner names, endpoints, subjects, addresses
  static constexpr std::size_t kMaxReasonBytes = 1024;  // ban reasons, node ids

  enum class Synchronous { Full, Off };
  struct Options {
    // Off skips the fsync at commit: a crash of the machine may then lose or damage recent
    // writes. Only for benchmarks and throwaway files; the node always uses Full.
    Synchronous synchronous = Synchronous::Full;
    int busyTimeoutMs = 5000;
  };

  // Creates the parent folders, opens or creates the file, sets WAL, synchronous, foreign keys and
  // the busy timeout, runs `PRAGMA quick_check` (every page and record, without cross-checking
  // indexes against tables, which keeps the open fast for large files), then migrates the schema.
  // Throws StoreError naming the file: unreadable or damaged files, a newer schema, failed checks.
  static std::unique_ptr<Store> open(const std::filesystem::path& file);
  static std::unique_ptr<Store> open(const std::filesystem::path& file, const Options& options);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& file() const;
  int schemaVersion();
  // The full `PRAGMA integrity_check`: "ok", or the problems found, one per line.
  std::string integrityCheck();

  // The connection's settings as SQLite reports them, for diagnostics and tests.
  struct Settings {
    std::string journalMode;  // "wal"
    int synchronous = 0;      // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    bool foreignKeys = false;
    int busyTimeoutMs = 0;
  };
  Settings settings();

  // ---- shares ----
  // Durable when it returns. Adding an id that is already stored changes nothing.
  void addShare(const ShareRecord& share);
  // All or none, in one transaction.
  void addShares(std::span<const ShareRecord> shares);
  bool hasShare(const Hash32& id);
  std::optional<ShareRecord> share(const Hash32& id);
  // Every share, by height then id: what the share chain restores at start.
  std::vector<ShareRecord> loadShares();
  std::size_t shareCount();
  // Ids that are not stored are skipped.
  void removeShares(std::span<const Hash32> ids);
  // Removes the shares with height < `height`; returns how many.
  std::size_t removeSharesBelowHeight(std::uint64_t height);

  // ---- found blocks and payouts ----
  // The block and its payouts in one transaction; a block hash already stored changes nothing.
  void addBlock(const BlockRecord& block, std::span<const PayoutRecord> payouts);
  // Throws StoreError for a block that is not stored.
  void updateBlockStatus(const Hash32& hash, BlockStatus status, std::uint32_t confirmations);
  // Newest (highest parent-chain height) first.
  std::vector<BlockRecord> blocks(std::size_t limit);
  std::size_t blockCount();
  // In the order given to addBlock; empty for an unknown block.
  std::vector<PayoutRecord> payouts(const Hash32& blockHash);
  // Newest block first, one entry per block. The address must not be empty.
  std::vector<MinerPayment> paymentsTo(const std::string& address, std::size_t limit);

  // ---- miner statistics ----
  // Adds to the miner's totals (creating them); lastShareAt keeps the latest `at` seen. Each call
  // is atomic; the node batches calls, so their number, not their size, is what costs.
  void recordMinerShares(const std::string& miner, std::uint64_t accepted, std::uint64_t rejected, double difficulty,
                         std::int64_t at);
  // By miner name.
  std::vector<MinerStatsRecord> minerStats();

  // ---- peers and bans ----
  // Inserts or updates a peer. An existing peer keeps its firstSeen, and its nodeId when the new
  // one is empty; lastSeen never moves backwards.
  void upsertPeer(const PeerRecord& peer);
  // Most recently seen first.
  std::vector<PeerRecord> peers(std::size_t limit);
  void removePeer(const std::string& endpoint);

  // Replaces any ban of the same subject. `until` must not be before `since`; a ban meant to last
  // forever uses INT64_MAX.
  void addBan(const BanRecord& ban);
  void removeBan(const std::string& subject);
  // Bans with until > now, by subject.
  std::vector<BanRecord> activeBans(std::int64_t now);
  // Deletes the bans with until <= now; returns how many.
  std::size_t pruneExpiredBans(std::int64_t now);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  void insertShare(const ShareRecord& share);

  std::unique_ptr<Impl> impl_;
};

}  // namespace otedama::store
