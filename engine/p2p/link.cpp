// Peer links on Asio (callbacks, no coroutines): the socket and its read loop, the handshake
// stages of both sides, the secure streams, the bounded send queue, pings and the idle timeout,
// and the rules that turn hostile input into one violation and a closed link.
#include "p2p/link.hpp"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "crypto/random.hpp"
#include "p2p/frame_codec.hpp"
#include "p2p/link_transport.hpp"
#include "p2p/secure_channel.hpp"
#include "util/unix_time.hpp"
#include "util/serialize.hpp"
#include "util/worker_pool.hpp"

namespace otedama::p2p {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// Frames gathered into one write: enough to empty a burst of small messages in one system call.
constexpr std::size_t kMaxWriteBatch = 64;
// After a refusal we close only once it is written and the peer has read it (closing a socket
// with unread input resets the connection, and a reset can destroy the refusal in flight), but
// never wait longer or read more than this for a peer we refused.
constexpr auto kLingerAfterRefusal = std::chrono::seconds(2);
constexpr std::size_t kMaxLingerBytes = 64 * 1024;

// CPU time of the calling thread: the handshake's cost without the time spent waiting.
std::chrono::nanoseconds threadCpuNow() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

struct CpuTimer {
  explicit CpuTimer(std::chrono::nanoseconds& total) : total_(total), start_(threadCpuNow()) {}
  ~CpuTimer() { total_ += threadCpuNow() - start_; }
  CpuTimer(const CpuTimer&) = delete;
  CpuTimer& operator=(const CpuTimer&) = delete;

 private:
  std::chrono::nanoseconds& total_;
  std::chrono::nanoseconds start_;
};

std::string msText(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + " ms"; }

}  // namespace

void checkLinkOptions(const LinkOptions& options) {
  using std::chrono::milliseconds;
  if (options.connectTimeout <= milliseconds(0) || options.handshakeTimeout <= milliseconds(0) ||
      options.pingInterval <= milliseconds(0) || options.idleTimeout <= milliseconds(0)) {
    throw std::invalid_argument("peer link timeouts and the ping interval must be positive");
  }
  if (options.maxSendQueueBytes == 0) throw std::invalid_argument("a peer link's send queue cap must be positive");
  if (options.proofOfWorkBits > kMaxProofOfWorkBits) {
    throw std::invalid_argument("a link proof of work of " + std::to_string(options.proofOfWorkBits) +
                                " bits is above the maximum of " + std::to_string(kMaxProofOfWorkBits));
  }
}

namespace {

std::string rateText(const RateLimit& limit) {
  char text[64];
  std::snprintf(text, sizeof text, "%g/s, burst %g", limit.perSecond, limit.burst);
  return text;
}

}  // namespace

std::string_view linkDirectionName(LinkDirection direction) {
  return direction == LinkDirection::Inbound ? "inbound" : "outbound";
}

std::string_view linkViolationName(LinkViolation violation) {
  switch (violation) {
    case LinkViolation::Malformed: return "malformed";
    case LinkViolation::Flood: return "flood";
    case LinkViolation::AuthenticationFailed: return "authentication failed";
    case LinkViolation::HandshakeFailed: return "handshake failed";
    case LinkViolation::SlowReader: return "slow reader";
  }
  return "unknown";
}

std::string_view linkCloseCauseName(LinkCloseCause cause) {
  switch (cause) {
    case LinkCloseCause::Local: return "closed locally";
    case LinkCloseCause::PeerClosed: return "closed by the peer";
    case LinkCloseCause::ConnectFailed: return "connect failed";
    case LinkCloseCause::HandshakeTimeout: return "handshake timeout";
    case LinkCloseCause::HandshakeFailed: return "handshake failed";
    case LinkCloseCause::ProofOfWorkBusy: return "proof-of-work workers busy";
    case LinkCloseCause::IdleTimeout: return "idle timeout";
    case LinkCloseCause::ProtocolViolation: return "protocol violation";
    case LinkCloseCause::NetworkError: return "network error";
  }
  return "unknown";
}

Link::Link(LinkDirection direction, NetEndpoint remote) : direction_(direction), remote_(remote) {}

