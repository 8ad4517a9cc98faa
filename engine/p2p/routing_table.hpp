// The Kademlia routing table of UDP discovery: 256 k-buckets of peers ordered from least to most
// recently seen, indexed by how many leading bits a peer's node id shares with ours. It decides
// who may enter (per-IP and per-subnet limits, so one host or one network cannot fill it) and tells
// the caller whom to ping when a bucket is full; it does no I/O, so every rule is unit-testable.
// Also the plain address types discovery and its packets use (no Asio in headers).
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.hpp"
#include "p2p/node_identity.hpp"

namespace otedama::p2p {

// An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses are always held as IPv4, so one host has
// one form (limits and "verified" checks compare addresses byte for byte).
struct NetAddress {
  enum class Family : std::uint8_t { V4 = 4, V6 = 6 };

  Family family = Family::V4;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: the first 4 bytes, the rest zero

  static NetAddress v4(const std::array<std::uint8_t, 4>& octets);
  static NetAddress v6(const std::array<std::uint8_t, 16>& octets);  // ::ffff:a.b.c.d becomes IPv4

  bool isV4() const { return family == Family::V4; }
  std::size_t size() const { return isV4() ? 4 : 16; }
  bool isLoopback() const;
  bool isUnspecified() const;
  bool isMulticast() const;
  std::string toString() const;

  auto operator<=>(const NetAddress&) const = default;
};

// "1.2.3.4" or "2001:db8::1"; nullopt for anything else (no names: those resolve asynchronously).
std::optional<NetAddress> parseNetAddress(std::string_view text);

struct NetEndpoint {
  NetAddress address;
  std::uint16_t port = 0;

  std::string toString() const;  // "1.2.3.4:5" or "[2001:db8::1]:5"
  auto operator<=>(const NetEndpoint&) const = default;
};

// Kademlia distance and the bucket a node id falls in: the number of leading bits it shares with
// `self` (0..255). Undefined for id == self (the table never holds itself).
NodeId xorDistance(const NodeId& a, const NodeId& b);
std::size_t sharedPrefixBits(const NodeId& a, const NodeId& b);

inline constexpr std::size_t kBucketSize = 16;   // k
inline constexpr std::size_t kBucketCount = 256;

struct RoutingTableLimits {
  std::size_t bucketSize = kBucketSize;
  // Peers per host in the whole table; an IPv6 host is its /64 (hosts are given whole /64s).
  unsigned maxPerIp = 2;
  // Peers per /24 (IPv4) or /48 (IPv6), in the whole table and in one bucket; the bucket limit
  // keeps one network from owning the few close buckets that decide what a lookup finds.
  unsigned maxPerSubnet = 10;
  unsigned maxPerSubnetInBucket = 2;
  // Loopback sources cannot come from another machine (the kernel drops 127/8 arriving on other
  // interfaces), and a sandbox runs several nodes on one host: they are not counted.
  bool exemptLoopback = true;
};

// One peer of the table.
struct NodeEntry {
  NodeId id{};
  crypto::Ed25519PublicKey publicKey{};
  NetEndpoint udp;            // where its discovery answers came from
  std::uint16_t tcpPort = 0;  // its link port (0: it takes no links)
  std::chrono::steady_clock::time_point lastSeen{};
  unsigned failedPings = 0;
};

enum class InsertResult {
  Added,        // new entry at the tail of its bucket
  Updated,      // known id: moved to the tail, address and link port refreshed
  BucketFull,   // ping `leastRecentlySeen`; insert again only if it fails to answer
  IpLimit,      // its host already has maxPerIp entries
  SubnetLimit,  // its subnet is at a table or bucket limit
  Self,         // our own id
  BadKey,       // id is not the BLAKE2b-256 of the public key
};

struct InsertOutcome {
  InsertResult result = InsertResult::Added;
  std::optional<NodeEntry> leastRecentlySeen;  // only with BucketFull
};

class RoutingTable {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RoutingTable(const NodeId& self, RoutingTableLimits limits = {});

  const NodeId& self() const { return self_; }
  const RoutingTableLimits& limits() const { return limits_; }

  // A peer we have heard from directly (its endpoint answered us). `entry.lastSeen` and
  // `failedPings` are ignored: the entry is stamped `now` with no failures.
  InsertOutcome insert(const NodeEntry& entry, Clock::time_point now);
  // Moves a known peer to the tail of its bucket (it answered); false when unknown.
  bool touch(const NodeId& id, Clock::time_point now);
  // Counts an unanswered request; removes the peer at `maxFailures` (true when removed).
  bool recordFailure(const NodeId& id, unsigned maxFailures);
  bool remove(const NodeId& id);

  const NodeEntry* find(const NodeId& id) const;
  bool contains(const NodeId& id) const { return find(id) != nullptr; }
  // Up to `count` peers, nearest to `target` by XOR distance first.
  std::vector<NodeEntry> closest(const NodeId& target, std::size_t count) const;
  // Peers not seen since `cutoff`, least recently seen first, at most `count`.
  std::vector<NodeEntry> staleEntries(Clock::time_point cutoff, std::size_t count) const;
  std::vector<NodeEntry> entries() const;
  // The bucket's peers, least recently seen first.
  const std::vector<NodeEntry>& bucket(std::size_t index) const { return buckets_.at(index); }
  std::size_t bucketIndex(const NodeId& id) const { return sharedPrefixBits(self_, id); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  using GroupKey = std::array<std::uint8_t, 17>;  // family byte + the significant prefix
  static GroupKey hostKey(const NetAddress& address);
  static GroupKey subnetKey(const NetAddress& address);
  bool counted(const NetAddress& address) const { return !(limits_.exemptLoopback && address.isLoopback()); }
  void count(const NetAddress& address, int delta);
  std::optional<InsertResult> checkLimits(const NetAddress& address, std::size_t bucket, const NodeId* ignore) const;

  NodeId self_;
  RoutingTableLimits limits_;
  std::array<std::vector<NodeEntry>, kBucketCount> buckets_;
  std::map<GroupKey, unsigned> perHost_;
  std::map<GroupKey, unsigned> perSubnet_;
  std::size_t size_ = 0;
};

}  // namespace otedama::p2p
