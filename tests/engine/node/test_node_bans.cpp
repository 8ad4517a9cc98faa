// Banning and unbanning a peer through the node, as the desktop app's Peers page does: two real
// nodes on loopback (free ports, temporary folders, no blockchain node reachable: they still link
// up over P2P). A ban by the peer's id from the snapshot drops it from the peers, lists it in the
// snapshot's bans, keeps it out, and survives a restart (the store); an unban lifts it and the
// two link again. Bad ids, unknown subjects and calls on a node that does not run give their
// messages; a call from an event handler (the engine thread) answers without waiting on itself.
// Waits are conditions with deadlines, never fixed sleeps.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "free_port.hpp"
#include "node/node.hpp"

using namespace otedama;
using namespace std::chrono_literals;

namespace {

node::Config nodeConfig(const QTemporaryDir& dir, std::vector<node::HostPort> bootstrap = {}) {
  node::Config config;
  config.blockchain = "litecoin";
  config.network = chain::Network::Testnet;
  config.blockchainPort = 1;  // nothing listens there: the node runs and says the chain is unreachable
  config.blockchainUsername = "nobody";
  config.stratumBind = "127.0.0.1";
  config.p2pBind = "127.0.0.1";
  config.stratumPort = test::freeLoopbackPort();
  config.p2pPort = test::freeLoopbackPort();
  config.apiPort = test::freeLoopbackPort();
  config.bootstrapNodes = std::move(bootstrap);
  config.algorithm.threads = 1;
  config.dataDir = std::filesystem::path(dir.path().toStdString()) / "data";
  return config;
}

bool hasPeer(const node::NodeSnapshot& snapshot, const std::string& nodeId) {
  return std::any_of(snapshot.peers.begin(), snapshot.peers.end(),
                     [&](const node::PeerSummary& peer) { return peer.nodeId == nodeId; });
}

std::optional<node::BanSummary> banOn(const node::NodeSnapshot& snapshot, const std::string& subject) {
  for (const node::BanSummary& ban : snapshot.bans) {
    if (ban.subject == subject) return ban;
  }
  return std::nullopt;
}

bool linked(const node::Node& a, const node::Node& b) {
  const node::NodeSnapshot sa = a.snapshot(), sb = b.snapshot();
  return hasPeer(sa, sb.nodeId) && hasPeer(sb, sa.nodeId);
}

// Whether `holds` stays true while the node's snapshot time moves on by `seconds` (its 1 Hz
// refresh): a condition with a deadline rather than a sleep.
bool holdsFor(const node::Node& node, std::int64_t seconds, const std::function<bool()>& holds) {
  const std::int64_t from = node.snapshot().time;
  bool kept = true;
  const bool waited = QTest::qWaitFor([&] {
    kept = kept && holds();
    return node.snapshot().time >= from + seconds;
  }, static_cast<int>(seconds + 10) * 1000);
  return waited && kept;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

}  // namespace

class NodeBansTest : public QObject {
  Q_OBJECT

