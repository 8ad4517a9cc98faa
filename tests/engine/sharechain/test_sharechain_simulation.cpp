// Deterministic simulations of the share chain: many miners with different hashrates over
// thousands of shares, with siblings (uncles), competing branches (reorgs), node fees, pruning,
// and shares delivered out of order (orphans before parents). After every step the incremental
// window, the payouts and the best chain are checked against a plain recomputation.
#include <QTest>

#include <algorithm>
#include <random>
#include <unordered_map>

#include "independent_pplns.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::sharechain;
using otedama::test::ShareFactory;
using otedama::test::at;
using otedama::test::minerScript;

namespace {

constexpr std::uint64_t kStart = 1'700'000'000;


// The best chain's tip as the rule says, tracked outside the chain: the heaviest share, the first
// one seen among equals.
struct BestTracker {
  Hash32 tip{};
  Work work;
  bool any = false;
  void added(const ShareChain& chain, const Hash32& id) {
    const Work& cumulative = chain.find(id)->share.data.cumulativeWork;
    if (!any || cumulative > work) {
      tip = id;
      work = cumulative;
      any = true;
    }
  }
};

// The shares between a tip and the fork with another tip (exclusive), tip first.
std::vector<Hash32> pathToFork(const ShareChain& chain, Hash32 from, Hash32 other) {
  std::vector<Hash32> path;
  std::vector<Hash32> otherChain;
  for (const ShareEntry* e = chain.find(other); e; e = e->parent) otherChain.push_back(e->id);
  for (const ShareEntry* e = chain.find(from); e; e = e->parent) {
    if (std::find(otherChain.begin(), otherChain.end(), e->id) != otherChain.end()) break;
    path.push_back(e->id);
  }
  return path;
}

struct Scenario {
  unsigned window = 200;
  unsigned miners = 25;
  unsigned steps = 3000;
  unsigned checkEvery = 1;
  unsigned seed = 1;
};

struct Stats {
  unsigned reorgs = 0, uncles = 0, sideShares = 0, pruned = 0;
};

}  // namespace

class ShareChainSimulation : public QObject {
  Q_OBJECT

  std::unique_ptr<pow::Algorithm> algorithm_ = pow::AlgorithmRegistry::builtin().create("sha256d");

  void run(const Scenario& scenario, Stats& stats) {
    ShareChainParams params = test::testShareParams(scenario.window);
    params.maxPayoutOutputs = 20;  // fewer than the miners: the output limit is exercised too
    // Shares of ~512 hashes: enough work per share that fees and uncle penalties are not rounded away.
    params.maxTarget = UInt256::powerOfTwo(247) - UInt256(1);
    ShareChain chain(params, *algorithm_);
    ShareFactory factory(chain);
    std::mt19937_64 random(scenario.seed);
    // Hashrates 1, 2, 4, ... grouped: a few big miners, many small ones.
    std::vector<double> hashrate;
    for (unsigned m = 0; m < scenario.miners; ++m) hashrate.push_back(1.0 + (m % 7) * (m % 7) * 3.0 + (m == 0 ? 50 : 0));
    std::discrete_distribution<unsigned> pickMiner(hashrate.begin(), hashrate.end());
    std::exponential_distribution<double> spacing(1.0 / 10);
    std::uniform_real_distribution<double> coin(0, 1);
    const Bytes nodeFee = minerScript(9999);

    BestTracker best;
    std::uint64_t now = kStart;
    auto add = [&](const Share& share) {
      const Hash32 oldTip = chain.tip() ? chain.tip()->id : Hash32{};
      const InsertResult result = chain.insert(share, at(now));
      QVERIFY2(result.first().status == InsertStatus::Added,
               (std::string(refusalName(result.first().refusal)) + " " + result.first().detail).c_str());
      best.added(chain, result.first().id);
      stats.uncles += static_cast<unsigned>(share.data.uncles.size());
      QCOMPARE(chain.tip()->id, best.tip);
      if (result.tipChange) {
        const TipChange& change = *result.tipChange;
        QCOMPARE(change.newTip, best.tip);
        QCOMPARE(change.oldTip, oldTip);
        QCOMPARE(change.left, pathToFork(chain, oldTip, change.newTip));
        std::vector<Hash32> joined = pathToFork(chain, change.newTip, oldTip);
        std::reverse(joined.begin(), joined.end());
        QCOMPARE(change.joined, joined);
        if (change.isReorg()) ++stats.reorgs;
      } else {
        QCOMPARE(chain.tip()->id, oldTip);
      }
    };

    for (unsigned step = 0; step < scenario.steps; ++step) {
      now += 1 + static_cast<std::uint64_t>(spacing(random));
      const unsigned miner = pickMiner(random);
      const bool feeNode = miner % 4 == 0;  // these miners use a node that takes 2 %
      const Bytes& feeScript = feeNode ? nodeFee : Bytes{};
      const std::uint32_t feePpm = feeNode ? 20000 : 0;
      const double roll = coin(random);
      const ShareEntry* tip = chain.tip();
      if (tip && tip->parent && roll < 0.08) {
        // A sibling of the tip: found at nearly the same time elsewhere; a later share includes it.
        add(factory.make(minerScript(miner), now, tip->parent->id, feeScript, feePpm));
        ++stats.sideShares;
      } else if (tip && tip->parent && tip->parent->parent && roll < 0.11) {
        // A competing branch of three from two shares back: sometimes heavier, then a reorg.
        std::optional<Hash32> previous = tip->parent->parent->id;
        for (int i = 0; i < 3; ++i) {
          const Share share = factory.make(minerScript(pickMiner(random)), now + i, previous);
          add(share);
          previous = shareId(share);
          ++stats.sideShares;
        }
      } else {
        add(factory.make(minerScript(miner), now, std::nullopt, feeScript, feePpm));
      }
      if (QTest::currentTestFailed()) return;

      if (step % scenario.checkEvery == 0 || step + 1 == scenario.steps) {
        const test::IndependentWeights expected = test::independentWindow(chain, chain.tip()->id);
        const std::string difference = test::compareWindow(chain.window(), expected);
        QVERIFY2(difference.empty(), ("step " + std::to_string(step) + ": " + difference).c_str());
        const std::int64_t reward = 1'2500'0000 + static_cast<std::int64_t>(step);
        const auto payouts = chain.payoutsAfter(chain.tip()->id, reward, minerScript(0));
        QVERIFY(payouts == test::independentPayouts(reward, expected, params.maxPayoutOutputs, minerScript(0)));
        std::int64_t sum = 0;
        for (const auto& output : payouts) sum += output.value;
        QCOMPARE(sum, reward);
      }
      if (step % 700 == 699) stats.pruned += static_cast<unsigned>(chain.prune().size());
    }
    QVERIFY(!chain.window().weightOf(nodeFee).isZero());
  }

