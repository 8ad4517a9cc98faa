// UDP discovery: the routing table's rules (order, full buckets, per-IP and per-subnet limits,
// closest), the packet codec (round trips and every refusal, truncation at every length), and
// Discovery on real loopback sockets: unsolicited answers ignored, no amplification towards
// unverified sources (bytes counted), a flood rate-limited while a good peer is served, bad
// bootstrap entries skipped, seeds, liveness, full-bucket challenges, bounded pending requests,
// and five nodes that know one bootstrap node finding each other. Everything runs on the test
// thread's io_context; waits are conditions with deadlines.
#include <QTest>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "crypto/ed25519.hpp"
#include "free_port.hpp"
#include "p2p_test_support.hpp"
#include "p2p/discovery.hpp"
#include "p2p/discovery_packet.hpp"
#include "p2p/node_identity.hpp"
#include "p2p/routing_table.hpp"
#include "util/serialize.hpp"
#include "util/unix_time.hpp"

using namespace otedama;
using namespace otedama::p2p;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;

namespace {

Hash32 network() {
  Hash32 id{};
  id.fill(0xa1);
  return id;
}

NetEndpoint endpointOf(const std::string& ip, std::uint16_t port) { return NetEndpoint{*parseNetAddress(ip), port}; }

NodeEntry entryFor(const NodeIdentity& identity, const std::string& ip, std::uint16_t port = 9338) {
  NodeEntry entry;
  entry.id = identity.id();
  entry.publicKey = identity.publicKey();
  entry.udp = endpointOf(ip, port);
  entry.tcpPort = port;
  return entry;
}

// An identity whose id falls in bucket `bucket` of `self` (low buckets are quick to hit).
NodeIdentity identityInBucket(const NodeId& self, std::size_t bucket) {
  for (;;) {
    NodeIdentity identity = NodeIdentity::generate();
    if (sharedPrefixBits(self, identity.id()) == bucket) return identity;
  }
}

std::vector<NodeId> ids(const std::vector<NodeEntry>& entries) {
  std::vector<NodeId> out;
  for (const NodeEntry& e : entries) out.push_back(e.id);
  return out;
}

Packet packetWith(decltype(Packet::body) body, std::uint64_t requestId, std::optional<std::uint64_t> expiry = std::nullopt) {
  Packet packet;
  packet.expiry = expiry.value_or(static_cast<std::uint64_t>(unixSeconds()) + 20);
  packet.requestId = requestId;
  packet.body = std::move(body);
  return packet;
}

// Replaces the signature (the last 64 bytes) with a valid one for the bytes before it.
Bytes resign(Bytes bytes, const NodeIdentity& identity) {
  bytes.resize(bytes.size() - kDiscoverySignatureSize);
  const auto signature = identity.sign(bytes);
  bytes.insert(bytes.end(), signature.begin(), signature.end());
  return bytes;
}

template <typename Body>
bool throwsDecodeError(Body&& body) {
  try {
    body();
  } catch (const DecodeError&) {
    return true;
  }
  return false;
}

bool runUntil(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  return test::runIoUntil(io, done, timeout, 5ms);
}

// A hand-driven discovery endpoint: a plain UDP socket with its own key that sends exactly what
// a test builds and counts every byte in both directions.
struct RawPeer {
  struct Received {
    std::size_t size = 0;
    bool wellFormed = false;
    PacketStatus status = PacketStatus::Ok;
    Packet packet;
  };

  RawPeer(asio::io_context& io, const std::string& ip = "127.0.0.1") : socket(io) {
    socket.open(udp::v4());
    socket.bind(udp::endpoint(asio::ip::make_address(ip), 0));
  }

  NetEndpoint local() const {
    const auto endpoint = socket.local_endpoint();
    return endpointOf(endpoint.address().to_string(), endpoint.port());
  }

  void send(const Bytes& bytes, std::uint16_t port, const std::string& ip = "127.0.0.1") {
    socket.send_to(asio::buffer(bytes), udp::endpoint(asio::ip::make_address(ip), port));
    bytesSent += bytes.size();
  }

  void drain() {
    boost::system::error_code ec;
    while (socket.available(ec) > 0 && !ec) {
      std::array<std::uint8_t, 2048> buffer{};
      udp::endpoint from;
      const std::size_t size = socket.receive_from(asio::buffer(buffer), from, 0, ec);
      if (ec) break;
      bytesReceived += size;
      Received received;
      received.size = size;
      try {
        DecodedPacket decoded = decodePacket(ByteSpan(buffer.data(), size), network(), static_cast<std::uint64_t>(unixSeconds()));
        received.wellFormed = true;
        received.status = decoded.status;
        received.packet = decoded.packet;
      } catch (const DecodeError&) {
      }
      inbox.push_back(received);
    }
  }

  std::size_t count(PacketType type) const {
    return std::size_t(std::count_if(inbox.begin(), inbox.end(), [&](const Received& r) { return r.wellFormed && r.packet.type() == type; }));
  }

  const Received* find(PacketType type, std::optional<std::uint64_t> requestId = std::nullopt) const {
    for (const Received& r : inbox) {
      if (r.wellFormed && r.packet.type() == type && (!requestId || r.packet.requestId == *requestId)) return &r;
    }
    return nullptr;
  }

  Bytes ping(std::uint64_t requestId, std::uint16_t toPort, std::uint16_t padding = 0) const {
    return encodePacket(packetWith(PingBody{0, endpointOf("127.0.0.1", toPort), padding}, requestId), network(), identity);
  }

  udp::socket socket;
  NodeIdentity identity = NodeIdentity::generate();
  std::size_t bytesSent = 0, bytesReceived = 0;
  std::vector<Received> inbox;
};

DiscoveryOptions fastOptions(std::uint16_t tcpPort = 0, std::vector<std::string> bootstrap = {}) {
  DiscoveryOptions options;
  options.bindAddress = "127.0.0.1";
  options.port = 0;
  options.tcpPort = tcpPort;
  options.consensusId = network();
  options.bootstrapNodes = std::move(bootstrap);
  options.refreshInterval = 200ms;
  options.requestTimeout = 300ms;
  options.packetsPerSecond = 2000;
  options.packetBurst = 2000;
  return options;
}

bool knows(const Discovery& discovery, const NodeId& id) {
  const auto peers = discovery.knownPeers();
  return std::any_of(peers.begin(), peers.end(), [&](const NodeEntry& e) { return e.id == id; });
}

}  // namespace

class P2pDiscoveryTest : public QObject {
  Q_OBJECT

 private slots:
  // ---------------- routing table ----------------

