// Saved peers and bans across restarts, with the real store and real P2P networks on loopback:
// a node that learned a peer through a bootstrap node finds it again after a restart with no
// bootstrap at all (only what it saved), bans come back while in force and are gone after expiry
// or unban, and rows that do not parse are skipped.
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <filesystem>

#include "node/peer_book.hpp"
#include "p2p_test_support.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

using namespace otedama;
using namespace std::chrono_literals;

namespace {

p2p::P2pNetworkOptions testOptions() {
  p2p::P2pNetworkOptions options;
  options.listenAddress = "127.0.0.1";
  options.listenPort = 0;
  options.maintenanceInterval = 100ms;
  options.dialBackoff = 200ms;
  options.maxDialBackoff = 1s;
  options.link.proofOfWorkBits = 8;
  options.discoveryTuning.refreshInterval = 200ms;
  options.discoveryTuning.requestTimeout = 300ms;
  return options;
}

struct Node {
  Node(boost::asio::io_context& ioContext, const pow::Algorithm& algorithm) : io(ioContext), chain(test::testShareParams(), algorithm) {}
  void start(p2p::P2pNetworkOptions options, node::PeerBook* book = nullptr) {
    p2p::P2pNetworkCallbacks callbacks;
    callbacks.insertShare = [this](sharechain::Share share, const sharechain::InsertOptions& o) {
      return chain.insert(std::move(share), o);
    };
    if (book) callbacks.onBan = [book](const p2p::PeerBan& ban) { book->saveBan(ban); };
    net = std::make_unique<p2p::P2pNetwork>(io, identity, chain, std::move(options), std::move(callbacks));
    net->start();
  }
  bool linkedTo(const Node& other) const {
    const std::string id = toHex(other.identity.id());
    for (const p2p::PeerInfo& peer : net->peers()) {
      if (peer.nodeId == id) return true;
    }
    return false;
  }
  boost::asio::io_context& io;
  p2p::NodeIdentity identity = p2p::NodeIdentity::generate();
  sharechain::ShareChain chain;
  std::unique_ptr<p2p::P2pNetwork> net;
};

}  // namespace

class PeerBookTest : public QObject {
  Q_OBJECT

 private slots:
  void aRestartedNodeFindsItsPeersAgainFromTheStore() {
    QTemporaryDir dir;
    const auto file = std::filesystem::path(dir.path().toStdString()) / "node.sqlite";
    auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
    boost::asio::io_context io;
    Node bootstrap(io, *algorithm), other(io, *algorithm), restarted(io, *algorithm);
    bootstrap.start(testOptions());
    p2p::P2pNetworkOptions viaBootstrap = testOptions();
    viaBootstrap.bootstrapNodes = {"127.0.0.1:" + std::to_string(bootstrap.net->port())};
    other.start(viaBootstrap);
    restarted.start(viaBootstrap);
    // Linked, and both peers known with their link ports (each told us in its status).
    QVERIFY(test::runIoUntil(io, [&] {
      return restarted.linkedTo(other) && restarted.linkedTo(bootstrap) && restarted.net->knownPeers().size() >= 2;
    }, 20s));
    {
      auto store = store::Store::open(file);
      node::PeerBook book(*store);
      book.savePeers(restarted.net->knownPeers(), unixSeconds());
      QVERIFY(store->peers(10).size() >= 2);
    }
    restarted.net.reset();
    bootstrap.net.reset();  // nobody left to bootstrap from
    QVERIFY(test::runIoUntil(io, [&] { return other.net->peers().empty(); }, 10s));

    auto store = store::Store::open(file);
    node::PeerBook book(*store);
    p2p::P2pNetworkOptions fromStore = testOptions();
    book.fillOptions(fromStore, unixSeconds());
    QVERIFY(fromStore.seeds.size() >= 2);
    QVERIFY(fromStore.bootstrapNodes.empty());
    restarted.start(std::move(fromStore), &book);
    QVERIFY(test::runIoUntil(io, [&] { return restarted.linkedTo(other); }, 20s));
  }

  void bansLastAsLongAsTheySayAndUnbanForgetsThem() {
    QTemporaryDir dir;
    auto store = store::Store::open(std::filesystem::path(dir.path().toStdString()) / "bans.sqlite");
    node::PeerBook book(*store);
    const std::int64_t now = unixSeconds();
    const p2p::NodeId liar = p2p::NodeIdentity::generate().id();
    book.saveBan(p2p::PeerBan{p2p::banSubject(liar), "invalid-share: test", now - 10, now + 3600});
    book.saveBan(p2p::PeerBan{"203.0.113.7", "flood: test", now - 7200, now - 3600});  // over
    store->upsertPeer(store::PeerRecord{"not an endpoint", "", now, now, 0.5});
    store->upsertPeer(store::PeerRecord{"127.0.0.1:1", "", now - 90 * 24 * 3600, now - 90 * 24 * 3600, 0.5});  // too old

    p2p::P2pNetworkOptions options = testOptions();
    book.fillOptions(options, now);
    QCOMPARE(options.bans.size(), std::size_t(1));
    QCOMPARE(options.bans.front().subject, p2p::banSubject(liar));
    QCOMPARE(store->activeBans(now - 7200 + 1).size(), std::size_t(1));  // the expired one was deleted
    QVERIFY(options.seeds.empty());

    auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
    boost::asio::io_context io;
    Node node(io, *algorithm);
    node.start(std::move(options), &book);
    QVERIFY(node.net->banned(liar));
    QVERIFY(book.unban(*node.net, p2p::banSubject(liar)));
    QVERIFY(!node.net->banned(liar));
    QVERIFY(store->activeBans(now).empty());
  }
};

QTEST_GUILESS_MAIN(PeerBookTest)
#include "test_peer_book.moc"
