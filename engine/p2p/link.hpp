// One TCP connection to another Otedama node, in either direction (docs/p2p-link.md): the
// handshake under one deadline (the opener's proof of work on a worker thread, cancelled when
// the link closes), the two secure streams, then sealed peer messages both ways with a bounded
// send queue, per-type rate limits on what the peer sends, pings with measured latency and an
// idle timeout. Anything hostile (a frame that does not decode or authenticate, a flood, a
// failed handshake, a peer that does not read) is reported once as a violation, for the peer
// manager to score, and closes the link.
//
// Threads: a link lives on one io_context. Every method must be called on that thread (or
// before it runs), and every event runs there too, never inside a call to a Link method, so a
// handler may send, close or drop links freely. A link keeps itself alive while it has I/O or
// events pending; owners hold it by shared_ptr.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/ed25519.hpp"
#include "p2p/handshake.hpp"
#include "p2p/messages.hpp"
#include "p2p/node_identity.hpp"
#include "p2p/rate_limiter.hpp"
#include "p2p/routing_table.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama {
class WorkerPool;
}

namespace otedama::p2p {

enum class LinkDirection { Inbound, Outbound };
std::string_view linkDirectionName(LinkDirection direction);  // "inbound", "outbound"

// What the peer did wrong; each closes the link.
enum class LinkViolation {
  Malformed,             // a frame, stream header or message that does not decode (framing errors too)
  Flood,                 // a message type beyond its rate limit
  AuthenticationFailed,  // a sealed frame that does not open (tampered, replayed, garbage)
  HandshakeFailed,       // Link::handshakeFailure() says why (wrong consensus, refused, bad proof, ...)
  SlowReader,            // our send queue to it passed its cap: it does not read what it is sent
};
std::string_view linkViolationName(LinkViolation violation);  // "malformed", "flood", ...

// Why a link closed, for the peer manager's bookkeeping (back off an address, retry later, ...).
enum class LinkCloseCause {
  Local,              // close() was called
  PeerClosed,         // the peer closed the connection (end of stream or reset)
  ConnectFailed,      // outbound: TCP connect failed or timed out
  HandshakeTimeout,   // the handshake did not finish within LinkOptions::handshakeTimeout
  HandshakeFailed,    // handshakeFailure() says why (reported as a violation unless we refused)
  ProofOfWorkBusy,    // outbound: the proof-of-work workers had no room for our search
  IdleTimeout,        // no frame from the peer for LinkOptions::idleTimeout
  ProtocolViolation,  // violation() says which
  NetworkError,       // a read or write failed
};
std::string_view linkCloseCauseName(LinkCloseCause cause);

struct LinkOptions {
  std::chrono::milliseconds connectTimeout{std::chrono::seconds(5)};     // outbound TCP connect
  std::chrono::milliseconds handshakeTimeout{std::chrono::seconds(10)};  // from TCP connected to established
  std::chrono::milliseconds pingInterval{std::chrono::seconds(30)};      // plus one ping at establishment
  std::chrono::milliseconds idleTimeout{std::chrono::seconds(120)};      // no frame from the peer: close
  std::size_t maxSendQueueBytes = std::size_t{8} << 20;  // queued, not yet written: above it, SlowReader

  std::uint8_t proofOfWorkBits = kDefaultProofOfWorkBits;  // what we ask of openers (inbound)
  std::uint8_t maxProofOfWorkBits = kDefaultMaxProofOfWorkBits;  // the most we do for an acceptor (outbound)
  std::uint64_t maxClockSkewSeconds = kDefaultMaxClockSkewSeconds;

  // What the peer may send us. Both ends should use the same table: with paceSends we keep our
  // own sends within the peer's limits (at half its burst, for TCP's bunching) and send() says
  // RateLimited instead of getting us banned.
  MessageRateLimits receiveLimits;
  bool paceSends = true;
};

// What every link of a node shares.
struct LinkConfig {
  LinkConfig(NodeIdentity nodeIdentity, const Hash32& consensus) : identity(std::move(nodeIdentity)), consensusId(consensus) {}