  void tableKeepsLeastRecentlySeenFirst() {
    const NodeIdentity self = NodeIdentity::generate();
    RoutingTable table(self.id());
    const auto t0 = Clock::now();
    std::vector<NodeIdentity> peers;
    for (int i = 0; i < 3; ++i) peers.push_back(identityInBucket(self.id(), 0));
    for (int i = 0; i < 3; ++i) {
      QCOMPARE(table.insert(entryFor(peers[i], "10." + std::to_string(i + 1) + ".0.1"), t0 + std::chrono::seconds(i)).result,
               InsertResult::Added);
    }
    QCOMPARE(table.size(), std::size_t(3));
    QCOMPARE(ids(table.bucket(0)), (std::vector<NodeId>{peers[0].id(), peers[1].id(), peers[2].id()}));

    // A known node moves to the tail; a new address and link port replace the old ones.
    NodeEntry moved = entryFor(peers[0], "10.77.0.1", 4000);
    QCOMPARE(table.insert(moved, t0 + 10s).result, InsertResult::Updated);
    QCOMPARE(ids(table.bucket(0)), (std::vector<NodeId>{peers[1].id(), peers[2].id(), peers[0].id()}));
    QCOMPARE(table.find(peers[0].id())->udp, moved.udp);
    QCOMPARE(table.find(peers[0].id())->tcpPort, std::uint16_t(4000));
    QVERIFY(table.find(peers[0].id())->lastSeen == t0 + 10s);
    QCOMPARE(table.size(), std::size_t(3));

    QVERIFY(table.touch(peers[1].id(), t0 + 11s));
    QCOMPARE(ids(table.bucket(0)), (std::vector<NodeId>{peers[2].id(), peers[0].id(), peers[1].id()}));
    QVERIFY(!table.touch(NodeIdentity::generate().id(), t0));

    // Never ourselves, never an id that is not the hash of its key.
    QCOMPARE(table.insert(entryFor(self, "198.51.100.9"), t0).result, InsertResult::Self);
    NodeEntry forged = entryFor(NodeIdentity::generate(), "198.51.100.10");
    forged.id = peers[0].id();
    forged.id[31] ^= 1;
    QCOMPARE(table.insert(forged, t0).result, InsertResult::BadKey);

    // Failures count up to the limit; an answer clears them.
    QVERIFY(!table.recordFailure(peers[2].id(), 2));
    QCOMPARE(table.find(peers[2].id())->failedPings, 1u);
    QVERIFY(table.touch(peers[2].id(), t0 + 12s));
    QCOMPARE(table.find(peers[2].id())->failedPings, 0u);
    QVERIFY(!table.recordFailure(peers[2].id(), 2));
    QVERIFY(table.recordFailure(peers[2].id(), 2));
    QVERIFY(!table.contains(peers[2].id()));
    QVERIFY(table.remove(peers[1].id()));
    QVERIFY(!table.remove(peers[1].id()));
    QCOMPARE(table.size(), std::size_t(1));
  }

  void fullBucketNamesTheLeastRecentlySeen() {
    const NodeIdentity self = NodeIdentity::generate();
    RoutingTable table(self.id());
    const auto t0 = Clock::now();
    std::vector<NodeIdentity> peers;
    for (std::size_t i = 0; i <= kBucketSize; ++i) peers.push_back(identityInBucket(self.id(), 0));
    for (std::size_t i = 0; i < kBucketSize; ++i) {
      // Each in its own /24: only the bucket size is in play.
      QCOMPARE(table.insert(entryFor(peers[i], "10." + std::to_string(i) + ".0.1"), t0 + std::chrono::seconds(i)).result,
               InsertResult::Added);
    }
    const NodeEntry newcomer = entryFor(peers[kBucketSize], "10.99.0.1");
    InsertOutcome outcome = table.insert(newcomer, t0 + 100s);
    QCOMPARE(outcome.result, InsertResult::BucketFull);
    QVERIFY(outcome.leastRecentlySeen);
    QCOMPARE(outcome.leastRecentlySeen->id, peers[0].id());
    QVERIFY(!table.contains(newcomer.id));

    // It answered: it stays, and the next oldest is named.
    QVERIFY(table.touch(peers[0].id(), t0 + 101s));
    outcome = table.insert(newcomer, t0 + 102s);
    QCOMPARE(outcome.result, InsertResult::BucketFull);
    QCOMPARE(outcome.leastRecentlySeen->id, peers[1].id());

    // It did not answer: it goes, and the newcomer takes the place.
    QVERIFY(table.remove(peers[1].id()));
    QCOMPARE(table.insert(newcomer, t0 + 103s).result, InsertResult::Added);
    QCOMPARE(table.bucket(0).back().id, newcomer.id);
    QCOMPARE(table.bucket(0).size(), kBucketSize);
  }

