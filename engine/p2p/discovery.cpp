// Discovery: the UDP socket and its receive loop, the table of our pending requests with their
// timeouts, iterative lookups, bootstrap name resolution, refresh and liveness, and the rules that
// keep us from being a reflector (reply budgets for unverified addresses, per-source rate limits).
#include "p2p/discovery.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "crypto/random.hpp"
#include "p2p/discovery_packet.hpp"
#include "p2p/host_port.hpp"
#include "util/unix_time.hpp"

namespace otedama::p2p {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;
using PublicKey = crypto::Ed25519PublicKey;

namespace {

constexpr std::size_t kAlpha = 3;
constexpr std::size_t kMaxLookupCandidates = 64;
constexpr std::size_t kLivenessPingsPerRound = 8;
constexpr std::size_t kMaxAddressesPerName = 4;

NodeId randomNodeId() {
  NodeId id{};
  crypto::randomBytes(id);
  return id;
}

NetEndpoint fromAsio(const udp::endpoint& endpoint) {
  NetEndpoint out;
  const asio::ip::address address = endpoint.address();
  out.address = address.is_v4() ? NetAddress::v4(address.to_v4().to_bytes()) : NetAddress::v6(address.to_v6().to_bytes());
  out.port = endpoint.port();
  return out;
}

udp::endpoint toAsio(const NetEndpoint& endpoint, bool v6Socket) {
  if (endpoint.address.isV4()) {
    const asio::ip::address_v4 v4({endpoint.address.bytes[0], endpoint.address.bytes[1], endpoint.address.bytes[2],
                                   endpoint.address.bytes[3]});
    if (v6Socket) return {asio::ip::make_address_v6(asio::ip::v4_mapped, v4), endpoint.port};
    return {v4, endpoint.port};
  }
  return {asio::ip::address_v6(endpoint.address.bytes), endpoint.port};
}

}  // namespace

class Discovery::Core : public std::enable_shared_from_this<Core> {
 public:
  Core(asio::io_context& ioContext, const NodeIdentity& nodeIdentity, DiscoveryOptions discoveryOptions,
       DiscoveryEvents discoveryEvents)
      : io(ioContext),
        identity(nodeIdentity),
        options(std::move(discoveryOptions)),
        events(std::move(discoveryEvents)),
        table(nodeIdentity.id(), options.tableLimits),
        socket_(ioContext),
        resolver_(ioContext),
        tick_(ioContext),
        refresh_(ioContext) {
    if (options.requestTimeout.count() <= 0) throw std::invalid_argument("discovery: the request timeout must be positive");
    if (options.refreshInterval.count() <= 0) throw std::invalid_argument("discovery: the refresh interval must be positive");
    if (options.packetsPerSecond <= 0 || options.packetBurst < 1) {
      throw std::invalid_argument("discovery: the packet rate limit must allow at least one packet");
    }
  }

  void start();
  void stop();
  void seed(const std::vector<SeedPeer>& peers);
  void startLookup(const NodeId& target, std::function<void(std::vector<NodeEntry>)> done);
  void refresh();
  DiscoveryStats stats() const;
  std::uint16_t boundPort() const { return boundPort_; }

  asio::io_context& io;
  NodeIdentity identity;
  DiscoveryOptions options;
  DiscoveryEvents events;
  RoutingTable table;

 private:
  enum class Purpose {
    Contact,    // a first contact or a check of our own choosing (padded PING)
    PingBack,   // checking an address that contacted us (unpadded PING, inside its reply budget)
    Liveness,   // a table peer not heard from for a while
    Challenge,  // the least recently seen peer of a full bucket, with a newcomer waiting
    Query,      // FIND_NODE of a lookup
  };

  struct Pending {
    PacketType type = PacketType::Ping;
    Purpose purpose = Purpose::Contact;
    NetEndpoint to;
    std::optional<PublicKey> expectedKey;
    Clock::time_point deadline{};
    NodeId node{};                        // Liveness, Challenge: the table peer; Query: the asked node
    std::optional<NodeEntry> challenger;  // Challenge
    std::uint64_t lookupId = 0;           // Query
    Bytes packet;                         // Query: sent again once if the node pings us first
    bool resent = false;
  };

  // What may still be sent to the source of one incoming packet: nothing bigger in total than
  // the packet itself, unless the source's address is verified.
  struct Reaction {
    NetEndpoint to;
    std::size_t budget = 0;
    bool verified = false;
  };

  struct Verified {
    NodeId id{};
    Clock::time_point at{};
  };

