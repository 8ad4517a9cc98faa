// The peer manager on Asio (callbacks, no coroutines): links in and out and the rules on who
// gets one, dialing and back-off, reputation and bans, peer and template exchange, held-back
// sends, and the maintenance tick that dials, retries and expires. Sync, relay and verdicts are
// in share_exchange.cpp.
#include "p2p/p2p_network.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <variant>

#include <spdlog/spdlog.h>

#include "p2p/link_transport.hpp"
#include "p2p/p2p_network_core.hpp"

namespace otedama::p2p {

using tcp = asio::ip::tcp;
using Clock = P2pNetwork::Core::Clock;

namespace {

constexpr std::size_t kMaxConnectBuckets = 4096;
constexpr std::size_t kMaxBackoffs = 4096;
constexpr std::size_t kBootstrapAddressesPerName = 2;

// peers:response carries every address as IPv6 (IPv4 mapped).
std::array<std::uint8_t, 16> mappedBytes(const NetAddress& address) {
  std::array<std::uint8_t, 16> out{};
  if (address.isV4()) {
    out[10] = 0xff;
    out[11] = 0xff;
    std::copy(address.bytes.begin(), address.bytes.begin() + 4, out.begin() + 12);
  } else {
    out = address.bytes;
  }
  return out;
}

// Which misbehaviour a link violation is, or nullopt when it is no fault of the peer's: refusals
// (ours or its), a full node, another network or protocol version, a clock too far off, a dial
// that reached ourselves or another node than we meant. Those are honest mismatches; the dialer
// backs off instead.
std::optional<Misbehavior> misbehaviorOf(const Link& link, LinkViolation violation) {
  switch (violation) {
    case LinkViolation::Malformed:
    case LinkViolation::AuthenticationFailed: return Misbehavior::Malformed;
    case LinkViolation::Flood: return Misbehavior::Flood;
    case LinkViolation::SlowReader: return Misbehavior::SlowReader;
    case LinkViolation::HandshakeFailed: break;
  }
  const auto& failure = link.handshakeFailure();
  if (!failure) return Misbehavior::HandshakeFailed;
  switch (failure->error) {
    case HandshakeError::BadMagic:
    case HandshakeError::MalformedMessage:
    case HandshakeError::BadSignature:
    case HandshakeError::BadProofOfWork: return Misbehavior::HandshakeFailed;
    case HandshakeError::UnsupportedVersion:
    case HandshakeError::WrongConsensus:
    case HandshakeError::ProofOfWorkTooHard:
    case HandshakeError::ClockSkew:
    case HandshakeError::SelfConnection:
    case HandshakeError::UnexpectedPeer:
    case HandshakeError::RefusedByPeer:
    case HandshakeError::RefusedLocally: return std::nullopt;
  }
  return std::nullopt;
}

bool printableAscii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

}  // namespace

P2pNetwork::Core::Core(asio::io_context& ioContext, NodeIdentity nodeIdentity, const sharechain::ShareChain& shareChain,
                       P2pNetworkOptions networkOptions, P2pNetworkCallbacks networkCallbacks)
    : io(ioContext),
      identity(std::move(nodeIdentity)),
      chain(shareChain),
      options(std::move(networkOptions)),
      callbacks(std::move(networkCallbacks)),
      linkConfig(identity, chain.consensusId()),
      tick_(ioContext),
      retry_(ioContext),
      resolver_(ioContext),
      bans_(options.maxBans),
      confirmations_(options.trackedConfirmations) {
  if (!callbacks.insertShare) throw std::invalid_argument("p2p: the network needs an insertShare callback");
  const auto positive = [](std::chrono::milliseconds value) { return value.count() > 0; };
  if (!positive(options.maintenanceInterval) || !positive(options.statusInterval) ||
      !positive(options.tipStatusInterval) || !positive(options.peersExchangeInterval) ||
      !positive(options.sendRetryInterval) || !positive(options.syncTimeout) || !positive(options.dialBackoff) ||
      options.maxDialBackoff < options.dialBackoff) {
    throw std::invalid_argument("p2p: the network's intervals must be positive (and the back-off cap at least the back-off)");
  }
  if (options.limits.maxPeers == 0) throw std::invalid_argument("p2p: maxPeers must be at least 1");
  if (options.limits.maxConcurrentDials == 0) throw std::invalid_argument("p2p: maxConcurrentDials must be at least 1");
  if (options.software.size() > kMaxSoftwareName || !printableAscii(options.software)) {
    throw std::invalid_argument("p2p: the software name must be printable ASCII of at most 64 characters");
  }
  if (options.proofOfWorkThreads == 0) options.proofOfWorkThreads = 1;
  // Throws for an unusable rate (the same check the token bucket makes).
  (void)TokenBucket(options.limits.inboundConnections, Clock::now());
  linkConfig.options = options.link;
  for (const std::string& text : options.bootstrapNodes) {
    std::string reason;
    if (auto entry = parseHostPort(text, reason)) {
      bootstrap_.push_back(std::move(*entry));
    } else {
      spdlog::warn("p2p: bootstrap node '{}' skipped: {}", text, reason);
    }
  }
  const auto [loaded, skipped] = bans_.load(options.bans, unixSeconds());
  if (loaded + skipped > 0) spdlog::info("p2p: {} bans loaded ({} expired or unreadable skipped)", loaded, skipped);
}


// ---- lifecycle ----

void P2pNetwork::Core::start() {
  if (started_) throw std::logic_error("p2p: the network was started already");
  started_ = true;
  running_ = true;
  startedAt_ = Clock::now();
  lastStatusRound_ = startedAt_;
  powPool_ = std::make_unique<WorkerPool>(options.proofOfWorkThreads, 16);
  linkConfig.proofOfWorkPool = powPool_.get();

  std::weak_ptr<Core> weak = weak_from_this();
  LinkListenerOptions listenerOptions = options.listener;
  listenerOptions.bindAddress = options.listenAddress;
  listenerOptions.port = options.listenPort;
  listener_ = std::make_unique<LinkListener>(
      io, linkConfig, listenerOptions, linkEvents(),
      [weak](const crypto::Ed25519PublicKey& key) -> std::optional<Refusal> {
        auto self = weak.lock();
        if (!self || !self->running_) return Refusal{RefusalReason::Other, "this node is shutting down"};
        return self->admit(key);
      },
      [weak](const NetEndpoint& remote) -> std::optional<Refusal> {
        auto self = weak.lock();
        if (!self || !self->running_) return Refusal{RefusalReason::Other, "this node is shutting down"};
        return self->checkAddress(remote);
      });
  listener_->start();

  if (options.discovery) {
    DiscoveryOptions discoveryOptions = options.discoveryTuning;
    discoveryOptions.bindAddress = options.listenAddress;
    discoveryOptions.port = options.discoveryPort.value_or(listener_->port());
    discoveryOptions.tcpPort = listener_->port();
    discoveryOptions.consensusId = chain.consensusId();
    discoveryOptions.bootstrapNodes = options.bootstrapNodes;
    DiscoveryEvents events;
    events.onPeerFound = [weak](const NodeId& id, const crypto::Ed25519PublicKey& key, const NetEndpoint& linkEndpoint) {
      auto self = weak.lock();
      if (!self || !self->running_) return;
      self->addCandidate(id, key, linkEndpoint);
      self->dialMore();
    };
    discovery_ = std::make_unique<Discovery>(io, identity, discoveryOptions, events);
    discovery_->seed(options.seeds);
    discovery_->start();
  } else {
    for (const SeedPeer& seed : options.seeds) {
      if (seed.publicKey) addCandidate(nodeIdOf(*seed.publicKey), *seed.publicKey, seed.udp);
    }
  }
  spdlog::info("p2p: node {} on TCP port {}{}", shortNodeId(identity.id()), listener_->port(),
               discovery_ ? ", discovery on UDP port " + std::to_string(discovery_->port()) : std::string());
  dialBootstrap();
  dialMore();
  scheduleTick();
}

void P2pNetwork::Core::stop() {
  if (!running_) return;
  running_ = false;
  tick_.cancel();
  retry_.cancel();
  resolver_.cancel();
  if (listener_) listener_->stop();
  if (discovery_) discovery_->stop();
  std::vector<std::shared_ptr<Link>> open;
  for (const auto& [key, dial] : dialing_) open.push_back(dial.link);
  for (const auto& [id, peer] : peers_) open.push_back(peer->link);
  dialing_.clear();
  peers_.clear();
  syncPeer_.reset();
  for (const auto& link : open) link->close("this node is shutting down its peer network");
  // Searches of closed links stop within about 1024 hashes; the pool joins them.
  powPool_.reset();
}

LinkEvents P2pNetwork::Core::linkEvents() {
  std::weak_ptr<Core> weak = weak_from_this();
  LinkEvents events;
  events.onEstablished = [weak](const std::shared_ptr<Link>& link) {
    auto self = weak.lock();
    if (!self || !self->running_) {
      link->close("this node is shutting down its peer network");
      return;
    }
    self->onEstablished(link);
  };
  events.onMessage = [weak](const std::shared_ptr<Link>& link, const Message& message) {
    auto self = weak.lock();
    if (self && self->running_) self->onMessage(link, message);
  };
  events.onViolation = [weak](const std::shared_ptr<Link>& link, LinkViolation violation, const std::string& text) {
    auto self = weak.lock();
    if (self && self->running_) self->onViolation(link, violation, text);
  };
  events.onClosed = [weak](const std::shared_ptr<Link>& link, const std::string& reason) {
    auto self = weak.lock();
    if (self && self->running_) self->onClosed(link, reason);
  };
  return events;
}

// ---- who may link ----

std::optional<Refusal> P2pNetwork::Core::checkAddress(const NetEndpoint& remote) {
  const NetAddress& address = remote.address;
  const auto refuse = [this](RefusalReason reason, std::string text) {
    ++counters_.refusedConnections;
    return std::optional<Refusal>(Refusal{reason, std::move(text)});
  };
  if (bans_.banned(address, unixSeconds())) return refuse(RefusalReason::Banned, "your address is banned");
  if (peers_.size() >= options.limits.maxPeers) return refuse(RefusalReason::TooManyPeers, "this node has all the peers it takes");
  if (exempt(address)) return std::nullopt;
  const NetAddress host = hostOf(address);
  auto bucket = connectBuckets_.find(host);
  if (bucket == connectBuckets_.end()) {
    if (connectBuckets_.size() >= kMaxConnectBuckets) {
      // Forget buckets that have refilled: they hold nothing a fresh bucket would not.
      const auto now = Clock::now();
      std::erase_if(connectBuckets_, [now](const auto& item) {
        return item.second.available(now) >= item.second.limit().burst;
      });
    }
    if (connectBuckets_.size() >= kMaxConnectBuckets) {
      return refuse(RefusalReason::TooManyPeers, "too many new connections, try again later");
    }
    bucket = connectBuckets_.emplace(host, TokenBucket(options.limits.inboundConnections, Clock::now())).first;
  }
  if (!bucket->second.take(Clock::now())) {
    return refuse(RefusalReason::TooManyPeers, "too many connections from your address, try again later");
  }
  if (!withinAddressLimits(address)) {
    return refuse(RefusalReason::TooManyPeers, "too many peers from your address or network");
  }
  return std::nullopt;
}

std::optional<Refusal> P2pNetwork::Core::admit(const crypto::Ed25519PublicKey& key) {
  const NodeId id = nodeIdOf(key);
  const auto refuse = [this](RefusalReason reason, std::string text) {
    ++counters_.refusedConnections;
    return std::optional<Refusal>(Refusal{reason, std::move(text)});
  };
  if (bans_.banned(id, unixSeconds())) return refuse(RefusalReason::Banned, "your node is banned");
  if (!allowed(id)) return refuse(RefusalReason::Other, "not accepted by this node");
  // A node we are linked to already may replace its link (it may have lost its end of it).
  if (!peers_.contains(id) && inboundCount() >= maxInbound()) {
    return refuse(RefusalReason::TooManyPeers, "this node has all the inbound peers it takes");
  }
  return std::nullopt;
}

bool P2pNetwork::Core::withinAddressLimits(const NetAddress& address) const {
  if (exempt(address)) return true;
  const NetAddress host = hostOf(address), subnet = subnetOf(address);
  unsigned sameHost = 0, sameSubnet = 0;
  const auto count = [&](const NetAddress& other) {
    if (hostOf(other) == host) ++sameHost;
    if (subnetOf(other) == subnet) ++sameSubnet;
  };
  for (const auto& [id, peer] : peers_) count(peer->link->remote().address);
  for (const auto& [key, dial] : dialing_) count(dial.endpoint.address);
  return sameHost < options.limits.maxPerIp && sameSubnet < options.limits.maxPerSubnet;
}

std::size_t P2pNetwork::Core::inboundCount() const {
  return static_cast<std::size_t>(std::count_if(peers_.begin(), peers_.end(), [](const auto& item) {
    return item.second->link->direction() == LinkDirection::Inbound;
  }));
}

// ---- links ----

Peer* P2pNetwork::Core::peerOf(const std::shared_ptr<Link>& link) {
  if (!link->peerId()) return nullptr;
  const auto it = peers_.find(*link->peerId());
  return it != peers_.end() && it->second->link == link ? it->second.get() : nullptr;
}

// Two links to one node (both dialed at once, or a second address of it): both ends must keep the
// same one, so the choice depends only on what both see. Links opened by different nodes: the one
// opened by the lower node id stays. Both opened by the same node: the older stays (both ends
// usually agree; if not, both close and the dialer tries again after its back-off).
bool P2pNetwork::Core::preferNewLink(const Link& current, const Link& candidate) const {
  const NodeId currentOpener = openerOf(current), candidateOpener = openerOf(candidate);
  if (currentOpener != candidateOpener) return candidateOpener < currentOpener;
  return false;
}

void P2pNetwork::Core::onEstablished(const std::shared_ptr<Link>& link) {
  std::optional<NetEndpoint> dialed;
  if (const auto dial = dialing_.find(link.get()); dial != dialing_.end()) {
    dialed = dial->second.endpoint;
    backoff_.erase(*dialed);
    dialing_.erase(dial);
  }
  const NodeId id = *link->peerId();
  // A dial that reached a node we do not take (a bootstrap address has no key to check first):
  // that address waits like after a failure.
  const auto refuse = [&](const std::string& reason) {
    if (dialed) noteDialFailure(*dialed);
    link->close(reason);
  };
  if (bans_.banned(id, unixSeconds())) {
    refuse("this node is banned here");
    return;
  }
  if (!allowed(id)) {
    refuse("not accepted by this node");
    return;
  }
  if (const auto existing = peers_.find(id); existing != peers_.end()) {
    ++counters_.duplicateLinks;
    Peer& peer = *existing->second;
    if (!preferNewLink(*peer.link, *link)) {
      spdlog::debug("p2p: second link to node {} closed (keeping the first)", shortNodeId(id));
      link->close("a duplicate link to a node we are linked to");
      return;
    }
    spdlog::debug("p2p: node {} now on its {} link (the other closes)", shortNodeId(id), linkDirectionName(link->direction()));
    const std::shared_ptr<Link> old = std::exchange(peer.link, link);
    // What we asked on the old link will not be answered there; what our pacing held back goes
    // out on the new one (the peer is marked as having those shares).
    for (const auto& [requestId, request] : peer.requests) {
      for (const Hash32& wanted : request.wanted) wantedInFlight_.erase(wanted);
    }
    peer.requests.clear();
    peer.anchorHistory.clear();
    peer.peersRequested = false;
    if (syncPeer_ == id) syncPeer_.reset();
    old->close("a duplicate link to a node we are linked to");
    greet(peer);
    return;
  }
  const bool inbound = link->direction() == LinkDirection::Inbound;
  if (peers_.size() >= options.limits.maxPeers || (inbound && inboundCount() >= maxInbound())) {
    refuse("this node has all the peers it takes");
    return;
  }
  // Checked again now: connections from one address may all pass the check at accept while none
  // of them is established yet.
  if (!withinAddressLimits(link->remote().address)) {
    refuse("too many peers from its address or network");
    return;
  }
  auto peer = std::make_unique<Peer>(link, options.knownIdsPerPeer);
  Peer& added = *peer;
  peers_.emplace(id, std::move(peer));
  reputationOf(id);
  candidates_.erase(id);
  spdlog::info("p2p: peer {} joined ({} {}, {} peers)", shortNodeId(id), linkDirectionName(link->direction()),
               link->remote().toString(), peers_.size());
  greet(added);
  if (callbacks.onPeerJoined) callbacks.onPeerJoined(infoOf(added));
}

// The first messages on a new link: our status first (on the acceptor it is also the opener's
// sign that we took its proof; on a link that replaces another, behind what our pacing held back
// there), then a request for its peers and our template.
void P2pNetwork::Core::greet(Peer& peer) {
  send(peer, ourStatus());
  sendPeersRequest(peer);
  if (template_) send(peer, TemplateUpdate{*template_});
}

void P2pNetwork::Core::onClosed(const std::shared_ptr<Link>& link, const std::string& reason) {
  if (link->established()) {
    closedBytesIn_ += link->stats().bytesIn;
    closedBytesOut_ += link->stats().bytesOut;
  }
  if (const auto dial = dialing_.find(link.get()); dial != dialing_.end()) {
    const NetEndpoint endpoint = dial->second.endpoint;
    dialing_.erase(dial);
    ++counters_.dialFailures;
    spdlog::debug("p2p: dial to {} failed: {}", endpoint.toString(), reason);
    noteDialFailure(endpoint);
    return;
  }
  Peer* peer = peerOf(link);
  if (!peer) return;
  const NodeId id = peer->id;
  const PeerInfo info = infoOf(*peer);
  const std::optional<NetEndpoint> endpoint = link->direction() == LinkDirection::Outbound
                                                  ? std::optional(link->remote())
                                                  : std::nullopt;
  for (const auto& [requestId, request] : peer->requests) {
    for (const Hash32& wanted : request.wanted) wantedInFlight_.erase(wanted);
  }
  peers_.erase(id);
  if (syncPeer_ == id) syncPeer_.reset();
  spdlog::info("p2p: peer {} left: {} ({} peers)", shortNodeId(id), reason, peers_.size());
  // Not straight back to a peer that just went away; one back-off step.
  if (endpoint && link->closeCause() != LinkCloseCause::Local) {
    backoff_[*endpoint] = Backoff{1, Clock::now() + options.dialBackoff};
  }
  if (callbacks.onPeerLeft) callbacks.onPeerLeft(info, reason);
  considerSyncAll();
}

void P2pNetwork::Core::onViolation(const std::shared_ptr<Link>& link, LinkViolation violation, const std::string& text) {
  ++counters_.violations;
  const std::optional<Misbehavior> misbehavior = misbehaviorOf(*link, violation);
  if (!misbehavior) return;
  const std::string detail = std::string(linkViolationName(violation)) + ": " + text;
  if (link->established() && link->peerId()) {
    punishNode(*link->peerId(), link->remote().address, *misbehavior, detail);
  } else {
    punishAddress(link->remote().address, *misbehavior, detail);
  }
}

void P2pNetwork::Core::onMessage(const std::shared_ptr<Link>& link, const Message& message) {
  Peer* peer = peerOf(link);
  if (!peer) return;  // a link being replaced by another to the same node
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, PeerStatus>) {
          onStatus(*peer, body);
        } else if constexpr (std::is_same_v<T, SharechainRequest>) {
          onSharechainRequest(*peer, body);
        } else if constexpr (std::is_same_v<T, SharechainBlock>) {
          onSharechainBlock(*peer, body);
        } else if constexpr (std::is_same_v<T, ShareSubmit>) {
          onShareSubmit(*peer, body);
        } else if constexpr (std::is_same_v<T, ShareVerification>) {
          onVerification(*peer, body);
        } else if constexpr (std::is_same_v<T, TemplateRequest>) {
          send(*peer, TemplateResponse{body.requestId, template_.value_or(TemplateInfo{})});
        } else if constexpr (std::is_same_v<T, TemplateResponse>) {
          onTemplate(*peer, body.info);
        } else if constexpr (std::is_same_v<T, TemplateUpdate>) {
          onTemplate(*peer, body.info);
        } else if constexpr (std::is_same_v<T, PeersRequest>) {
          onPeersRequest(*peer, body);
        } else if constexpr (std::is_same_v<T, PeersResponse>) {
          onPeersResponse(*peer, body);
        }
        // Ping and Pong stay inside the link.
      },
      message);
}

