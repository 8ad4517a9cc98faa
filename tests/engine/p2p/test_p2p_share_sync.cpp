// Share-chain sync as pure functions: a new node that asks with its locator receives batches it
// can insert in order (uncles before the shares that credit them, never an orphan) until it has
// the same tip and window; a node on a losing branch is brought over (a reorg); shares asked for
// by id come back exactly.
#include <QTest>

#include "independent_pplns.hpp"
#include "p2p/share_sync.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"

using namespace otedama;
using namespace otedama::p2p;
using namespace otedama::sharechain;
using otedama::test::ShareFactory;
using otedama::test::at;
using otedama::test::minerScript;

namespace {

constexpr std::uint64_t kStart = 1'700'000'000;


// Asks `from` with `to`'s locator until nothing more comes; returns how many batches it took.
int syncFrom(const ShareChain& from, ShareChain& to, std::uint64_t now, std::uint16_t batch = kMaxSharesPerMessage) {
  int batches = 0;
  for (bool more = true; more; ++batches) {
    SharechainRequest request{static_cast<std::uint64_t>(batches), buildLocator(to), {}, batch};
    const SharechainBlock block = answerSharechainRequest(from, request);
    if (block.requestId != request.requestId) return -1;
    for (const Bytes& encoded : block.shares) {
      const InsertResult result = to.insertEncoded(encoded, at(now));
      if (result.first().status != InsertStatus::Added && result.first().status != InsertStatus::Known) return -1;
    }
    more = block.more;
    if (batches > 1000) return -1;
  }
  return batches;
}

}  // namespace

class P2pShareSyncTest : public QObject {
  Q_OBJECT

  std::unique_ptr<pow::Algorithm> algorithm_ = pow::AlgorithmRegistry::builtin().create("sha256d");

 private slots:
  void locatorIsDenseNearTheTipThenSparse() {
    ShareChain chain(test::testShareParams(50), *algorithm_);
    QVERIFY(buildLocator(chain).empty());
    ShareFactory factory(chain);
    for (unsigned i = 0; i < 300; ++i) chain.insert(factory.make(minerScript(i % 3), kStart + 10 * i), at(kStart + 4000));
    const auto locator = buildLocator(chain);
    QVERIFY(locator.size() <= kMaxLocatorIds);
    QCOMPARE(locator.front(), chain.tip()->id);
    QCOMPARE(chain.find(locator[7])->height(), chain.tip()->height() - 7);
    QCOMPARE(locator.back(), chain.oldestBest()->id);
    for (std::size_t i = 1; i < locator.size(); ++i) {
      QVERIFY(chain.find(locator[i])->height() < chain.find(locator[i - 1])->height());
    }
  }

  void aNewNodeCatchesUpInOrderedBatches() {
    ShareChain source(test::testShareParams(50), *algorithm_);
    ShareFactory factory(source);
    std::uint64_t now = kStart;
    for (unsigned i = 0; i < 300; ++i) {
      now += 10;
      const ShareEntry* tip = source.tip();
      const std::optional<Hash32> previous =
          (tip && tip->parent && i % 6 == 3) ? std::optional(tip->parent->id) : std::nullopt;  // uncles
      source.insert(factory.make(minerScript(i % 7), now, previous), at(now));
    }
    ShareChain sink(test::testShareParams(50), *algorithm_);
    const int batches = syncFrom(source, sink, now, 40);
    QVERIFY2(batches > 300 / 40, std::to_string(batches).c_str());
    QCOMPARE(sink.orphanCount(), std::size_t(0));
    QCOMPARE(sink.tip()->id, source.tip()->id);
    QVERIFY(test::compareWindow(sink.window(), test::independentWindow(source, source.tip()->id)).empty());
    // Already in step: one request, nothing sent.
    const SharechainBlock nothing = answerSharechainRequest(source, {1, buildLocator(sink), {}, 64});
    QVERIFY(nothing.shares.empty());
    QVERIFY(!nothing.more);
  }

  void aNodeOnALosingBranchIsBroughtOver() {
    ShareChain source(test::testShareParams(50), *algorithm_);
    ShareFactory factory(source);
    std::uint64_t now = kStart;
    for (unsigned i = 0; i < 40; ++i) {
      now += 10;
      source.insert(factory.make(minerScript(i % 4), now), at(now));
    }
    ShareChain sink(test::testShareParams(50), *algorithm_);
    QVERIFY(syncFrom(source, sink, now) > 0);
    // Both sides move on separately: the sink by 3 shares, the source by 12.
    ShareFactory sinkFactory(sink);
    for (unsigned i = 0; i < 3; ++i) sink.insert(sinkFactory.make(minerScript(20), now + 5 + i), at(now + 200));
    for (unsigned i = 0; i < 12; ++i) {
      now += 10;
      source.insert(factory.make(minerScript(i % 4), now), at(now));
    }
    QVERIFY(sink.tip()->id != source.tip()->id);
    QVERIFY(syncFrom(source, sink, now + 200) > 0);
    QCOMPARE(sink.tip()->id, source.tip()->id);
    QVERIFY(test::compareWindow(sink.window(), test::independentWindow(source, source.tip()->id)).empty());
  }

  void sharesAskedForByIdComeBack() {
    ShareChain source(test::testShareParams(50), *algorithm_);
    ShareFactory factory(source);
    std::vector<Hash32> ids;
    for (unsigned i = 0; i < 10; ++i) {
      const Share share = factory.make(minerScript(i), kStart + 10 * i);
      source.insert(share, at(kStart + 200));
      ids.push_back(shareId(share));
    }
    const SharechainBlock block = answerSharechainRequest(source, {9, {}, {ids[7], ids[2], Hash32{0x55}, ids[7]}, 64});
    QCOMPARE(block.requestId, std::uint64_t(9));
    QCOMPARE(block.shares.size(), std::size_t(2));  // the unknown id is skipped, the repeat sent once
    QCOMPARE(shareId(decodeShare(block.shares[0])), ids[7]);
    QCOMPARE(shareId(decodeShare(block.shares[1])), ids[2]);
    QCOMPARE(answerSharechainRequest(source, {9, {}, ids, 3}).shares.size(), std::size_t(3));
  }
};

QTEST_APPLESS_MAIN(P2pShareSyncTest)
#include "test_p2p_share_sync.moc"