  NodeIdentity identity;
  Hash32 consensusId;  // the share chain's: nodes with different ids do not link
  LinkOptions options;
  // Where outbound links search their proof of work (a small pool of its own is best: a search
  // holds a thread for up to the handshake timeout). Needed for outbound links; must be destroyed
  // before the io_context (a finished search posts its result there) and stay alive while links
  // run. Searches of closed links stop within about 1024 hashes.
  WorkerPool* proofOfWorkPool = nullptr;
};

class Link;

struct LinkEvents {
  // Both secure streams are up: peerId() is known and send() works. Not called for links that
  // never get there. What this handler sends goes first, then the link's own first ping; on the
  // acceptor that first sealed message is the opener's sign of consent (send peer:status here,
  // docs/p2p-link.md). The opener is established only once that message authenticates.
  std::function<void(const std::shared_ptr<Link>&)> onEstablished;
  // A peer message, decoded and within its rate limit. Pings and pongs are answered and measured
  // by the link and not passed on.
  std::function<void(const std::shared_ptr<Link>&, const Message&)> onMessage;
  // Once per link at most, just before onClosed; the text says what happened (the kind not repeated).
  std::function<void(const std::shared_ptr<Link>&, LinkViolation, const std::string&)> onViolation;
  // Once per link, always (also when the handshake never finished); reason is for people and logs,
  // closeCause() is for code.
  std::function<void(const std::shared_ptr<Link>&, const std::string&)> onClosed;
};

struct LinkStats {
  std::uint64_t bytesIn = 0, bytesOut = 0;        // TCP payload, handshake and framing included
  std::uint64_t messagesIn = 0, messagesOut = 0;  // sealed messages, pings and pongs included
  std::uint64_t pingsIn = 0, pongsIn = 0, pingsOut = 0, pongsOut = 0;
  std::uint64_t unmatchedPongs = 0;               // pongs that answered no ping of ours in flight
  std::uint64_t sendsRateLimited = 0;             // send() calls refused by paceSends
  std::size_t sendQueueBytes = 0;                 // queued and not yet written
  std::size_t peakSendQueueBytes = 0;
  // From the start of the connection (outbound: the connect call; inbound: the accept) to
  // established; zero before.
  std::chrono::steady_clock::duration handshakeTime{};
  // CPU time this node spent on the handshake (key pairs, signatures, key agreement; for the
  // opener the proof-of-work search too), measured per thread.
  std::chrono::nanoseconds handshakeCpuTime{};
};

enum class SendResult {
  Queued,          // sealed and queued (written as soon as the socket takes it)
  NotEstablished,  // the handshake is not over yet
  Closed,          // the link is closed (or this message overflowed the send queue and closed it)
  RateLimited,     // paceSends: the peer would count this message as a flood; try again later
};

class Link : public std::enable_shared_from_this<Link> {
 public:
  using Clock = std::chrono::steady_clock;

  // Dials `remote` and runs the opener's side of the handshake. Events come later, from the
  // io_context. With expectedPeer, a node with another identity key fails the handshake
  // (UnexpectedPeer). Throws std::invalid_argument without config.proofOfWorkPool or with
  // options that make no sense (non-positive timeouts, a zero send queue).
  static std::shared_ptr<Link> connect(boost::asio::io_context& io, const LinkConfig& config, const NetEndpoint& remote,
                                       LinkEvents events,
                                       std::optional<crypto::Ed25519PublicKey> expectedPeer = std::nullopt);

  virtual ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  // Encodes, seals, frames and queues one message. Throws std::invalid_argument for a message
  // that breaks a codec limit (encodeMessage). A send that pushes the queue past
  // maxSendQueueBytes closes the link as a slow reader (and returns Closed). Sending a Ping
  // starts a latency measurement like the link's own pings.
  virtual SendResult send(const Message& message) = 0;
  // Closes the connection now (queued messages are dropped). Idempotent; onClosed follows from
  // the io_context.
  virtual void close(std::string reason = "closed by this node") = 0;

  LinkDirection direction() const { return direction_; }
  const NetEndpoint& remote() const { return remote_; }
  bool established() const { return established_; }
  bool closed() const { return closed_; }
  // Known once established.
  const std::optional<NodeId>& peerId() const { return peerId_; }
  const std::optional<crypto::Ed25519PublicKey>& peerIdentityKey() const { return peerIdentityKey_; }
  // Round trip of the last answered ping; nullopt until one was answered.
  std::optional<Clock::duration> latency() const { return latency_; }
  // When the TCP connection was made (wall clock; the epoch before).
  std::chrono::system_clock::time_point connectedAt() const { return connectedAt_; }
  const LinkStats& stats() const { return stats_; }

  // After closing.
  std::optional<LinkCloseCause> closeCause() const { return closeCause_; }
  const std::string& closeReason() const { return closeReason_; }
  std::optional<LinkViolation> violation() const { return violation_; }
  // Set when the handshake failed on either side (including our own admission refusal:
  // RefusedLocally, which is not reported as the peer's violation).
  const std::optional<HandshakeFailure>& handshakeFailure() const { return handshakeFailure_; }

 protected:
  Link(LinkDirection direction, NetEndpoint remote);

  LinkDirection direction_;
  NetEndpoint remote_;
  bool established_ = false;
  bool closed_ = false;
  std::optional<NodeId> peerId_;
  std::optional<crypto::Ed25519PublicKey> peerIdentityKey_;
  std::optional<Clock::duration> latency_;
  std::chrono::system_clock::time_point connectedAt_{};
  LinkStats stats_;
  std::optional<LinkCloseCause> closeCause_;
  std::string closeReason_;
  std::optional<LinkViolation> violation_;
  std::optional<HandshakeFailure> handshakeFailure_;
};

}  // namespace otedama::p2p
