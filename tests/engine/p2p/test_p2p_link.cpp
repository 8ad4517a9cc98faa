// Peer links on real loopback TCP: two nodes link (each learns the other's node id), exchange
// every message type both ways intact and measure their latency; failed handshakes (wrong
// consensus, an admission refusal, an unexpected peer, a bad proof) are reported on the right
// side with the reason; hand-driven raw clients (garbage, oversized frames, bad sealed frames,
// malformed messages, ping floods, silence, never reading) get the right violation and are closed
// while an honest link keeps working; the listener's handshake caps; closing one side is seen by
// the other; a closed link cancels its proof-of-work search. The token buckets and the default
// limits are checked on their own. Everything runs on the test thread's io_context (the proof of
// work on a worker pool); waits are conditions with deadlines.
#include <QTest>

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "free_port.hpp"
#include "p2p_test_support.hpp"
#include "p2p/frame_codec.hpp"
#include "p2p/handshake.hpp"
#include "p2p/link.hpp"
#include "p2p/link_listener.hpp"
#include "p2p/messages.hpp"
#include "p2p/rate_limiter.hpp"
#include "p2p/secure_channel.hpp"
#include "util/unix_time.hpp"
#include "util/worker_pool.hpp"

using namespace otedama;
using namespace otedama::p2p;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint8_t kTestBits = 12;  // quick under the sanitizers too; measureHandshake uses the default

Hash32 hashOf(std::uint8_t fill) {
  Hash32 hash;
  hash.fill(fill);
  return hash;
}

const Hash32 kConsensus = hashOf(0xc1);

bool runUntil(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
  return test::runIoUntil(io, done, timeout);
}

NetEndpoint loopback(std::uint16_t port) { return NetEndpoint{*parseNetAddress("127.0.0.1"), port}; }

// Every message type but ping and pong (the link answers and measures those itself).
std::vector<Message> applicationMessages(std::uint8_t salt) {
  std::vector<Message> all = test::sampleMessages(salt);
  std::erase_if(all, [](const Message& m) { return std::holds_alternative<Ping>(m) || std::holds_alternative<Pong>(m); });
  return all;
}

LinkOptions testOptions() {
  LinkOptions options;
  options.proofOfWorkBits = kTestBits;
  return options;
}

// What one node's links reported. Links may outlive a test's nodes on the io_context (until their
// handlers finish), so their events hold the recorder weakly.
struct Recorder : std::enable_shared_from_this<Recorder> {
  struct Violation {
    std::shared_ptr<Link> link;
    LinkViolation kind;
    std::string text;
  };
  std::vector<std::shared_ptr<Link>> established;
  std::vector<std::pair<std::shared_ptr<Link>, Message>> messages;
  std::vector<Violation> violations;
  std::vector<std::pair<std::shared_ptr<Link>, std::string>> closed;
  std::vector<std::shared_ptr<Link>> dialed;

  LinkEvents events() {
    LinkEvents events;
    std::weak_ptr<Recorder> weak = weak_from_this();
    events.onEstablished = [weak](const std::shared_ptr<Link>& link) {
      auto self = weak.lock();
      if (!self) return;
      QVERIFY(link->established());
      self->established.push_back(link);
    };
    events.onMessage = [weak](const std::shared_ptr<Link>& link, const Message& message) {
      if (auto self = weak.lock()) self->messages.emplace_back(link, message);
    };
    events.onViolation = [weak](const std::shared_ptr<Link>& link, LinkViolation kind, const std::string& text) {
      auto self = weak.lock();
      if (!self) return;
      // Once per link, and always before onClosed.
      QVERIFY(self->violationOf(link) == nullptr);
      QVERIFY(!self->wasClosed(link));
      self->violations.push_back({link, kind, text});
    };
    events.onClosed = [weak](const std::shared_ptr<Link>& link, const std::string& reason) {
      auto self = weak.lock();
      if (!self) return;
      QVERIFY(!self->wasClosed(link));
      QVERIFY(link->closed());
      self->closed.emplace_back(link, reason);
    };
    return events;
  }

  void closeAll() {
    for (const auto& link : established) link->close("test over");
    for (const auto& link : dialed) link->close("test over");
  }

  const Violation* violationOf(const std::shared_ptr<Link>& link) const {
    for (const Violation& v : violations) {
      if (v.link == link) return &v;
    }
    return nullptr;
  }
  bool wasClosed(const std::shared_ptr<Link>& link) const {
    return std::any_of(closed.begin(), closed.end(), [&](const auto& c) { return c.first == link; });
  }
  // The inbound link whose peer connects from this local port.
  std::shared_ptr<Link> linkFrom(std::uint16_t remotePort) const {
    for (const auto& c : closed) {
      if (c.first->remote().port == remotePort) return c.first;
    }
    for (const auto& l : established) {
      if (l->remote().port == remotePort) return l;
    }
    return nullptr;
  }
  std::vector<Message> messagesOn(const std::shared_ptr<Link>& link) const {
    std::vector<Message> out;
    for (const auto& [from, message] : messages) {
      if (from == link) out.push_back(message);
    }
    return out;
  }
};