Link::~Link() = default;

namespace {

class LinkSession final : public Link {
 public:
  // The stages in the order a link goes through them; the opener skips the acceptor's and the
  // other way round.
  enum class Stage {
    Connecting,          // opener: TCP connect
    AwaitingHello,       // acceptor
    AwaitingProof,       // acceptor: welcome sent
    AwaitingWelcome,     // opener: hello sent
    SolvingProofOfWork,  // opener: the search runs on a worker; the acceptor must stay silent
    AwaitingPeerHeader,  // both: our keys are known, our header is sent
    AwaitingConsent,     // opener: the acceptor's first sealed frame is its consent to our proof
    Established,
    Closed,
  };

  LinkSession(asio::io_context& io, tcp::socket socket, LinkDirection direction, const NetEndpoint& remote,
              const LinkConfig& config, LinkEvents events, AdmissionCheck admit,
              std::optional<crypto::Ed25519PublicKey> expectedPeer)
      : Link(direction, remote),
        io_(io),
        socket_(std::move(socket)),
        deadline_(io),
        keepalive_(io),
        options_(config.options),
        pool_(config.proofOfWorkPool),
        events_(std::move(events)),
        admit_(std::move(admit)),
        readBuffer_(kReadChunk),
        receiveLimiter_(options_.receiveLimits, Clock::now()),
        sendLimiter_(options_.receiveLimits, Clock::now(), 0.5) {
    if (direction == LinkDirection::Outbound) {
      opener_.emplace(config.identity, config.consensusId, OpenerOptions{options_.maxProofOfWorkBits, expectedPeer});
    } else {
      acceptor_.emplace(config.identity, config.consensusId,
                        AcceptorOptions{options_.proofOfWorkBits, options_.maxClockSkewSeconds});
    }
  }

  ~LinkSession() override {
    if (cancelSearch_) cancelSearch_->store(true);
  }

  void startOutbound() {
    startedAt_ = Clock::now();
    stage_ = Stage::Connecting;
    armDeadline(options_.connectTimeout);
    socket_.async_connect(toAsio(remote_), [self = self()](const boost::system::error_code& ec) { self->onConnected(ec); });
  }

  void startInbound() {
    startedAt_ = Clock::now();
    connectedAt_ = std::chrono::system_clock::now();
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    stage_ = Stage::AwaitingHello;
    armDeadline(options_.handshakeTimeout);
    startRead();
  }

  SendResult send(const Message& message) override {
    if (closed_) return SendResult::Closed;
    if (!established_) return SendResult::NotEstablished;
    const MessageType type = messageType(message);
    Bytes plain = encodeMessage(message);  // throws for a message peers would refuse, before anything changes
    const auto now = Clock::now();
    if (options_.paceSends && !sendLimiter_.allow(type, now)) {
      ++stats_.sendsRateLimited;
      return SendResult::RateLimited;
    }
    if (const auto* ping = std::get_if<Ping>(&message)) {
      pendingPing_ = PendingPing{ping->nonce, now};
      ++stats_.pingsOut;
    } else if (std::holds_alternative<Pong>(message)) {
      ++stats_.pongsOut;
    }
    return queueMessage(plain) ? SendResult::Queued : SendResult::Closed;
  }

  void close(std::string reason) override { closeWith(LinkCloseCause::Local, std::move(reason)); }

 private:
  struct PendingPing {
    std::uint64_t nonce = 0;
    Clock::time_point sentAt{};
  };

  std::shared_ptr<LinkSession> self() { return std::static_pointer_cast<LinkSession>(shared_from_this()); }

  std::string who() const {
    std::string text = std::string(linkDirectionName(direction_)) + " link " + remote_.toString();
    if (pendingPeerId_) text += " (node " + shortNodeId(*pendingPeerId_) + ")";
    return text;
  }

  // ---- timers ----

  void armDeadline(std::chrono::milliseconds after) {
    const std::uint64_t generation = ++deadlineGeneration_;
    deadline_.expires_after(after);
    deadline_.async_wait([self = self(), generation](const boost::system::error_code& ec) {
      if (ec || generation != self->deadlineGeneration_) return;
      self->onDeadline();
    });
  }