// ---- dialing ----

bool P2pNetwork::Core::linkedTo(const NetEndpoint& endpoint) const {
  return std::any_of(peers_.begin(), peers_.end(),
                     [&](const auto& item) { return listenEndpoint(*item.second) == endpoint; });
}

bool P2pNetwork::Core::dialingTo(const NetEndpoint& endpoint) const {
  return std::any_of(dialing_.begin(), dialing_.end(), [&](const auto& item) { return item.second.endpoint == endpoint; });
}

bool P2pNetwork::Core::dialingTo(const NodeId& id) const {
  return std::any_of(dialing_.begin(), dialing_.end(), [&](const auto& item) { return item.second.node == id; });
}

std::optional<NetEndpoint> P2pNetwork::Core::listenEndpoint(const Peer& peer) const {
  if (peer.link->direction() == LinkDirection::Outbound) return peer.link->remote();
  if (peer.status && peer.status->listenPort != 0) return NetEndpoint{peer.link->remote().address, peer.status->listenPort};
  return std::nullopt;
}

bool P2pNetwork::Core::dial(const NetEndpoint& endpoint, const std::optional<crypto::Ed25519PublicKey>& key) {
  if (!running_ || endpoint.port == 0 || endpoint.address.isUnspecified() || endpoint.address.isMulticast()) return false;
  std::optional<NodeId> id;
  if (key) {
    id = nodeIdOf(*key);
    if (*id == identity.id() || peers_.contains(*id) || dialingTo(*id) || !allowed(*id)) return false;
    if (bans_.banned(*id, unixSeconds())) return false;
  }
  const auto now = Clock::now();
  if (linkedTo(endpoint) || dialingTo(endpoint) || backingOff(endpoint, now)) return false;
  if (bans_.banned(endpoint.address, unixSeconds()) || !withinAddressLimits(endpoint.address)) return false;
  std::shared_ptr<Link> link = Link::connect(io, linkConfig, endpoint, linkEvents(), key);
  dialing_.emplace(link.get(), Dial{link, endpoint, id});
  ++counters_.dials;
  spdlog::debug("p2p: dialing {}{}", endpoint.toString(), id ? " (node " + shortNodeId(*id) + ")" : std::string());
  return true;
}