  struct TokenBucket {
    double tokens = 0;
    Clock::time_point last{};
  };

  struct Candidate {
    enum class State { Fresh, Asked, Answered, Failed };
    NodeId id{};
    NodeRecord record;
    State state = State::Fresh;
  };

  struct Lookup {
    NodeId target{};
    std::vector<Candidate> candidates;  // nearest first
    std::size_t inFlight = 0;
    std::function<void(std::vector<NodeEntry>)> done;
  };

  // I/O
  void receive();
  void scheduleTick();
  void scheduleRefresh();
  bool reachable(const NetEndpoint& endpoint) const;
  bool sendRaw(const NetEndpoint& to, const Bytes& bytes);
  bool sendReaction(Reaction& reaction, const Bytes& bytes);
  Packet makePacket(std::uint64_t requestId) const;
  Bytes encode(const Packet& packet) const { return encodePacket(packet, options.consensusId, identity); }
  std::uint64_t newRequestId() const;

  // incoming
  void onDatagram(ByteSpan data, const NetEndpoint& from);
  void handlePing(const Packet& packet, const NodeId& sender, Reaction& reaction);
  void handlePong(const Packet& packet, const NodeId& sender, const NetEndpoint& from);
  void handleFindNode(const Packet& packet, const NodeId& sender, Reaction& reaction);
  void handleNodes(const Packet& packet, const NodeId& sender, const NetEndpoint& from);

  // requests
  Pending* sendPing(const NetEndpoint& to, const std::optional<PublicKey>& key, Purpose purpose, Reaction* reaction);
  bool sendFindNode(Candidate& candidate, std::uint64_t lookupId, const NodeId& target);
  bool pendingPingTo(const NetEndpoint& to) const;
  void sweepTimeouts();
  void onTimeout(Pending& pending);

  // table
  void insertIntoTable(const NodeEntry& contact);
  void challenge(const NodeEntry& leastRecentlySeen, const NodeEntry& challenger);
  void announce(const NodeEntry& entry);
  void touchIfAt(const NodeId& id, const NetEndpoint& from);

  // lookups
  void addCandidate(Lookup& lookup, const NodeRecord& record);
  void step(std::uint64_t lookupId);
  bool usableRecord(const NodeRecord& record, const NetEndpoint& from) const;

  // bootstrap
  void contactBootstrap();
  void resolve(const HostPort& entry);

  // state
  const Verified* verifiedAt(const NetEndpoint& endpoint, Clock::time_point now) const;
  void markVerified(const NetEndpoint& endpoint, const NodeId& id, Clock::time_point now);
  bool admit(const NetAddress& address, Clock::time_point now);
  void prune(Clock::time_point now);

  udp::socket socket_;
  udp::resolver resolver_;
  asio::steady_timer tick_;
  asio::steady_timer refresh_;
  bool running_ = false;
  bool v6Socket_ = false;
  std::uint16_t boundPort_ = 0;
  std::array<std::uint8_t, kMaxDiscoveryPacket + 1> receiveBuffer_{};  // one more: oversized is detectable
  udp::endpoint receiveFrom_;

  std::unordered_map<std::uint64_t, Pending> pending_;
  std::map<NetEndpoint, Verified> verified_;
  std::map<std::array<std::uint8_t, 9>, TokenBucket> rate_;
  TokenBucket overflowBucket_;
  std::map<std::uint64_t, Lookup> lookups_;
  std::uint64_t nextLookupId_ = 1;
  std::set<std::size_t> challengedBuckets_;
  std::vector<SeedPeer> seeds_;
  std::vector<HostPort> bootstrap_;
  std::set<std::string> resolveWarned_;
  DiscoveryStats counters_;
};

// ---- lifecycle ----

void Discovery::Core::start() {
  if (running_) return;
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.bindAddress, ec);
  if (ec) throw std::runtime_error("discovery: bad bind address '" + options.bindAddress + "'");
  const udp::endpoint endpoint(address, options.port);
  socket_.open(endpoint.protocol(), ec);
  if (!ec && address.is_v6()) socket_.set_option(asio::ip::v6_only(false), ec);
  if (!ec) socket_.bind(endpoint, ec);
  // Sends never wait: a full socket buffer drops the datagram, as the network may anyway.
  if (!ec) socket_.non_blocking(true, ec);
  if (!ec) boundPort_ = socket_.local_endpoint(ec).port();
  if (ec) {
    boost::system::error_code ignored;
    socket_.close(ignored);
    throw std::runtime_error("cannot open the discovery UDP port " + options.bindAddress + ":" + std::to_string(options.port) +
                             ": " + ec.message() +
                             (ec == asio::error::address_in_use ? " (another program uses it; change the port)" : ""));
  }
  v6Socket_ = address.is_v6();
  running_ = true;