  void cancelDeadline() {
    ++deadlineGeneration_;
    deadline_.cancel();
  }

  void onDeadline() {
    if (lingering_) {
      closeSocket();
      return;
    }
    if (closed_ || established_) return;
    if (stage_ == Stage::Connecting) {
      closeWith(LinkCloseCause::ConnectFailed,
                "connecting to " + remote_.toString() + " timed out after " + msText(options_.connectTimeout));
    } else {
      closeWith(LinkCloseCause::HandshakeTimeout,
                "the handshake did not finish within " + msText(options_.handshakeTimeout));
    }
  }

  void scheduleKeepalive() {
    const std::uint64_t generation = ++keepaliveGeneration_;
    keepalive_.expires_at(std::min(nextPingAt_, lastFrameAt_ + options_.idleTimeout));
    keepalive_.async_wait([self = self(), generation](const boost::system::error_code& ec) {
      if (ec || self->closed_ || generation != self->keepaliveGeneration_) return;
      self->onKeepalive();
    });
  }

  void onKeepalive() {
    const auto now = Clock::now();
    if (now - lastFrameAt_ >= options_.idleTimeout) {
      closeWith(LinkCloseCause::IdleTimeout, "no frame from the peer for " + msText(options_.idleTimeout));
      return;
    }
    if (now >= nextPingAt_) {
      sendPing(now);
      nextPingAt_ = now + options_.pingInterval;
    }
    if (!closed_) scheduleKeepalive();
  }

  // ---- connecting and reading ----

  void onConnected(const boost::system::error_code& ec) {
    if (closed_) return;
    if (ec) {
      closeWith(LinkCloseCause::ConnectFailed, "cannot connect to " + remote_.toString() + ": " + ec.message());
      return;
    }
    connectedAt_ = std::chrono::system_clock::now();
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    armDeadline(options_.handshakeTimeout);
    Bytes hello;
    {
      CpuTimer timer(stats_.handshakeCpuTime);
      hello = opener_->hello(static_cast<std::uint64_t>(unixSeconds()));
    }
    stage_ = Stage::AwaitingWelcome;
    queueFrame(encodeFrame(hello, kMaxHandshakeMessageBytes));
    startRead();
  }

  void startRead() {
    socket_.async_read_some(asio::buffer(readBuffer_),
                            [self = self()](const boost::system::error_code& ec, std::size_t size) { self->onRead(ec, size); });
  }

  void onRead(const boost::system::error_code& ec, std::size_t size) {
    if (lingering_) {
      // A refused peer: wait for it to close, reading (and dropping) a little meanwhile.
      lingerBytes_ += size;
      if (ec || lingerBytes_ > kMaxLingerBytes) {
        closeSocket();
      } else {
        startRead();
      }
      return;
    }
    if (closed_) return;
    if (ec) {
      onReadError(ec);
      return;
    }
    stats_.bytesIn += size;
    decoder_.feed(ByteSpan(readBuffer_.data(), size));
    processFrames();
    if (!closed_ || lingering_) startRead();
  }

  void onReadError(const boost::system::error_code& ec) {
    const bool peerClosed = ec == asio::error::eof || ec == asio::error::connection_reset;
    if (!peerClosed) {
      closeWith(LinkCloseCause::NetworkError, "reading failed: " + ec.message());
    } else if (direction_ == LinkDirection::Outbound && stage_ == Stage::AwaitingPeerHeader) {
      // An acceptor that does not take our proof closes instead of answering (docs/p2p-link.md).
      failHandshake({HandshakeError::RefusedByPeer, "the acceptor closed the connection after our proof", std::nullopt});
    } else if (stage_ == Stage::AwaitingConsent) {
      // Its stream header said it took our proof; then it changed its mind (a duplicate link,
      // say). Its right, not a fault.
      closeWith(LinkCloseCause::PeerClosed, "the acceptor closed the link as it was being established");
    } else if (!established_) {
      closeWith(LinkCloseCause::PeerClosed, "the peer closed the connection during the handshake");
    } else {
      closeWith(LinkCloseCause::PeerClosed, "the peer closed the link");
    }
  }