void P2pNetwork::Core::noteDialFailure(const NetEndpoint& endpoint) {
  if (backoff_.size() >= kMaxBackoffs && !backoff_.contains(endpoint)) {
    const auto now = Clock::now();
    std::erase_if(backoff_, [now](const auto& item) { return item.second.until <= now; });
    if (backoff_.size() >= kMaxBackoffs) backoff_.erase(backoff_.begin());
  }
  Backoff& backoff = backoff_[endpoint];
  backoff.failures = std::min(backoff.failures + 1, 30u);
  auto delay = options.dialBackoff;
  for (unsigned i = 1; i < backoff.failures && delay < options.maxDialBackoff; ++i) delay *= 2;
  backoff.until = Clock::now() + std::min(delay, options.maxDialBackoff);
}

void P2pNetwork::Core::addCandidate(const NodeId& id, const crypto::Ed25519PublicKey& key, const NetEndpoint& linkEndpoint) {
  if (id == identity.id() || nodeIdOf(key) != id || linkEndpoint.port == 0) return;
  const auto now = Clock::now();
  if (!candidates_.contains(id) && candidates_.size() >= options.maxCandidates) {
    // The one heard of longest ago makes room.
    const auto oldest = std::min_element(candidates_.begin(), candidates_.end(),
                                         [](const auto& a, const auto& b) { return a.second.seen < b.second.seen; });
    if (oldest != candidates_.end()) candidates_.erase(oldest);
  }
  candidates_[id] = Candidate{key, linkEndpoint, now};
}