  bootstrap_.clear();
  for (const std::string& text : options.bootstrapNodes) {
    std::string reason;
    if (auto entry = parseHostPort(text, reason)) {
      bootstrap_.push_back(std::move(*entry));
    } else {
      ++counters_.badBootstrapEntries;
      spdlog::warn("discovery: bootstrap node '{}' skipped: {}", text, reason);
    }
  }
  spdlog::info("discovery: listening on UDP {}:{} as node {}", options.bindAddress, boundPort_, shortNodeId(table.self()));
  receive();
  scheduleTick();
  scheduleRefresh();
  contactBootstrap();
}

void Discovery::Core::stop() {
  if (!running_) return;
  running_ = false;
  boost::system::error_code ignored;
  socket_.close(ignored);
  resolver_.cancel();
  tick_.cancel();
  refresh_.cancel();
  pending_.clear();
  lookups_.clear();
  challengedBuckets_.clear();
}

void Discovery::Core::seed(const std::vector<SeedPeer>& peers) {
  for (const SeedPeer& peer : peers) {
    seeds_.push_back(peer);
    if (running_ && !pendingPingTo(peer.udp)) sendPing(peer.udp, peer.publicKey, Purpose::Contact, nullptr);
  }
}

DiscoveryStats Discovery::Core::stats() const {
  DiscoveryStats out = counters_;
  out.pendingRequests = pending_.size();
  out.verifiedAddresses = verified_.size();
  out.activeLookups = lookups_.size();
  return out;
}

// ---- I/O ----

void Discovery::Core::receive() {
  socket_.async_receive_from(asio::buffer(receiveBuffer_), receiveFrom_,
                             [self = shared_from_this()](const boost::system::error_code& ec, std::size_t size) {
                               if (!self->running_ || ec == asio::error::operation_aborted) return;
                               if (!ec) {
                                 self->onDatagram(ByteSpan(self->receiveBuffer_.data(), size), fromAsio(self->receiveFrom_));
                               } else {
                                 spdlog::debug("discovery: receive failed: {}", ec.message());
                               }
                               if (self->running_) self->receive();
                             });
}

void Discovery::Core::scheduleTick() {
  const auto period = std::clamp<std::chrono::milliseconds>(options.requestTimeout / 4, std::chrono::milliseconds(5),
                                                            std::chrono::milliseconds(250));
  tick_.expires_after(period);
  tick_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || !self->running_) return;
    self->sweepTimeouts();
    if (self->running_) self->scheduleTick();
  });
}

void Discovery::Core::scheduleRefresh() {
  refresh_.expires_after(options.refreshInterval);
  refresh_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || !self->running_) return;
    self->refresh();
    if (self->running_) self->scheduleRefresh();
  });
}

bool Discovery::Core::reachable(const NetEndpoint& endpoint) const {
  if (endpoint.port == 0 || endpoint.address.isUnspecified() || endpoint.address.isMulticast()) return false;
  return v6Socket_ || endpoint.address.isV4();
}

bool Discovery::Core::sendRaw(const NetEndpoint& to, const Bytes& bytes) {
  if (!running_ || !reachable(to)) return false;
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(bytes), toAsio(to, v6Socket_), 0, ec);
  if (ec) {
    spdlog::debug("discovery: sending to {} failed: {}", to.toString(), ec.message());
    return false;
  }
  ++counters_.packetsSent;
  counters_.bytesSent += bytes.size();
  return true;
}

bool Discovery::Core::sendReaction(Reaction& reaction, const Bytes& bytes) {
  if (!reaction.verified) {
    if (bytes.size() > reaction.budget) {
      ++counters_.amplificationRefused;
      return false;
    }
    reaction.budget -= bytes.size();
  }
  return sendRaw(reaction.to, bytes);
}

Packet Discovery::Core::makePacket(std::uint64_t requestId) const {
  Packet packet;
  packet.sender = identity.publicKey();
  packet.expiry = static_cast<std::uint64_t>(unixSeconds()) + static_cast<std::uint64_t>(std::max<std::int64_t>(1, options.packetLifetime.count()));
  packet.requestId = requestId;
  return packet;
}