// One node: an identity, a listener (optional), its links' events.
struct TestNode {
  TestNode(asio::io_context& ioContext, WorkerPool& pool, const Hash32& consensus = kConsensus,
           LinkOptions options = testOptions())
      : io(ioContext), config(NodeIdentity::generate(), consensus) {
    config.options = options;
    config.proofOfWorkPool = &pool;
  }
  ~TestNode() {
    listener.reset();
    events.closeAll();
  }
  TestNode(const TestNode&) = delete;
  TestNode& operator=(const TestNode&) = delete;

  void listen(LinkListenerOptions listenerOptions = {}, AdmissionCheck admit = {}) {
    listenerOptions.bindAddress = "127.0.0.1";
    listenerOptions.port = 0;
    listener = std::make_unique<LinkListener>(io, config, listenerOptions, events.events(), std::move(admit));
    listener->start();
  }

  std::shared_ptr<Link> dial(const TestNode& other, std::optional<crypto::Ed25519PublicKey> expected = std::nullopt) {
    auto link = Link::connect(io, config, loopback(other.listener->port()), events.events(), std::move(expected));
    events.dialed.push_back(link);
    return link;
  }

  const NodeId& id() const { return config.identity.id(); }

  asio::io_context& io;
  LinkConfig config;
  std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
  Recorder& events = *recorder;
  std::unique_ptr<LinkListener> listener;
};

// A hand-driven TCP client: writes exactly what a test builds, reads without blocking, and can
// play an honest opener's handshake with its own keys.
std::string describe(const Recorder& recorder) {
  std::string text;
  for (const auto& v : recorder.violations) text += "[violation " + std::string(linkViolationName(v.kind)) + ": " + v.text + "] ";
  for (const auto& [link, reason] : recorder.closed) text += "[closed: " + reason + "] ";
  return text;
}

}  // namespace

class P2pLinkTest : public QObject {
  Q_OBJECT

 private:
  asio::io_context io_;
  // Declared after the io_context so that it is destroyed first: a finished search posts to it.
  WorkerPool pool_{2, 64};

  // Two nodes, B dialing A, both established.
  struct Pair {
    std::unique_ptr<TestNode> a, b;
    std::shared_ptr<Link> aSide, bSide;  // A's inbound link, B's outbound link
  };

  Pair linkedPair(LinkOptions options = testOptions()) {
    Pair pair;
    pair.a = std::make_unique<TestNode>(io_, pool_, kConsensus, options);
    pair.b = std::make_unique<TestNode>(io_, pool_, kConsensus, options);
    pair.a->listen();
    pair.bSide = pair.b->dial(*pair.a);
    const bool ok = runUntil(io_, [&] { return !pair.a->events.established.empty() && !pair.b->events.established.empty(); });
    if (!ok) qWarning("link not established: A %s B %s", describe(pair.a->events).c_str(), describe(pair.b->events).c_str());
    if (ok) pair.aSide = pair.a->events.established.front();
    return pair;
  }

  // The honest link still carries messages both ways.
  bool stillWorks(Pair& pair, std::uint8_t salt) {
    const ShareSubmit share{Bytes(100, salt)};
    const std::size_t aBefore = pair.a->events.messages.size(), bBefore = pair.b->events.messages.size();
    if (pair.aSide->send(share) != SendResult::Queued || pair.bSide->send(share) != SendResult::Queued) return false;
    return runUntil(io_, [&] {
      return pair.a->events.messages.size() > aBefore && pair.b->events.messages.size() > bBefore;
    }) && pair.a->events.messages.back().second == Message(share) && pair.b->events.messages.back().second == Message(share);
  }

 private slots:
  // ---- rate limits ----

