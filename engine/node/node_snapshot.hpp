// What the node shows the outside at one moment: plain data copied out of the engine thread, for
// the HTTP API, the desktop app's models and the daemon's log. Everything a reader needs is here
// by value (no pointers into the engine), so a snapshot can cross threads and outlive the node.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace otedama::node {

// One configured and running part's health, for status lights and /api/stats.
struct PartStatus {
  bool ok = false;
  std::string detail;  // what is wrong when not ok ("" when ok), or a short state ("syncing 40 %")
};

struct ParentChainStatus {
  PartStatus status;
  std::uint64_t height = 0;        // of the template we mine on (the next block's height)
  std::string bestHash;            // hex (display order) of its previous block
  double difficulty = 0;           // the parent chain's
  std::int64_t blockReward = 0;    // the template's coinbase value, smallest units
  std::int64_t lastTemplateAt = 0;  // unix seconds
};

struct WindowShare {
  std::string id;       // hex, display order
  std::uint64_t height = 0;
  std::string miner;    // payout address
  std::string weight;   // exact decimal: what the share adds to its miner in the window (uncles' share deducted)
  std::int64_t timestamp = 0;
  bool isBlock = false;
  bool local = false;   // found by this node's miners
  // Every credit the share adds to the window, exact decimals by address (its miner, its uncles'
  // miners, and fee addresses); what the payout split is computed from.
  std::vector<std::pair<std::string, std::string>> credits;
};

struct ShareChainStatus {
  PartStatus status;                 // "syncing" while behind a peer
  std::uint64_t height = 0;
  std::string tip;                   // share id, hex; "" without shares
  std::size_t windowSize = 0;        // configured shareWindow
  std::size_t windowShares = 0;      // shares in the window now
  double shareDifficulty = 0;        // of the next share, in the chain's stratum units
  std::uint32_t targetShareTime = 0;
  std::size_t orphans = 0;
  std::uint64_t reorgs = 0;
  std::string consensusId;           // hex
};

struct Payout {
  std::string address;
  std::int64_t amount = 0;  // smallest units (litoshi)
};

struct BlockInfo {
  std::uint64_t height = 0;
  std::string hash;                  // hex, display order
  std::string shareId;               // the share that was the block
  std::string status;                // "pending", "confirmed", "orphaned"
  std::uint32_t confirmations = 0;
  std::int64_t foundAt = 0;          // unix seconds
  std::int64_t reward = 0;           // coinbase value
  bool local = false;                // found by this node's miners
  std::vector<Payout> payouts;
};

struct PaymentInfo {
  std::string address;
  std::int64_t amount = 0;
  std::uint64_t blockHeight = 0;
  std::string blockHash;
  std::string status;                // the block's
  std::int64_t time = 0;
};

struct WorkerInfo {
  std::string name;                  // "" for the address's default worker
  double hashrate = 0;               // H/s over 15 minutes
  double difficulty = 0;
  std::uint64_t accepted = 0;
  std::map<std::string, std::uint64_t> rejected;  // reason -> count
  std::int64_t lastShare = 0;        // unix seconds, 0: none yet
  unsigned connections = 0;
};

struct MinerInfo {
  std::string address;
  double hashrate15m = 0, hashrate1h = 0, hashrate24h = 0;  // H/s
  std::uint64_t accepted = 0, rejected = 0;
  std::int64_t lastShare = 0;
  std::vector<WorkerInfo> workers;
  std::string windowWeight;          // exact decimal, its credits in the PPLNS window ("0": none)
  std::int64_t estimatedPayout = 0;  // at the next block, smallest units
};

struct PeerSummary {
  std::string nodeId;                // hex
  std::string endpoint;
  std::string direction;             // "inbound", "outbound"
  std::optional<double> latencyMs;
  double reputation = 0;             // 0..1
  int score = 0;
  std::string software;
  std::uint64_t tipHeight = 0;
  std::uint64_t connectedSeconds = 0;
  std::uint64_t sharesReceived = 0, sharesRelayed = 0;
  std::uint64_t sharesConfirmed = 0;  // its signed verdicts accepting shares of our chain
  std::uint64_t bytesIn = 0, bytesOut = 0;
  bool syncing = false;
};

// A ban in force in the peer network: by the node's owner (Node::banPeer) or for misbehaviour.
struct BanSummary {
  std::string subject;               // a node id (64 hex digits), an IPv4 address or an IPv6 /64 ("2001:db8::/64")
  std::string reason;
  std::int64_t since = 0, until = 0;  // unix seconds; the ban is over at `until`
};

struct NodeSnapshot {
  std::int64_t time = 0;             // unix seconds when taken
  std::string poolName;
  std::string version;
  std::string nodeId;                // hex
  std::string chain;                 // "litecoin"
  std::string ticker;                // "LTC": the unit of the amounts, from the coin table
  std::string network;               // "mainnet", "testnet", "regtest"
  std::string algorithm;             // "scrypt"
  bool running = false;
  std::int64_t startedAt = 0;
  std::uint16_t stratumPort = 0, p2pPort = 0, apiPort = 0;

  ParentChainStatus parentChain;
  ShareChainStatus sharechain;
  PartStatus stratum;                // listening, and how many sessions
  PartStatus p2p;                    // linked to peers, or why not

  double poolHashrate = 0;           // H/s, the share chain's over the window
  // H/s over the last 15 min / 1 h / 24 h from the window's shares; a period longer than the
  // window's time span is measured over that span (the window keeps ~6 h at the defaults).
  double poolHashrate15m = 0, poolHashrate1h = 0, poolHashrate24h = 0;
  double localHashrate = 0;          // H/s, this node's miners over 15 minutes
  std::size_t minerCount = 0, workerCount = 0, sessionCount = 0;
  std::uint64_t sharesAccepted = 0, sharesRejected = 0;  // by this node's stratum since start
  std::uint64_t blocksFound = 0;     // blocks in the store (any node's shares that this node saw as blocks)

  std::vector<MinerInfo> miners;     // this node's miners
  std::vector<PeerSummary> peers;
  std::vector<BanSummary> bans;      // in force; node ids first, then addresses
  std::vector<WindowShare> window;   // newest first
  std::vector<Payout> nextPayouts;   // the coinbase outputs a block found on the tip now would have
  std::vector<BlockInfo> blocks;     // newest first, at most 100
  std::vector<PaymentInfo> payments; // newest first, at most 1000
};

}  // namespace otedama::node