std::uint64_t Discovery::Core::newRequestId() const {
  std::uint64_t id = crypto::randomU64();
  while (pending_.count(id) != 0) id = crypto::randomU64();
  return id;
}

// ---- incoming packets ----

void Discovery::Core::onDatagram(ByteSpan data, const NetEndpoint& from) {
  ++counters_.packetsReceived;
  counters_.bytesReceived += data.size();
  const Clock::time_point now = Clock::now();
  if (!admit(from.address, now)) {
    ++counters_.rateLimited;
    return;
  }
  DecodedPacket decoded;
  try {
    decoded = decodePacket(data, options.consensusId, static_cast<std::uint64_t>(unixSeconds()), static_cast<std::uint64_t>(options.maxClockAhead.count()));
  } catch (const DecodeError& error) {
    ++counters_.malformed;
    spdlog::trace("discovery: malformed packet from {}: {}", from.toString(), error.what());
    return;
  }
  switch (decoded.status) {
    case PacketStatus::Ok: break;
    case PacketStatus::WrongNetwork: ++counters_.wrongNetwork; return;
    case PacketStatus::Expired:
    case PacketStatus::TooFarAhead: ++counters_.expired; return;
    case PacketStatus::BadSignature: ++counters_.badSignature; return;
  }
  const Packet& packet = decoded.packet;
  const NodeId sender = nodeIdOf(packet.sender);
  if (sender == table.self()) return;  // our own packet reflected back, or a copy of our key
  Reaction reaction{from, data.size(), verifiedAt(from, now) != nullptr};
  switch (packet.type()) {
    case PacketType::Ping: handlePing(packet, sender, reaction); break;
    case PacketType::Pong: handlePong(packet, sender, from); break;
    case PacketType::FindNode: handleFindNode(packet, sender, reaction); break;
    case PacketType::Nodes: handleNodes(packet, sender, from); break;
  }
}

void Discovery::Core::handlePing(const Packet& packet, const NodeId& sender, Reaction& reaction) {
  const auto& ping = std::get<PingBody>(packet.body);
  const NetEndpoint from = reaction.to;
  Packet pong = makePacket(packet.requestId);
  pong.body = PongBody{options.tcpPort, from};
  sendReaction(reaction, encode(pong));

  const Verified* verified = verifiedAt(from, Clock::now());
  if (verified && verified->id == sender) {
    // This key answered our PING at this address before: it may (re-)enter the table.
    insertIntoTable(NodeEntry{sender, packet.sender, from, ping.tcpPort, {}, 0});
  } else if (!pendingPingTo(from)) {
    // Checked inside the budget: an unpadded PING only pays for our PONG, a first contact
    // (padded) for the PONG and this PING too.
    sendPing(from, packet.sender, Purpose::PingBack, &reaction);
  }
  // A node pings us to check our address before it answers our FIND_NODE (the one we sent was
  // dropped): send it once more now, right behind our PONG.
  const Clock::time_point now = Clock::now();
  for (auto& [id, pending] : pending_) {
    if (pending.type != PacketType::FindNode || pending.to != from || pending.resent) continue;
    pending.resent = true;
    pending.deadline = now + options.requestTimeout;
    sendRaw(from, pending.packet);
  }
}

void Discovery::Core::handlePong(const Packet& packet, const NodeId& sender, const NetEndpoint& from) {
  const auto it = pending_.find(packet.requestId);
  if (it == pending_.end() || it->second.type != PacketType::Ping || it->second.to != from ||
      (it->second.expectedKey && *it->second.expectedKey != packet.sender)) {
    ++counters_.unsolicited;
    return;
  }
  Pending answered = std::move(it->second);
  pending_.erase(it);
  const auto& pong = std::get<PongBody>(packet.body);
  markVerified(from, sender, Clock::now());
  spdlog::trace("discovery: {} at {} sees us at {}", shortNodeId(sender), from.toString(), pong.seen.toString());
  if (answered.purpose == Purpose::Challenge) challengedBuckets_.erase(table.bucketIndex(answered.node));
  // A challenged peer that answers stays (and moves to the tail); its challenger is forgotten.
  insertIntoTable(NodeEntry{sender, packet.sender, from, pong.tcpPort, {}, 0});
}