void P2pNetwork::Core::dialMore() {
  if (!running_) return;
  const auto wanted = [this] {
    return outboundCount() < targetOutbound() && peers_.size() + dialing_.size() < options.limits.maxPeers &&
           dialing_.size() < options.limits.maxConcurrentDials;
  };
  if (!wanted()) return;
  if (discovery_) {
    for (const NodeEntry& entry : discovery_->knownPeers()) {
      if (entry.tcpPort != 0 && !candidates_.contains(entry.id)) {
        addCandidate(entry.id, entry.publicKey, NetEndpoint{entry.udp.address, entry.tcpPort});
      }
    }
  }
  for (const auto& [id, candidate] : candidates_) {
    if (!wanted()) break;
    dial(candidate.tcp, candidate.key);
  }
  if (outboundCount() == 0) dialBootstrap();
}

// Straight to the bootstrap nodes over TCP while we have no outbound link: discovery does the
// same over UDP, but a network that drops UDP must not keep a node alone.
void P2pNetwork::Core::dialBootstrap() {
  if (!running_ || bootstrap_.empty()) return;
  const auto now = Clock::now();
  if (lastBootstrap_ != Clock::time_point{} && now - lastBootstrap_ < options.dialBackoff) return;
  lastBootstrap_ = now;
  std::weak_ptr<Core> weak = weak_from_this();
  for (const HostPort& entry : bootstrap_) {
    resolver_.async_resolve(entry.host, std::to_string(entry.port), tcp::resolver::numeric_service,
                            [weak, text = entry.text](const boost::system::error_code& ec,
                                                      const tcp::resolver::results_type& results) {
                              auto self = weak.lock();
                              if (!self || !self->running_ || ec == asio::error::operation_aborted) return;
                              if (ec) {
                                spdlog::debug("p2p: bootstrap node '{}' not resolved: {}", text, ec.message());
                                return;
                              }
                              std::size_t tried = 0;
                              for (const auto& result : results) {
                                if (tried++ == kBootstrapAddressesPerName) break;
                                self->dial(fromAsio(result.endpoint()), std::nullopt);
                              }
                            });
  }
}