  void processFrames() {
    while (!closed_) {
      std::optional<Bytes> frame = decoder_.next();
      if (!frame) break;
      lastFrameAt_ = Clock::now();
      onFrame(*frame);
    }
    if (!closed_ && decoder_.failed()) onFramingError(decoder_.error());
  }

  void onFramingError(const std::string& error) {
    if (established_) {
      violation(LinkViolation::Malformed, error);
      return;
    }
    // Before the hello, tell a confused client (wrong port, wrong program) what it reached.
    const bool answer = stage_ == Stage::AwaitingHello;
    if (answer) queueFrame(encodeFrame(encodeRefusal(Refusal{RefusalReason::MalformedMessage, error}), kMaxHandshakeMessageBytes));
    failHandshake({HandshakeError::MalformedMessage, error, std::nullopt}, answer);
  }

  void onFrame(const Bytes& frame) {
    switch (stage_) {
      case Stage::AwaitingHello: onHello(frame); break;
      case Stage::AwaitingProof: onProof(frame); break;
      case Stage::AwaitingWelcome: onWelcome(frame); break;
      case Stage::SolvingProofOfWork:
        failHandshake({HandshakeError::MalformedMessage,
                       "the acceptor sent a frame before our proof (it must wait for it)", std::nullopt});
        break;
      case Stage::AwaitingPeerHeader: onPeerHeader(frame); break;
      case Stage::AwaitingConsent:
      case Stage::Established: onSealed(frame); break;
      case Stage::Connecting:
      case Stage::Closed: break;
    }
  }

  // ---- acceptor ----

  void onHello(const Bytes& frame) {
    Bytes reply;
    {
      CpuTimer timer(stats_.handshakeCpuTime);
      reply = acceptor_->onHello(frame, static_cast<std::uint64_t>(unixSeconds()), admit_);
    }
    queueFrame(encodeFrame(reply, kMaxHandshakeMessageBytes));
    if (acceptor_->failed()) {
      failHandshake(*acceptor_->failure(), true);
      return;
    }
    stage_ = Stage::AwaitingProof;
  }

  void onProof(const Bytes& frame) {
    bool accepted = false;
    {
      CpuTimer timer(stats_.handshakeCpuTime);
      accepted = acceptor_->onProof(frame);
    }
    if (!accepted) {
      failHandshake(*acceptor_->failure(), false);
      return;
    }
    beginSending(acceptor_->link());
  }

  // ---- opener ----

  void onWelcome(const Bytes& frame) {
    bool welcomed = false;
    {
      CpuTimer timer(stats_.handshakeCpuTime);
      welcomed = opener_->onWelcome(frame);
    }
    if (!welcomed) {
      failHandshake(*opener_->failure(), false);
      return;
    }
    stage_ = Stage::SolvingProofOfWork;
    const ProofOfWorkTask task = opener_->proofOfWorkTask();
    // 2^8 times the expected work: a search that fails is a bug, not bad luck (p = e^-256).
    const std::uint64_t attempts = std::uint64_t{1} << std::min(unsigned(task.bits) + 8u, 62u);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancelSearch_ = cancel;
    std::weak_ptr<LinkSession> weak = self();
    asio::io_context& io = io_;
    const bool queued = pool_->tryPost([task, attempts, cancel, weak, &io] {
      const auto cpuStart = threadCpuNow();
      const std::optional<std::uint64_t> nonce = solveProofOfWork(task, attempts, cancel.get());
      const auto cpu = threadCpuNow() - cpuStart;
      if (cancel->load()) return;  // the link closed: nobody waits for this
      asio::post(io, [weak, nonce, cpu] {
        if (auto link = weak.lock()) link->onProofOfWorkSolved(nonce, cpu);
      });
    });
    if (!queued) closeWith(LinkCloseCause::ProofOfWorkBusy, "no proof-of-work worker is free (its queue is full)");
  }

