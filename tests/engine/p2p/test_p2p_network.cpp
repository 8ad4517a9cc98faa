// The peer-to-peer network end to end on loopback: several P2pNetwork instances in one process,
// each with its own share chain (SHA-256d at trivial targets), all on the test thread's
// io_context. Five nodes that know one bootstrap node find each other and link up; peer limits
// hold (per IP with loopback counted, inbound slots); a share found on one node reaches every best
// chain within a second and all agree on the tip and the PPLNS window, with confirmations counted;
// sends our own pacing holds back go out later, in order; a network cut in two mines on both
// sides and converges on the heavier side when healed (the losing side reports its reorg); a
// restarted node and a new empty one catch up by sync, and by anchoring on a peer's history when
// everyone pruned what they had; hostile peers (another consensus, garbage
// bytes, invalid shares, a forged verdict, message floods) are refused, scored and banned while
// the honest ones keep relaying; bans saved by the node come back at the next start; the node's
// owner bans a linked peer by id (its link closes, its dials are refused until the ban is lifted)
// and a hostile client with its address. Waits are conditions with deadlines, never fixed sleeps.
#include <QTest>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "independent_pplns.hpp"
#include "p2p_test_support.hpp"
#include "p2p/frame_codec.hpp"
#include "p2p/handshake.hpp"
#include "p2p/p2p_network.hpp"
#include "p2p/secure_channel.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

using namespace otedama;
using namespace otedama::p2p;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using sharechain::Share;
using sharechain::ShareChain;

namespace {

constexpr std::uint8_t kTestBits = 10;  // link proof of work: quick under the sanitizers too
constexpr unsigned kWindow = 30;

bool runUntil(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout = 20s) {
  return test::runIoUntil(io, done, timeout);
}

const pow::Algorithm& sha256d() {
  static const std::unique_ptr<pow::Algorithm> algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
  return *algorithm;
}

// Every timer short, so a test sees in seconds what takes minutes on a real network.
P2pNetworkOptions testOptions(std::vector<std::string> bootstrap = {}) {
  P2pNetworkOptions options;
  options.listenAddress = "127.0.0.1";
  options.listenPort = 0;
  options.bootstrapNodes = std::move(bootstrap);
  options.software = "otedama-test/1";
  options.maintenanceInterval = 100ms;
  options.statusInterval = 2s;
  options.tipStatusInterval = 500ms;
  options.peersExchangeInterval = 10s;
  options.sendRetryInterval = 50ms;
  options.syncTimeout = 3s;
  options.dialBackoff = 200ms;
  options.maxDialBackoff = 1s;
  options.link.proofOfWorkBits = kTestBits;
  options.listener.maxHandshakingPerIp = 64;
  options.discoveryTuning.refreshInterval = 200ms;
  options.discoveryTuning.requestTimeout = 300ms;
  options.discoveryTuning.packetsPerSecond = 2000;
  options.discoveryTuning.packetBurst = 2000;
  return options;
}

// One node: its share chain, a miner for it, its network and what the network told it.
struct TestNode {
  TestNode(asio::io_context& ioContext, unsigned miner, unsigned window = kWindow)
      : io(ioContext), chain(test::testShareParams(window), sha256d()), factory(chain), minerNumber(miner) {}
  ~TestNode() { net.reset(); }
  TestNode(const TestNode&) = delete;
  TestNode& operator=(const TestNode&) = delete;

  void startNetwork(P2pNetworkOptions options) {
    P2pNetworkCallbacks callbacks;
    callbacks.insertShare = [this](Share share, const sharechain::InsertOptions& insertOptions) {
      sharechain::InsertResult result = chain.insert(std::move(share), insertOptions);
      if (pruning) chain.prune();
      return result;
    };
    callbacks.anchorShares = [this](std::vector<Share> history, const sharechain::InsertOptions& insertOptions) {
      sharechain::InsertResult result = chain.anchor(std::move(history), insertOptions);
      ++anchors;
      if (pruning) chain.prune();
      return result;
    };
    callbacks.onTipChanged = [this](const sharechain::TipChange& change) { tipChanges.push_back(change); };
    callbacks.onBan = [this](const PeerBan& ban) { savedBans.push_back(ban); };
    callbacks.onTemplateUpdate = [this](const NodeId& from, const TemplateInfo& info) { templates.emplace_back(from, info); };
    net = std::make_unique<P2pNetwork>(io, identity, chain, std::move(options), std::move(callbacks));
    net->start();
  }

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(net->port()); }

  // A share found by this node's miner on its tip: inserted, then announced (as the node does).
  Hash32 mine() {
    const std::uint64_t now = static_cast<std::uint64_t>(unixSeconds());
    const Share share = factory.make(test::minerScript(minerNumber), now);
    const sharechain::InsertResult result = chain.insert(share, test::at(now));
    if (result.first().status != sharechain::InsertStatus::Added) qWarning("own share not added: %s", result.first().detail.c_str());
    if (result.tipChange) tipChanges.push_back(*result.tipChange);
    if (pruning) chain.prune();
    net->announce(share);
    return result.first().id;
  }

  bool onBest(const Hash32& id) const {
    const sharechain::ShareEntry* entry = chain.find(id);
    return entry && entry->onBestChain;
  }
  Hash32 tip() const { return chain.tip() ? chain.tip()->id : Hash32{}; }
  std::size_t peerCount() const { return net ? net->peers().size() : 0; }
  bool linkedTo(const TestNode& other) const {
    const std::string id = toHex(other.identity.id());
    for (const PeerInfo& peer : net->peers()) {
      if (peer.nodeId == id) return true;
    }
    return false;
  }

