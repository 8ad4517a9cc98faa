// The peer-to-peer network of one node: the link port (LinkListener), UDP discovery, the links
// to other nodes and what is known about each peer (reputation, which shares it has, its tip, its
// sync state). It keeps the node's share chain in step with the network: on connect peers swap
// peer:status and whoever is behind syncs (locator batches, then missing parents by id); every
// share added to our chain is relayed once to each peer that does not have it; our signed
// verdicts on peers' shares go to our peers, and theirs are counted as confirmations. It decides
// whom to talk to: maxPeers with slots kept for our own outbound links, per-IP and per-subnet
// limits, a connection-rate bucket per address, one link per node, back-off per address, and bans
// (by node id and address, with expiry) when a peer's reputation falls to the threshold or the
// node's owner bans it.
//
// It does not own the share chain: it reads it (tip, locators, answers to sync requests) and
// inserts through the node's callback, so the node commits shares to the store before anyone
// hears of them. It does not own the store either (engine/p2p may not use engine/store): bans are
// handed in at start and out through onBan, and knownPeers() is what the node saves.
//
// Threads: everything runs on the engine's io_context; every method must be called on that thread
// (or before it runs), and the callbacks run there too. Callbacks may call announce(),
// setTemplate() and the snapshots, but not stop() or the destructor.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "p2p/ban_list.hpp"
#include "p2p/discovery.hpp"
#include "p2p/link.hpp"
#include "p2p/link_listener.hpp"
#include "p2p/messages.hpp"
#include "p2p/node_identity.hpp"
#include "p2p/peer_reputation.hpp"
#include "p2p/rate_limiter.hpp"
#include "sharechain/share_chain.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama::p2p {

// Who we link to and how many.
struct PeerLimits {
  std::size_t maxPeers = 50;      // established links, inbound and outbound together
  // We dial until this many outbound links are up, and inbound links may take at most
  // maxPeers - min(outboundPeers, maxPeers / 2) slots: peers that dial us cannot crowd out the
  // links we chose ourselves (an eclipse needs more than filling our inbound slots).
  std::size_t outboundPeers = 8;
  std::size_t maxConcurrentDials = 4;
  unsigned maxPerIp = 2;      // established links per host (IPv4 address or IPv6 /64)
  unsigned maxPerSubnet = 8;  // per IPv4 /24 or IPv6 /48
  // New inbound connections per host, before any handshake work: beyond it, a quick refusal.
  RateLimit inboundConnections{0.5, 5};
  // Loopback addresses skip the per-IP, per-subnet and connection-rate limits: they cannot come
  // from another machine, and a sandbox runs several nodes on one host.
  bool exemptLoopback = true;
  // Whether a loopback address may be banned. Off by default for the same reason: one bad local
  // process must not cut every local node off (its node id is still banned). Tests turn it on and
  // give hostile clients their own 127.0.0.x.
  bool banLoopback = false;
};

struct P2pNetworkOptions {
  std::string listenAddress = "0.0.0.0";  // "::" for IPv6 and IPv4
  std::uint16_t listenPort = 9338;        // TCP links; 0: any free port (tests)
  bool discovery = true;
  // UDP discovery; nullopt: the same number as the link port (the convention bootstrapNodes
  // entries rely on: one host:port for both), 0: any free port.
  std::optional<std::uint16_t> discoveryPort;
  // "host:port", "1.2.3.4:port" or "[v6]:port": contacted by discovery (UDP) and dialed directly
  // (TCP) while we have no outbound link, so a node behind a UDP-hostile firewall still joins.
  std::vector<std::string> bootstrapNodes;
  std::vector<SeedPeer> seeds;  // peers saved by the node (knownPeers()), contacted at start
  std::vector<PeerBan> bans;    // saved bans still in force; loaded at start
  std::string software = "otedama";  // told to peers in peer:status (printable ASCII, <= 64)

  PeerLimits limits;
  ReputationPolicy reputation;

