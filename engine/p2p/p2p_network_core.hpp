// Internal to engine/p2p: the implementation behind P2pNetwork, shared by p2p_network.cpp (links
// and who gets one, dialing, reputation and bans, peer and template exchange, the maintenance
// tick, snapshots) and share_exchange.cpp (peer:status, sync, relay and verdicts). It holds Asio
// timers, which is why it is not part of p2p_network.hpp; nothing outside engine/p2p includes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "p2p/address_groups.hpp"
#include "p2p/host_port.hpp"
#include "p2p/p2p_network.hpp"
#include "p2p/peer.hpp"
#include "p2p/share_confirmations.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"
#include "util/worker_pool.hpp"

namespace otedama::p2p {

namespace asio = boost::asio;

class P2pNetwork::Core : public std::enable_shared_from_this<Core> {
 public:
  using Clock = std::chrono::steady_clock;

  Core(asio::io_context& ioContext, NodeIdentity nodeIdentity, const sharechain::ShareChain& shareChain,
       P2pNetworkOptions networkOptions, P2pNetworkCallbacks networkCallbacks);
  ~Core() { stop(); }

  void start();
  void stop();
  void announce(const sharechain::Share& share);
  void setTemplate(const TemplateInfo& info);
  void connect(const NetEndpoint& endpoint, std::optional<crypto::Ed25519PublicKey> key);
  void setPeerFilter(std::function<bool(const NodeId&)> allow);
  bool banByOwner(const NodeId& id, const std::string& reason, std::chrono::seconds length);
  bool unban(const std::string& subject) { return bans_.remove(subject); }

  std::uint16_t port() const { return listener_ ? listener_->port() : 0; }
  std::uint16_t discoveryPort() const { return discovery_ ? discovery_->port() : 0; }
  std::vector<PeerInfo> peers() const;
  P2pNetworkStats stats() const;
  std::size_t confirmations(const Hash32& shareId) const { return confirmations_.count(shareId); }
  std::vector<PeerBan> bans() const { return bans_.active(unixSeconds()); }
  bool banned(const NodeId& id) const { return bans_.banned(id, unixSeconds()); }
  bool banned(const NetAddress& address) const { return bans_.banned(address, unixSeconds()); }
  std::optional<int> score(const NodeId& id) const {
    const auto it = reputations_.find(id);
    return it == reputations_.end() ? std::nullopt : std::optional(it->second.score());
  }
  std::optional<int> score(const NetAddress& address) const {
    const auto it = addressReputations_.find(hostOf(address));
    return it == addressReputations_.end() ? std::nullopt : std::optional(it->second.score());
  }
  std::vector<KnownPeer> knownPeers() const;


  asio::io_context& io;
  NodeIdentity identity;
  const sharechain::ShareChain& chain;
  P2pNetworkOptions options;
  P2pNetworkCallbacks callbacks;
  LinkConfig linkConfig;

 private:
  // Where a share we received came from: what we do with it afterwards depends on it.
  enum class Origin {
    Submit,   // share:submit: new, relayed on and given a verdict
    Fetched,  // asked for by id (an orphan's parents): new too
    Sync,     // a locator batch: history; the peers that lack it sync themselves
  };

  struct Dial {
    std::shared_ptr<Link> link;
    NetEndpoint endpoint;
    std::optional<NodeId> node;
  };
  struct Candidate {
    crypto::Ed25519PublicKey key{};
    NetEndpoint tcp;
    Clock::time_point seen{};
  };
  struct Backoff {
    unsigned failures = 0;
    Clock::time_point until{};
  };

  LinkEvents linkEvents();
  std::optional<Refusal> checkAddress(const NetEndpoint& remote);
  std::optional<Refusal> admit(const crypto::Ed25519PublicKey& key);

  // links
  void onEstablished(const std::shared_ptr<Link>& link);
  void onMessage(const std::shared_ptr<Link>& link, const Message& message);
  void onViolation(const std::shared_ptr<Link>& link, LinkViolation violation, const std::string& text);
  void onClosed(const std::shared_ptr<Link>& link, const std::string& reason);
  Peer* peerOf(const std::shared_ptr<Link>& link);
  bool preferNewLink(const Link& current, const Link& candidate) const;
  NodeId openerOf(const Link& link) const {
    return link.direction() == LinkDirection::Outbound ? identity.id() : *link.peerId();
  }
  void greet(Peer& peer);

  // dialing
  bool dial(const NetEndpoint& endpoint, const std::optional<crypto::Ed25519PublicKey>& key);
  void dialMore();
  void dialBootstrap();
  void addCandidate(const NodeId& id, const crypto::Ed25519PublicKey& key, const NetEndpoint& linkEndpoint);
  void noteDialFailure(const NetEndpoint& endpoint);
  bool backingOff(const NetEndpoint& endpoint, Clock::time_point now) const {
    const auto it = backoff_.find(endpoint);
    return it != backoff_.end() && now < it->second.until;
  }
  bool linkedTo(const NetEndpoint& endpoint) const;
  bool dialingTo(const NetEndpoint& endpoint) const;
  bool dialingTo(const NodeId& id) const;
  std::optional<NetEndpoint> listenEndpoint(const Peer& peer) const;
  bool exempt(const NetAddress& address) const { return options.limits.exemptLoopback && address.isLoopback(); }
  bool withinAddressLimits(const NetAddress& address) const;
  bool allowed(const NodeId& id) const { return !filter_ || filter_(id); }
  std::size_t inboundCount() const;
  std::size_t outboundCount() const { return peers_.size() - inboundCount() + dialing_.size(); }
  std::size_t maxInbound() const {
    const std::size_t reserved = std::min(options.limits.outboundPeers, options.limits.maxPeers / 2);
    return options.limits.maxPeers - reserved;
  }
  std::size_t targetOutbound() const { return std::min(options.limits.outboundPeers, options.limits.maxPeers); }