void Discovery::Core::handleFindNode(const Packet& packet, const NodeId& sender, Reaction& reaction) {
  if (!reaction.verified) {
    // No NODES for an address that has not answered our PING: it could be a forged source. A
    // PING (smaller than the FIND_NODE) asks it to prove itself; it sends the request again then.
    if (!pendingPingTo(reaction.to)) sendPing(reaction.to, packet.sender, Purpose::PingBack, &reaction);
    return;
  }
  touchIfAt(sender, reaction.to);
  const NodeId& target = std::get<FindNodeBody>(packet.body).target;
  NodesBody nodes;
  for (const NodeEntry& entry : table.closest(target, kBucketSize + 1)) {
    if (entry.id == sender) continue;
    // Our loopback peers mean nothing to another machine.
    if (entry.udp.address.isLoopback() && !reaction.to.address.isLoopback()) continue;
    nodes.nodes.push_back(NodeRecord{entry.publicKey, entry.udp, entry.tcpPort});
    if (nodes.nodes.size() == kMaxNodesPerPacket) break;
  }
  Packet reply = makePacket(packet.requestId);
  reply.body = std::move(nodes);
  sendReaction(reaction, encode(reply));
}

void Discovery::Core::handleNodes(const Packet& packet, const NodeId& sender, const NetEndpoint& from) {
  const auto it = pending_.find(packet.requestId);
  if (it == pending_.end() || it->second.type != PacketType::FindNode || it->second.to != from ||
      (it->second.expectedKey && *it->second.expectedKey != packet.sender)) {
    ++counters_.unsolicited;
    return;
  }
  const Pending answered = std::move(it->second);
  pending_.erase(it);
  touchIfAt(sender, from);
  // It answered our random request id at that address, so a PING there reflects on no one; its
  // PONG lets it into our table (it may have learned of us without us learning its link port).
  if (!table.contains(sender) && !pendingPingTo(from)) {
    const Verified* verified = verifiedAt(from, Clock::now());
    if (!verified || verified->id != sender) sendPing(from, packet.sender, Purpose::Contact, nullptr);
  }
  const auto lookup = lookups_.find(answered.lookupId);
  if (lookup == lookups_.end()) return;
  for (Candidate& candidate : lookup->second.candidates) {
    if (candidate.id == answered.node && candidate.state == Candidate::State::Asked) {
      candidate.state = Candidate::State::Answered;
      --lookup->second.inFlight;
      break;
    }
  }
  for (const NodeRecord& record : std::get<NodesBody>(packet.body).nodes) {
    if (usableRecord(record, from)) addCandidate(lookup->second, record);
  }
  step(answered.lookupId);
}

// ---- requests ----

Discovery::Core::Pending* Discovery::Core::sendPing(const NetEndpoint& to, const std::optional<PublicKey>& key,
                                                    Purpose purpose, Reaction* reaction) {
  if (!reachable(to) || pending_.size() >= options.maxPendingRequests) return nullptr;
  Packet packet = makePacket(newRequestId());
  PingBody ping{options.tcpPort, to, 0};
  if (!reaction) {
    // Our own first contact pays for what it asks of the receiver: its PONG (this size) and,
    // within the same budget, its PING back to check our address.
    Packet pong = makePacket(0);
    pong.body = PongBody{0, to};
    ping.padding = static_cast<std::uint16_t>(encodedSize(pong));
  }
  packet.body = ping;
  const Bytes bytes = encode(packet);
  if (!(reaction ? sendReaction(*reaction, bytes) : sendRaw(to, bytes))) return nullptr;
  Pending& pending = pending_[packet.requestId];
  pending.type = PacketType::Ping;
  pending.purpose = purpose;
  pending.to = to;
  pending.expectedKey = key;
  pending.deadline = Clock::now() + options.requestTimeout;
  return &pending;
}

bool Discovery::Core::sendFindNode(Candidate& candidate, std::uint64_t lookupId, const NodeId& target) {
  if (!reachable(candidate.record.udp) || pending_.size() >= options.maxPendingRequests) return false;
  Packet packet = makePacket(newRequestId());
  packet.body = FindNodeBody{target};
  Bytes bytes = encode(packet);
  if (!sendRaw(candidate.record.udp, bytes)) return false;
  Pending& pending = pending_[packet.requestId];
  pending.type = PacketType::FindNode;
  pending.purpose = Purpose::Query;
  pending.to = candidate.record.udp;
  pending.expectedKey = candidate.record.publicKey;
  pending.deadline = Clock::now() + options.requestTimeout;
  pending.node = candidate.id;
  pending.lookupId = lookupId;
  pending.packet = std::move(bytes);
  return true;
}

bool Discovery::Core::pendingPingTo(const NetEndpoint& to) const {
  return std::any_of(pending_.begin(), pending_.end(),
                     [&](const auto& item) { return item.second.type == PacketType::Ping && item.second.to == to; });
}