  asio::io_context& io;
  NodeIdentity identity = NodeIdentity::generate();
  ShareChain chain;
  test::ShareFactory factory;
  unsigned minerNumber;
  std::unique_ptr<P2pNetwork> net;
  bool pruning = false;  // prune after every insert, as the node does
  std::size_t anchors = 0;
  std::vector<sharechain::TipChange> tipChanges;
  std::vector<PeerBan> savedBans;
  std::vector<std::pair<NodeId, TemplateInfo>> templates;
};

using Nodes = std::vector<std::unique_ptr<TestNode>>;

// Whether every running node can reach every other over established links.
bool connected(const Nodes& nodes) {
  std::vector<const P2pNetwork*> running;
  for (const auto& node : nodes) {
    if (node->net) running.push_back(node->net.get());
  }
  return test::networksConnected(running);
}

bool everyoneHas(const Nodes& nodes, const Hash32& id) {
  return std::all_of(nodes.begin(), nodes.end(), [&](const auto& node) { return !node->net || node->onBest(id); });
}

bool sameTip(const Nodes& nodes, const std::vector<std::size_t>& which) {
  for (std::size_t i : which) {
    if (nodes[i]->tip() != nodes[which.front()]->tip()) return false;
  }
  return true;
}

std::string describe(const Nodes& nodes) {
  std::string text;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i]->net) continue;
    const P2pNetworkStats stats = nodes[i]->net->stats();
    text += "[node " + std::to_string(i) + ": " + std::to_string(stats.peers) + " peers, " +
            std::to_string(stats.dialing) + " dialing, " + std::to_string(stats.candidates) + " candidates, height " +
            std::to_string(nodes[i]->chain.tip() ? nodes[i]->chain.tip()->height() : 0) + ", tip " +
            toHex(ByteSpan(nodes[i]->tip()).first(4)) + "] ";
  }
  return text;
}

}  // namespace

class P2pNetworkTest : public QObject {
  Q_OBJECT

 private:
  asio::io_context io_;

  // n nodes; all but the first know only the first (its host:port, for discovery and links).
  Nodes startNodes(std::size_t count, const std::function<void(std::size_t, P2pNetworkOptions&)>& tune = {}) {
    Nodes nodes;
    for (std::size_t i = 0; i < count; ++i) {
      nodes.push_back(std::make_unique<TestNode>(io_, static_cast<unsigned>(i)));
      std::vector<std::string> bootstrap;
      if (i > 0) bootstrap.push_back(nodes[0]->endpoint());
      P2pNetworkOptions options = testOptions(bootstrap);
      if (tune) tune(i, options);
      nodes.back()->startNetwork(std::move(options));
    }
    return nodes;
  }

  bool formed(const Nodes& nodes, std::size_t minPeers = 2) {
    const bool ok = runUntil(io_, [&] {
      for (const auto& node : nodes) {
        if (node->net && node->peerCount() < minPeers) return false;
      }
      return connected(nodes);
    }, 30s);
    if (!ok) qWarning("network not formed: %s", describe(nodes).c_str());
    return ok;
  }

  // Mines on `miner` and waits until every running node has the share on its best chain.
  bool mineAndSpread(Nodes& nodes, std::size_t miner, std::chrono::milliseconds limit,
                     std::chrono::microseconds* took = nullptr) {
    const auto start = Clock::now();
    const Hash32 id = nodes[miner]->mine();
    const bool ok = runUntil(io_, [&] { return everyoneHas(nodes, id); }, limit);
    if (took) *took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    if (!ok) qWarning("share from node %zu did not spread: %s", miner, describe(nodes).c_str());
    return ok;
  }

  void settle() {
    // Closed links and sockets finish their handlers before the next test.
    io_.restart();
    io_.run_for(100ms);
  }

 private slots:
  void cleanup() { settle(); }

  // ---- the parts on their own ----