  void onProofOfWorkSolved(std::optional<std::uint64_t> nonce, std::chrono::nanoseconds cpu) {
    if (closed_ || stage_ != Stage::SolvingProofOfWork) return;
    stats_.handshakeCpuTime += cpu;
    cancelSearch_.reset();
    if (!nonce) {
      handshakeFailure_ = HandshakeFailure{HandshakeError::ProofOfWorkTooHard,
                                           "no proof-of-work nonce found within the attempt limit", std::nullopt};
      closeWith(LinkCloseCause::HandshakeFailed, "handshake failed: " + handshakeFailure_->text);
      return;
    }
    Bytes proof;
    {
      CpuTimer timer(stats_.handshakeCpuTime);
      proof = opener_->proof(*nonce);
    }
    queueFrame(encodeFrame(proof, kMaxHandshakeMessageBytes));
    // Our stream header goes right behind the proof: the acceptor needs no extra round trip.
    beginSending(opener_->link());
  }

  // ---- both: secure streams ----

  void beginSending(const EstablishedLink& link) {
    pendingPeerId_ = link.peerId;
    pendingPeerKey_ = link.peerIdentityKey;
    sender_.emplace(link.keys.tx);
    stage_ = Stage::AwaitingPeerHeader;
    queueFrame(encodeFrame(sender_->header(), kMaxHandshakeMessageBytes));
  }

  void onPeerHeader(const Bytes& frame) {
    const EstablishedLink& link = direction_ == LinkDirection::Outbound ? opener_->link() : acceptor_->link();
    try {
      receiver_.emplace(link.keys.rx, frame);
    } catch (const SecureChannelError& error) {
      failHandshake({HandshakeError::MalformedMessage, error.what(), std::nullopt});
      return;
    }
    // The handshake objects hold the session keys: wipe them now that the streams have theirs.
    opener_.reset();
    acceptor_.reset();
    decoder_.setMaxFrameBytes(kDefaultMaxFrameBytes);
    if (direction_ == LinkDirection::Inbound) {
      establish();
    } else {
      stage_ = Stage::AwaitingConsent;
    }
  }

  void onSealed(const Bytes& frame) {
    Bytes plain;
    try {
      plain = receiver_->open(frame);
    } catch (const SecureChannelError& error) {
      violation(LinkViolation::AuthenticationFailed, error.what());
      return;
    }
    ++stats_.messagesIn;
    if (stage_ == Stage::AwaitingConsent) {
      establish();
      if (closed_) return;
    }
    onPlainMessage(plain);
  }

  void establish() {
    const auto now = Clock::now();
    stage_ = Stage::Established;
    established_ = true;
    peerId_ = pendingPeerId_;
    peerIdentityKey_ = pendingPeerKey_;
    stats_.handshakeTime = now - startedAt_;
    cancelDeadline();
    lastFrameAt_ = now;
    spdlog::debug("p2p: {} established in {} ms", who(),
                  std::chrono::duration_cast<std::chrono::milliseconds>(stats_.handshakeTime).count());
    if (events_.onEstablished) events_.onEstablished(self());
    if (closed_) return;
    // The first ping measures the latency at once (and, from the acceptor, guarantees the
    // opener a first sealed frame as the acceptor's consent).
    sendPing(now);
    nextPingAt_ = now + options_.pingInterval;
    if (!closed_) scheduleKeepalive();
  }

  void onPlainMessage(const Bytes& plain) {
    const std::uint8_t typeByte = plain.front();  // open() never returns an empty message
    const auto now = Clock::now();
    if (typeByte >= 1 && typeByte <= kMessageTypeCount) {
      const auto type = static_cast<MessageType>(typeByte);
      if (!receiveLimiter_.allow(type, now)) {
        violation(LinkViolation::Flood, std::string(messageName(type)) + " beyond its limit of " +
                                            rateText(options_.receiveLimits[type]));
        return;
      }
    }
    Message message;
    try {
      message = decodeMessage(plain);
    } catch (const DecodeError& error) {
      violation(LinkViolation::Malformed, error.what());
      return;
    }
    if (const auto* ping = std::get_if<Ping>(&message)) {
      ++stats_.pingsIn;
      ++stats_.pongsOut;
      queueMessage(encodeMessage(Pong{ping->nonce}));  // answers are not paced: the ping was within its limit
      return;
    }
    if (const auto* pong = std::get_if<Pong>(&message)) {
      ++stats_.pongsIn;
      if (pendingPing_ && pendingPing_->nonce == pong->nonce) {
        latency_ = now - pendingPing_->sentAt;
        pendingPing_.reset();
      } else {
        ++stats_.unmatchedPongs;
      }
      return;
    }
    if (events_.onMessage) events_.onMessage(self(), message);
  }