  // Dials, bans' expiry, sync timeouts, latency samples and tip announcements run on this tick.
  std::chrono::milliseconds maintenanceInterval{1000};
  // peer:status to every peer this often, and after our tip moved at most this often.
  std::chrono::milliseconds statusInterval{std::chrono::seconds(30)};
  std::chrono::milliseconds tipStatusInterval{1000};
  // peers:request to each peer at connect and then this often while we want more outbound links.
  std::chrono::milliseconds peersExchangeInterval{std::chrono::minutes(5)};
  // Messages our own pacing held back (SendResult::RateLimited) are retried this often.
  std::chrono::milliseconds sendRetryInterval{100};
  std::size_t maxQueuedMessagesPerPeer = 1024;  // beyond it the oldest held-back message is dropped
  std::chrono::milliseconds syncTimeout{std::chrono::seconds(10)};  // an unanswered sharechain:request
  // A peer's history that our chain does not reach is anchored on (ShareChain::anchor) only when
  // we have no share, or our tip is older than this (nullopt: two windows of share time). A live
  // chain is never swapped for an anchor: an honest network still holds our recent shares, and
  // an anchor's claimed work is the one thing not verified.
  std::optional<std::chrono::seconds> anchorAfterSilence;
  // After a failed dial an address waits dialBackoff, doubled per failure up to maxDialBackoff.
  std::chrono::milliseconds dialBackoff{std::chrono::seconds(2)};
  std::chrono::milliseconds maxDialBackoff{std::chrono::minutes(10)};

  std::size_t knownIdsPerPeer = 2048;       // shares remembered per peer as "it has them" (~6 h of shares)
  std::size_t maxCandidates = 1024;         // addresses to dial, from discovery and peers:response
  std::size_t trackedConfirmations = 4096;  // shares whose confirmations are counted
  std::size_t maxBans = 8192;
  std::size_t maxReputations = 4096;        // peers (and addresses) whose score is remembered

  LinkOptions link;             // proof of work, timeouts, rate limits of every link
  LinkListenerOptions listener;  // handshake caps; bindAddress and port come from above
  // Discovery's timers and limits; bindAddress, port, tcpPort, consensusId and bootstrapNodes
  // come from above.
  DiscoveryOptions discoveryTuning;
  unsigned proofOfWorkThreads = 1;  // for our outbound handshakes
};

// One established peer, for the UI and the API.
struct PeerInfo {
  std::string nodeId;          // hex
  std::string endpoint;        // its address as we see it ("1.2.3.4:5678")
  std::uint16_t listenPort = 0;  // where it takes links (0: unknown or none)
  LinkDirection direction = LinkDirection::Outbound;
  std::optional<double> latencyMs;
  double reputation = 0;       // 0..1, PeerReputation::display()
  int score = 0;
  std::string software;
  std::uint64_t tipHeight = 0;
  std::uint32_t parentHeight = 0;    // the parent-chain height it mines on (its template; 0: unknown)
  std::uint64_t connectedSeconds = 0;
  std::uint64_t sharesReceived = 0;  // shares it sent us that joined our chain
  std::uint64_t sharesRelayed = 0;   // share:submit we sent it
  std::uint64_t sharesConfirmed = 0; // its signed verdicts accepting shares of our chain
  std::uint64_t bytesIn = 0, bytesOut = 0;
  double handshakeMs = 0;            // from connect (or accept) to established
  double handshakeCpuMs = 0;         // our CPU time for it (the opener's includes its proof of work)
  bool syncing = false;              // we are fetching its chain
};

struct P2pNetworkStats {
  std::size_t peers = 0, inbound = 0, outbound = 0, dialing = 0;
  std::size_t candidates = 0, bans = 0;
  std::uint64_t dials = 0, dialFailures = 0;
  std::uint64_t refusedConnections = 0;  // by address (banned, limits, rate) or admission (full, banned)
  std::uint64_t duplicateLinks = 0;      // closed because the node already had a link
  std::uint64_t violations = 0;          // reported by links (scored unless an honest mismatch)
  std::uint64_t bansIssued = 0;
  std::uint64_t sharesReceived = 0;      // share:submit and sync shares received
  std::uint64_t sharesAdded = 0;         // of those, added to our chain
  std::uint64_t sharesRefused = 0;
  std::uint64_t sharesRelayed = 0;       // share:submit sent
  std::uint64_t syncRequests = 0, wantedRequests = 0;
  std::uint64_t verdictsSent = 0, verdictsReceived = 0;
  std::uint64_t messagesHeldBack = 0;    // RateLimited by our pacing, queued for later
  std::uint64_t messagesDropped = 0;     // the held-back queue overflowed
  std::uint64_t bytesIn = 0, bytesOut = 0;  // over every link that got established (handshakes included)
  LinkListenerStats listener;
  DiscoveryStats discovery;
};