  void tokenBucket() {
    const auto t0 = Clock::now();
    TokenBucket bucket(RateLimit{2, 3}, t0);
    QVERIFY(bucket.take(t0));
    QVERIFY(bucket.take(t0));
    QVERIFY(bucket.take(t0));
    QVERIFY(!bucket.take(t0));                   // burst spent
    QVERIFY(!bucket.take(t0 + 400ms));           // 0.8 tokens
    QVERIFY(bucket.take(t0 + 500ms));            // 1 token
    QVERIFY(!bucket.take(t0 + 100ms));           // a clock going backwards adds nothing
    QCOMPARE(bucket.available(t0 + 1h), 3.0);    // never above the burst
    QVERIFY(bucket.take(t0 + 1h, 3));
    QVERIFY(!bucket.take(t0 + 1h, 0.5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TokenBucket(RateLimit{0, 5}, t0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TokenBucket(RateLimit{1, 0.5}, t0));
  }

  void messageLimits() {
    // Every type has a usable default, and the table covers exactly the message types.
    for (std::size_t type = 1; type <= kMessageTypeCount; ++type) {
      const RateLimit limit = defaultRateLimit(MessageType(type));
      QVERIFY(limit.perSecond > 0 && limit.burst >= 1);
    }
    QCOMPARE(defaultRateLimit(MessageType::Ping), (RateLimit{1, 5}));
    QCOMPARE(defaultRateLimit(MessageType::ShareSubmit), (RateLimit{20, 100}));
    QCOMPARE(defaultRateLimit(MessageType::SharechainRequest), (RateLimit{5, 20}));
    QCOMPARE(defaultRateLimit(MessageType::PeersRequest), (RateLimit{0.1, 2}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, defaultRateLimit(MessageType(13)));

    const auto t0 = Clock::now();
    MessageRateLimiter limiter(MessageRateLimits{}, t0);
    for (int i = 0; i < 5; ++i) QVERIFY(limiter.allow(MessageType::Ping, t0));
    QVERIFY(!limiter.allow(MessageType::Ping, t0));
    QVERIFY(limiter.allow(MessageType::Pong, t0));  // types do not share a bucket
    QVERIFY(limiter.allow(MessageType::Ping, t0 + 1s));
    for (int i = 0; i < 100; ++i) QVERIFY(limiter.allow(MessageType::ShareSubmit, t0));
    QVERIFY(!limiter.allow(MessageType::ShareSubmit, t0));
    QVERIFY(limiter.allow(MessageType::ShareSubmit, t0 + 50ms));  // 20/s

    // The sending side keeps half the burst, so the peer's bucket always has room for bunching.
    MessageRateLimiter pacer(MessageRateLimits{}, t0, 0.5);
    QVERIFY(pacer.allow(MessageType::PeersRequest, t0));
    QVERIFY(!pacer.allow(MessageType::PeersRequest, t0));
    QCOMPARE(pacer.bucket(MessageType::ShareSubmit).limit().burst, 50.0);

    MessageRateLimits strict = MessageRateLimits{}.scaled(0.5, 0.1);
    QCOMPARE(strict[MessageType::Ping], (RateLimit{0.5, 1}));
    QCOMPARE(strict[MessageType::ShareSubmit], (RateLimit{10, 10}));
  }

  // ---- honest links ----

  void establishAndExchange() {
    Pair pair = linkedPair();
    QVERIFY(pair.aSide && pair.bSide);
    Link& a = *pair.aSide;
    Link& b = *pair.bSide;
    QCOMPARE(a.direction(), LinkDirection::Inbound);
    QCOMPARE(b.direction(), LinkDirection::Outbound);
    QCOMPARE(*a.peerId(), pair.b->id());
    QCOMPARE(*b.peerId(), pair.a->id());
    QCOMPARE(*a.peerIdentityKey(), pair.b->config.identity.publicKey());
    QCOMPARE(*b.peerIdentityKey(), pair.a->config.identity.publicKey());
    QCOMPARE(b.remote().port, pair.a->listener->port());
    QCOMPARE(a.remote().address.toString(), std::string("127.0.0.1"));
    QVERIFY(std::chrono::system_clock::now() - a.connectedAt() < 1min);
    QVERIFY(b.stats().handshakeTime > Clock::duration::zero());
    QCOMPARE(pair.b->events.established.front(), pair.bSide);
    QCOMPARE(pair.a->listener->handshakingCount(), std::size_t(0));

    // Both measure their latency from the ping sent at establishment.
    QVERIFY(runUntil(io_, [&] { return a.latency() && b.latency(); }));
    QVERIFY(*a.latency() < 2s && *b.latency() < 2s);
    qInfo("loopback latency: opener %.3f ms, acceptor %.3f ms",
          std::chrono::duration<double, std::milli>(*b.latency()).count(),
          std::chrono::duration<double, std::milli>(*a.latency()).count());

    // Every message type, both ways, arrives intact and in order.
    const std::vector<Message> toA = applicationMessages(0x0a), toB = applicationMessages(0x0b);
    for (const Message& m : toA) QCOMPARE(b.send(m), SendResult::Queued);
    for (const Message& m : toB) QCOMPARE(a.send(m), SendResult::Queued);
    QVERIFY(runUntil(io_, [&] {
      return pair.a->events.messages.size() == toA.size() && pair.b->events.messages.size() == toB.size();
    }));
    QVERIFY(pair.a->events.messagesOn(pair.aSide) == toA);
    QVERIFY(pair.b->events.messagesOn(pair.bSide) == toB);

    // Pings and pongs stay inside the link: a ping is answered (and measured), a pong that
    // answers nothing is counted.
    const auto pingsBefore = a.stats().pingsIn, pongsBefore = b.stats().pongsIn;
    QCOMPARE(b.send(Ping{77}), SendResult::Queued);
    QCOMPARE(a.send(Pong{78}), SendResult::Queued);
    QVERIFY(runUntil(io_, [&] { return a.stats().pingsIn == pingsBefore + 1 && b.stats().pongsIn == pongsBefore + 2; }));
    QCOMPARE(b.stats().unmatchedPongs, std::uint64_t(1));
    QCOMPARE(pair.a->events.messages.size(), toA.size());

    // Our own pacing keeps us inside the peer's limits: a second peers:request right away would
    // count as a flood there.
    QCOMPARE(b.send(PeersRequest{8}), SendResult::RateLimited);
    QCOMPARE(b.stats().sendsRateLimited, std::uint64_t(1));

    // Counters agree once everything is through.
    QVERIFY(runUntil(io_, [&] {
      return a.stats().bytesOut == b.stats().bytesIn && b.stats().bytesOut == a.stats().bytesIn &&
             a.stats().messagesOut == b.stats().messagesIn && b.stats().messagesOut == a.stats().messagesIn &&
             a.stats().sendQueueBytes == 0 && b.stats().sendQueueBytes == 0;
    }));
    QVERIFY(a.stats().messagesIn >= toA.size() + 2);
    QVERIFY(a.stats().bytesIn > 4096 + 300);
    QVERIFY(pair.a->events.violations.empty() && pair.b->events.violations.empty());
    QVERIFY(pair.a->events.closed.empty() && pair.b->events.closed.empty());

    // Sending before the handshake is over, or after closing, is refused.
    auto early = pair.b->dial(*pair.a);
    QCOMPARE(early->send(Ping{1}), SendResult::NotEstablished);
    early->close();
    QCOMPARE(early->send(Ping{1}), SendResult::Closed);
    QVERIFY(runUntil(io_, [&] { return pair.b->events.wasClosed(early); }));
    QCOMPARE(*early->closeCause(), LinkCloseCause::Local);
  }

  void closeIsSeenByTheOtherSide() {
    Pair pair = linkedPair();
    QVERIFY(pair.aSide && pair.bSide);
    pair.bSide->close("test done");
    pair.bSide->close("twice");  // idempotent
    QVERIFY(pair.bSide->closed());
    QCOMPARE(pair.bSide->send(ShareSubmit{Bytes(1, 1)}), SendResult::Closed);
    QVERIFY(runUntil(io_, [&] { return pair.a->events.wasClosed(pair.aSide) && pair.b->events.wasClosed(pair.bSide); }));
    QCOMPARE(*pair.aSide->closeCause(), LinkCloseCause::PeerClosed);
    QCOMPARE(*pair.bSide->closeCause(), LinkCloseCause::Local);
    QCOMPARE(pair.b->events.closed.front().second, std::string("test done"));
    QVERIFY(pair.a->events.violations.empty() && pair.b->events.violations.empty());

    // The other direction, from the acceptor.
    Pair second = linkedPair();
    QVERIFY(second.aSide && second.bSide);
    second.aSide->close();
    QVERIFY(runUntil(io_, [&] { return second.b->events.wasClosed(second.bSide); }));
    QCOMPARE(*second.bSide->closeCause(), LinkCloseCause::PeerClosed);
  }

  // ---- failed handshakes ----

  void wrongConsensus() {
    TestNode a(io_, pool_);
    TestNode other(io_, pool_, hashOf(0xc2));
    a.listen();
    auto link = other.dial(a);
    QVERIFY(runUntil(io_, [&] { return !a.events.closed.empty() && !other.events.closed.empty(); }));
    QVERIFY(a.events.established.empty() && other.events.established.empty());
    QCOMPARE(a.events.violations.size(), std::size_t(1));
    QCOMPARE(other.events.violations.size(), std::size_t(1));
    const auto& acceptorSide = a.events.violations.front();
    QCOMPARE(acceptorSide.kind, LinkViolation::HandshakeFailed);
    QCOMPARE(acceptorSide.link->handshakeFailure()->error, HandshakeError::WrongConsensus);
    QCOMPARE(*acceptorSide.link->closeCause(), LinkCloseCause::HandshakeFailed);
    const auto& openerSide = other.events.violations.front();
    QCOMPARE(openerSide.link, link);
    QCOMPARE(openerSide.kind, LinkViolation::HandshakeFailed);
    QCOMPARE(link->handshakeFailure()->error, HandshakeError::RefusedByPeer);
    QCOMPARE(*link->handshakeFailure()->peerReason, RefusalReason::WrongConsensus);
    QVERIFY2(openerSide.text.find("wrong consensus id") != std::string::npos, openerSide.text.c_str());
    QVERIFY(!link->peerId());
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 0; }));
  }