void P2pNetwork::Core::connect(const NetEndpoint& endpoint, std::optional<crypto::Ed25519PublicKey> key) {
  backoff_.erase(endpoint);
  dial(endpoint, key);
}

void P2pNetwork::Core::setPeerFilter(std::function<bool(const NodeId&)> allow) {
  filter_ = std::move(allow);
  if (!filter_) return;
  std::vector<std::shared_ptr<Link>> refused;
  for (const auto& [id, peer] : peers_) {
    if (!filter_(id)) refused.push_back(peer->link);
  }
  for (const auto& [key, dial] : dialing_) {
    if (dial.node && !filter_(*dial.node)) refused.push_back(dial.link);
  }
  for (const auto& link : refused) link->close("no longer accepted by this node");
}

// ---- sending ----

void P2pNetwork::Core::send(Peer& peer, const Message& message) {
  if (!peer.heldBack.empty()) {
    holdBack(peer, message);  // behind what waits already: messages keep their order
    return;
  }
  if (peer.link->send(message) == SendResult::RateLimited) holdBack(peer, message);
}

void P2pNetwork::Core::holdBack(Peer& peer, const Message& message) {
  if (peer.heldBack.size() >= options.maxQueuedMessagesPerPeer) {
    peer.heldBack.pop_front();
    ++counters_.messagesDropped;
  }
  peer.heldBack.push_back(message);
  ++counters_.messagesHeldBack;
  scheduleRetry();
}

void P2pNetwork::Core::scheduleRetry() {
  if (retryArmed_ || !running_) return;
  retryArmed_ = true;
  retry_.expires_after(options.sendRetryInterval);
  std::weak_ptr<Core> weak = weak_from_this();
  retry_.async_wait([weak](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!self) return;
    self->retryArmed_ = false;
    if (ec || !self->running_) return;
    self->flushHeldBack();
  });
}

void P2pNetwork::Core::flushHeldBack() {
  bool waiting = false;
  for (const auto& [id, peer] : peers_) {
    while (!peer->heldBack.empty()) {
      if (peer->link->send(peer->heldBack.front()) == SendResult::RateLimited) break;
      peer->heldBack.pop_front();
    }
    waiting = waiting || !peer->heldBack.empty();
  }
  if (waiting) scheduleRetry();
}

