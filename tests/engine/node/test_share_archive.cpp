// The share chain kept in the real SQLite store: shares are committed before insert() returns,
// a restart restores the same tip and window without hashing any share again, pruning deletes
// from both, and a history anchored from a peer is kept like inserted shares.
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

#include "independent_pplns.hpp"
#include "node/share_archive.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"

using namespace otedama;
using namespace otedama::sharechain;
using otedama::test::ShareFactory;
using otedama::test::minerScript;

namespace {

// Counts proof-of-work hashes, to show that a restore does none.
class CountingAlgorithm : public pow::Algorithm {
 public:
  explicit CountingAlgorithm(std::unique_ptr<pow::Algorithm> inner) : inner_(std::move(inner)) {}
  std::string_view name() const override { return inner_->name(); }
  Hash32 hash(ByteSpan input, ByteSpan key) const override {
    ++hashes;
    return inner_->hash(input, key);
  }
  mutable std::atomic<std::uint64_t> hashes = 0;

 private:
  std::unique_ptr<pow::Algorithm> inner_;
};

constexpr std::uint64_t kStart = 1'700'000'000;

}  // namespace

class ShareArchiveTest : public QObject {
  Q_OBJECT

 private slots:
  void sharesSurviveARestartWithoutBeingHashedAgain() {
    QTemporaryDir dir;
    const auto file = std::filesystem::path(dir.path().toStdString()) / "otedama.sqlite";
    CountingAlgorithm algorithm(pow::AlgorithmRegistry::builtin().create("sha256d"));
    const ShareChainParams params = test::testShareParams(30);
    Hash32 tip{};
    std::size_t count = 0;
    {
      auto store = store::Store::open(file);
      ShareChain chain(params, algorithm);
      node::ShareArchive archive(*store, chain);
      ShareFactory factory(chain);
      std::uint64_t now = kStart;
      for (unsigned i = 0; i < 120; ++i) {
        now += 10;
        const std::optional<Hash32> previous =
            (i % 9 == 4 && chain.tip()->parent) ? std::optional(chain.tip()->parent->id) : std::nullopt;
        Share share = factory.make(minerScript(i % 6), now, previous, minerScript(50), i % 3 ? 10000 : 0);
        InsertOptions options;
        options.now = static_cast<std::int64_t>(now);
        options.local = i % 2 == 0;
        const Hash32 id = shareId(share);
        const InsertResult result = archive.insert(std::move(share), options);
        QCOMPARE(result.first().status, InsertStatus::Added);
        QVERIFY(store->hasShare(id));  // committed before insert() returned
        QCOMPARE(store->share(id)->local, options.local);
      }
      QCOMPARE(store->shareCount(), chain.size());
      const std::size_t pruned = archive.prune();
      QVERIFY(pruned > 0);
      QCOMPARE(store->shareCount(), chain.size());
      tip = chain.tip()->id;
      count = chain.size();
    }
    auto store = store::Store::open(file);  // integrity-checked at open
    ShareChain chain(params, algorithm);
    node::ShareArchive archive(*store, chain);
    const std::uint64_t hashesBefore = algorithm.hashes;
    const node::RestoreReport report = archive.restore(static_cast<std::int64_t>(kStart + 2000));
    QCOMPARE(algorithm.hashes.load(), hashesBefore);
    QCOMPARE(report.stored, count);
    QCOMPARE(report.restored, count);
    QCOMPARE(report.undecodable, std::size_t(0));
    QVERIFY(report.tipChange.has_value());
    QCOMPARE(chain.tip()->id, tip);
    QVERIFY(test::compareWindow(chain.window(), test::independentWindow(chain, tip)).empty());
    // and the restored chain goes on
    ShareFactory factory(chain);
    InsertOptions options;
    options.now = static_cast<std::int64_t>(kStart + 2000);
    QCOMPARE(archive.insert(factory.make(minerScript(1), kStart + 1500), options).first().status, InsertStatus::Added);
  }

  void orphansAreNotStoredUntilTheyConnect() {
    QTemporaryDir dir;
    auto store = store::Store::open(std::filesystem::path(dir.path().toStdString()) / "a.sqlite");
    auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
    ShareChain source(test::testShareParams(), *algorithm);
    ShareFactory factory(source);
    std::vector<Share> shares;
    for (unsigned i = 0; i < 5; ++i) {
      shares.push_back(factory.make(minerScript(i), kStart + 10 * i));
      source.insert(shares.back(), {static_cast<std::int64_t>(kStart + 100), false, false});
    }
    ShareChain chain(test::testShareParams(), *algorithm);
    node::ShareArchive archive(*store, chain);
    const InsertOptions options{static_cast<std::int64_t>(kStart + 100), false, false};
    for (std::size_t i = shares.size(); i-- > 1;) archive.insert(shares[i], options);
    QCOMPARE(store->shareCount(), std::size_t(0));
    const InsertResult result = archive.insert(shares[0], options);
    QCOMPARE(result.outcomes.size(), shares.size());
    QCOMPARE(store->shareCount(), shares.size());  // all five in one transaction
  }
  void anAnchoredHistoryIsKeptAndRestored() {
    QTemporaryDir dir;
    const auto file = std::filesystem::path(dir.path().toStdString()) / "anchored.sqlite";
    auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
    const ShareChainParams params = test::testShareParams(10);
    ShareChain peer(params, *algorithm);
    ShareFactory factory(peer);
    for (unsigned i = 0; i < 50; ++i) peer.insert(factory.make(minerScript(i % 4), kStart + 10 * i), test::at(kStart + 500));
    peer.prune();
    std::vector<Share> history;
    for (std::uint64_t h = peer.oldestBest()->height(); h <= peer.tip()->height(); ++h) history.push_back(peer.bestAtHeight(h)->share);
    {
      auto store = store::Store::open(file);
      ShareChain chain(params, *algorithm);
      node::ShareArchive archive(*store, chain);
      const InsertResult result = archive.anchor(history, test::at(kStart + 500));
      QCOMPARE(result.first().status, InsertStatus::Added);
      QCOMPARE(store->shareCount(), history.size());
      QCOMPARE(chain.tip()->id, peer.tip()->id);
    }
    auto store = store::Store::open(file);
    ShareChain chain(params, *algorithm);
    node::ShareArchive archive(*store, chain);
    archive.restore(static_cast<std::int64_t>(kStart + 600));
    QCOMPARE(chain.tip()->id, peer.tip()->id);
    QVERIFY(test::compareWindow(chain.window(), test::independentWindow(peer, peer.tip()->id)).empty());
  }
};

QTEST_GUILESS_MAIN(ShareArchiveTest)
#include "test_share_archive.moc"
