// The routing table: buckets kept in least-recently-seen order (Kademlia prefers peers that have
// been up longest: they are the likeliest to stay up, and an attacker cannot push them out with
// fresh nodes), host and subnet counters for the limits, and XOR-distance queries.
#include "p2p/routing_table.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>

namespace otedama::p2p {

NetAddress NetAddress::v4(const std::array<std::uint8_t, 4>& octets) {
  NetAddress address;
  address.family = Family::V4;
  std::copy(octets.begin(), octets.end(), address.bytes.begin());
  return address;
}

NetAddress NetAddress::v6(const std::array<std::uint8_t, 16>& octets) {
  static constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), octets.begin())) {
    return v4({octets[12], octets[13], octets[14], octets[15]});
  }
  NetAddress address;
  address.family = Family::V6;
  address.bytes = octets;
  return address;
}

bool NetAddress::isLoopback() const {
  if (isV4()) return bytes[0] == 127;
  static constexpr std::array<std::uint8_t, 16> kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return bytes == kLoopback;
}

bool NetAddress::isUnspecified() const {
  return std::all_of(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size()), [](std::uint8_t b) { return b == 0; });
}

bool NetAddress::isMulticast() const {
  if (isV4()) return (bytes[0] & 0xf0) == 0xe0 || bytes[0] == 255;  // 224/4 and broadcast
  return bytes[0] == 0xff;
}

std::string NetAddress::toString() const {
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(isV4() ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
  return text;
}

std::optional<NetAddress> parseNetAddress(std::string_view text) {
  const std::string copy(text);
  std::array<std::uint8_t, 16> octets{};
  if (::inet_pton(AF_INET, copy.c_str(), octets.data()) == 1) return NetAddress::v4({octets[0], octets[1], octets[2], octets[3]});
  if (::inet_pton(AF_INET6, copy.c_str(), octets.data()) == 1) return NetAddress::v6(octets);
  return std::nullopt;
}

std::string NetEndpoint::toString() const {
  const std::string host = address.toString();
  return (address.isV4() ? host : "[" + host + "]") + ":" + std::to_string(port);
}

NodeId xorDistance(const NodeId& a, const NodeId& b) {
  NodeId out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] ^ b[i];
  return out;
}

std::size_t sharedPrefixBits(const NodeId& a, const NodeId& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::uint8_t x = a[i] ^ b[i];
    if (x != 0) return i * 8 + static_cast<std::size_t>(std::countl_zero(x));
  }
  return kBucketCount - 1;  // equal ids: callers never ask, but stay in range
}

RoutingTable::RoutingTable(const NodeId& self, RoutingTableLimits limits) : self_(self), limits_(limits) {
  if (limits_.bucketSize == 0) limits_.bucketSize = 1;
}

RoutingTable::GroupKey RoutingTable::hostKey(const NetAddress& address) {
  GroupKey key{};
  key[0] = static_cast<std::uint8_t>(address.family);
  std::copy_n(address.bytes.begin(), address.isV4() ? 4 : 8, key.begin() + 1);
  return key;
}

RoutingTable::GroupKey RoutingTable::subnetKey(const NetAddress& address) {
  GroupKey key{};
  key[0] = static_cast<std::uint8_t>(address.family);
  std::copy_n(address.bytes.begin(), address.isV4() ? 3 : 6, key.begin() + 1);
  return key;
}

void RoutingTable::count(const NetAddress& address, int delta) {
  if (!counted(address)) return;
  auto adjust = [delta](std::map<GroupKey, unsigned>& counts, const GroupKey& key) {
    unsigned& n = counts[key];
    n = static_cast<unsigned>(static_cast<int>(n) + delta);
    if (n == 0) counts.erase(key);
  };
  adjust(perHost_, hostKey(address));
  adjust(perSubnet_, subnetKey(address));
}

std::optional<InsertResult> RoutingTable::checkLimits(const NetAddress& address, std::size_t bucket,
                                                      const NodeId* ignore) const {
  if (!counted(address)) return std::nullopt;
  const NodeEntry* ignored = ignore ? find(*ignore) : nullptr;
  const bool ignoredCounted = ignored && counted(ignored->udp.address);
  auto current = [&](const std::map<GroupKey, unsigned>& counts, const GroupKey& key, GroupKey (*keyOf)(const NetAddress&)) {
    const auto it = counts.find(key);
    unsigned n = it == counts.end() ? 0 : it->second;
    if (ignoredCounted && keyOf(ignored->udp.address) == key) --n;
    return n;
  };
  if (current(perHost_, hostKey(address), &hostKey) >= limits_.maxPerIp) return InsertResult::IpLimit;
  if (current(perSubnet_, subnetKey(address), &subnetKey) >= limits_.maxPerSubnet) return InsertResult::SubnetLimit;
  const GroupKey subnet = subnetKey(address);
  unsigned inBucket = 0;
  for (const NodeEntry& entry : buckets_[bucket]) {
    if (ignored == &entry || !counted(entry.udp.address)) continue;
    if (subnetKey(entry.udp.address) == subnet) ++inBucket;
  }
  if (inBucket >= limits_.maxPerSubnetInBucket) return InsertResult::SubnetLimit;
  return std::nullopt;
}