  void admissionRefusal() {
    TestNode a(io_, pool_);
    TestNode refused(io_, pool_);
    TestNode welcome(io_, pool_);
    const auto refusedKey = refused.config.identity.publicKey();
    int asked = 0;
    a.listen({}, [&](const crypto::Ed25519PublicKey& key) -> std::optional<Refusal> {
      ++asked;
      if (key == refusedKey) return Refusal{RefusalReason::TooManyPeers, "50 of 50 peer slots taken"};
      return std::nullopt;
    });
    auto link = refused.dial(a);
    QVERIFY(runUntil(io_, [&] { return refused.events.wasClosed(link) && !a.events.closed.empty(); }));
    QCOMPARE(refused.events.violations.size(), std::size_t(1));
    QCOMPARE(refused.events.violations.front().kind, LinkViolation::HandshakeFailed);
    QCOMPARE(link->handshakeFailure()->error, HandshakeError::RefusedByPeer);
    QCOMPARE(*link->handshakeFailure()->peerReason, RefusalReason::TooManyPeers);
    QVERIFY2(link->closeReason().find("50 of 50 peer slots taken") != std::string::npos, link->closeReason().c_str());
    // Our own refusal is not the peer's fault: closed, but no violation to score.
    QVERIFY(a.events.violations.empty());
    QCOMPARE(a.events.closed.front().first->handshakeFailure()->error, HandshakeError::RefusedLocally);
    QCOMPARE(*a.events.closed.front().first->closeCause(), LinkCloseCause::HandshakeFailed);

    auto good = welcome.dial(a);
    QVERIFY(runUntil(io_, [&] { return !welcome.events.established.empty(); }));
    QCOMPARE(asked, 2);
  }