  // sending
  void send(Peer& peer, const Message& message);
  void holdBack(Peer& peer, const Message& message);
  void scheduleRetry();
  void flushHeldBack();
  PeerStatus ourStatus() const;
  void broadcastStatus();
  void sendPeersRequest(Peer& peer);

  // shares: status, sync, relay, verdicts (share_exchange.cpp; the rest is in p2p_network.cpp)
  void onStatus(Peer& peer, const PeerStatus& status);
  void onSharechainRequest(Peer& peer, const SharechainRequest& request);
  void onSharechainBlock(Peer& peer, const SharechainBlock& block);
  void onShareSubmit(Peer& peer, const ShareSubmit& submit);
  void onVerification(Peer& peer, const ShareVerification& verification);
  // A share a peer sent, decoded; nullopt (the peer scored) when it does not decode.
  std::optional<sharechain::Share> decodePeerShare(Peer& peer, ByteSpan encoded);
  std::optional<sharechain::InsertStatus> receiveShare(Peer& peer, ByteSpan encoded, Origin origin, unsigned round);
  void afterInsert(const sharechain::InsertResult& result, Peer& from, Origin origin, unsigned round);
  void relay(const Hash32& id, const Bytes& encoded);
  void sendVerdict(const Hash32& shareId, bool accepted, sharechain::Refusal refusal, Peer* only);
  void considerSync(Peer& peer);
  void considerSyncAll();
  void requestLocator(Peer& peer);
  bool startsAnchor(const SharechainBlock& block) const;
  void collectAnchor(Peer& peer, const SharechainBlock& block);
  void finishAnchor(Peer& peer);
  void fetchMissing(Peer& peer, const std::vector<Hash32>& missing, unsigned round);
  sharechain::Work ourWork() const {
    const sharechain::ShareEntry* tip = chain.tip();
    return tip ? tip->share.data.cumulativeWork : sharechain::Work{};
  }

  // peers and templates
  void onPeersRequest(Peer& peer, const PeersRequest& request);
  void onPeersResponse(Peer& peer, const PeersResponse& response);
  void onTemplate(Peer& peer, const TemplateInfo& info);

  // reputation and bans
  PeerReputation& reputationOf(const NodeId& id);
  PeerReputation& reputationOf(const NetAddress& address);
  void punish(Peer& peer, Misbehavior misbehavior, const std::string& detail);
  void punishNode(const NodeId& id, const NetAddress& address, Misbehavior misbehavior, const std::string& detail);
  void punishAddress(const NetAddress& address, Misbehavior misbehavior, const std::string& detail);
  // Bans the node and/or the address's host (no address: the node only), closes their links and
  // dials, and reports the records through onBan.
  void ban(const std::optional<NodeId>& id, const std::optional<NetAddress>& address, const std::string& reason,
           std::chrono::seconds length);

  // maintenance
  void scheduleTick();
  void tick();
  PeerInfo infoOf(const Peer& peer) const;

  std::unique_ptr<WorkerPool> powPool_;
  std::unique_ptr<LinkListener> listener_;
  std::unique_ptr<Discovery> discovery_;
  asio::steady_timer tick_;
  asio::steady_timer retry_;
  asio::ip::tcp::resolver resolver_;
  bool started_ = false;
  bool running_ = false;
  bool retryArmed_ = false;
  Clock::time_point startedAt_{};

  std::map<const Link*, Dial> dialing_;
  std::map<NodeId, std::unique_ptr<Peer>> peers_;
  std::map<NodeId, Candidate> candidates_;
  std::map<NetEndpoint, Backoff> backoff_;
  std::map<NetAddress, TokenBucket> connectBuckets_;
  std::vector<HostPort> bootstrap_;
  Clock::time_point lastBootstrap_{};
  std::function<bool(const NodeId&)> filter_;

  std::map<NodeId, PeerReputation> reputations_;
  std::map<NetAddress, PeerReputation> addressReputations_;  // offenders without a node id, by host
  BanList bans_;

  std::optional<NodeId> syncPeer_;
  std::map<Hash32, Clock::time_point> wantedInFlight_;
  std::uint64_t nextRequestId_ = 1;
  ShareConfirmations confirmations_;
  std::optional<TemplateInfo> template_;

  Hash32 announcedTip_{};
  Clock::time_point lastTipStatus_{};
  Clock::time_point lastStatusRound_{};

  P2pNetworkStats counters_;
  std::uint64_t closedBytesIn_ = 0, closedBytesOut_ = 0;  // of established links that closed
};

}  // namespace otedama::p2p
