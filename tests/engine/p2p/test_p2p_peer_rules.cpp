// Peer bookkeeping rules: the bounded sets that make relay happen once per peer, and reputation
// with escalating bans.
#include <QTest>

#include "p2p/known_ids.hpp"
#include "p2p/peer_reputation.hpp"

using namespace otedama;
using namespace otedama::p2p;
using namespace std::chrono_literals;

namespace {

Hash32 id(unsigned n) {
  Hash32 hash{};
  hash[0] = static_cast<std::uint8_t>(n);
  hash[1] = static_cast<std::uint8_t>(n >> 8);
  return hash;
}

}  // namespace

class P2pPeerRulesTest : public QObject {
  Q_OBJECT

 private slots:
  void knownIdsForgetTheOldestFirst() {
    KnownIds known(3);
    QVERIFY(known.insert(id(1)));
    QVERIFY(!known.insert(id(1)));  // relayed once
    QVERIFY(known.insert(id(2)));
    QVERIFY(known.insert(id(3)));
    QVERIFY(known.insert(id(4)));
    QCOMPARE(known.size(), std::size_t(3));
    QVERIFY(!known.contains(id(1)));
    QVERIFY(known.contains(id(4)));
    for (unsigned n = 0; n < 10000; ++n) known.insert(id(n));
    QCOMPARE(known.size(), std::size_t(3));
  }

  void misbehaviourLeadsToEscalatingBans() {
    const auto start = PeerReputation::Clock::now();
    PeerReputation peer({}, start);
    for (int i = 0; i < 150; ++i) peer.validShare();
    QCOMPARE(peer.score(), 100);  // capped: good behaviour cannot buy unlimited misbehaviour
    QVERIFY(!peer.misbehaved(Misbehavior::InvalidShare));
    QVERIFY(!peer.misbehaved(Misbehavior::Flood));
    QVERIFY(!peer.misbehaved(Misbehavior::InvalidShare));
    QVERIFY(!peer.misbehaved(Misbehavior::InvalidShare));
    QVERIFY(!peer.misbehaved(Misbehavior::SlowReader));
    const auto firstBan = peer.misbehaved(Misbehavior::Malformed);
    QVERIFY(firstBan.has_value());
    QCOMPARE(*firstBan, std::chrono::seconds(1h));
    QCOMPARE(peer.invalidShares(), std::uint64_t(3));
    const auto secondBan = peer.misbehaved(Misbehavior::Malformed);
    QVERIFY(secondBan.has_value());
    QCOMPARE(*secondBan, std::chrono::seconds(4h));
    for (int i = 0; i < 5; ++i) peer.misbehaved(Misbehavior::HandshakeFailed);
    QCOMPARE(*peer.misbehaved(Misbehavior::HandshakeFailed), std::chrono::seconds(24h * 7));  // capped
    QCOMPARE(peer.uptime(start + 90s), std::chrono::seconds(90));
  }

  void displayReflectsScoreAndLatency() {
    PeerReputation fresh;
    QCOMPARE(fresh.display(), 0.5);
    PeerReputation good;
    for (int i = 0; i < 100; ++i) good.validShare();
    QCOMPARE(good.display(), 1.0);
    good.latency(2000ms);
    QVERIFY(good.display() < 0.8 && good.display() >= 0.75);
    good.latency(0ms);
    QVERIFY(good.smoothedLatency().value() < 2000ms);  // smoothed, not replaced
  }
};

QTEST_APPLESS_MAIN(P2pPeerRulesTest)
#include "test_p2p_peer_rules.moc"