PeerStatus P2pNetwork::Core::ourStatus() const {
  PeerStatus status;
  if (const sharechain::ShareEntry* tip = chain.tip()) {
    status.tipId = tip->id;
    status.tipHeight = tip->height();
    status.cumulativeWork = tip->share.data.cumulativeWork;
  }
  status.listenPort = port();
  status.peerCount = static_cast<std::uint16_t>(std::min<std::size_t>(peers_.size(), 0xffff));
  status.uptimeSeconds = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - startedAt_).count());
  status.software = options.software;
  return status;
}

void P2pNetwork::Core::broadcastStatus() {
  const PeerStatus status = ourStatus();
  announcedTip_ = status.tipId;
  lastTipStatus_ = Clock::now();
  for (const auto& [id, peer] : peers_) send(*peer, status);
}

void P2pNetwork::Core::sendPeersRequest(Peer& peer) {
  peer.peersRequested = true;
  peer.lastPeersRequest = Clock::now();
  send(peer, PeersRequest{static_cast<std::uint16_t>(kMaxPeersPerMessage)});
}

// ---- peers and templates ----

void P2pNetwork::Core::onPeersRequest(Peer& peer, const PeersRequest& request) {
  const std::size_t max = std::min<std::size_t>(request.max, kMaxPeersPerMessage);
  const bool toLoopback = peer.link->remote().address.isLoopback();
  const auto lastSeen = static_cast<std::uint64_t>(unixSeconds());
  PeersResponse response;
  std::set<NodeId> listed{peer.id, identity.id()};
  const auto add = [&](const NodeId& id, const crypto::Ed25519PublicKey& key, const NetEndpoint& linkEndpoint) {
    if (response.peers.size() >= max || linkEndpoint.port == 0 || !listed.insert(id).second) return;
    // Loopback addresses mean nothing to a node on another machine.
    if (linkEndpoint.address.isLoopback() && !toLoopback) return;
    response.peers.push_back(PeerAddress{key, mappedBytes(linkEndpoint.address), linkEndpoint.port, lastSeen});
  };
  for (const auto& [id, other] : peers_) {
    if (const auto endpoint = listenEndpoint(*other)) add(id, other->publicKey, *endpoint);
  }
  if (discovery_) {
    for (const NodeEntry& entry : discovery_->knownPeers()) {
      add(entry.id, entry.publicKey, NetEndpoint{entry.udp.address, entry.tcpPort});
    }
  }
  send(peer, response);
}

void P2pNetwork::Core::onPeersResponse(Peer& peer, const PeersResponse& response) {
  if (!peer.peersRequested) return;  // unasked: its addresses are not taken
  peer.peersRequested = false;
  const bool fromLoopback = peer.link->remote().address.isLoopback();
  for (const PeerAddress& entry : response.peers) {
    const NetEndpoint linkEndpoint{NetAddress::v6(entry.address), entry.port};
    if (linkEndpoint.address.isUnspecified() || linkEndpoint.address.isMulticast()) continue;
    if (linkEndpoint.address.isLoopback() && !fromLoopback) continue;
    addCandidate(nodeIdOf(entry.publicKey), entry.publicKey, linkEndpoint);
  }
  dialMore();
}

void P2pNetwork::Core::onTemplate(Peer& peer, const TemplateInfo& info) {
  peer.lastTemplate = info;
  if (callbacks.onTemplateUpdate) callbacks.onTemplateUpdate(peer.id, info);
}

void P2pNetwork::Core::setTemplate(const TemplateInfo& info) {
  if (template_ == info) return;
  template_ = info;
  if (!running_) return;
  for (const auto& [id, peer] : peers_) send(*peer, TemplateUpdate{info});
}

// ---- reputation and bans ----

PeerReputation& P2pNetwork::Core::reputationOf(const NodeId& id) {
  auto it = reputations_.find(id);
  if (it != reputations_.end()) return it->second;
  if (reputations_.size() >= options.maxReputations) {
    // Forget a peer we are not linked to, one in good standing first: a bad score must not be
    // washed out by filling the map.
    auto victim = reputations_.end();
    for (auto candidate = reputations_.begin(); candidate != reputations_.end(); ++candidate) {
      if (peers_.contains(candidate->first)) continue;
      if (victim == reputations_.end() || candidate->second.score() > victim->second.score()) victim = candidate;
    }
    if (victim != reputations_.end()) reputations_.erase(victim);
  }
  return reputations_.emplace(id, PeerReputation(options.reputation)).first->second;
}

PeerReputation& P2pNetwork::Core::reputationOf(const NetAddress& address) {
  const NetAddress host = hostOf(address);
  auto it = addressReputations_.find(host);
  if (it != addressReputations_.end()) return it->second;
  if (addressReputations_.size() >= options.maxReputations) {
    auto victim = std::max_element(addressReputations_.begin(), addressReputations_.end(),
                                   [](const auto& a, const auto& b) { return a.second.score() < b.second.score(); });
    addressReputations_.erase(victim);
  }
  return addressReputations_.emplace(host, PeerReputation(options.reputation)).first->second;
}

void P2pNetwork::Core::punish(Peer& peer, Misbehavior misbehavior, const std::string& detail) {
  punishNode(peer.id, peer.link->remote().address, misbehavior, detail);
}

void P2pNetwork::Core::punishNode(const NodeId& id, const NetAddress& address, Misbehavior misbehavior,
                                  const std::string& detail) {
  PeerReputation& reputation = reputationOf(id);
  const std::optional<std::chrono::seconds> length = reputation.misbehaved(misbehavior);
  if (length) {
    ban(id, address, std::string(misbehaviorName(misbehavior)) + ": " + detail, *length);
  } else {
    spdlog::info("p2p: peer {} ({}): {}; score now {}", shortNodeId(id), misbehaviorName(misbehavior), detail,
                 reputation.score());
  }
}