void Discovery::Core::sweepTimeouts() {
  const Clock::time_point now = Clock::now();
  std::vector<Pending> expired;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline <= now) {
      expired.push_back(std::move(it->second));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  for (Pending& pending : expired) {
    if (!running_) return;
    onTimeout(pending);
  }
}

void Discovery::Core::onTimeout(Pending& pending) {
  ++counters_.timeouts;
  switch (pending.purpose) {
    case Purpose::Contact:
    case Purpose::PingBack:
      break;
    case Purpose::Liveness:
      if (table.recordFailure(pending.node, options.maxFailedPings)) {
        spdlog::debug("discovery: {} at {} stopped answering; removed", shortNodeId(pending.node), pending.to.toString());
      }
      break;
    case Purpose::Challenge:
      challengedBuckets_.erase(table.bucketIndex(pending.node));
      table.remove(pending.node);
      if (pending.challenger) insertIntoTable(*pending.challenger);
      break;
    case Purpose::Query: {
      table.recordFailure(pending.node, options.maxFailedPings);
      const auto lookup = lookups_.find(pending.lookupId);
      if (lookup == lookups_.end()) break;
      for (Candidate& candidate : lookup->second.candidates) {
        if (candidate.id == pending.node && candidate.state == Candidate::State::Asked) {
          candidate.state = Candidate::State::Failed;
          --lookup->second.inFlight;
          break;
        }
      }
      step(pending.lookupId);
      break;
    }
  }
}

// ---- the table ----

void Discovery::Core::insertIntoTable(const NodeEntry& contact) {
  const bool wasEmpty = table.empty();
  std::optional<NodeEntry> before;
  if (const NodeEntry* known = table.find(contact.id)) before = *known;
  const InsertOutcome outcome = table.insert(contact, Clock::now());
  switch (outcome.result) {
    case InsertResult::Added:
      spdlog::debug("discovery: found {} at {} (links on port {})", shortNodeId(contact.id), contact.udp.toString(), contact.tcpPort);
      announce(contact);
      // The first peer: look ourselves up through it to fill the table.
      if (wasEmpty && running_) startLookup(table.self(), {});
      break;
    case InsertResult::Updated:
      if (before && (before->udp != contact.udp || before->tcpPort != contact.tcpPort)) announce(contact);
      break;
    case InsertResult::BucketFull:
      challenge(*outcome.leastRecentlySeen, contact);
      break;
    case InsertResult::IpLimit:
    case InsertResult::SubnetLimit:
      spdlog::debug("discovery: {} at {} not added: too many peers from its {}", shortNodeId(contact.id), contact.udp.toString(),
                    outcome.result == InsertResult::IpLimit ? "address" : "subnet");
      break;
    case InsertResult::Self:
    case InsertResult::BadKey:
      break;
  }
}

void Discovery::Core::challenge(const NodeEntry& leastRecentlySeen, const NodeEntry& challenger) {
  const std::size_t bucket = table.bucketIndex(leastRecentlySeen.id);
  // One challenge per bucket at a time: a crowd of newcomers cannot ping a bucket empty. A peer
  // already being pinged (liveness) decides for itself; the newcomer can come back.
  if (pendingPingTo(leastRecentlySeen.udp) || !challengedBuckets_.insert(bucket).second) return;
  Pending* pending = sendPing(leastRecentlySeen.udp, leastRecentlySeen.publicKey, Purpose::Challenge, nullptr);
  if (!pending) {
    challengedBuckets_.erase(bucket);
    return;
  }
  pending->node = leastRecentlySeen.id;
  pending->challenger = challenger;
}

void Discovery::Core::announce(const NodeEntry& entry) {
  if (entry.tcpPort == 0 || !events.onPeerFound) return;
  events.onPeerFound(entry.id, entry.publicKey, NetEndpoint{entry.udp.address, entry.tcpPort});
}

void Discovery::Core::touchIfAt(const NodeId& id, const NetEndpoint& from) {
  const NodeEntry* entry = table.find(id);
  if (entry && entry->udp == from) table.touch(id, Clock::now());
}

// ---- lookups ----