  void banList() {
    BanList bans(3);
    const NodeIdentity a = NodeIdentity::generate(), b = NodeIdentity::generate();
    const PeerBan first = bans.banNode(a.id(), "flood", 1000, 60);
    QCOMPARE(first.subject, toHex(a.id()));
    QCOMPARE(first.until, std::int64_t(1060));
    QVERIFY(bans.banned(a.id(), 1059));
    QVERIFY(!bans.banned(a.id(), 1060));
    QVERIFY(!bans.banned(b.id(), 1000));
    // A repeat while banned never shortens the ban.
    QCOMPARE(bans.banNode(a.id(), "again", 1010, 10).until, std::int64_t(1060));
    QCOMPARE(bans.banNode(a.id(), "again", 1010, 100).until, std::int64_t(1110));

    // Addresses are banned by host: an IPv6 /64 as a whole.
    const PeerBan v6 = bans.banAddress(*parseNetAddress("2001:db8:1:2::5"), "garbage", 1000, 60);
    QCOMPARE(v6.subject, std::string("2001:db8:1:2::/64"));
    QVERIFY(bans.banned(*parseNetAddress("2001:db8:1:2:ffff::1"), 1001));
    QVERIFY(!bans.banned(*parseNetAddress("2001:db8:1:3::1"), 1001));
    const PeerBan v4 = bans.banAddress(*parseNetAddress("10.1.2.3"), "invalid shares", 1000, 30);
    QCOMPARE(v4.subject, std::string("10.1.2.3"));
    QVERIFY(!bans.banned(*parseNetAddress("10.1.2.4"), 1001));

    // Full: the ban closest to its end makes room.
    bans.banNode(b.id(), "x", 1000, 500);
    QCOMPARE(bans.size(), std::size_t(3));
    QVERIFY(!bans.banned(*parseNetAddress("10.1.2.3"), 1001));

    // Round trip through records, as the store keeps them; expired and unreadable ones skipped.
    std::vector<PeerBan> saved = bans.active(1001);
    saved.push_back({"not an address", "?", 0, 5000});
    saved.push_back({"10.9.9.9", "old", 0, 900});
    BanList loaded;
    const auto [ok, skipped] = loaded.load(saved, 1001);
    QCOMPARE(ok, std::size_t(3));
    QCOMPARE(skipped, std::size_t(2));
    QVERIFY(loaded.banned(a.id(), 1100));
    QVERIFY(loaded.banned(b.id(), 1400));
    QVERIFY(loaded.banned(*parseNetAddress("2001:db8:1:2::9"), 1050));
    QCOMPARE(loaded.expire(1065), std::size_t(1));
    QVERIFY(loaded.remove(toHex(b.id())));
    QVERIFY(!loaded.remove(toHex(b.id())));
    QCOMPARE(loaded.active(1065).size(), std::size_t(1));
  }