// A peer worth dialing again after a restart (the node saves these and passes them as seeds).
struct KnownPeer {
  crypto::Ed25519PublicKey publicKey{};
  NodeId id{};
  NetEndpoint tcp;          // its link endpoint
  NetEndpoint udp;          // its discovery endpoint (when unknown, the link endpoint: the usual same port)
  double reputation = 0.5;  // 0..1
};

struct P2pNetworkCallbacks {
  // Required. Inserts a share a peer sent (through the node's ShareArchive, so it is committed
  // before it is relayed). The result decides relay, verdicts and the sender's reputation.
  std::function<sharechain::InsertResult(sharechain::Share, const sharechain::InsertOptions&)> insertShare;
  // Optional. ShareChain::anchor through the node (committed like insertShare): a peer's history
  // that our chain does not reach back to, because both were pruned or we are new. Without it
  // such a history is inserted share by share (and waits as orphans).
  std::function<sharechain::InsertResult(std::vector<sharechain::Share>, const sharechain::InsertOptions&)>
      anchorShares;
  // The best chain moved because of a share from a peer (the node sees its own inserts itself).
  std::function<void(const sharechain::TipChange&)> onTipChanged;
  std::function<void(const PeerInfo&)> onPeerJoined;
  std::function<void(const PeerInfo&, const std::string& reason)> onPeerLeft;
  // A peer's template:update or template:response.
  std::function<void(const NodeId& from, const TemplateInfo&)> onTemplateUpdate;
  // A new or extended ban, to keep in the store (PeerBan matches store::BanRecord).
  std::function<void(const PeerBan&)> onBan;
};

class P2pNetwork {
 public:
  // Throws std::invalid_argument without callbacks.insertShare or with options that make no sense.
  P2pNetwork(boost::asio::io_context& io, NodeIdentity identity, const sharechain::ShareChain& chain,
             P2pNetworkOptions options, P2pNetworkCallbacks callbacks);
  ~P2pNetwork();  // stop()
  P2pNetwork(const P2pNetwork&) = delete;
  P2pNetwork& operator=(const P2pNetwork&) = delete;

  // Opens the link port and discovery, contacts bootstrap nodes and seeds, starts the timers.
  // Throws std::runtime_error naming the address and port when a port cannot be bound. Once only.
  void start();
  // Closes every link and both ports; no callback runs afterwards. Idempotent.
  void stop();

  // A share this node's miners found, already in the chain: relayed to every peer.
  void announce(const sharechain::Share& share);
  // The parent-chain work this node mines on: answers template:request, and a change is sent to
  // every peer as template:update.
  void setTemplate(const TemplateInfo& info);
  // Dials a peer now (a user's "add peer"; tests), within the limits and bans.
  void connect(const NetEndpoint& endpoint, std::optional<crypto::Ed25519PublicKey> key = std::nullopt);
  // Only peers for which `allow` is true are dialed and admitted; links to others close now.
  // For private networks and for tests that cut the network in two. Empty: everyone.
  void setPeerFilter(std::function<bool(const NodeId&)> allow);
  // A ban by the node's owner (the desktop app's "ban peer"): the node id for `length`, and when
  // it is linked now, the host of that link too (not a loopback host unless limits.banLoopback,
  // like every ban); its link and dials close now and onBan reports each record. Banning again
  // extends, never shortens. False, and nothing banned, for our own id or a length under a second.
  bool ban(const NodeId& id, const std::string& reason, std::chrono::seconds length);
  // Lifts a ban (by PeerBan::subject); false when there was none.
  bool unban(const std::string& subject);

  const NodeId& id() const;
  const crypto::Ed25519PublicKey& publicKey() const;
  std::uint16_t port() const;           // the bound link port (0 before start)
  std::uint16_t discoveryPort() const;  // the bound UDP port (0 before start or without discovery)

  std::vector<PeerInfo> peers() const;
  P2pNetworkStats stats() const;
  // Distinct peers whose signed verdict accepted the share (0 for unknown or old shares).
  std::size_t confirmations(const Hash32& shareId) const;
  std::vector<PeerBan> bans() const;
  bool banned(const NodeId& id) const;
  bool banned(const NetAddress& address) const;
  // The score a peer (or, for offenders that never finished a handshake, an address) has now;
  // nullopt when none is remembered.
  std::optional<int> score(const NodeId& id) const;
  std::optional<int> score(const NetAddress& address) const;
  // Established peers that take links and the discovery table, best first (for the store).
  std::vector<KnownPeer> knownPeers() const;

  class Core;  // implementation (p2p_network.cpp)

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace otedama::p2p