void Discovery::Core::startLookup(const NodeId& target, std::function<void(std::vector<NodeEntry>)> done) {
  if (!running_ || lookups_.size() >= options.maxConcurrentLookups) {
    // Too busy: the table's own answer is the best we have.
    if (done) asio::post(io, [done = std::move(done), peers = table.closest(target, kBucketSize)]() mutable { done(std::move(peers)); });
    return;
  }
  Lookup lookup;
  lookup.target = target;
  lookup.done = std::move(done);
  for (const NodeEntry& entry : table.closest(target, kBucketSize)) {
    addCandidate(lookup, NodeRecord{entry.publicKey, entry.udp, entry.tcpPort});
  }
  const std::uint64_t id = nextLookupId_++;
  lookups_.emplace(id, std::move(lookup));
  asio::post(io, [self = shared_from_this(), id] { self->step(id); });
}

void Discovery::Core::addCandidate(Lookup& lookup, const NodeRecord& record) {
  const NodeId id = nodeIdOf(record.publicKey);
  if (id == table.self()) return;
  auto& candidates = lookup.candidates;
  if (std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.id == id; })) return;
  const NodeId distance = xorDistance(id, lookup.target);
  const auto position = std::find_if(candidates.begin(), candidates.end(),
                                     [&](const Candidate& c) { return distance < xorDistance(c.id, lookup.target); });
  if (candidates.size() >= kMaxLookupCandidates && position == candidates.end()) return;
  candidates.insert(position, Candidate{id, record, Candidate::State::Fresh});
  if (candidates.size() > kMaxLookupCandidates) {
    // Drop the farthest one not waiting for an answer (at most alpha are).
    for (auto it = candidates.end(); it != candidates.begin();) {
      --it;
      if (it->state != Candidate::State::Asked) {
        candidates.erase(it);
        break;
      }
    }
  }
}

void Discovery::Core::step(std::uint64_t lookupId) {
  const auto it = lookups_.find(lookupId);
  if (it == lookups_.end()) return;
  Lookup& lookup = it->second;
  while (lookup.inFlight < kAlpha && running_) {
    // The next node to ask: the nearest not yet asked among the k nearest still in the race.
    Candidate* next = nullptr;
    std::size_t considered = 0;
    for (Candidate& candidate : lookup.candidates) {
      if (candidate.state == Candidate::State::Failed) continue;
      if (considered++ >= kBucketSize) break;
      if (candidate.state == Candidate::State::Fresh) {
        next = &candidate;
        break;
      }
    }
    if (!next) break;
    if (sendFindNode(*next, lookupId, lookup.target)) {
      next->state = Candidate::State::Asked;
      ++lookup.inFlight;
    } else {
      next->state = Candidate::State::Failed;
    }
  }
  if (lookup.inFlight != 0) return;
  std::vector<NodeEntry> found;
  const Clock::time_point now = Clock::now();
  for (const Candidate& candidate : lookup.candidates) {
    if (candidate.state != Candidate::State::Answered) continue;
    found.push_back(NodeEntry{candidate.id, candidate.record.publicKey, candidate.record.udp, candidate.record.tcpPort, now, 0});
    if (found.size() == kBucketSize) break;
  }
  auto done = std::move(lookup.done);
  lookups_.erase(it);
  if (done) done(std::move(found));
}

bool Discovery::Core::usableRecord(const NodeRecord& record, const NetEndpoint& from) const {
  if (!reachable(record.udp)) return false;
  // A remote node cannot know a loopback address of ours: such entries only aim us at ourselves.
  return !(record.udp.address.isLoopback() && !from.address.isLoopback());
}

// ---- bootstrap and refresh ----

void Discovery::Core::contactBootstrap() {
  for (const SeedPeer& seedPeer : seeds_) {
    if (!pendingPingTo(seedPeer.udp)) sendPing(seedPeer.udp, seedPeer.publicKey, Purpose::Contact, nullptr);
  }
  for (const HostPort& entry : bootstrap_) resolve(entry);
}

void Discovery::Core::resolve(const HostPort& entry) {
  resolver_.async_resolve(
      entry.host, std::to_string(entry.port), udp::resolver::numeric_service,
      [self = shared_from_this(), entry](const boost::system::error_code& ec, const udp::resolver::results_type& results) {
        if (!self->running_ || ec == asio::error::operation_aborted) return;
        std::size_t contacted = 0;
        if (!ec) {
          for (const auto& result : results) {
            const NetEndpoint endpoint = fromAsio(result.endpoint());
            if (!self->reachable(endpoint)) continue;
            if (!self->pendingPingTo(endpoint)) self->sendPing(endpoint, std::nullopt, Purpose::Contact, nullptr);
            if (++contacted == kMaxAddressesPerName) break;
          }
        }
        if (contacted != 0) return;
        const std::string reason = ec ? ec.message() : "no address usable from " + self->options.bindAddress;
        if (self->resolveWarned_.insert(entry.text).second) {
          ++self->counters_.badBootstrapEntries;
          spdlog::warn("discovery: bootstrap node '{}' skipped: {}", entry.text, reason);
        } else {
          spdlog::debug("discovery: bootstrap node '{}' skipped: {}", entry.text, reason);
        }
      });
}