 private slots:
  void banAndUnbanAPeerThroughTheNode() {
    QTemporaryDir dirA, dirB;
    QVERIFY(dirA.isValid() && dirB.isValid());
    const node::Config configA = nodeConfig(dirA);
    auto a = std::make_unique<node::Node>(configA);
    a->start();
    node::Node b(nodeConfig(dirB, {node::HostPort{"127.0.0.1", configA.p2pPort}}));
    b.start();
    QTRY_VERIFY_WITH_TIMEOUT(linked(*a, b), 30'000);

    // The id as the Peers page has it: from the snapshot's peers.
    const node::NodeSnapshot before = a->snapshot();
    QCOMPARE(before.peers.size(), std::size_t(1));
    const std::string peerId = before.peers[0].nodeId;
    QCOMPARE(peerId, b.snapshot().nodeId);
    QVERIFY(before.bans.empty());

    const node::CommandResult banned = a->banPeer(peerId, 1h);
    QVERIFY2(banned.ok, banned.error.c_str());
    QVERIFY(banned.error.empty());
    // The ban shows at once; the peer leaves when its link has closed.
    const std::optional<node::BanSummary> ban = banOn(a->snapshot(), peerId);
    QVERIFY(ban.has_value());
    QCOMPARE(ban->reason, std::string("banned by this node's owner"));
    QCOMPARE(ban->until - ban->since, std::int64_t(3600));
    QVERIFY(std::abs(ban->since - a->snapshot().time) <= 5);
    QCOMPARE(a->snapshot().bans.size(), std::size_t(1));  // the node only: its address is loopback
    QTRY_VERIFY_WITH_TIMEOUT(!hasPeer(a->snapshot(), peerId) && !hasPeer(b.snapshot(), before.nodeId), 10'000);

    // It keeps dialing us (we are its bootstrap node) and stays out, over several snapshots.
    QVERIFY(holdsFor(*a, 3, [&] { return !hasPeer(a->snapshot(), peerId) && !hasPeer(b.snapshot(), before.nodeId); }));

    // Kept in the store: back after a restart, and still in force. A command from an event
    // handler runs on the engine thread without waiting on itself.
    a->stop();
    QVERIFY(!a->running());
    a = std::make_unique<node::Node>(configA);
    std::mutex answerMutex;
    std::optional<node::CommandResult> fromHandler;
    node::Node* restarted = a.get();
    a->setEventHandler([&, restarted](const node::NodeEvent& event) {
      if (event.kind != node::NodeEventKind::Started) return;
      node::CommandResult answer = restarted->unbanPeer("192.0.2.1");
      std::lock_guard lock(answerMutex);
      fromHandler = std::move(answer);
    });
    a->start();
    QTRY_VERIFY_WITH_TIMEOUT(a->snapshot().running, 10'000);  // the first snapshot is taken on the engine thread
    QCOMPARE(a->snapshot().nodeId, before.nodeId);
    const std::optional<node::BanSummary> kept = banOn(a->snapshot(), peerId);
    QVERIFY(kept.has_value());
    QCOMPARE(kept->until, ban->until);
    QCOMPARE(kept->reason, ban->reason);
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                               std::lock_guard lock(answerMutex);
                               return fromHandler.has_value();
                             }()),
                             10'000);
    {
      std::lock_guard lock(answerMutex);
      QVERIFY(!fromHandler->ok);
      QCOMPARE(fromHandler->error, std::string("there is no ban on '192.0.2.1'"));
    }
    QVERIFY(holdsFor(*a, 2, [&] { return !hasPeer(a->snapshot(), peerId) && !hasPeer(b.snapshot(), before.nodeId); }));

    // What is refused, and why.
    const auto refused = [&](const node::CommandResult& result, const std::string& words) {
      return !result.ok && result.error.find(words) != std::string::npos;
    };
    QVERIFY(refused(a->banPeer("xyz", 1h), "'xyz' is not a node id (64 hex digits)"));
    QVERIFY(refused(a->banPeer(peerId.substr(1), 1h), "is not a node id"));
    QVERIFY(refused(a->banPeer(std::string(63, 'a') + "g", 1h), "is not a node id"));
    QVERIFY(refused(a->banPeer(before.nodeId, 1h), "that is this node's own id"));
    QVERIFY(refused(a->banPeer(std::string(64, 'a'), 0s), "a ban must last at least a second"));
    QVERIFY(refused(a->unbanPeer("10.9.9.9"), "there is no ban on '10.9.9.9'"));
    QVERIFY(refused(a->unbanPeer(""), "there is no ban on ''"));
    QCOMPARE(a->snapshot().bans.size(), std::size_t(1));

    // Lifted (the subject in any case): gone from the bans at once, and the two link again. Its
    // own dials to us may be backing off by now; ours to it go out on the next tick.
    const node::CommandResult lifted = a->unbanPeer(upper(peerId));
    QVERIFY2(lifted.ok, lifted.error.c_str());
    QVERIFY(a->snapshot().bans.empty());
    QVERIFY(refused(a->unbanPeer(peerId), "there is no ban on"));
    QTRY_VERIFY_WITH_TIMEOUT(linked(*a, b), 60'000);

    // Not running: stopped, and never started.
    a->stop();
    QVERIFY(refused(a->banPeer(peerId, 1h), "the node is not running"));
    QVERIFY(refused(a->unbanPeer(peerId), "the node is not running"));
    b.stop();

    // The lift was saved too: the next start has no ban.
    node::Node again(configA);
    QVERIFY(refused(again.banPeer(peerId, 1h), "the node is not running"));
    again.start();
    QTRY_VERIFY_WITH_TIMEOUT(again.snapshot().running, 10'000);
    QVERIFY(again.snapshot().bans.empty());
    again.stop();
  }
};

QTEST_GUILESS_MAIN(NodeBansTest)
#include "test_node_bans.moc"
