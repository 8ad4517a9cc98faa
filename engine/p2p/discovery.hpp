// Peer discovery over UDP, Kademlia style: a routing table of peers whose addresses answered us,
// bootstrap from configured "host:port" names and from peers kept in the store, iterative
// FIND_NODE lookups (alpha = 3), periodic refresh and liveness pings. Found peers are handed to the
// link layer (onPeerFound) with their TCP link endpoint. Built to be a poor reflector: an address
// that has not answered our PING never gets more bytes from us than it sent, every source has a
// packet rate limit, and pending requests are bounded and time out.
// Runs on the engine's io_context; every public method must be called on that thread (or before
// it runs). Rules and packet layouts: docs/p2p-discovery.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/ed25519.hpp"
#include "p2p/node_identity.hpp"
#include "p2p/routing_table.hpp"
#include "util/bytes.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama::p2p {

struct DiscoveryOptions {
  std::string bindAddress = "0.0.0.0";  // "::" listens on IPv6 and IPv4
  std::uint16_t port = 9338;            // UDP; 0: any free port (tests)
  std::uint16_t tcpPort = 0;            // our link port, told to peers (0: we take no links)
  Hash32 consensusId{};                 // packets of other networks are dropped
  std::vector<std::string> bootstrapNodes;  // "host:port", "1.2.3.4:port" or "[v6]:port"

  // Lookups of our own id and of a random id every refreshInterval; with an empty table the
  // bootstrap nodes and seeds are contacted again instead.
  std::chrono::milliseconds refreshInterval{std::chrono::seconds(60)};
  // Peers not heard from for this long are pinged (a few per refresh); after maxFailedPings
  // unanswered requests in a row they leave the table.
  std::chrono::milliseconds livenessInterval{std::chrono::minutes(10)};
  unsigned maxFailedPings = 3;
  std::chrono::milliseconds requestTimeout{1000};
  std::size_t maxPendingRequests = 512;
  std::size_t maxConcurrentLookups = 8;

  std::chrono::seconds packetLifetime{30};  // expiry we put on packets
  std::chrono::seconds maxClockAhead{90};   // refuse packets whose expiry is further ahead
  // How long an address that answered our PING stays verified (may get answers bigger than its
  // requests), and how many such addresses are remembered.
  std::chrono::seconds verifiedLifetime{std::chrono::hours(12)};
  std::size_t maxVerifiedAddresses = 8192;

  // Per-source token bucket on incoming packets, before any decoding. A source is an IPv4
  // address or an IPv6 /64; when maxRateSources are tracked, unknown sources share one bucket.
  double packetsPerSecond = 20;
  double packetBurst = 60;
  std::size_t maxRateSources = 4096;

  RoutingTableLimits tableLimits;
};

// A peer to contact at start, e.g. from the store. Without a key whoever answers is accepted;
// with one, only that node.
struct SeedPeer {
  std::optional<crypto::Ed25519PublicKey> publicKey;
  NetEndpoint udp;
};

struct DiscoveryEvents {
  // A peer entered the routing table (its address answered our PING), or its address or link
  // port changed. Only peers that take links (link port not 0) are reported.
  std::function<void(const NodeId& id, const crypto::Ed25519PublicKey& publicKey, const NetEndpoint& tcp)> onPeerFound;
};

struct DiscoveryStats {
  std::uint64_t packetsReceived = 0, bytesReceived = 0;
  std::uint64_t packetsSent = 0, bytesSent = 0;
  std::uint64_t rateLimited = 0;       // dropped before decoding
  std::uint64_t malformed = 0;         // DecodeError
  std::uint64_t wrongNetwork = 0, expired = 0, badSignature = 0;  // expired: or too far ahead
  std::uint64_t unsolicited = 0;       // PONG/NODES answering nothing we sent (there, to that key)
  std::uint64_t amplificationRefused = 0;  // replies not sent: bigger than an unverified request
  std::uint64_t timeouts = 0;
  std::uint64_t badBootstrapEntries = 0;   // unparsable or unresolvable bootstrap names
  std::size_t pendingRequests = 0, verifiedAddresses = 0, activeLookups = 0;
};

class Discovery {
 public:
  Discovery(boost::asio::io_context& io, const NodeIdentity& identity, DiscoveryOptions options,
            DiscoveryEvents events = {});
  ~Discovery();
  Discovery(const Discovery&) = delete;
  Discovery& operator=(const Discovery&) = delete;

  // Binds the UDP port, resolves and contacts the bootstrap nodes and seeds, starts refreshing.
  // Throws std::runtime_error naming the address and port when it cannot bind.
  void start();
  // Closes the socket; pending requests and lookups are dropped (their callbacks never run).
  void stop();

  // Contacts these peers (now if started, else at start) and again whenever the table is empty.
  void seed(const std::vector<SeedPeer>& peers);
  // Iterative FIND_NODE lookup; `done` gets the closest peers that answered (up to k), after
  // lookup() has returned.
  void lookup(const NodeId& target, std::function<void(std::vector<NodeEntry>)> done = {});
  // A refresh round now (tests; a user's "find peers" button).
  void refreshNow();

  const NodeId& id() const;
  std::uint16_t port() const;  // the bound UDP port (useful with port 0)
  std::vector<NodeEntry> knownPeers() const;
  DiscoveryStats stats() const;

  class Core;  // implementation (discovery.cpp)

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace otedama::p2p