void P2pNetwork::Core::punishAddress(const NetAddress& address, Misbehavior misbehavior, const std::string& detail) {
  PeerReputation& reputation = reputationOf(address);
  const std::optional<std::chrono::seconds> length = reputation.misbehaved(misbehavior);
  if (length) {
    ban(std::nullopt, address, std::string(misbehaviorName(misbehavior)) + ": " + detail, *length);
  } else {
    spdlog::info("p2p: address {} ({}): {}; score now {}", address.toString(), misbehaviorName(misbehavior), detail,
                 reputation.score());
  }
}

void P2pNetwork::Core::ban(const std::optional<NodeId>& id, const std::optional<NetAddress>& address,
                           const std::string& reason, std::chrono::seconds length) {
  const std::int64_t now = unixSeconds();
  const std::string text = reason.size() > 900 ? reason.substr(0, 900) : reason;
  std::vector<PeerBan> records;
  if (id) records.push_back(bans_.banNode(*id, text, now, length.count()));
  const bool banAddress = address && (options.limits.banLoopback || !address->isLoopback());
  if (banAddress) records.push_back(bans_.banAddress(*address, text, now, length.count()));
  if (records.empty()) return;
  ++counters_.bansIssued;
  spdlog::warn("p2p: banned {}{} for {} s: {}", id ? "node " + shortNodeId(*id) : std::string(),
               banAddress ? (id ? " and " : "") + std::string("address ") + banSubject(*address) : std::string(),
               length.count(), text);
  if (id) candidates_.erase(*id);
  std::vector<std::shared_ptr<Link>> closing;
  const std::optional<NetAddress> host = banAddress ? std::optional(hostOf(*address)) : std::nullopt;
  for (const auto& [peerId, peer] : peers_) {
    if (peerId == id || (host && hostOf(peer->link->remote().address) == *host)) closing.push_back(peer->link);
  }
  for (const auto& [key, dial] : dialing_) {
    if ((id && dial.node == id) || (host && hostOf(dial.endpoint.address) == *host)) closing.push_back(dial.link);
  }
  for (const auto& link : closing) link->close("banned: " + text);
  if (callbacks.onBan) {
    for (const PeerBan& record : records) callbacks.onBan(record);
  }
}

bool P2pNetwork::Core::banByOwner(const NodeId& id, const std::string& reason, std::chrono::seconds length) {
  // Below a second the ban would be over before anyone saw it (bans count in whole seconds).
  if (id == identity.id() || length.count() < 1) return false;
  std::optional<NetAddress> address;
  if (const auto it = peers_.find(id); it != peers_.end()) address = it->second->link->remote().address;
  ban(id, address, reason, length);
  return true;
}

// ---- maintenance ----

void P2pNetwork::Core::scheduleTick() {
  tick_.expires_after(options.maintenanceInterval);
  std::weak_ptr<Core> weak = weak_from_this();
  tick_.async_wait([weak](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || !self->running_) return;
    self->tick();
    if (self->running_) self->scheduleTick();
  });
}

void P2pNetwork::Core::tick() {
  const auto now = Clock::now();
  bans_.expire(unixSeconds());

  // Requests that were never answered.
  for (const auto& [id, peer] : peers_) {
    for (auto it = peer->requests.begin(); it != peer->requests.end();) {
      if (now - it->second.sentAt < options.syncTimeout) {
        ++it;
        continue;
      }
      for (const Hash32& wanted : it->second.wanted) wantedInFlight_.erase(wanted);
      if (it->second.kind != Peer::RequestKind::Wanted && syncPeer_ == id) {
        spdlog::debug("p2p: peer {} did not answer our sync request", shortNodeId(id));
        syncPeer_.reset();
        peer->syncStalled = now;
        peer->anchorHistory.clear();
      }
      it = peer->requests.erase(it);
    }
    if (const auto latency = peer->link->latency()) {
      reputationOf(id).latency(std::chrono::duration_cast<std::chrono::microseconds>(*latency));
    }
  }
  std::erase_if(wantedInFlight_, [&](const auto& item) { return now - item.second >= options.syncTimeout; });

  // Our status: when the tip moved (at most every tipStatusInterval) and every statusInterval.
  const sharechain::ShareEntry* tip = chain.tip();
  const Hash32 tipId = tip ? tip->id : Hash32{};
  if ((tipId != announcedTip_ && now - lastTipStatus_ >= options.tipStatusInterval) ||
      now - lastStatusRound_ >= options.statusInterval) {
    if (now - lastStatusRound_ >= options.statusInterval) lastStatusRound_ = now;
    broadcastStatus();
  }

  // More addresses while we want more outbound links.
  if (outboundCount() < targetOutbound()) {
    for (const auto& [id, peer] : peers_) {
      if (now - peer->lastPeersRequest >= options.peersExchangeInterval) sendPeersRequest(*peer);
    }
  }
  considerSyncAll();
  std::erase_if(backoff_, [&](const auto& item) { return item.second.until + options.maxDialBackoff < now; });
  dialMore();
}