InsertOutcome RoutingTable::insert(const NodeEntry& candidate, Clock::time_point now) {
  if (candidate.id == self_) return {InsertResult::Self, std::nullopt};
  if (nodeIdOf(candidate.publicKey) != candidate.id) return {InsertResult::BadKey, std::nullopt};
  const std::size_t index = bucketIndex(candidate.id);
  std::vector<NodeEntry>& bucket = buckets_[index];
  const auto known = std::find_if(bucket.begin(), bucket.end(), [&](const NodeEntry& e) { return e.id == candidate.id; });
  if (known != bucket.end()) {
    if (known->udp.address != candidate.udp.address) {
      if (auto refusal = checkLimits(candidate.udp.address, index, &candidate.id)) return {*refusal, std::nullopt};
    }
    NodeEntry updated = *known;
    count(updated.udp.address, -1);
    updated.udp = candidate.udp;
    updated.tcpPort = candidate.tcpPort;
    updated.lastSeen = now;
    updated.failedPings = 0;
    count(updated.udp.address, +1);
    bucket.erase(known);
    bucket.push_back(updated);
    return {InsertResult::Updated, std::nullopt};
  }
  if (auto refusal = checkLimits(candidate.udp.address, index, nullptr)) return {*refusal, std::nullopt};
  if (bucket.size() >= limits_.bucketSize) return {InsertResult::BucketFull, bucket.front()};
  NodeEntry added = candidate;
  added.lastSeen = now;
  added.failedPings = 0;
  bucket.push_back(added);
  count(added.udp.address, +1);
  ++size_;
  return {InsertResult::Added, std::nullopt};
}

bool RoutingTable::touch(const NodeId& id, Clock::time_point now) {
  if (id == self_) return false;
  std::vector<NodeEntry>& bucket = buckets_[bucketIndex(id)];
  const auto it = std::find_if(bucket.begin(), bucket.end(), [&](const NodeEntry& e) { return e.id == id; });
  if (it == bucket.end()) return false;
  NodeEntry entry = *it;
  entry.lastSeen = now;
  entry.failedPings = 0;
  bucket.erase(it);
  bucket.push_back(entry);
  return true;
}

bool RoutingTable::recordFailure(const NodeId& id, unsigned maxFailures) {
  if (id == self_) return false;
  std::vector<NodeEntry>& bucket = buckets_[bucketIndex(id)];
  const auto it = std::find_if(bucket.begin(), bucket.end(), [&](const NodeEntry& e) { return e.id == id; });
  if (it == bucket.end()) return false;
  if (++it->failedPings < std::max(1u, maxFailures)) return false;
  return remove(id);
}

bool RoutingTable::remove(const NodeId& id) {
  if (id == self_) return false;
  std::vector<NodeEntry>& bucket = buckets_[bucketIndex(id)];
  const auto it = std::find_if(bucket.begin(), bucket.end(), [&](const NodeEntry& e) { return e.id == id; });
  if (it == bucket.end()) return false;
  count(it->udp.address, -1);
  bucket.erase(it);
  --size_;
  return true;
}

const NodeEntry* RoutingTable::find(const NodeId& id) const {
  if (id == self_) return nullptr;
  const std::vector<NodeEntry>& bucket = buckets_[bucketIndex(id)];
  const auto it = std::find_if(bucket.begin(), bucket.end(), [&](const NodeEntry& e) { return e.id == id; });
  return it == bucket.end() ? nullptr : &*it;
}

std::vector<NodeEntry> RoutingTable::closest(const NodeId& target, std::size_t count) const {
  std::vector<NodeEntry> all = entries();
  const std::size_t n = std::min(count, all.size());
  // Byte arrays compare lexicographically, which is numeric order for big-endian distances.
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                    [&](const NodeEntry& a, const NodeEntry& b) { return xorDistance(a.id, target) < xorDistance(b.id, target); });
  all.resize(n);
  return all;
}

std::vector<NodeEntry> RoutingTable::staleEntries(Clock::time_point cutoff, std::size_t count) const {
  std::vector<NodeEntry> stale;
  for (const auto& bucket : buckets_) {
    for (const NodeEntry& entry : bucket) {
      if (entry.lastSeen < cutoff) stale.push_back(entry);
    }
  }
  std::sort(stale.begin(), stale.end(), [](const NodeEntry& a, const NodeEntry& b) { return a.lastSeen < b.lastSeen; });
  if (stale.size() > count) stale.resize(count);
  return stale;
}

std::vector<NodeEntry> RoutingTable::entries() const {
  std::vector<NodeEntry> all;
  all.reserve(size_);
  for (const auto& bucket : buckets_) all.insert(all.end(), bucket.begin(), bucket.end());
  return all;
}

}  // namespace otedama::p2p