  void sendPing(Clock::time_point now) {
    if (options_.paceSends && !sendLimiter_.allow(MessageType::Ping, now)) return;
    const Ping ping{crypto::randomU64()};
    pendingPing_ = PendingPing{ping.nonce, now};
    ++stats_.pingsOut;
    queueMessage(encodeMessage(ping));
  }

  // ---- writing ----

  bool queueMessage(const Bytes& plain) {
    Bytes frame;
    appendFrame(frame, sender_->seal(plain));
    ++stats_.messagesOut;
    return queueFrame(std::move(frame));
  }

  bool queueFrame(Bytes frame) {
    if (closed_) return false;
    stats_.sendQueueBytes += frame.size();
    stats_.peakSendQueueBytes = std::max(stats_.peakSendQueueBytes, stats_.sendQueueBytes);
    queue_.push_back(std::move(frame));
    if (stats_.sendQueueBytes > options_.maxSendQueueBytes) {
      violation(LinkViolation::SlowReader, std::to_string(stats_.sendQueueBytes) +
                                               " bytes wait to be sent, above the cap of " +
                                               std::to_string(options_.maxSendQueueBytes) + " bytes: the peer does not read");
      return false;
    }
    pumpWrites();
    return true;
  }

  void pumpWrites() {
    if (writing_ > 0 || queue_.empty() || !socket_.is_open() || stage_ == Stage::Connecting) return;
    std::vector<asio::const_buffer> buffers;
    writing_ = std::min(queue_.size(), kMaxWriteBatch);
    buffers.reserve(writing_);
    for (std::size_t i = 0; i < writing_; ++i) buffers.push_back(asio::buffer(queue_[i]));
    asio::async_write(socket_, buffers, [self = self()](const boost::system::error_code& ec, std::size_t size) {
      self->onWritten(ec, size);
    });
  }