PeerInfo P2pNetwork::Core::infoOf(const Peer& peer) const {
  PeerInfo info;
  const Link& link = *peer.link;
  info.nodeId = toHex(peer.id);
  info.endpoint = link.remote().toString();
  if (const auto endpoint = listenEndpoint(peer)) info.listenPort = endpoint->port;
  info.direction = link.direction();
  if (const auto latency = link.latency()) info.latencyMs = std::chrono::duration<double, std::milli>(*latency).count();
  if (const auto it = reputations_.find(peer.id); it != reputations_.end()) {
    info.reputation = it->second.display();
    info.score = it->second.score();
  }
  if (peer.status) {
    info.software = peer.status->software;
    info.tipHeight = peer.status->tipHeight;
  }
  if (peer.lastTemplate) info.parentHeight = peer.lastTemplate->height;
  info.connectedSeconds = static_cast<std::uint64_t>(std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - link.connectedAt()).count()));
  info.sharesReceived = peer.sharesReceived;
  info.sharesRelayed = peer.sharesRelayed;
  info.sharesConfirmed = peer.sharesConfirmed;
  info.bytesIn = link.stats().bytesIn;
  info.bytesOut = link.stats().bytesOut;
  info.handshakeMs = std::chrono::duration<double, std::milli>(link.stats().handshakeTime).count();
  info.handshakeCpuMs = std::chrono::duration<double, std::milli>(link.stats().handshakeCpuTime).count();
  info.syncing = syncPeer_ == peer.id;
  return info;
}

std::vector<PeerInfo> P2pNetwork::Core::peers() const {
  std::vector<PeerInfo> out;
  out.reserve(peers_.size());
  for (const auto& [id, peer] : peers_) out.push_back(infoOf(*peer));
  return out;
}

P2pNetworkStats P2pNetwork::Core::stats() const {
  P2pNetworkStats out = counters_;
  out.peers = peers_.size();
  out.inbound = inboundCount();
  out.outbound = peers_.size() - out.inbound;
  out.dialing = dialing_.size();
  out.candidates = candidates_.size();
  out.bans = bans_.active(unixSeconds()).size();
  out.bytesIn = closedBytesIn_;
  out.bytesOut = closedBytesOut_;
  for (const auto& [id, peer] : peers_) {
    out.bytesIn += peer->link->stats().bytesIn;
    out.bytesOut += peer->link->stats().bytesOut;
  }
  if (listener_) out.listener = listener_->stats();
  if (discovery_) out.discovery = discovery_->stats();
  return out;
}

std::vector<KnownPeer> P2pNetwork::Core::knownPeers() const {
  std::vector<KnownPeer> out;
  std::set<NodeId> listed;
  std::map<NodeId, NetEndpoint> udp;
  if (discovery_) {
    for (const NodeEntry& entry : discovery_->knownPeers()) udp[entry.id] = entry.udp;
  }
  for (const auto& [id, peer] : peers_) {
    const auto endpoint = listenEndpoint(*peer);
    if (!endpoint) continue;
    KnownPeer known;
    known.publicKey = peer->publicKey;
    known.id = id;
    known.tcp = *endpoint;
    known.udp = udp.contains(id) ? udp[id] : *endpoint;
    if (const auto it = reputations_.find(id); it != reputations_.end()) known.reputation = it->second.display();
    out.push_back(known);
    listed.insert(id);
  }
  if (discovery_) {
    for (const NodeEntry& entry : discovery_->knownPeers()) {
      if (entry.tcpPort == 0 || listed.contains(entry.id)) continue;
      out.push_back(KnownPeer{entry.publicKey, entry.id, NetEndpoint{entry.udp.address, entry.tcpPort}, entry.udp, 0.5});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const KnownPeer& a, const KnownPeer& b) { return a.reputation > b.reputation; });
  return out;
}

// ---- the public face ----

P2pNetwork::P2pNetwork(asio::io_context& io, NodeIdentity identity, const sharechain::ShareChain& chain,
                       P2pNetworkOptions options, P2pNetworkCallbacks callbacks)
    : core_(std::make_shared<Core>(io, std::move(identity), chain, std::move(options), std::move(callbacks))) {}

P2pNetwork::~P2pNetwork() { core_->stop(); }

void P2pNetwork::start() { core_->start(); }
void P2pNetwork::stop() { core_->stop(); }
void P2pNetwork::announce(const sharechain::Share& share) { core_->announce(share); }
void P2pNetwork::setTemplate(const TemplateInfo& info) { core_->setTemplate(info); }
void P2pNetwork::connect(const NetEndpoint& endpoint, std::optional<crypto::Ed25519PublicKey> key) {
  core_->connect(endpoint, std::move(key));
}
void P2pNetwork::setPeerFilter(std::function<bool(const NodeId&)> allow) { core_->setPeerFilter(std::move(allow)); }
bool P2pNetwork::ban(const NodeId& id, const std::string& reason, std::chrono::seconds length) {
  return core_->banByOwner(id, reason, length);
}
bool P2pNetwork::unban(const std::string& subject) { return core_->unban(subject); }
const NodeId& P2pNetwork::id() const { return core_->identity.id(); }
const crypto::Ed25519PublicKey& P2pNetwork::publicKey() const { return core_->identity.publicKey(); }
std::uint16_t P2pNetwork::port() const { return core_->port(); }
std::uint16_t P2pNetwork::discoveryPort() const { return core_->discoveryPort(); }
std::vector<PeerInfo> P2pNetwork::peers() const { return core_->peers(); }
P2pNetworkStats P2pNetwork::stats() const { return core_->stats(); }
std::size_t P2pNetwork::confirmations(const Hash32& shareId) const { return core_->confirmations(shareId); }
std::vector<PeerBan> P2pNetwork::bans() const { return core_->bans(); }
bool P2pNetwork::banned(const NodeId& id) const { return core_->banned(id); }
bool P2pNetwork::banned(const NetAddress& address) const { return core_->banned(address); }
std::optional<int> P2pNetwork::score(const NodeId& id) const { return core_->score(id); }
std::optional<int> P2pNetwork::score(const NetAddress& address) const { return core_->score(address); }
std::vector<KnownPeer> P2pNetwork::knownPeers() const { return core_->knownPeers(); }

}  // namespace otedama::p2p