void Discovery::Core::refresh() {
  if (!running_) return;
  const Clock::time_point now = Clock::now();
  prune(now);
  if (table.empty()) {
    contactBootstrap();
    return;
  }
  if (lookups_.size() + 2 <= options.maxConcurrentLookups) {
    startLookup(table.self(), {});
    startLookup(randomNodeId(), {});
  }
  for (const NodeEntry& entry : table.staleEntries(now - options.livenessInterval, kLivenessPingsPerRound)) {
    if (pendingPingTo(entry.udp)) continue;
    if (Pending* pending = sendPing(entry.udp, entry.publicKey, Purpose::Liveness, nullptr)) pending->node = entry.id;
  }
}

// ---- verified addresses and rate limits ----

const Discovery::Core::Verified* Discovery::Core::verifiedAt(const NetEndpoint& endpoint, Clock::time_point now) const {
  const auto it = verified_.find(endpoint);
  if (it == verified_.end() || now - it->second.at > options.verifiedLifetime) return nullptr;
  return &it->second;
}

void Discovery::Core::markVerified(const NetEndpoint& endpoint, const NodeId& id, Clock::time_point now) {
  verified_[endpoint] = Verified{id, now};
  if (verified_.size() <= options.maxVerifiedAddresses) return;
  prune(now);
  while (verified_.size() > options.maxVerifiedAddresses) {
    const auto oldest = std::min_element(verified_.begin(), verified_.end(),
                                         [](const auto& a, const auto& b) { return a.second.at < b.second.at; });
    verified_.erase(oldest);
  }
}

bool Discovery::Core::admit(const NetAddress& address, Clock::time_point now) {
  // One bucket per IPv4 address or IPv6 /64 (a host's usual allotment).
  std::array<std::uint8_t, 9> key{};
  key[0] = static_cast<std::uint8_t>(address.family);
  std::copy_n(address.bytes.begin(), address.isV4() ? 4 : 8, key.begin() + 1);
  auto it = rate_.find(key);
  if (it == rate_.end()) {
    if (rate_.size() >= options.maxRateSources) prune(now);
    if (rate_.size() < options.maxRateSources) {
      it = rate_.emplace(key, TokenBucket{options.packetBurst, now}).first;
    }
  }
  TokenBucket& bucket = it != rate_.end() ? it->second : overflowBucket_;
  const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
  bucket.tokens = std::min(options.packetBurst, bucket.tokens + std::max(0.0, elapsed) * options.packetsPerSecond);
  bucket.last = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

void Discovery::Core::prune(Clock::time_point now) {
  for (auto it = verified_.begin(); it != verified_.end();) {
    it = now - it->second.at > options.verifiedLifetime ? verified_.erase(it) : std::next(it);
  }
  // A bucket that has refilled is the same as no bucket.
  for (auto it = rate_.begin(); it != rate_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
    it = it->second.tokens + elapsed * options.packetsPerSecond >= options.packetBurst ? rate_.erase(it) : std::next(it);
  }
}

// ---- the public face ----

Discovery::Discovery(asio::io_context& io, const NodeIdentity& identity, DiscoveryOptions options, DiscoveryEvents events)
    : core_(std::make_shared<Core>(io, identity, std::move(options), std::move(events))) {}

Discovery::~Discovery() { core_->stop(); }

void Discovery::start() { core_->start(); }
void Discovery::stop() { core_->stop(); }
void Discovery::seed(const std::vector<SeedPeer>& peers) { core_->seed(peers); }
void Discovery::lookup(const NodeId& target, std::function<void(std::vector<NodeEntry>)> done) {
  core_->startLookup(target, std::move(done));
}
void Discovery::refreshNow() { core_->refresh(); }
const NodeId& Discovery::id() const { return core_->table.self(); }
std::uint16_t Discovery::port() const { return core_->boundPort(); }
std::vector<NodeEntry> Discovery::knownPeers() const { return core_->table.entries(); }
DiscoveryStats Discovery::stats() const { return core_->stats(); }

}  // namespace otedama::p2p