  void unexpectedPeerAndConnectFailure() {
    TestNode a(io_, pool_);
    TestNode b(io_, pool_);
    a.listen();
    auto link = b.dial(a, NodeIdentity::generate().publicKey());
    QVERIFY(runUntil(io_, [&] { return b.events.wasClosed(link); }));
    QCOMPARE(b.events.violations.size(), std::size_t(1));
    QCOMPARE(link->handshakeFailure()->error, HandshakeError::UnexpectedPeer);

    // Nothing listens: a connect failure, not a violation.
    auto nowhere = Link::connect(io_, b.config, loopback(test::freeLoopbackPort()), b.events.events());
    QVERIFY(runUntil(io_, [&] { return b.events.wasClosed(nowhere); }));
    QCOMPARE(*nowhere->closeCause(), LinkCloseCause::ConnectFailed);
    QCOMPARE(b.events.violations.size(), std::size_t(1));

    LinkConfig noPool = b.config;
    noPool.proofOfWorkPool = nullptr;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Link::connect(io_, noPool, loopback(1), {}));
    LinkConfig badTimeout = b.config;
    badTimeout.options.idleTimeout = 0ms;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Link::connect(io_, badTimeout, loopback(1), {}));
  }

  void badProofIsRefused() {
    TestNode a(io_, pool_);
    a.listen();
    test::RawLinkClient raw(io_, a.listener->port());
    HandshakeOpener opener(raw.identity, kConsensus);
    raw.write(encodeFrame(opener.hello(static_cast<std::uint64_t>(unixSeconds())), kMaxHandshakeMessageBytes));
    const auto welcome = raw.nextFrame(io_);
    QVERIFY(welcome && opener.onWelcome(*welcome));
    std::uint64_t nonce = 0;
    while (meetsProofOfWork(opener.proofOfWorkTask(), nonce)) ++nonce;
    raw.write(encodeFrame(encodeProof(ProofMessage{kLinkProtocolVersion, nonce, {}}), kMaxHandshakeMessageBytes));
    QVERIFY(raw.waitClosed(io_));
    QVERIFY(raw.frames.empty());  // no stream header: no consent
    QVERIFY(runUntil(io_, [&] { return !a.events.violations.empty(); }));
    QCOMPARE(a.events.violations.front().kind, LinkViolation::HandshakeFailed);
    QCOMPARE(a.events.violations.front().link->handshakeFailure()->error, HandshakeError::BadProofOfWork);
  }

  // ---- hostile peers ----

  void hostileClientsWhileAnHonestLinkWorks() {
    Pair pair = linkedPair();
    QVERIFY(pair.aSide && pair.bSide);
    TestNode& a = *pair.a;
    const std::uint16_t port = a.listener->port();
    std::uint8_t salt = 1;

    auto expectViolation = [&](test::RawLinkClient& raw, LinkViolation kind, const char* what) -> std::shared_ptr<Link> {
      const std::uint16_t from = raw.localPort();
      std::shared_ptr<Link> link;
      const bool seen = runUntil(io_, [&] {
        link = a.events.linkFrom(from);
        return link && a.events.wasClosed(link);
      });
      if (!seen) {
        qWarning("%s: no closed link from port %u; %s", what, unsigned(from), describe(a.events).c_str());
        return nullptr;
      }
      const auto* violation = a.events.violationOf(link);
      if (violation == nullptr || violation->kind != kind) {
        qWarning("%s: expected violation %s, got %s", what, linkViolationName(kind).data(),
                 violation ? (std::string(linkViolationName(violation->kind)) + ": " + violation->text).c_str() : "none");
        return nullptr;
      }
      qInfo("%s -> %s: %s", what, linkViolationName(kind).data(), violation->text.c_str());
      if (!raw.waitClosed(io_)) {
        qWarning("%s: the connection stayed open", what);
        return nullptr;
      }
      return link;
    };

    {  // not our protocol at all: answered with a refusal, then closed
      test::RawLinkClient raw(io_, port);
      raw.write(Bytes{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n'});
      auto link = expectViolation(raw, LinkViolation::HandshakeFailed, "HTTP request");
      QVERIFY(link);
      QCOMPARE(link->handshakeFailure()->error, HandshakeError::MalformedMessage);
      QCOMPARE(raw.frames.size(), std::size_t(1));
      const Refusal refusal = decodeRefusal(raw.frames.front());
      QCOMPARE(refusal.reason, RefusalReason::MalformedMessage);
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // a frame length far above the handshake cap
      test::RawLinkClient raw(io_, port);
      raw.write(Bytes{0xff, 0xff, 0xff, 0x7f, 1, 2, 3});
      auto link = expectViolation(raw, LinkViolation::HandshakeFailed, "oversized handshake frame");
      QVERIFY(link);
      QVERIFY(link->closeReason().find("above the cap") != std::string::npos);
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // random bytes in a well-sized frame instead of a hello
      test::RawLinkClient raw(io_, port);
      raw.write(encodeFrame(Bytes(kHelloBytes, 0x5a), kMaxHandshakeMessageBytes));
      auto link = expectViolation(raw, LinkViolation::HandshakeFailed, "garbage hello");
      QVERIFY(link);
      QCOMPARE(link->handshakeFailure()->error, HandshakeError::BadMagic);
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // a valid handshake, then a frame that is not sealed with the stream's key
      test::RawLinkClient raw(io_, port);
      QVERIFY(raw.handshake(io_, kConsensus));
      raw.write(encodeFrame(Bytes(64, 0x33)));
      QVERIFY(expectViolation(raw, LinkViolation::AuthenticationFailed, "garbage sealed frame"));
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // a valid handshake, then a replayed frame
      test::RawLinkClient raw(io_, port);
      QVERIFY(raw.handshake(io_, kConsensus));
      const Bytes frame = raw.sealed(ShareSubmit{Bytes(10, 1)});
      raw.write(frame);
      raw.write(frame);
      QVERIFY(expectViolation(raw, LinkViolation::AuthenticationFailed, "replayed frame"));
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // properly sealed, but not a message: an unknown type, then a truncated ping
      test::RawLinkClient raw(io_, port);
      QVERIFY(raw.handshake(io_, kConsensus));
      raw.write(encodeFrame(raw.sender->seal(Bytes{99, 1, 2, 3})));
      QVERIFY(expectViolation(raw, LinkViolation::Malformed, "unknown message type"));
      test::RawLinkClient second(io_, port);
      QVERIFY(second.handshake(io_, kConsensus));
      second.write(encodeFrame(second.sender->seal(Bytes{1, 0, 0})));
      QVERIFY(expectViolation(second, LinkViolation::Malformed, "truncated ping"));
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // a valid handshake, then a frame length above the 1 MiB cap
      test::RawLinkClient raw(io_, port);
      QVERIFY(raw.handshake(io_, kConsensus));
      raw.write(Bytes{0x00, 0x00, 0x20, 0x00, 1, 2, 3, 4});  // 2 MiB
      QVERIFY(expectViolation(raw, LinkViolation::Malformed, "oversized frame"));
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // a flood of pings: the first five pass (and are answered), the sixth closes the link
      test::RawLinkClient raw(io_, port);
      QVERIFY(raw.handshake(io_, kConsensus));
      Bytes flood;
      for (std::uint64_t i = 0; i < 50; ++i) {
        const Bytes frame = raw.sealed(Ping{i});
        flood.insert(flood.end(), frame.begin(), frame.end());
      }
      raw.write(flood);
      auto link = expectViolation(raw, LinkViolation::Flood, "ping flood");
      QVERIFY(link);
      QCOMPARE(link->stats().pingsIn, std::uint64_t(5));
      QVERIFY(link->closeReason().find("ping") != std::string::npos);
      QVERIFY(stillWorks(pair, salt++));
    }
    {  // a share:submit flood beyond its burst of 100
      test::RawLinkClient raw(io_, port);
      QVERIFY(raw.handshake(io_, kConsensus));
      Bytes flood;
      for (int i = 0; i < 150; ++i) {
        const Bytes frame = raw.sealed(ShareSubmit{Bytes(80, std::uint8_t(i))});
        flood.insert(flood.end(), frame.begin(), frame.end());
      }
      raw.write(flood);
      QVERIFY(expectViolation(raw, LinkViolation::Flood, "share:submit flood"));
      QVERIFY(stillWorks(pair, salt++));
    }
    QVERIFY(pair.b->events.violations.empty());
    QVERIFY(!pair.aSide->closed() && !pair.bSide->closed());
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 0; }));
  }

  void slowReaderIsClosed() {
    LinkOptions options = testOptions();
    options.maxSendQueueBytes = 1 << 20;
    options.paceSends = false;
    TestNode a(io_, pool_, kConsensus, options);
    a.listen();
    test::RawLinkClient raw(io_, a.listener->port());
    QVERIFY(raw.handshake(io_, kConsensus));
    QVERIFY(runUntil(io_, [&] { return !a.events.established.empty(); }));
    auto link = a.events.established.front();
    // The client never reads again; the kernel's buffers fill first, then our queue.
    SharechainBlock big{1, std::vector<Bytes>(kMaxSharesPerMessage, Bytes(kMaxShareBytes, 0x77)), false};
    int sent = 0;
    QVERIFY(runUntil(io_, [&] {
      if (!link->closed() && sent < 2000) {
        link->send(big);
        ++sent;
      }
      return a.events.wasClosed(link);
    }, 60s));
    const auto* violation = a.events.violationOf(link);
    QVERIFY(violation);
    QCOMPARE(violation->kind, LinkViolation::SlowReader);
    QCOMPARE(*link->violation(), LinkViolation::SlowReader);
    QCOMPARE(*link->closeCause(), LinkCloseCause::ProtocolViolation);
    QVERIFY(link->stats().peakSendQueueBytes > options.maxSendQueueBytes);
    qInfo("slow reader closed after %d messages of %zu bytes: %llu bytes written to the socket, queue peaked at %zu",
          sent, encodeMessage(big).size(), static_cast<unsigned long long>(link->stats().bytesOut),
          link->stats().peakSendQueueBytes);
  }

  void idleAndHandshakeTimeouts() {
    LinkOptions options = testOptions();
    options.pingInterval = 150ms;
    options.idleTimeout = 600ms;
    options.handshakeTimeout = 500ms;
    TestNode a(io_, pool_, kConsensus, options);
    a.listen();

    // Established, then silent: pinged, never answering, closed as idle.
    test::RawLinkClient quiet(io_, a.listener->port());
    QVERIFY(quiet.handshake(io_, kConsensus));
    QVERIFY(runUntil(io_, [&] { return !a.events.closed.empty(); }, 5s));
    auto link = a.events.closed.front().first;
    QCOMPARE(*link->closeCause(), LinkCloseCause::IdleTimeout);
    QVERIFY(link->stats().pingsOut >= 2);  // the first at once, the next within the pacing
    QVERIFY(a.events.violations.empty());

    // Connected, never saying hello: closed when the handshake deadline passes.
    test::RawLinkClient mute(io_, a.listener->port());
    const auto started = Clock::now();
    QVERIFY(mute.waitClosed(io_, 5s));
    QVERIFY(Clock::now() - started >= 400ms);
    QVERIFY(runUntil(io_, [&] { return a.events.closed.size() == 2; }));
    QCOMPARE(*a.events.closed.back().first->closeCause(), LinkCloseCause::HandshakeTimeout);
    QVERIFY(a.events.violations.empty());
    QCOMPARE(a.listener->handshakingCount(), std::size_t(0));
  }

  void listenerCaps() {
    LinkListenerOptions caps;
    caps.maxHandshaking = 3;
    caps.maxHandshakingPerIp = 2;
    TestNode a(io_, pool_);
    a.listen(caps);
    const std::uint16_t port = a.listener->port();
    std::vector<std::unique_ptr<test::RawLinkClient>> idle;
    idle.push_back(std::make_unique<test::RawLinkClient>(io_, port, "127.0.0.1"));
    idle.push_back(std::make_unique<test::RawLinkClient>(io_, port, "127.0.0.1"));
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 2; }));

    // A third connection from the same address is refused at once, with a reason.
    test::RawLinkClient third(io_, port, "127.0.0.1");
    QVERIFY(third.waitClosed(io_));
    QCOMPARE(a.listener->stats().refusedPerIp, std::uint64_t(1));
    if (!third.frames.empty()) QCOMPARE(decodeRefusal(third.frames.front()).reason, RefusalReason::TooManyPeers);

    // Another address still has room, until the total cap.
    idle.push_back(std::make_unique<test::RawLinkClient>(io_, port, "127.0.0.2"));
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 3; }));
    test::RawLinkClient fourth(io_, port, "127.0.0.3");
    QVERIFY(fourth.waitClosed(io_));
    QCOMPARE(a.listener->stats().refusedHandshaking, std::uint64_t(1));

    // Honest openers get through once the half-open connections are gone.
    TestNode b(io_, pool_);
    auto refusedLink = b.dial(a);
    QVERIFY(runUntil(io_, [&] { return b.events.wasClosed(refusedLink); }));
    QCOMPARE(a.listener->stats().refusedHandshaking, std::uint64_t(2));
    idle.clear();
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 0; }));
    auto link = b.dial(a);
    QVERIFY(runUntil(io_, [&] { return !b.events.established.empty(); }));
    QCOMPARE(b.events.established.front(), link);
    QCOMPARE(a.listener->stats().accepted, std::uint64_t(4));

    // stop() closes the links still in their handshake, not the established ones.
    test::RawLinkClient pending(io_, port, "127.0.0.1");
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 1; }));
    a.listener->stop();
    QVERIFY(pending.waitClosed(io_));
    QVERIFY(!link->closed());
    QVERIFY(runUntil(io_, [&] { return a.listener->handshakingCount() == 0; }));
  }

  void bindFailureNamesThePort() {
    TestNode a(io_, pool_);
    a.listen();
    LinkListenerOptions same;
    same.bindAddress = "127.0.0.1";
    same.port = a.listener->port();
    LinkListener clash(io_, a.config, same, {});
    try {
      clash.start();
      QFAIL("a second listener on the same port started");
    } catch (const std::runtime_error& error) {
      const std::string text = error.what();
      QVERIFY2(text.find(std::to_string(same.port)) != std::string::npos, text.c_str());
    }
    LinkListenerOptions bad;
    bad.bindAddress = "not an address";
    LinkListener nonsense(io_, a.config, bad, {});
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, nonsense.start());
  }

  void addressCheckAndDualStack() {
    // A listener on "::" takes IPv4 (seen as plain IPv4, not ::ffff:a.b.c.d) and IPv6; the
    // address check runs before anything is read.
    TestNode a(io_, pool_);
    LinkListenerOptions options;
    options.bindAddress = "::";
    options.port = 0;
    std::vector<NetEndpoint> checked;
    a.listener = std::make_unique<LinkListener>(
        io_, a.config, options, a.events.events(), AdmissionCheck{}, [&](const NetEndpoint& remote) -> std::optional<Refusal> {
          checked.push_back(remote);
          if (remote.address == *parseNetAddress("127.0.0.5")) return Refusal{RefusalReason::Banned, "banned for junk"};
          return std::nullopt;
        });
    try {
      a.listener->start();
    } catch (const std::runtime_error& error) {
      QSKIP(qPrintable(QString("no IPv6 here: ") + error.what()));
    }
    test::RawLinkClient banned(io_, a.listener->port(), "127.0.0.5");
    QVERIFY(banned.waitClosed(io_));
    if (!banned.frames.empty()) QCOMPARE(decodeRefusal(banned.frames.front()).reason, RefusalReason::Banned);
    QCOMPARE(a.listener->stats().refusedAddress, std::uint64_t(1));
    QCOMPARE(checked.front().address.toString(), std::string("127.0.0.5"));

    TestNode b(io_, pool_);
    auto v4 = Link::connect(io_, b.config, loopback(a.listener->port()), b.events.events());
    auto v6 = Link::connect(io_, b.config, NetEndpoint{*parseNetAddress("::1"), a.listener->port()}, b.events.events());
    QVERIFY(runUntil(io_, [&] { return b.events.established.size() + b.events.closed.size() == 2; }));
    QVERIFY2(v4->established(), v4->closeReason().c_str());
    if (!v6->established()) QSKIP(qPrintable(QString("no IPv6 loopback: ") + v6->closeReason().c_str()));
    QVERIFY(runUntil(io_, [&] { return a.events.established.size() == 2; }));
    QCOMPARE(checked.size(), std::size_t(3));
    QCOMPARE(checked[1].address.toString(), std::string("127.0.0.1"));
    QCOMPARE(checked[2].address.toString(), std::string("::1"));
    QCOMPARE(v6->remote().toString(), "[::1]:" + std::to_string(a.listener->port()));
    v4->close();
    v6->close();
  }

  void closingCancelsTheProofOfWork() {
    // The acceptor asks for 24 bits (seconds of work); the opener closes while searching, and its
    // only worker is free again at once.
    WorkerPool single(1, 4);
    LinkOptions hard = testOptions();
    hard.proofOfWorkBits = 24;
    TestNode a(io_, pool_, kConsensus, hard);
    a.listen();
    LinkConfig opener(NodeIdentity::generate(), kConsensus);
    opener.options = testOptions();
    opener.proofOfWorkPool = &single;
    auto recorder = std::make_shared<Recorder>();
    Recorder& events = *recorder;
    auto link = Link::connect(io_, opener, loopback(a.listener->port()), events.events());
    // The welcome arrived and the search started once the acceptor waits for the proof.
    QVERIFY(runUntil(io_, [&] { return link->stats().bytesIn > 0; }));
    QVERIFY(runUntil(io_, [&] { return single.queued() == 0; }));
    link->close("changed our mind");
    const auto closedAt = Clock::now();
    std::promise<void> ran;
    QVERIFY(single.tryPost([&ran] { ran.set_value(); }));
    QVERIFY(ran.get_future().wait_for(2s) == std::future_status::ready);
    qInfo("worker free %.1f ms after the close", std::chrono::duration<double, std::milli>(Clock::now() - closedAt).count());
    QVERIFY(runUntil(io_, [&] { return events.wasClosed(link) && !a.events.closed.empty(); }));
    QVERIFY(events.violations.empty());
  }

  // ---- figures ----

  void measureHandshake() {
    // Default difficulty (18 bits): what an opener pays against what the acceptor spends.
    LinkOptions defaults;
    TestNode a(io_, pool_, kConsensus, defaults);
    a.listen();
    constexpr int kRounds = 32;
    std::chrono::duration<double, std::milli> openerWall{}, openerCpu{}, acceptorCpu{};
    for (int i = 0; i < kRounds; ++i) {
      TestNode b(io_, pool_, kConsensus, defaults);
      auto link = b.dial(a);
      QVERIFY(runUntil(io_, [&] { return !b.events.established.empty() && a.events.established.size() == std::size_t(i + 1); }, 60s));
      openerWall += link->stats().handshakeTime;
      openerCpu += link->stats().handshakeCpuTime;
      acceptorCpu += a.events.established.back()->stats().handshakeCpuTime;
      link->close();
    }
    qInfo("handshake at %u bits, mean of %d: opener %.1f ms wall (%.1f ms CPU, mostly proof of work), "
          "acceptor %.3f ms CPU",
          unsigned(kDefaultProofOfWorkBits), kRounds, openerWall.count() / kRounds, openerCpu.count() / kRounds,
          acceptorCpu.count() / kRounds);
  }
};

QTEST_GUILESS_MAIN(P2pLinkTest)
#include "test_p2p_link.moc"