  void oneHostOrSubnetCannotFillTheTable() {
    const NodeIdentity self = NodeIdentity::generate();
    const auto t0 = Clock::now();
    {
      // Per IP address, across buckets.
      RoutingTable table(self.id());
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "203.0.113.5", 1), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 1), "203.0.113.5", 2), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 2), "203.0.113.5", 3), t0).result, InsertResult::IpLimit);
      // An IPv6 host is its /64.
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "2001:db8:1:2::1"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 1), "2001:db8:1:2::ffff"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 2), "2001:db8:1:2:abcd::1"), t0).result, InsertResult::IpLimit);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 2), "2001:db8:1:3::1"), t0).result, InsertResult::Added);
    }
    {
      // Per /24 inside one bucket.
      RoutingTable table(self.id());
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "192.0.2.1"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "192.0.2.2"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "192.0.2.3"), t0).result, InsertResult::SubnetLimit);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 1), "192.0.2.3"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "192.0.3.1"), t0).result, InsertResult::Added);
    }
    {
      // Per /24 and per /48 in the whole table.
      RoutingTableLimits limits;
      limits.maxPerSubnetInBucket = 100;
      RoutingTable table(self.id(), limits);
      // Spread over buckets, so only the subnet limit is in play.
      for (int i = 0; i < 10; ++i) {
        QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), std::size_t(i % 6)), "192.0.2." + std::to_string(i + 1)), t0).result,
                 InsertResult::Added);
      }
      QCOMPARE(table.insert(entryFor(NodeIdentity::generate(), "192.0.2.200"), t0).result, InsertResult::SubnetLimit);
      for (int i = 0; i < 10; ++i) {
        QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), std::size_t(i % 6)), "2001:db8:7:" + std::to_string(i) + "::1"), t0).result,
                 InsertResult::Added);
      }
      QCOMPARE(table.insert(entryFor(NodeIdentity::generate(), "2001:db8:7:ffff::1"), t0).result, InsertResult::SubnetLimit);
      QCOMPARE(table.insert(entryFor(NodeIdentity::generate(), "2001:db8:8::1"), t0).result, InsertResult::Added);
      QCOMPARE(table.size(), std::size_t(21));
    }
    {
      // A known node that moves onto a full host is refused and keeps its old address; removing
      // an entry frees its place.
      RoutingTable table(self.id());
      const NodeIdentity mover = identityInBucket(self.id(), 3);
      QCOMPARE(table.insert(entryFor(identityInBucket(self.id(), 0), "203.0.113.9"), t0).result, InsertResult::Added);
      const NodeIdentity second = identityInBucket(self.id(), 1);
      QCOMPARE(table.insert(entryFor(second, "203.0.113.9"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(mover, "198.51.100.1"), t0).result, InsertResult::Added);
      QCOMPARE(table.insert(entryFor(mover, "203.0.113.9"), t0).result, InsertResult::IpLimit);
      QCOMPARE(table.find(mover.id())->udp.address, *parseNetAddress("198.51.100.1"));
      QVERIFY(table.remove(second.id()));
      QCOMPARE(table.insert(entryFor(mover, "203.0.113.9"), t0).result, InsertResult::Updated);
    }
    {
      // Loopback is exempt by default (one machine, several nodes); the limit applies when asked.
      RoutingTable table(self.id());
      for (int i = 0; i < 5; ++i) {
        QCOMPARE(table.insert(entryFor(NodeIdentity::generate(), "127.0.0.1", std::uint16_t(1000 + i)), t0).result,
                 InsertResult::Added);
      }
      RoutingTableLimits strict;
      strict.exemptLoopback = false;
      strict.maxPerSubnetInBucket = 100;
      RoutingTable strictTable(self.id(), strict);
      QCOMPARE(strictTable.insert(entryFor(NodeIdentity::generate(), "127.0.0.1", 1), t0).result, InsertResult::Added);
      QCOMPARE(strictTable.insert(entryFor(NodeIdentity::generate(), "127.0.0.1", 2), t0).result, InsertResult::Added);
      QCOMPARE(strictTable.insert(entryFor(NodeIdentity::generate(), "127.0.0.1", 3), t0).result, InsertResult::IpLimit);
    }
  }

  void closestIsByXorDistance() {
    const NodeIdentity self = NodeIdentity::generate();
    RoutingTableLimits limits;
    limits.maxPerSubnet = 1000;
    limits.maxPerSubnetInBucket = 1000;
    RoutingTable table(self.id(), limits);
    const auto t0 = Clock::now();
    std::vector<NodeEntry> all;
    for (int i = 0; i < 60; ++i) {
      const NodeEntry entry = entryFor(NodeIdentity::generate(), "10.0." + std::to_string(i / 200) + "." + std::to_string(i + 1));
      const InsertResult result = table.insert(entry, t0 + std::chrono::seconds(i)).result;
      if (result == InsertResult::Added) all.push_back(entry);
      else QCOMPARE(result, InsertResult::BucketFull);  // 60 random ids can overfill bucket 0
    }
    QCOMPARE(table.size(), all.size());
    for (int round = 0; round < 5; ++round) {
      const NodeId target = NodeIdentity::generate().id();
      std::vector<NodeEntry> expected = all;
      std::sort(expected.begin(), expected.end(),
                [&](const NodeEntry& a, const NodeEntry& b) { return xorDistance(a.id, target) < xorDistance(b.id, target); });
      expected.resize(10);
      QCOMPARE(ids(table.closest(target, 10)), ids(expected));
    }
    QCOMPARE(table.closest(all[5].id, 1).front().id, all[5].id);
    QCOMPARE(table.closest(self.id(), 1000).size(), all.size());

    // Distances: XOR, and the bucket is the length of the shared prefix.
    NodeId a{}, b{};
    b[0] = 0x80;
    QCOMPARE(sharedPrefixBits(a, b), std::size_t(0));
    b[0] = 0;
    b[2] = 0x01;
    QCOMPARE(sharedPrefixBits(a, b), std::size_t(23));
    QCOMPARE(xorDistance(b, b), NodeId{});

    // The stalest first.
    const auto stale = table.staleEntries(t0 + 3s, 10);
    QVERIFY(!stale.empty() && stale.size() <= 3);
    for (std::size_t i = 1; i < stale.size(); ++i) QVERIFY(stale[i - 1].lastSeen <= stale[i].lastSeen);
  }

  void addressesHaveOneForm() {
    QCOMPARE(parseNetAddress("::ffff:192.0.2.1"), parseNetAddress("192.0.2.1"));
    QVERIFY(parseNetAddress("192.0.2.1")->isV4());
    QVERIFY(!parseNetAddress("example.org"));
    QVERIFY(!parseNetAddress("1.2.3"));
    QCOMPARE(QString::fromStdString(endpointOf("2001:db8::1", 5).toString()), QString("[2001:db8::1]:5"));
    QCOMPARE(QString::fromStdString(endpointOf("127.0.0.1", 9338).toString()), QString("127.0.0.1:9338"));
    QVERIFY(parseNetAddress("127.8.9.10")->isLoopback());
    QVERIFY(parseNetAddress("::1")->isLoopback());
    QVERIFY(parseNetAddress("0.0.0.0")->isUnspecified());
    QVERIFY(parseNetAddress("239.1.2.3")->isMulticast());
    QVERIFY(parseNetAddress("ff02::1")->isMulticast());
  }

  // ---------------- packets ----------------

  void packetsRoundTrip() {
    const NodeIdentity identity = NodeIdentity::generate();
    const std::uint64_t now = static_cast<std::uint64_t>(unixSeconds());
    std::vector<NodeRecord> records;
    for (int i = 0; i < 8; ++i) {
      records.push_back(NodeRecord{NodeIdentity::generate().publicKey(),
                                   i % 2 ? endpointOf("2001:db8::" + std::to_string(i + 1), std::uint16_t(2000 + i))
                                         : endpointOf("192.0.2." + std::to_string(i + 1), std::uint16_t(2000 + i)),
                                   std::uint16_t(i * 3)});
    }
    const std::vector<Packet> packets{
        packetWith(PingBody{9338, endpointOf("192.0.2.1", 9339), 0}, 0x0102030405060708, now + 20),
        packetWith(PingBody{0, endpointOf("2001:db8::5", 1), 100}, 1, now + 20),
        packetWith(PongBody{9338, endpointOf("198.51.100.3", 40000)}, 77, now + 20),
        packetWith(PongBody{1, endpointOf("2001:db8::7", 40000)}, 78, now + 20),
        packetWith(FindNodeBody{NodeIdentity::generate().id()}, 5, now + 20),
        packetWith(NodesBody{}, 6, now + 20),
        packetWith(NodesBody{records}, 7, now + 20),
    };
    for (const Packet& packet : packets) {
      const Bytes bytes = encodePacket(packet, network(), identity);
      QCOMPARE(bytes.size(), encodedSize(packet));
      QVERIFY(bytes.size() <= kMaxDiscoveryPacket);
      const DecodedPacket decoded = decodePacket(bytes, network(), now);
      QCOMPARE(decoded.status, PacketStatus::Ok);
      QCOMPARE(decoded.packet.type(), packet.type());
      QCOMPARE(decoded.packet.sender, identity.publicKey());
      QCOMPARE(decoded.packet.expiry, packet.expiry);
      QCOMPARE(decoded.packet.requestId, packet.requestId);
      if (const auto* ping = std::get_if<PingBody>(&packet.body)) {
        const auto& got = std::get<PingBody>(decoded.packet.body);
        QCOMPARE(got.tcpPort, ping->tcpPort);
        QCOMPARE(got.to, ping->to);
        QCOMPARE(got.padding, ping->padding);
      } else if (const auto* pong = std::get_if<PongBody>(&packet.body)) {
        QCOMPARE(std::get<PongBody>(decoded.packet.body).tcpPort, pong->tcpPort);
        QCOMPARE(std::get<PongBody>(decoded.packet.body).seen, pong->seen);
      } else if (const auto* find = std::get_if<FindNodeBody>(&packet.body)) {
        QCOMPARE(std::get<FindNodeBody>(decoded.packet.body).target, find->target);
      } else {
        QVERIFY(std::get<NodesBody>(decoded.packet.body).nodes == std::get<NodesBody>(packet.body).nodes);
      }
    }

    // The layout of docs/p2p-discovery.md, pinned.
    const Bytes ping = encodePacket(packets[0], network(), identity);
    QCOMPARE(ping.size(), std::size_t(86 + 2 + 7 + 2 + 64));
    QCOMPARE(Bytes(ping.begin(), ping.begin() + 4), (Bytes{'O', 'T', 'D', 'S'}));
    QCOMPARE(ping[4], std::uint8_t(1));
    QVERIFY(std::equal(ping.begin() + 5, ping.begin() + 37, network().begin()));
    QCOMPARE(ping[37], std::uint8_t(1));
    QVERIFY(std::equal(ping.begin() + 38, ping.begin() + 70, identity.publicKey().begin()));
    QCOMPARE(ByteReader(ByteSpan(ping).subspan(70)).u64le(), now + 20);
    QCOMPARE(ByteReader(ByteSpan(ping).subspan(78)).u64le(), std::uint64_t(0x0102030405060708));
    QCOMPARE(ping[86], std::uint8_t(9338 & 0xff));
    QCOMPARE(ping[88], std::uint8_t(4));
    QCOMPARE(encodePacket(packets[2], network(), identity).size(), std::size_t(86 + 2 + 7 + 64));
    QCOMPARE(encodePacket(packets[4], network(), identity).size(), std::size_t(86 + 32 + 64));
    QCOMPARE(encodePacket(packets[6], network(), identity).size(), std::size_t(86 + 1 + 4 * (32 + 7 + 2) + 4 * (32 + 19 + 2) + 64));

    // The encoder refuses what the decoder would.
    Packet tooMany = packetWith(NodesBody{records}, 1);
    std::get<NodesBody>(tooMany.body).nodes.push_back(records[0]);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encodePacket(tooMany, network(), identity));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             encodePacket(packetWith(PingBody{0, endpointOf("192.0.2.1", 0), 0}, 1), network(), identity));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             encodePacket(packetWith(PingBody{0, endpointOf("192.0.2.1", 1), 1025}, 1), network(), identity));
  }

  void packetsAreRefused() {
    const NodeIdentity identity = NodeIdentity::generate();
    const std::uint64_t now = static_cast<std::uint64_t>(unixSeconds());
    const Bytes good = encodePacket(packetWith(FindNodeBody{identity.id()}, 9, now + 20), network(), identity);
    QCOMPARE(decodePacket(good, network(), now).status, PacketStatus::Ok);

    // Malformed: DecodeError.
    Bytes badMagic = good;
    badMagic[0] = 'X';
    QVERIFY(throwsDecodeError([&] { decodePacket(resign(badMagic, identity), network(), now); }));
    Bytes badVersion = good;
    badVersion[4] = 2;
    QVERIFY(throwsDecodeError([&] { decodePacket(resign(badVersion, identity), network(), now); }));
    for (std::uint8_t type : {std::uint8_t(0), std::uint8_t(5), std::uint8_t(255)}) {
      Bytes unknown = good;
      unknown[37] = type;
      QVERIFY(throwsDecodeError([&] { decodePacket(resign(unknown, identity), network(), now); }));
    }
    Bytes trailing = good;
    trailing.insert(trailing.end() - 64, 0);
    QVERIFY(throwsDecodeError([&] { decodePacket(resign(trailing, identity), network(), now); }));
    Bytes oversized = good;
    oversized.resize(kMaxDiscoveryPacket + 1);
    QVERIFY(throwsDecodeError([&] { decodePacket(oversized, network(), now); }));
    const Bytes huge(70000, 0);
    QVERIFY(throwsDecodeError([&] { decodePacket(huge, network(), now); }));

    // Well-formed but not for us: a status, and the signature is not what decides.
    Hash32 otherNetwork = network();
    otherNetwork[0] ^= 1;
    QCOMPARE(decodePacket(good, otherNetwork, now).status, PacketStatus::WrongNetwork);
    const Bytes expired = encodePacket(packetWith(FindNodeBody{}, 1, now - 1), network(), identity);
    QCOMPARE(decodePacket(expired, network(), now).status, PacketStatus::Expired);
    const Bytes lastSecond = encodePacket(packetWith(FindNodeBody{}, 1, now), network(), identity);
    QCOMPARE(decodePacket(lastSecond, network(), now).status, PacketStatus::Ok);
    const Bytes farAhead = encodePacket(packetWith(FindNodeBody{}, 1, now + 91), network(), identity);
    QCOMPARE(decodePacket(farAhead, network(), now).status, PacketStatus::TooFarAhead);
    QCOMPARE(decodePacket(farAhead, network(), now, 91).status, PacketStatus::Ok);
    const Bytes edgeAhead = encodePacket(packetWith(FindNodeBody{}, 1, now + 90), network(), identity);
    QCOMPARE(decodePacket(edgeAhead, network(), now).status, PacketStatus::Ok);
    const Bytes maxExpiry = encodePacket(packetWith(FindNodeBody{}, 1, UINT64_MAX), network(), identity);
    QCOMPARE(decodePacket(maxExpiry, network(), now).status, PacketStatus::TooFarAhead);

    // Bad signatures: a changed byte anywhere signed, a changed signature, another key.
    for (std::size_t offset : {std::size_t(5), std::size_t(37 + 1 + 5), std::size_t(80), std::size_t(100), good.size() - 1}) {
      Bytes tampered = good;
      tampered[offset] ^= 0x01;
      Hash32 claimedNetwork{};  // so a changed consensus id byte is caught by the signature
      std::copy(tampered.begin() + 5, tampered.begin() + 37, claimedNetwork.begin());
      QCOMPARE(decodePacket(tampered, claimedNetwork, now).status, PacketStatus::BadSignature);
    }
    Bytes otherKey = good;
    const auto stranger = NodeIdentity::generate().publicKey();
    std::copy(stranger.begin(), stranger.end(), otherKey.begin() + 38);
    QCOMPARE(decodePacket(otherKey, network(), now).status, PacketStatus::BadSignature);

    // Field values with one valid form only.
    const Bytes ping = encodePacket(packetWith(PingBody{1, endpointOf("192.0.2.1", 7), 3}, 1, now + 20), network(), identity);
    QCOMPARE(decodePacket(ping, network(), now).status, PacketStatus::Ok);
    auto patched = [&](const Bytes& base, std::size_t offset, std::uint8_t value) {
      Bytes out = base;
      out[offset] = value;
      return resign(out, identity);
    };
    QVERIFY(throwsDecodeError([&] { decodePacket(patched(ping, 88, 5), network(), now); }));   // address family
    QVERIFY(throwsDecodeError([&] { decodePacket(patched(ping, 93, 0), network(), now); }));   // port 0 (7 -> 0)
    QVERIFY(throwsDecodeError([&] { decodePacket(patched(ping, 97, 1), network(), now); }));   // padding not zero
    QVERIFY(throwsDecodeError([&] { decodePacket(patched(ping, 95, 4), network(), now); }));   // padding longer than the packet
    {
      Bytes tooMuchPadding = ping;
      tooMuchPadding[95] = 0x01;  // 1025 bytes
      tooMuchPadding[96] = 0x04;
      tooMuchPadding.insert(tooMuchPadding.end() - 64, 1022, 0);
      QVERIFY(throwsDecodeError([&] { decodePacket(resign(tooMuchPadding, identity), network(), now); }));
    }
    {
      // ::ffff:192.0.2.1 sent as IPv6.
      ByteWriter body;
      body.u16le(1);
      body.u8(6);
      body.bytes(Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1});
      body.u16le(7);
      Bytes mapped(ping.begin(), ping.begin() + 86);
      mapped[37] = std::uint8_t(PacketType::Pong);
      mapped.insert(mapped.end(), body.data().begin(), body.data().end());
      mapped.resize(mapped.size() + 64);
      QVERIFY(throwsDecodeError([&] { decodePacket(resign(mapped, identity), network(), now); }));
    }
    {
      // NODES with nine entries.
      std::vector<NodeRecord> eight(8, NodeRecord{identity.publicKey(), endpointOf("192.0.2.1", 1), 1});
      const Bytes nodes = encodePacket(packetWith(NodesBody{eight}, 1, now + 20), network(), identity);
      QCOMPARE(decodePacket(nodes, network(), now).status, PacketStatus::Ok);
      Bytes nine = nodes;
      nine[86] = 9;
      nine.insert(nine.end() - 64, nodes.begin() + 87, nodes.begin() + 87 + 41);
      QVERIFY(throwsDecodeError([&] { decodePacket(resign(nine, identity), network(), now); }));
      Bytes count255 = nodes;
      count255[86] = 255;
      QVERIFY(throwsDecodeError([&] { decodePacket(resign(count255, identity), network(), now); }));
    }

    // Truncated at every length, for every type.
    const std::vector<Bytes> samples{
        ping,
        encodePacket(packetWith(PongBody{1, endpointOf("2001:db8::1", 2)}, 1, now + 20), network(), identity),
        good,
        encodePacket(packetWith(NodesBody{{NodeRecord{identity.publicKey(), endpointOf("2001:db8::1", 3), 4},
                                           NodeRecord{identity.publicKey(), endpointOf("192.0.2.1", 3), 4}}},
                                1, now + 20),
                     network(), identity),
    };
    for (const Bytes& sample : samples) {
      QCOMPARE(decodePacket(sample, network(), now).status, PacketStatus::Ok);
      for (std::size_t length = 0; length < sample.size(); ++length) {
        if (!throwsDecodeError([&] { decodePacket(ByteSpan(sample).first(length), network(), now); })) {
          QFAIL(qPrintable(QString("a packet cut to %1 of %2 bytes was accepted").arg(length).arg(sample.size())));
        }
      }
    }
  }

  void mutatedPacketsNeverEscapeTheDecoder() {
    // A small stand-in for the fuzzer: flipped, inserted and dropped bytes end in DecodeError or
    // a refusal status, never another exception (and never UB under the sanitizers).
    const NodeIdentity identity = NodeIdentity::generate();
    const std::uint64_t now = static_cast<std::uint64_t>(unixSeconds());
    std::vector<NodeRecord> records(8, NodeRecord{identity.publicKey(), endpointOf("2001:db8::1", 3), 4});
    const std::vector<Bytes> samples{
        encodePacket(packetWith(PingBody{1, endpointOf("192.0.2.1", 7), 40}, 1, now + 20), network(), identity),
        encodePacket(packetWith(PongBody{1, endpointOf("2001:db8::1", 2)}, 1, now + 20), network(), identity),
        encodePacket(packetWith(FindNodeBody{identity.id()}, 1, now + 20), network(), identity),
        encodePacket(packetWith(NodesBody{records}, 1, now + 20), network(), identity),
    };
    std::mt19937 random(12345);
    for (int round = 0; round < 4000; ++round) {
      Bytes bytes = samples[std::size_t(round) % samples.size()];
      const int edits = 1 + int(random() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = random() % bytes.size();
        switch (random() % 3) {
          case 0: bytes[at] ^= std::uint8_t(1 + random() % 255); break;
          case 1: bytes.insert(bytes.begin() + std::ptrdiff_t(at), std::uint8_t(random())); break;
          default: if (bytes.size() > 1) bytes.erase(bytes.begin() + std::ptrdiff_t(at)); break;
        }
      }
      try {
        decodePacket(bytes, network(), now);
      } catch (const DecodeError&) {
      } catch (const std::exception& error) {
        QFAIL(error.what());
      }
    }
  }

  // ---------------- Discovery on loopback ----------------

  void unsolicitedAnswersAreIgnored() {
    asio::io_context io;
    DiscoveryOptions options = fastOptions(7001);
    options.requestTimeout = 10s;  // the node's PING waits for the hand-made answers
    Discovery node(io, NodeIdentity::generate(), options);
    node.start();
    RawPeer raw(io);
    RawPeer bystander(io);

    // A PONG and a NODES that answer nothing we asked.
    raw.send(encodePacket(packetWith(PongBody{1, raw.local()}, 12345), network(), raw.identity), node.port());
    QVERIFY(runUntil(io, [&] { return node.stats().unsolicited == 1; }, 5s));
    raw.send(encodePacket(packetWith(NodesBody{{NodeRecord{bystander.identity.publicKey(), bystander.local(), 1}}}, 777),
                          network(), raw.identity),
             node.port());
    QVERIFY(runUntil(io, [&] { return node.stats().unsolicited == 2; }, 5s));
    // Barrier: the node handles datagrams in order, so once this PONG is here, anything it sent
    // because of the NODES would be here too.
    raw.send(raw.ping(1, node.port()), node.port());
    QVERIFY(runUntil(io, [&] { raw.drain(); return raw.find(PacketType::Pong, 1) != nullptr; }, 5s));
    boost::system::error_code ec;
    QCOMPARE(bystander.socket.available(ec), std::size_t(0));
    QVERIFY(node.knownPeers().empty());

    // The node asks raw (a seed with its key): answers from another address or key do not count.
    node.seed({SeedPeer{raw.identity.publicKey(), raw.local()}});
    QVERIFY(runUntil(io, [&] { raw.drain(); return raw.count(PacketType::Ping) == 1; }, 5s));
    const std::uint64_t asked = raw.find(PacketType::Ping)->packet.requestId;
    RawPeer impostor(io);
    impostor.send(encodePacket(packetWith(PongBody{2, raw.local()}, asked), network(), raw.identity), node.port());
    QVERIFY(runUntil(io, [&] { return node.stats().unsolicited == 3; }, 5s));
    const NodeIdentity otherKey = NodeIdentity::generate();
    raw.send(encodePacket(packetWith(PongBody{2, raw.local()}, asked), network(), otherKey), node.port());
    QVERIFY(runUntil(io, [&] { return node.stats().unsolicited == 4; }, 5s));
    QVERIFY(node.knownPeers().empty());
    raw.send(encodePacket(packetWith(PongBody{2, raw.local()}, asked), network(), raw.identity), node.port());
    QVERIFY(runUntil(io, [&] { return knows(node, raw.identity.id()); }, 5s));
    QCOMPARE(node.knownPeers().front().udp, raw.local());
    QCOMPARE(node.knownPeers().front().tcpPort, std::uint16_t(2));
    // The same PONG again answers nothing any more.
    raw.send(encodePacket(packetWith(PongBody{2, raw.local()}, asked), network(), raw.identity), node.port());
    QVERIFY(runUntil(io, [&] { return node.stats().unsolicited == 5; }, 5s));

    // Other networks, bad signatures and garbage are dropped and counted.
    Hash32 other = network();
    other[31] ^= 0xff;
    raw.send(encodePacket(packetWith(PingBody{0, endpointOf("127.0.0.1", node.port()), 0}, 3), other, raw.identity), node.port());
    Bytes forged = raw.ping(4, node.port());
    forged[90] ^= 1;
    raw.send(forged, node.port());
    raw.send(Bytes{1, 2, 3}, node.port());
    raw.send(encodePacket(packetWith(PingBody{0, endpointOf("127.0.0.1", node.port()), 0}, 5, static_cast<std::uint64_t>(unixSeconds()) - 5), network(), raw.identity),
             node.port());
    QVERIFY(runUntil(io, [&] {
      const DiscoveryStats s = node.stats();
      return s.wrongNetwork == 1 && s.badSignature == 1 && s.malformed == 1 && s.expired == 1;
    }, 5s));
    node.stop();
  }

  void unverifiedSourcesGetNoAmplification() {
    asio::io_context io;
    DiscoveryOptions options = fastOptions(7002);
    options.requestTimeout = 10s;  // its PING to the raw peer stays pending while bytes are counted
    Discovery node(io, NodeIdentity::generate(), options);
    node.start();
    // Give the node a peer, so a NODES answer would carry something.
    Discovery peer(io, NodeIdentity::generate(), fastOptions(7003, {"127.0.0.1:" + std::to_string(node.port())}));
    peer.start();
    QVERIFY(runUntil(io, [&] { return knows(node, peer.id()); }, 10s));

    RawPeer raw(io);
    std::uint64_t request = 100;
    // A bare PING: only the PONG fits (no PING back). FIND_NODEs: no NODES, at most one PING back
    // (smaller than a FIND_NODE). A padded first contact: PONG and nothing else, as a PING to this
    // address is already out. Then a bare PING as the barrier.
    raw.send(raw.ping(++request, node.port()), node.port());
    for (int i = 0; i < 5; ++i) {
      raw.send(encodePacket(packetWith(FindNodeBody{node.id()}, ++request), network(), raw.identity), node.port());
    }
    const std::uint16_t pongSize = std::uint16_t(encodedSize(packetWith(PongBody{1, raw.local()}, 1)));
    raw.send(raw.ping(++request, node.port(), pongSize), node.port());
    const std::uint64_t barrier = ++request;
    raw.send(raw.ping(barrier, node.port()), node.port());
    QVERIFY(runUntil(io, [&] { raw.drain(); return raw.find(PacketType::Pong, barrier) != nullptr; }, 5s));
    QVERIFY2(raw.bytesReceived <= raw.bytesSent,
             qPrintable(QString("sent %1 bytes, got %2").arg(raw.bytesSent).arg(raw.bytesReceived)));
    QCOMPARE(raw.count(PacketType::Nodes), std::size_t(0));
    QCOMPARE(raw.count(PacketType::Pong), std::size_t(3));
    QCOMPARE(raw.count(PacketType::Ping), std::size_t(1));
    for (const auto& received : raw.inbox) QVERIFY(received.wellFormed && received.status == PacketStatus::Ok);
    QVERIFY(node.stats().amplificationRefused >= 1);

    // Once raw answers the node's PING, its address is verified and FIND_NODE gets NODES.
    const std::uint64_t check = raw.find(PacketType::Ping)->packet.requestId;
    raw.send(encodePacket(packetWith(PongBody{0, endpointOf("127.0.0.1", node.port())}, check), network(), raw.identity), node.port());
    const std::uint64_t query = ++request;
    raw.send(encodePacket(packetWith(FindNodeBody{peer.id()}, query), network(), raw.identity), node.port());
    QVERIFY(runUntil(io, [&] { raw.drain(); return raw.find(PacketType::Nodes, query) != nullptr; }, 5s));
    const auto& nodes = std::get<NodesBody>(raw.find(PacketType::Nodes, query)->packet.body).nodes;
    QVERIFY(std::any_of(nodes.begin(), nodes.end(), [&](const NodeRecord& r) { return nodeIdOf(r.publicKey) == peer.id(); }));
    QVERIFY(std::none_of(nodes.begin(), nodes.end(), [&](const NodeRecord& r) { return nodeIdOf(r.publicKey) == raw.identity.id(); }));
    peer.stop();
    node.stop();
  }

  void floodIsRateLimitedWhileGoodPeersAreServed() {
    asio::io_context io;
    DiscoveryOptions options = fastOptions(7004);
    options.packetsPerSecond = 20;
    options.packetBurst = 40;
    Discovery node(io, NodeIdentity::generate(), options);
    node.start();

    // The flood comes from its own loopback address (sources are rate-limited per address).
    RawPeer flooder(io, "127.0.0.2");
    const Bytes ping = flooder.ping(1, node.port());
    const auto started = Clock::now();
    constexpr int kFlood = 600;
    for (int sent = 0; sent < kFlood; sent += 30) {
      for (int i = 0; i < 30; ++i) flooder.send(ping, node.port());
      io.restart();
      io.poll();
    }
    QVERIFY(runUntil(io, [&] { return node.stats().packetsReceived >= kFlood / 2 && node.stats().rateLimited >= kFlood / 3; }, 5s));

    // A well-behaved peer on another address is still answered, both ways.
    Discovery good(io, NodeIdentity::generate(), fastOptions(7005, {"127.0.0.1:" + std::to_string(node.port())}));
    good.start();
    QVERIFY(runUntil(io, [&] { return knows(node, good.id()) && knows(good, node.id()); }, 10s));

    flooder.drain();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    const std::size_t allowed = std::size_t(options.packetBurst + options.packetsPerSecond * seconds) + 1;
    QVERIFY2(flooder.count(PacketType::Pong) <= allowed,
             qPrintable(QString("%1 answers to a flood of %2 in %3 s").arg(flooder.count(PacketType::Pong)).arg(kFlood).arg(seconds)));
    QVERIFY(flooder.count(PacketType::Pong) >= 1);
    qInfo("a flood of %d PINGs: %zu answered, %llu rate-limited", kFlood, flooder.count(PacketType::Pong),
          static_cast<unsigned long long>(node.stats().rateLimited));
    good.stop();
    node.stop();
  }

  void badBootstrapEntriesAreSkipped() {
    asio::io_context io;
    Discovery first(io, NodeIdentity::generate(), fastOptions(7006));
    first.start();
    Discovery second(io, NodeIdentity::generate(),
                     fastOptions(7007, {"nonsense", "127.0.0.1:0", "[::1", "127.0.0.1:70000", "::1:5",
                                        "localhost:" + std::to_string(first.port())}));
    second.start();
    QCOMPARE(second.stats().badBootstrapEntries, std::uint64_t(5));
    QVERIFY(runUntil(io, [&] { return knows(second, first.id()) && knows(first, second.id()); }, 10s));
    second.stop();
    first.stop();
  }

  void seedsAreContacted() {
    asio::io_context io;
    Discovery stored(io, NodeIdentity::generate(), fastOptions(7008));
    stored.start();
    const NetEndpoint storedAt = endpointOf("127.0.0.1", stored.port());

    std::vector<std::pair<NodeId, NetEndpoint>> found;
    DiscoveryEvents events;
    events.onPeerFound = [&](const NodeId& id, const crypto::Ed25519PublicKey& key, const NetEndpoint& tcp) {
      QCOMPARE(nodeIdOf(key), id);
      found.emplace_back(id, tcp);
    };
    Discovery restarted(io, NodeIdentity::generate(), fastOptions(7009), events);
    // Seeds given before start are contacted at start (a seed with the wrong key: see
    // unsolicitedAnswersAreIgnored).
    restarted.seed({SeedPeer{std::nullopt, storedAt}});
    restarted.start();
    QVERIFY(runUntil(io, [&] { return knows(restarted, stored.id()); }, 10s));
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found[0].first, stored.id());
    QCOMPARE(found[0].second, endpointOf("127.0.0.1", 7008));

    restarted.stop();
    stored.stop();
  }

  void silentPeersLeaveTheTable() {
    asio::io_context io;
    DiscoveryOptions options = fastOptions(7011);
    options.livenessInterval = 100ms;
    options.refreshInterval = 100ms;
    options.maxFailedPings = 2;
    options.requestTimeout = 150ms;
    Discovery watcher(io, NodeIdentity::generate(), options);
    watcher.start();
    auto leaving = std::make_unique<Discovery>(io, NodeIdentity::generate(),
                                               fastOptions(7012, {"127.0.0.1:" + std::to_string(watcher.port())}));
    leaving->start();
    const NodeId gone = leaving->id();
    QVERIFY(runUntil(io, [&] { return knows(watcher, gone); }, 10s));
    leaving.reset();
    QVERIFY(runUntil(io, [&] { return !knows(watcher, gone); }, 10s));
    QVERIFY(watcher.stats().timeouts >= 2);
    watcher.stop();
  }

  void fullBucketChallengesItsOldestPeer() {
    asio::io_context io;
    const NodeIdentity identity = NodeIdentity::generate();
    DiscoveryOptions options = fastOptions(7014);
    options.tableLimits.bucketSize = 1;
    options.refreshInterval = std::chrono::hours(1);  // no lookups or liveness pings in the way
    Discovery node(io, identity, options);
    node.start();
    DiscoveryOptions oldOptions = fastOptions(7015, {"127.0.0.1:" + std::to_string(node.port())});
    oldOptions.refreshInterval = std::chrono::hours(1);
    auto old = std::make_unique<Discovery>(io, identityInBucket(identity.id(), 0), oldOptions);
    old->start();
    const NodeId oldId = old->id();
    QVERIFY(runUntil(io, [&] { return knows(node, oldId) && node.stats().pendingRequests == 0; }, 10s));

    // A newcomer for the same (full) bucket proves its address.
    RawPeer newcomer(io);
    newcomer.identity = identityInBucket(identity.id(), 0);
    const std::uint16_t pongSize = std::uint16_t(encodedSize(packetWith(PongBody{1, newcomer.local()}, 1)));
    newcomer.send(newcomer.ping(1, node.port(), pongSize), node.port());
    QVERIFY(runUntil(io, [&] { newcomer.drain(); return newcomer.find(PacketType::Ping) != nullptr; }, 5s));
    const std::uint64_t oldHeard = old->stats().packetsReceived;
    newcomer.send(encodePacket(packetWith(PongBody{5, endpointOf("127.0.0.1", node.port())},
                                          newcomer.find(PacketType::Ping)->packet.requestId),
                               network(), newcomer.identity),
                  node.port());
    // The old peer is asked and answers: it stays, the newcomer does not get in.
    QVERIFY(runUntil(io, [&] { return old->stats().packetsReceived > oldHeard && node.stats().pendingRequests == 0; }, 5s));
    QCOMPARE(ids(node.knownPeers()), std::vector<NodeId>{oldId});

    // The old peer is gone: the next time the newcomer is heard, the challenge times out and the
    // newcomer takes the place.
    old.reset();
    newcomer.send(newcomer.ping(2, node.port()), node.port());
    QVERIFY(runUntil(io, [&] { return knows(node, newcomer.identity.id()); }, 5s));
    QCOMPARE(ids(node.knownPeers()), std::vector<NodeId>{newcomer.identity.id()});
    QCOMPARE(node.knownPeers().front().tcpPort, std::uint16_t(0));  // from its last PING
    node.stop();
  }

  void pendingRequestsAreBoundedAndExpire() {
    asio::io_context io;
    DiscoveryOptions options = fastOptions(7013);
    options.maxPendingRequests = 4;
    options.requestTimeout = 200ms;
    options.refreshInterval = std::chrono::hours(1);  // nothing but the seeds below
    Discovery node(io, NodeIdentity::generate(), options);
    node.start();
    std::vector<std::unique_ptr<RawPeer>> silent;
    std::vector<SeedPeer> seeds;
    for (int i = 0; i < 10; ++i) {
      silent.push_back(std::make_unique<RawPeer>(io));
      seeds.push_back(SeedPeer{std::nullopt, silent.back()->local()});
    }
    node.seed(seeds);
    QCOMPARE(node.stats().pendingRequests, std::size_t(4));
    std::size_t asked = 0;
    QVERIFY(runUntil(io, [&] {
      asked = 0;
      for (auto& peer : silent) {
        peer->drain();
        asked += peer->count(PacketType::Ping);
      }
      return asked == 4;
    }, 5s));
    QVERIFY(runUntil(io, [&] { return node.stats().pendingRequests == 0; }, 5s));
    QCOMPARE(node.stats().timeouts, std::uint64_t(4));
    node.stop();
  }

  void nodesJoiningOneByOneFindEachOther() {
    asio::io_context io;
    constexpr int kNodes = 5;
    std::vector<std::unique_ptr<Discovery>> nodes;
    for (int i = 0; i < kNodes; ++i) {
      std::vector<std::string> bootstrap;
      if (i > 0) bootstrap.push_back("127.0.0.1:" + std::to_string(nodes[0]->port()));
      nodes.push_back(std::make_unique<Discovery>(io, NodeIdentity::generate(), fastOptions(std::uint16_t(7100 + i), bootstrap)));
      nodes.back()->start();
      // The next one starts once this one is settled with the bootstrap node.
      if (i > 0) QVERIFY(runUntil(io, [&] { return knows(*nodes[0], nodes[i]->id()) && knows(*nodes[i], nodes[0]->id()); }, 10s));
    }
    QVERIFY(runUntil(io, [&] {
      for (int i = 0; i < kNodes; ++i) {
        if (nodes[i]->knownPeers().size() != kNodes - 1) return false;
      }
      return true;
    }, 30s));
    for (auto& node : nodes) node->stop();
  }

  void fiveNodesFindEachOther() {
    asio::io_context io;
    constexpr int kNodes = 5;
    std::vector<std::unique_ptr<Discovery>> nodes;
    std::vector<std::map<NodeId, NetEndpoint>> found(kNodes);
    std::vector<std::uint16_t> tcpPorts;
    for (int i = 0; i < kNodes; ++i) tcpPorts.push_back(otedama::test::freeLoopbackPort());
    for (int i = 0; i < kNodes; ++i) {
      std::vector<std::string> bootstrap;
      if (i > 0) bootstrap.push_back("127.0.0.1:" + std::to_string(nodes[0]->port()));
      DiscoveryEvents events;
      events.onPeerFound = [&found, i](const NodeId& id, const crypto::Ed25519PublicKey&, const NetEndpoint& tcp) { found[i][id] = tcp; };
      nodes.push_back(std::make_unique<Discovery>(io, NodeIdentity::generate(), fastOptions(tcpPorts[i], bootstrap), events));
      nodes.back()->start();
    }
    const auto started = Clock::now();
    auto everyoneKnowsEveryone = [&] {
      for (int i = 0; i < kNodes; ++i) {
        for (int j = 0; j < kNodes; ++j) {
          if (i != j && !knows(*nodes[i], nodes[j]->id())) return false;
        }
      }
      return true;
    };
    QVERIFY(runUntil(io, everyoneKnowsEveryone, 30s));
    qInfo("five nodes found each other in %lld ms",
          static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()));
    for (int i = 0; i < kNodes; ++i) {
      QCOMPARE(nodes[i]->knownPeers().size(), std::size_t(kNodes - 1));
      for (int j = 0; j < kNodes; ++j) {
        if (i == j) continue;
        QVERIFY(found[i].count(nodes[j]->id()) == 1);
        QCOMPARE(found[i][nodes[j]->id()], endpointOf("127.0.0.1", tcpPorts[j]));
      }
    }

    // A lookup through the network returns the target itself.
    std::optional<std::vector<NodeEntry>> result;
    nodes[4]->lookup(nodes[2]->id(), [&](std::vector<NodeEntry> peers) { result = std::move(peers); });
    QVERIFY(runUntil(io, [&] { return result.has_value(); }, 10s));
    QVERIFY(!result->empty());
    QCOMPARE(result->front().id, nodes[2]->id());
    for (auto& node : nodes) node->stop();
  }
};

QTEST_GUILESS_MAIN(P2pDiscoveryTest)
#include "test_p2p_discovery.moc"