  void optionsAreChecked() {
    TestNode node(io_, 0);
    P2pNetworkCallbacks none;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, P2pNetwork(io_, node.identity, node.chain, testOptions(), none));
    P2pNetworkCallbacks callbacks;
    callbacks.insertShare = [&](Share share, const sharechain::InsertOptions& o) { return node.chain.insert(std::move(share), o); };
    P2pNetworkOptions bad = testOptions();
    bad.software = "tab\there";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, P2pNetwork(io_, node.identity, node.chain, bad, callbacks));
    bad = testOptions();
    bad.maintenanceInterval = 0ms;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, P2pNetwork(io_, node.identity, node.chain, bad, callbacks));
    bad = testOptions();
    bad.limits.maxPeers = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, P2pNetwork(io_, node.identity, node.chain, bad, callbacks));
  }

  // ---- the network ----

  void fiveNodesFormANetwork() {
    const auto started = Clock::now();
    Nodes nodes = startNodes(5);
    QVERIFY(formed(nodes));
    qInfo("five nodes linked up in %lld ms: %s",
          static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()),
          describe(nodes).c_str());
    // Nodes that knew only node 0 found others (discovery or peers:response).
    for (std::size_t i = 1; i < nodes.size(); ++i) {
      bool other = false;
      for (std::size_t j = 1; j < nodes.size(); ++j) other = other || (i != j && nodes[i]->linkedTo(*nodes[j]));
      QVERIFY2(other, ("node " + std::to_string(i) + " is linked to node 0 only").c_str());
    }
    // One link per pair of nodes, whoever dialed: the two ends agree.
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      for (std::size_t j = 0; j < nodes.size(); ++j) {
        if (i == j) continue;
        QVERIFY(runUntil(io_, [&] { return nodes[i]->linkedTo(*nodes[j]) == nodes[j]->linkedTo(*nodes[i]); }, 5s));
      }
      // Each peer told us about itself (peer:status comes first on every link).
      QVERIFY(runUntil(io_, [&] {
        for (const PeerInfo& peer : nodes[i]->net->peers()) {
          if (peer.software != "otedama-test/1" || peer.listenPort == 0) return false;
        }
        return true;
      }, 5s));
      std::set<std::string> ids;
      for (const PeerInfo& peer : nodes[i]->net->peers()) QVERIFY(ids.insert(peer.nodeId).second);
    }
    // The snapshot the UI shows: latency measured, reputation sane, the handshake timed.
    QVERIFY(runUntil(io_, [&] {
      for (const PeerInfo& peer : nodes[0]->net->peers()) {
        if (!peer.latencyMs) return false;
      }
      return true;
    }, 5s));
    for (const PeerInfo& peer : nodes[0]->net->peers()) {
      QVERIFY(*peer.latencyMs < 1000);
      QVERIFY(peer.reputation > 0 && peer.reputation <= 1);
      QVERIFY(peer.handshakeMs > 0);
      QVERIFY(peer.bytesIn > 0 && peer.bytesOut > 0);
    }
    const P2pNetworkStats stats = nodes[0]->net->stats();
    QCOMPARE(stats.peers, nodes[0]->peerCount());
    QCOMPARE(stats.inbound + stats.outbound, stats.peers);
    QCOMPARE(stats.violations, std::uint64_t(0));
    // What the node would save for the next start.
    QVERIFY(nodes[0]->net->knownPeers().size() >= 2);
  }

  void peerLimitsAreKept() {
    // Node 0 counts loopback like any address and takes at most 2 links per IP; node 1 takes 3
    // peers, of which at most 2 inbound (one slot is kept for its own dial). Everyone else wants
    // a link to everyone.
    Nodes nodes = startNodes(6, [](std::size_t i, P2pNetworkOptions& options) {
      if (i == 0) {
        options.limits.exemptLoopback = false;
        options.limits.maxPerIp = 2;
        options.limits.inboundConnections = RateLimit{100, 100};
      } else if (i == 1) {
        options.limits.maxPeers = 3;
        options.limits.outboundPeers = 2;
      }
    });
    bool kept = true;
    QVERIFY2(runUntil(io_, [&] {
      const P2pNetworkStats zero = nodes[0]->net->stats(), one = nodes[1]->net->stats();
      kept = kept && zero.peers <= 2 && one.peers <= 3 && one.inbound <= 2;
      return zero.refusedConnections > 0 && one.refusedConnections > 0 && connected(nodes) && one.peers >= 2;
    }, 30s), describe(nodes).c_str());
    QVERIFY(kept);
    QVERIFY(mineAndSpread(nodes, 5, 2s));
  }

  void sharesReachEveryNodeWithinASecond() {
    Nodes nodes = startNodes(5);
    QVERIFY(formed(nodes));
    std::vector<std::chrono::microseconds> times;
    std::vector<Hash32> mined;
    for (std::size_t i = 0; i < 15; ++i) {
      std::chrono::microseconds took{};
      const std::size_t miner = (i * 3) % nodes.size();
      QVERIFY(mineAndSpread(nodes, miner, 1s, &took));
      times.push_back(took);
      mined.push_back(nodes[miner]->tip());
    }
    std::sort(times.begin(), times.end());
    qInfo("a share on every best chain of five nodes: median %.2f ms, slowest %.2f ms", times[times.size() / 2].count() / 1000.0,
          times.back().count() / 1000.0);
    QVERIFY(sameTip(nodes, {0, 1, 2, 3, 4}));
    // The same PPLNS window everywhere, and the one computed from scratch.
    const auto expected = test::independentWindow(nodes[0]->chain, nodes[0]->tip());
    for (const auto& node : nodes) {
      QVERIFY(node->chain.window().inPayoutOrder() == nodes[0]->chain.window().inPayoutOrder());
      const std::string difference = test::compareWindow(node->chain.window(), expected);
      QVERIFY2(difference.empty(), difference.c_str());
      QCOMPARE(node->chain.orphanCount(), std::size_t(0));
    }
    // Every peer of the finder confirmed its share with a signed verdict.
    const Hash32 last = mined.back();
    const std::size_t finder = (14 * 3) % nodes.size();
    QVERIFY(runUntil(io_, [&] { return nodes[finder]->net->confirmations(last) == nodes[finder]->peerCount(); }, 5s));
    QCOMPARE(nodes[finder]->net->confirmations(Hash32{}), std::size_t(0));
    for (const p2p::PeerInfo& peer : nodes[finder]->net->peers()) QVERIFY(peer.sharesConfirmed >= 1);
    // Each share crossed each link about once: relays stay near shares x links, not x peers^2.
    std::uint64_t relayed = 0, links = 0;
    for (const auto& node : nodes) {
      relayed += node->net->stats().sharesRelayed;
      links += node->peerCount();
    }
    qInfo("%llu share:submit sent over %llu link ends for 15 shares",
          static_cast<unsigned long long>(relayed), static_cast<unsigned long long>(links));
    QVERIFY(relayed <= 15 * links);
    for (const auto& node : nodes) QCOMPARE(node->net->stats().sharesRefused, std::uint64_t(0));

    // Templates: one node's change reaches its peers through the callback.
    TemplateInfo info;
    info.previousBlockHash.fill(0x42);
    info.height = 1234;
    info.coinbaseValue = 5'000'000'000;
    nodes[2]->net->setTemplate(info);
    QVERIFY(runUntil(io_, [&] {
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (i == 2 || !nodes[i]->linkedTo(*nodes[2])) continue;
        const auto& got = nodes[i]->templates;
        if (std::none_of(got.begin(), got.end(), [&](const auto& t) { return t.first == nodes[2]->identity.id() && t.second == info; })) return false;
      }
      return true;
    }, 5s));
    for (const PeerInfo& peer : nodes[0]->net->peers()) {
      if (peer.nodeId == toHex(nodes[2]->identity.id())) QCOMPARE(peer.parentHeight, info.height);
    }
  }

  void sendsHeldBackByPacingGoOutInOrder() {
    // Tight limits on share:submit and verdicts: a burst of shares is more than our pacing lets
    // through at once; the rest waits its turn instead of flooding the peer.
    const auto tight = [](std::size_t, P2pNetworkOptions& options) {
      options.link.receiveLimits[MessageType::ShareSubmit] = RateLimit{20, 2};
      options.link.receiveLimits[MessageType::ShareVerification] = RateLimit{20, 2};
    };
    Nodes nodes = startNodes(2, tight);
    QVERIFY(formed(nodes, 1));
    std::vector<Hash32> burst;
    for (int i = 0; i < 8; ++i) burst.push_back(nodes[0]->mine());
    QVERIFY(runUntil(io_, [&] { return everyoneHas(nodes, burst.back()); }, 5s));
    for (const Hash32& id : burst) QVERIFY(nodes[1]->onBest(id));
    QVERIFY(nodes[0]->net->stats().messagesHeldBack > 0);
    QCOMPARE(nodes[0]->net->stats().messagesDropped, std::uint64_t(0));
    QCOMPARE(nodes[1]->chain.orphanCount(), std::size_t(0));  // in order: never a child first
    for (const auto& node : nodes) QCOMPARE(node->net->stats().violations, std::uint64_t(0));
    // Every share came by relay, so the peer's verdict on each comes back.
    QVERIFY(runUntil(io_, [&] {
      return std::all_of(burst.begin(), burst.end(), [&](const Hash32& id) { return nodes[0]->net->confirmations(id) == 1; });
    }, 5s));
  }

  void aPartitionedNetworkConvergesOnTheHeavierSide() {
    Nodes nodes = startNodes(5);
    QVERIFY(formed(nodes));
    for (std::size_t i = 0; i < 3; ++i) QVERIFY(mineAndSpread(nodes, i, 2s));

    // Cut: {0, 1, 2} and {3, 4}.
    std::map<NodeId, int> group;
    for (std::size_t i = 0; i < nodes.size(); ++i) group[nodes[i]->identity.id()] = i < 3 ? 0 : 1;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const int mine = i < 3 ? 0 : 1;
      nodes[i]->net->setPeerFilter([group, mine](const NodeId& id) {
        const auto it = group.find(id);
        return it == group.end() || it->second == mine;
      });
    }
    QVERIFY2(runUntil(io_, [&] {
      for (std::size_t i = 0; i < 3; ++i) {
        if (nodes[i]->linkedTo(*nodes[3]) || nodes[i]->linkedTo(*nodes[4])) return false;
      }
      return nodes[3]->linkedTo(*nodes[4]) && nodes[0]->linkedTo(*nodes[1]) && nodes[1]->linkedTo(*nodes[2]);
    }, 20s), describe(nodes).c_str());

    // Both sides mine: four shares against two.
    const std::size_t reorgsBefore3 = nodes[3]->tipChanges.size();
    std::vector<Hash32> small;
    for (std::size_t i = 0; i < 2; ++i) {
      small.push_back(nodes[3 + i]->mine());
      QVERIFY(runUntil(io_, [&] { return nodes[3]->onBest(small.back()) && nodes[4]->onBest(small.back()); }, 5s));
    }
    for (std::size_t i = 0; i < 4; ++i) {
      const Hash32 id = nodes[i % 3]->mine();
      QVERIFY(runUntil(io_, [&] { return nodes[0]->onBest(id) && nodes[1]->onBest(id) && nodes[2]->onBest(id); }, 5s));
    }
    QVERIFY(sameTip(nodes, {0, 1, 2}));
    QVERIFY(sameTip(nodes, {3, 4}));
    QVERIFY(nodes[0]->tip() != nodes[3]->tip());
    QVERIFY(nodes[0]->chain.tip()->share.data.cumulativeWork > nodes[3]->chain.tip()->share.data.cumulativeWork);
    const Hash32 heavier = nodes[0]->tip();

    // Heal: everyone ends on the heavier chain, and the small side reports its reorg.
    for (const auto& node : nodes) node->net->setPeerFilter({});
    QVERIFY2(runUntil(io_, [&] { return sameTip(nodes, {0, 1, 2, 3, 4}); }, 20s), describe(nodes).c_str());
    QCOMPARE(nodes[3]->tip(), heavier);
    for (std::size_t i = 3; i < 5; ++i) {
      const auto& changes = nodes[i]->tipChanges;
      const auto reorg = std::find_if(changes.begin() + static_cast<std::ptrdiff_t>(i == 3 ? reorgsBefore3 : 0),
                                      changes.end(), [](const auto& c) { return c.isReorg(); });
      QVERIFY2(reorg != changes.end(), ("node " + std::to_string(i) + " reported no reorg").c_str());
      QCOMPARE(reorg->left.front(), small.back());  // tip first
      QCOMPARE(reorg->left.size(), small.size());
      QVERIFY(!nodes[i]->onBest(small.front()));
    }
    QVERIFY(formed(nodes));
    const auto expected = test::independentWindow(nodes[0]->chain, heavier);
    for (const auto& node : nodes) QVERIFY(test::compareWindow(node->chain.window(), expected).empty());
    // Nobody was punished for being on the other side.
    for (const auto& node : nodes) QCOMPARE(node->net->stats().bansIssued, std::uint64_t(0));
  }

  void aRestartedNodeCatchesUp() {
    Nodes nodes = startNodes(5);
    QVERIFY(formed(nodes));
    for (std::size_t i = 0; i < 3; ++i) QVERIFY(mineAndSpread(nodes, i, 2s));
    const std::uint64_t heightBefore = nodes[4]->chain.tip()->height();

    // Node 4 goes away; the others move on by more than one sync batch (64 shares).
    nodes[4]->net.reset();
    QVERIFY(runUntil(io_, [&] {
      for (std::size_t i = 0; i < 4; ++i) {
        if (nodes[i]->linkedTo(*nodes[4])) return false;
      }
      return true;
    }, 10s));
    for (std::size_t i = 0; i < 80; ++i) QVERIFY(mineAndSpread(nodes, i % 4, 2s));
    QCOMPARE(nodes[4]->chain.tip()->height(), heightBefore);

    // It comes back with what it had (same identity, a new port), and a new node with nothing.
    nodes[4]->startNetwork(testOptions({nodes[0]->endpoint()}));
    nodes.push_back(std::make_unique<TestNode>(io_, 5));
    nodes.back()->startNetwork(testOptions({nodes[1]->endpoint()}));
    const auto started = Clock::now();
    QVERIFY2(runUntil(io_, [&] { return sameTip(nodes, {0, 4, 5}); }, 30s), describe(nodes).c_str());
    qInfo("restarted node and new node caught up %llu shares in %lld ms",
          static_cast<unsigned long long>(nodes[0]->chain.tip()->height()),
          static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()));
    for (std::size_t i : {std::size_t(4), std::size_t(5)}) {
      QVERIFY(nodes[i]->net->stats().syncRequests >= 2);  // more than one batch
      QCOMPARE(nodes[i]->chain.orphanCount(), std::size_t(0));
      QVERIFY(test::compareWindow(nodes[i]->chain.window(), test::independentWindow(nodes[0]->chain, nodes[0]->tip())).empty());
    }
    // And it takes part again.
    QVERIFY(formed(nodes));
    QVERIFY(mineAndSpread(nodes, 5, 2s));
    QVERIFY(mineAndSpread(nodes, 4, 2s));
  }

  void nodesBehindPrunedPeersAnchorOnTheirHistory() {
    // Everyone prunes (a window of 30: 60 shares kept). Node 3 goes away while the others mine
    // more than two windows, so nothing it has is left anywhere; it (once its tip counts as
    // silent) and a new node with nothing get back in by anchoring on a peer's history, then
    // follow by locator and relay.
    Nodes nodes = startNodes(4);
    for (auto& node : nodes) node->pruning = true;
    QVERIFY(formed(nodes));
    for (std::size_t i = 0; i < 3; ++i) QVERIFY(mineAndSpread(nodes, i, 2s));
    const std::uint64_t heightBefore = nodes[3]->chain.tip()->height();
    nodes[3]->net.reset();
    QVERIFY(runUntil(io_, [&] {
      for (std::size_t i = 0; i < 3; ++i) {
        if (nodes[i]->linkedTo(*nodes[3])) return false;
      }
      return true;
    }, 10s));
    for (std::size_t i = 0; i < 2 * kWindow + 20; ++i) QVERIFY(mineAndSpread(nodes, i % 3, 2s));
    QVERIFY(nodes[0]->chain.oldestBest()->height() > heightBefore + 1);  // no overlap left

    // With its tip younger than two windows of share time (here: seconds old) it keeps its chain.
    nodes[3]->startNetwork(testOptions({nodes[0]->endpoint()}));
    QVERIFY(runUntil(io_, [&] {
      if (nodes[3]->net->stats().syncRequests == 0) return false;
      const auto peers = nodes[3]->net->peers();
      return std::none_of(peers.begin(), peers.end(), [](const PeerInfo& peer) { return peer.syncing; });
    }, 10s));
    QCOMPARE(nodes[3]->anchors, std::size_t(0));
    QCOMPARE(nodes[3]->chain.tip()->height(), heightBefore);
    nodes[3]->net.reset();

    // Silent long enough, it anchors; so does a new node with nothing. (Shares here are many a
    // second, so their timestamps run ahead of the clock: "long enough" is below zero.)
    P2pNetworkOptions returning = testOptions({nodes[0]->endpoint()});
    returning.anchorAfterSilence = -10min;
    nodes[3]->startNetwork(std::move(returning));
    nodes.push_back(std::make_unique<TestNode>(io_, 4));
    nodes.back()->pruning = true;
    nodes.back()->startNetwork(testOptions({nodes[1]->endpoint()}));
    const auto started = Clock::now();
    QVERIFY2(runUntil(io_, [&] { return sameTip(nodes, {0, 1, 2, 3, 4}); }, 30s), describe(nodes).c_str());
    qInfo("a returning node and a new node anchored and caught up to height %llu in %lld ms",
          static_cast<unsigned long long>(nodes[0]->chain.tip()->height()),
          static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()));
    for (std::size_t i : {std::size_t(3), std::size_t(4)}) {
      QVERIFY(nodes[i]->anchors >= 1);
      QCOMPARE(nodes[i]->chain.orphanCount(), std::size_t(0));
      QVERIFY(test::compareWindow(nodes[i]->chain.window(), test::independentWindow(nodes[0]->chain, nodes[0]->tip())).empty());
      QCOMPARE(nodes[i]->net->stats().bansIssued, std::uint64_t(0));
    }
    // Their shares are valid to the others (same retarget and payouts), and the others' to them.
    QVERIFY(formed(nodes));
    QVERIFY(mineAndSpread(nodes, 4, 2s));
    QVERIFY(mineAndSpread(nodes, 3, 2s));
    QVERIFY(mineAndSpread(nodes, 0, 2s));
    for (const auto& node : nodes) QCOMPARE(node->net->stats().bansIssued, std::uint64_t(0));
  }

  void hostilePeersAreRefusedOrBanned() {
    // A victim that may ban loopback addresses, with two honest peers; hostile clients come from
    // their own 127.0.0.x so that banning them does not touch the honest nodes on 127.0.0.1.
    Nodes nodes = startNodes(3, [](std::size_t i, P2pNetworkOptions& options) {
      if (i == 0) options.limits.banLoopback = true;
    });
    QVERIFY(formed(nodes));
    for (std::size_t i = 0; i < 3; ++i) QVERIFY(mineAndSpread(nodes, i, 1s));
    TestNode& victim = *nodes[0];
    const std::uint16_t port = victim.net->port();
    const Hash32 consensus = victim.chain.consensusId();

    // Another consensus (another share window): discovery never even hears of it, its dial is
    // refused in the handshake, and nobody is punished for it.
    {
      TestNode other(io_, 9, kWindow + 1);
      QVERIFY(other.chain.consensusId() != consensus);
      other.startNetwork(testOptions({victim.endpoint()}));
      const auto violationsBefore = victim.net->stats().violations;
      QVERIFY(runUntil(io_, [&] {
        return victim.net->stats().violations > violationsBefore && other.net->stats().dialFailures > 0;
      }, 10s));
      QCOMPARE(other.peerCount(), std::size_t(0));
      QVERIFY(!victim.linkedTo(other));
      QVERIFY(!victim.net->banned(*parseNetAddress("127.0.0.1")));
      QVERIFY(!victim.net->banned(other.identity.id()));
    }

    // Garbage bytes: a violation before any handshake, scored against the address: banned.
    {
      test::RawLinkClient garbage(io_, port, "127.0.0.2");
      garbage.write(Bytes(300, 0xee));
      QVERIFY(garbage.waitClosed(io_));
      QVERIFY(runUntil(io_, [&] { return victim.net->banned(*parseNetAddress("127.0.0.2")); }, 5s));
      test::RawLinkClient again(io_, port, "127.0.0.2");
      const auto refusal = again.nextFrame(io_);
      QVERIFY(refusal.has_value());
      QCOMPARE(decodeRefusal(*refusal).reason, RefusalReason::Banned);
    }

    // Invalid shares: each costs a third of the way to a ban; the third bans node and address,
    // the link closes, and the node cannot come back from another address either.
    const NodeIdentity liar = NodeIdentity::generate();
    {
      test::RawLinkClient client(io_, port, "127.0.0.3", liar);
      QVERIFY(client.handshake(io_, consensus));
      QVERIFY(runUntil(io_, [&] { return victim.net->peers().size() == 3; }, 5s));
      for (int i = 0; i < 3; ++i) {
        Share bad = victim.factory.make(test::minerScript(77), static_cast<std::uint64_t>(unixSeconds()));
        bad.data.height += 1;  // bad-height, and everything else sealed as if it were right
        victim.factory.resealWithChainPayouts(bad);
        client.send(ShareSubmit{sharechain::encodeShare(bad)});
        if (i < 2) {
          QVERIFY(runUntil(io_, [&] { return victim.net->score(liar.id()) == -34 * (i + 1); }, 5s));
        }
      }
      QVERIFY(client.waitClosed(io_));
      QVERIFY(victim.net->banned(liar.id()));
      QVERIFY(victim.net->banned(*parseNetAddress("127.0.0.3")));
      QCOMPARE(victim.net->stats().sharesRefused, std::uint64_t(3));
      QCOMPARE(victim.chain.tip()->height(), std::uint64_t(2));
      const auto bans = victim.net->bans();
      QVERIFY(std::any_of(bans.begin(), bans.end(), [&](const PeerBan& b) { return b.subject == toHex(liar.id()); }));
      QVERIFY(std::any_of(victim.savedBans.begin(), victim.savedBans.end(),
                          [&](const PeerBan& b) { return b.subject == toHex(liar.id()) && b.until > b.since; }));
    }
    {
      test::RawLinkClient back(io_, port, "127.0.0.4", liar);
      QVERIFY(!back.handshake(io_, consensus));
      QVERIFY(back.opener->failed());
      QCOMPARE(*back.opener->failure()->peerReason, RefusalReason::Banned);
    }

    // A share verdict whose signature does not verify: as bad as a garbled message.
    const NodeIdentity forger = NodeIdentity::generate();
    {
      const std::size_t confirmed = victim.net->confirmations(victim.tip());
      test::RawLinkClient client(io_, port, "127.0.0.6", forger);
      QVERIFY(client.handshake(io_, consensus));
      ShareVerification verdict{victim.tip(), true, 0, static_cast<std::uint64_t>(unixSeconds()), forger.publicKey(), {}};
      verdict.signature = forger.sign(verificationSigningBytes(verdict));
      verdict.signature[5] ^= 1;
      client.send(verdict);
      QVERIFY(client.waitClosed(io_));
      QVERIFY(victim.net->banned(forger.id()));
      QCOMPARE(victim.net->confirmations(victim.tip()), confirmed);
    }

    // A flood: closed at once; a second flood after reconnecting bans it.
    const NodeIdentity flooder = NodeIdentity::generate();
    for (int round = 0; round < 2; ++round) {
      test::RawLinkClient client(io_, port, "127.0.0.5", flooder);
      QVERIFY(client.handshake(io_, consensus));
      for (int i = 0; i < 10; ++i) client.send(PeersRequest{4});
      QVERIFY(client.waitClosed(io_));
      if (round == 0) {
        QVERIFY(runUntil(io_, [&] { return victim.net->score(flooder.id()) == -50; }, 5s));
        QVERIFY(!victim.net->banned(flooder.id()));
      }
    }
    QVERIFY(runUntil(io_, [&] { return victim.net->banned(flooder.id()); }, 5s));

    // Meanwhile the honest nodes kept their links and keep relaying.
    QVERIFY(victim.linkedTo(*nodes[1]) && victim.linkedTo(*nodes[2]));
    for (std::size_t i = 0; i < 3; ++i) QVERIFY(mineAndSpread(nodes, i, 1s));
    QVERIFY(!victim.net->banned(nodes[1]->identity.id()) && !victim.net->banned(nodes[2]->identity.id()));
    QVERIFY(victim.net->stats().bansIssued >= 3);

    // Bans saved by the node are loaded at the next start.
    TestNode restarted(io_, 10);
    P2pNetworkOptions options = testOptions();
    options.bans = victim.savedBans;
    options.limits.banLoopback = true;
    restarted.startNetwork(options);
    QVERIFY(restarted.net->banned(liar.id()));
    QVERIFY(restarted.net->banned(flooder.id()));
    QVERIFY(restarted.net->banned(*parseNetAddress("127.0.0.3")));
    QVERIFY(restarted.net->unban(toHex(liar.id())));
    QVERIFY(!restarted.net->banned(liar.id()));
  }

  void theOwnerBansAndUnbansAPeer() {
    Nodes nodes = startNodes(3);
    QVERIFY(formed(nodes));
    TestNode& owner = *nodes[0];
    TestNode& target = *nodes[1];
    const std::string targetId = toHex(target.identity.id());

    // Nothing is banned for our own id or for less than a second.
    QVERIFY(!owner.net->ban(owner.identity.id(), "myself", 1h));
    QVERIFY(!owner.net->ban(target.identity.id(), "too short", 0s));
    QVERIFY(owner.net->bans().empty() && owner.savedBans.empty());

    // Banned by id: the link closes at once on our side, the ban is reported for the store, and
    // its loopback address stays free (banLoopback is off): the third node keeps its link.
    const std::uint64_t issued = owner.net->stats().bansIssued;
    QVERIFY(owner.net->ban(target.identity.id(), "the owner says so", 1h));
    QVERIFY(owner.net->banned(target.identity.id()));
    QVERIFY(!owner.net->banned(*parseNetAddress("127.0.0.1")));
    QCOMPARE(owner.net->stats().bansIssued, issued + 1);
    QCOMPARE(owner.savedBans.size(), std::size_t(1));
    QCOMPARE(owner.savedBans[0].subject, targetId);
    QCOMPARE(owner.savedBans[0].reason, std::string("the owner says so"));
    QCOMPARE(owner.savedBans[0].until - owner.savedBans[0].since, std::int64_t(3600));
    QVERIFY(owner.net->bans() == owner.savedBans);
    QVERIFY(runUntil(io_, [&] { return !owner.linkedTo(target) && !target.linkedTo(owner); }, 5s));

    // While banned its dials are refused (it keeps trying: it knows us), and we do not dial it.
    const std::uint64_t refused = owner.net->stats().refusedConnections;
    const std::uint64_t failed = target.net->stats().dialFailures;
    target.net->connect(NetEndpoint{*parseNetAddress("127.0.0.1"), owner.net->port()}, owner.identity.publicKey());
    bool keptOut = true;
    QVERIFY(runUntil(io_, [&] {
      keptOut = keptOut && !owner.linkedTo(target) && !target.linkedTo(owner);
      return owner.net->stats().refusedConnections >= refused + 2 && target.net->stats().dialFailures >= failed + 2;
    }, 15s));
    QVERIFY(keptOut);
    QVERIFY(owner.linkedTo(*nodes[2]));
    QVERIFY(mineAndSpread(nodes, 2, 2s));  // the target still gets shares, through the third node

    // Lifted: it links again (either side dials), and shares flow both ways on that link.
    QVERIFY(owner.net->unban(targetId));
    QVERIFY(!owner.net->unban(targetId));
    QVERIFY(!owner.net->banned(target.identity.id()));
    QVERIFY(owner.net->bans().empty());
    QVERIFY(runUntil(io_, [&] { return owner.linkedTo(target) && target.linkedTo(owner); }, 15s));
    QVERIFY(mineAndSpread(nodes, 1, 2s));
    QVERIFY(mineAndSpread(nodes, 0, 2s));

    // A node we are not linked to: its id only.
    const NodeIdentity stranger = NodeIdentity::generate();
    owner.savedBans.clear();
    QVERIFY(owner.net->ban(stranger.id(), "never seen", 60s));
    QCOMPARE(owner.savedBans.size(), std::size_t(1));
    QCOMPARE(owner.savedBans[0].subject, toHex(stranger.id()));
  }

  void anOwnersBanTakesTheLinkedAddressToo() {
    // Where loopback may be banned, a hand-driven peer on its own 127.0.0.x loses its address as
    // well as its id, and a new identity from that address is refused.
    TestNode owner(io_, 0);
    P2pNetworkOptions options = testOptions();
    options.limits.banLoopback = true;
    owner.startNetwork(options);
    const NodeIdentity peer = NodeIdentity::generate();
    test::RawLinkClient client(io_, owner.net->port(), "127.0.0.7", peer);
    QVERIFY(client.handshake(io_, owner.chain.consensusId()));
    QVERIFY(runUntil(io_, [&] { return owner.peerCount() == 1; }, 5s));
    QVERIFY(owner.net->ban(peer.id(), "the owner says so", 10min));
    QVERIFY(client.waitClosed(io_));
    QVERIFY(owner.net->banned(peer.id()));
    QVERIFY(owner.net->banned(*parseNetAddress("127.0.0.7")));
    QCOMPARE(owner.savedBans.size(), std::size_t(2));
    QCOMPARE(owner.savedBans[1].subject, std::string("127.0.0.7"));
    QVERIFY(runUntil(io_, [&] { return owner.peerCount() == 0; }, 5s));
    test::RawLinkClient again(io_, owner.net->port(), "127.0.0.7");
    const auto refusal = again.nextFrame(io_);
    QVERIFY(refusal.has_value());
    QCOMPARE(decodeRefusal(*refusal).reason, RefusalReason::Banned);
  }
};

QTEST_GUILESS_MAIN(P2pNetworkTest)
#include "test_p2p_network.moc"