  void onWritten(const boost::system::error_code& ec, std::size_t size) {
    stats_.bytesOut += size;
    for (std::size_t i = 0; i < writing_ && !queue_.empty(); ++i) {
      stats_.sendQueueBytes -= queue_.front().size();
      queue_.pop_front();
    }
    writing_ = 0;
    if (ec) {
      if (lingering_) {
        closeSocket();
      } else if (!closed_) {
        closeWith(LinkCloseCause::NetworkError, "writing failed: " + ec.message());
      }
      return;
    }
    if (lingering_ && queue_.empty()) {
      // All said: our end of the stream closes and we wait for the peer's (onRead) or the timer.
      boost::system::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    if (closed_ && !lingering_) return;
    pumpWrites();
  }

  // ---- closing ----

  struct Fault {
    LinkViolation kind;
    std::string text;  // without the kind's name
  };

  void violation(LinkViolation kind, const std::string& text) {
    closeWith(LinkCloseCause::ProtocolViolation, std::string(linkViolationName(kind)) + ": " + text, Fault{kind, text});
  }

  // Every failed handshake ends here. Our own refusal (RefusedLocally) is no fault of the peer's
  // and is not reported as a violation.
  void failHandshake(HandshakeFailure failure, bool linger = false) {
    const bool ours = failure.error == HandshakeError::RefusedLocally;
    std::string text = std::string(handshakeErrorName(failure.error)) + ": " + failure.text;
    handshakeFailure_ = std::move(failure);
    std::optional<Fault> fault;
    if (!ours) fault = Fault{LinkViolation::HandshakeFailed, text};
    closeWith(LinkCloseCause::HandshakeFailed, "handshake failed (" + text + ")", std::move(fault), linger);
  }

  void closeWith(LinkCloseCause cause, std::string reason, std::optional<Fault> fault = std::nullopt,
                 bool linger = false) {
    if (closed_) return;
    closed_ = true;
    stage_ = Stage::Closed;
    closeCause_ = cause;
    closeReason_ = std::move(reason);
    if (fault) violation_ = fault->kind;
    if (cancelSearch_) cancelSearch_->store(true);
    ++keepaliveGeneration_;
    keepalive_.cancel();
    cancelDeadline();
    // Secrets go as soon as they are of no more use.
    opener_.reset();
    acceptor_.reset();
    sender_.reset();
    receiver_.reset();
    if (linger && socket_.is_open() && !queue_.empty()) {
      lingering_ = true;
      armDeadline(std::chrono::duration_cast<std::chrono::milliseconds>(kLingerAfterRefusal));
    } else {
      closeSocket();
    }
    if (fault) {
      spdlog::info("p2p: {} closed: {}", who(), closeReason_);
    } else {
      spdlog::debug("p2p: {} closed: {}", who(), closeReason_);
    }
    asio::post(io_, [self = self(), fault = std::move(fault), reason = closeReason_] {
      if (fault && self->events_.onViolation) self->events_.onViolation(self, fault->kind, fault->text);
      if (self->events_.onClosed) self->events_.onClosed(self, reason);
    });
  }

  void closeSocket() {
    lingering_ = false;
    cancelDeadline();
    // What is being written stays until its handler runs; the rest will never be sent.
    while (queue_.size() > writing_) {
      stats_.sendQueueBytes -= queue_.back().size();
      queue_.pop_back();
    }
    if (!socket_.is_open()) return;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  asio::io_context& io_;
  tcp::socket socket_;
  asio::steady_timer deadline_;   // connect, then handshake, then a refusal's linger
  asio::steady_timer keepalive_;  // pings and the idle timeout
  std::uint64_t deadlineGeneration_ = 0;
  std::uint64_t keepaliveGeneration_ = 0;
  LinkOptions options_;
  WorkerPool* pool_;
  LinkEvents events_;
  AdmissionCheck admit_;

  Stage stage_ = Stage::Connecting;
  std::optional<HandshakeOpener> opener_;
  std::optional<HandshakeAcceptor> acceptor_;
  std::shared_ptr<std::atomic<bool>> cancelSearch_;
  std::optional<NodeId> pendingPeerId_;
  std::optional<crypto::Ed25519PublicKey> pendingPeerKey_;
  std::optional<SecureSender> sender_;
  std::optional<SecureReceiver> receiver_;

  FrameDecoder decoder_{kMaxHandshakeMessageBytes};
  std::vector<std::uint8_t> readBuffer_;
  std::deque<Bytes> queue_;  // frames; the first writing_ of them are being written
  std::size_t writing_ = 0;
  bool lingering_ = false;
  std::size_t lingerBytes_ = 0;

  MessageRateLimiter receiveLimiter_;
  MessageRateLimiter sendLimiter_;  // half the peer's burst: TCP may bunch what we spaced out
  Clock::time_point startedAt_{};
  Clock::time_point lastFrameAt_{};
  Clock::time_point nextPingAt_{};
  std::optional<PendingPing> pendingPing_;
};

}  // namespace

std::shared_ptr<Link> Link::connect(asio::io_context& io, const LinkConfig& config, const NetEndpoint& remote,
                                    LinkEvents events, std::optional<crypto::Ed25519PublicKey> expectedPeer) {
  checkLinkOptions(config.options);
  if (config.proofOfWorkPool == nullptr) {
    throw std::invalid_argument("an outbound peer link needs a worker pool for its proof of work");
  }
  auto link = std::make_shared<LinkSession>(io, tcp::socket(io), LinkDirection::Outbound, remote, config,
                                            std::move(events), AdmissionCheck{}, std::move(expectedPeer));
  link->startOutbound();
  return link;
}

std::shared_ptr<Link> startInboundLink(asio::io_context& io, tcp::socket socket, const NetEndpoint& remote,
                                       const LinkConfig& config, LinkEvents events, AdmissionCheck admit) {
  auto link = std::make_shared<LinkSession>(io, std::move(socket), LinkDirection::Inbound, remote, config,
                                            std::move(events), std::move(admit), std::nullopt);
  link->startInbound();
  return link;
}

}  // namespace otedama::p2p