 private slots:
  void manyMinersThousandsOfShares() {
    Stats stats;
    run({200, 25, 3000, 1, 11}, stats);
    if (QTest::currentTestFailed()) return;
    qInfo("3000 steps, window 200: %u reorgs, %u uncles included, %u side shares, %u pruned", stats.reorgs,
          stats.uncles, stats.sideShares, stats.pruned);
    QVERIFY(stats.reorgs > 10);
    QVERIFY(stats.uncles > 100);
    QVERIFY(stats.pruned > 0);
  }

  void defaultWindowWithManyMiners() {
    Stats stats;
    run({2160, 300, 3000, 97, 5}, stats);
    if (QTest::currentTestFailed()) return;
    qInfo("3000 steps, window 2160, 300 miners: %u reorgs, %u uncles", stats.reorgs, stats.uncles);
    QVERIFY(stats.reorgs > 0);
  }

  void sharesDeliveredOutOfOrderEndTheSame() {
    ShareChainParams params = test::testShareParams(150);
    ShareChain source(params, *algorithm_);
    ShareFactory factory(source);
    std::mt19937_64 random(21);
    std::vector<Share> shares;
    std::uint64_t now = kStart;
    for (unsigned i = 0; i < 800; ++i) {
      now += 3 + random() % 15;
      const ShareEntry* tip = source.tip();
      const std::optional<Hash32> previous =
          (tip && tip->parent && random() % 10 == 0) ? std::optional(tip->parent->id) : std::nullopt;
      shares.push_back(factory.make(minerScript(static_cast<unsigned>(random() % 40)), now, previous));
      QCOMPARE(source.insert(shares.back(), at(now)).first().status, InsertStatus::Added);
    }
    const test::IndependentWeights expected = test::independentWindow(source, source.tip()->id);

    for (unsigned seed : {1U, 2U, 3U}) {
      // Each share delayed by up to 30 places, and a fully shuffled delivery.
      std::vector<std::pair<double, std::size_t>> order;
      std::mt19937_64 delay(seed);
      for (std::size_t i = 0; i < shares.size(); ++i) {
        order.emplace_back(seed == 3 ? static_cast<double>(delay()) : static_cast<double>(i + delay() % 30), i);
      }
      std::sort(order.begin(), order.end());
      ShareChain sink(params, *algorithm_);
      std::size_t added = 0;
      for (const auto& [key, index] : order) {
        const InsertResult result = sink.insert(shares[index], at(now));
        for (const auto& outcome : result.outcomes) {
          QVERIFY2(outcome.status == InsertStatus::Added || outcome.status == InsertStatus::Orphan,
                   (std::string(refusalName(outcome.refusal)) + " " + outcome.detail).c_str());
          if (outcome.status == InsertStatus::Added) ++added;
        }
        if (sink.tip()) {
          const std::string difference =
              test::compareWindow(sink.window(), test::independentWindow(sink, sink.tip()->id));
          QVERIFY2(difference.empty(), difference.c_str());
        }
      }
      QCOMPARE(added, shares.size());
      QCOMPARE(sink.orphanCount(), std::size_t(0));
      QCOMPARE(sink.tip()->id, source.tip()->id);
      QVERIFY(test::compareWindow(sink.window(), expected).empty());
    }
  }
};

QTEST_APPLESS_MAIN(ShareChainSimulation)
#include "test_sharechain_simulation.moc"
