// Unit tests of the share chain's parts: the share format, the reward split, the retarget, every
// refusal reason (each reached by a crafted share), orphans, reorg events, restore, pruning and
// anchoring a new chain on a pruned peer's history.
// The long simulations are in test_sharechain_simulation; the real block in the integration test.
#include <QTest>

#include <random>

#include "independent_pplns.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"
#include "sharechain/payout_split.hpp"
#include "sharechain/retarget.hpp"
#include "sharechain/share.hpp"
#include "util/compact_target.hpp"
#include "util/hex.hpp"
#include "util/serialize.hpp"

using namespace otedama;
using namespace otedama::sharechain;
using otedama::test::ShareFactory;
using otedama::test::at;
using otedama::test::minerScript;

namespace {

std::unique_ptr<pow::Algorithm> sha256d() { return pow::AlgorithmRegistry::builtin().create("sha256d"); }


QByteArray describe(const InsertOutcome& outcome) {
  return QByteArray(insertStatusName(outcome.status).data()) + " " + refusalName(outcome.refusal).data() + " " +
         outcome.detail.c_str();
}

constexpr std::uint64_t kStart = 1'700'000'000;

// What a peer serves from its oldest retained share up: each best-chain share after the uncles it
// credits (the order of a sync batch).
std::vector<Share> retainedHistory(const ShareChain& chain) {
  std::vector<Share> history;
  for (std::uint64_t height = chain.oldestBest()->height(); height <= chain.tip()->height(); ++height) {
    const ShareEntry* entry = chain.bestAtHeight(height);
    for (const Hash32& uncle : entry->share.data.uncles) {
      if (const ShareEntry* found = chain.find(uncle)) history.push_back(found->share);
    }
    history.push_back(entry->share);
  }
  return history;
}

}  // namespace

class ShareChainTest : public QObject {
  Q_OBJECT

 private slots:
  void shareRoundTripsAndIsCompact() {
    auto algorithm = sha256d();
    ShareChain chain(test::testShareParams(), *algorithm);
    ShareFactory factory(chain);
    Share first = factory.make(minerScript(1), kStart);
    QCOMPARE(chain.insert(first, at(kStart)).first().status, InsertStatus::Added);
    Share share = factory.make(minerScript(2), kStart + 10, std::nullopt, minerScript(99), 10000);
    const Bytes encoded = encodeShare(share);
    QVERIFY(decodeShare(encoded) == share);
    QCOMPARE(encodeShare(decodeShare(encoded)), encoded);
    // version 1, header 80, parent height 4, value 8, extranonce 1+8, witness 1+32, branch 1+2x32,
    // data: previous 32, uncles 1, two scripts 2x(1+22), fee 4, bits 4, time 8, height 8, work 16.
    QCOMPARE(encoded.size(), std::size_t(1 + 80 + 4 + 8 + 9 + 33 + 65 + 32 + 1 + 46 + 4 + 4 + 8 + 8 + 16));
    qInfo("a share with a 2-hash merkle branch and a fee script encodes to %zu bytes", encoded.size());
    QCOMPARE(shareId(share), share.header.hash());
    const Bytes commitment = shareCommitment(chain.consensusId(), share.data);
    QCOMPARE(commitment.size(), std::size_t(36));
    ShareData other = share.data;
    other.timestamp += 1;
    QVERIFY(shareCommitment(chain.consensusId(), other) != commitment);
    QVERIFY(shareCommitment(Hash32{}, share.data) != commitment);  // bound to the consensus id
  }

  void malformedSharesAreRefusedByTheDecoder() {
    auto algorithm = sha256d();
    ShareChain chain(test::testShareParams(), *algorithm);
    ShareFactory factory(chain);
    const Bytes encoded = encodeShare(factory.make(minerScript(1), kStart));
    for (std::size_t length = 0; length < encoded.size(); ++length) {
      QVERIFY_THROWS_EXCEPTION(DecodeError, decodeShare(ByteSpan(encoded).first(length)));
    }
    Bytes trailing = encoded;
    trailing.push_back(0);
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeShare(trailing));
    Bytes version = encoded;
    version[0] = 2;
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeShare(version));
    Bytes witnessFlag = encoded;
    witnessFlag[1 + 80 + 4 + 8 + 9] = 2;
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeShare(witnessFlag));
    QVERIFY_THROWS_EXCEPTION(DecodeError, decodeShare(Bytes(kMaxEncodedShare + 1, 0)));

    const InsertResult result = chain.insertEncoded(trailing, at(kStart));
    QCOMPARE(result.first().refusal, Refusal::Malformed);
    QVERIFY(!result.first().detail.empty());
  }

  void rewardSplitIsExactStableAndBounded() {
    std::mt19937_64 random(7);
    for (int round = 0; round < 300; ++round) {
      std::vector<MinerWeight> weights;
      const int miners = 1 + static_cast<int>(random() % 40);
      for (int m = 0; m < miners; ++m) {
        Work weight = Work(random() % 1000 + 1);
        if (round % 3 == 0) weight = (Work(random()) << 36) + Work(1);  // beyond 64 bits
        weights.push_back({minerScript(static_cast<unsigned>(m)), weight});
      }
      sortForPayout(weights);
      const std::int64_t reward = static_cast<std::int64_t>(random() % 100'0000'0000ULL);
      const std::size_t maxOutputs = round % 5 == 0 ? 7 : 256;
      const auto outputs = splitReward(reward, weights, maxOutputs, minerScript(1000));
      std::int64_t sum = 0;
      for (const auto& output : outputs) sum += output.value;
      QCOMPARE(sum, reward);
      QVERIFY(outputs.size() <= maxOutputs);
      test::IndependentWeights plain;
      for (const auto& w : weights) plain[w.script] = w.weight.resized<8>();
      QVERIFY(outputs == test::independentPayouts(reward, plain, maxOutputs, minerScript(1000)));
      QVERIFY(outputs == splitReward(reward, weights, maxOutputs, minerScript(1000)));  // stable
    }
    // Remainder to the first (heaviest) output; ties ordered by script bytes.
    std::vector<MinerWeight> three{{Bytes{3}, Work(1)}, {Bytes{1}, Work(1)}, {Bytes{2}, Work(1)}};
    sortForPayout(three);
    const auto split = splitReward(100, three, 10, Bytes{9});
    QCOMPARE(split.size(), std::size_t(3));
    QCOMPARE(split[0].script, Bytes{1});
    QCOMPARE(split[0].value, std::int64_t(34));
    QCOMPARE(split[1].value, std::int64_t(33));
    QCOMPARE(split[2].script, Bytes{3});
    // Empty window: the whole reward to the fallback; zero amounts are left out.
    QVERIFY((splitReward(5, {}, 10, Bytes{9}) == std::vector<chain::TxOutput>{{5, Bytes{9}}}));
    std::vector<MinerWeight> lopsided{{Bytes{1}, Work(1'000'000)}, {Bytes{2}, Work(1)}};
    QCOMPARE(splitReward(10, lopsided, 10, Bytes{9}).size(), std::size_t(1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, splitReward(-1, lopsided, 10, Bytes{9}));
    // 64 x 128-bit products: the fast paths agree with 512-bit arithmetic.
    const Work big = (Work(0x123456789abcdefULL) << 64) + Work(42);
    const Work bigger = big + (Work(5) << 90);
    QCOMPARE(mulDivFloor(UINT64_MAX / 3, big, bigger),
             (UInt512(UINT64_MAX / 3) * big.resized<8>() / bigger.resized<8>()).low64());
    QCOMPARE(mulDivFloor(999, Work(7), bigger), std::uint64_t(0));
  }

  void retargetFollowsTheShareRateWithinItsClamp() {
    ShareChainParams params = test::testShareParams(100);
    params.maxTarget = UInt256::powerOfTwo(250);
    const UInt256 start = UInt256::powerOfTwo(240);
    const std::uint32_t startBits = compactFromTarget(start);
    auto history = [&](std::uint64_t spacing, std::size_t count, std::uint64_t outlier = 0) {
      std::vector<RetargetSample> samples;  // newest first
      for (std::size_t i = 0; i < count; ++i) {
        samples.push_back({kStart + (count - i) * spacing, *workOfTarget(start), startBits});
      }
      if (outlier) samples[1].timestamp = outlier;
      return samples;
    };
    // On time: unchanged (up to compact rounding).
    const UInt256 steady = *targetFromCompact(nextShareBits(params, history(10, 100)));
    QVERIFY(steady < start + (start >> 8) && steady > start - (start >> 8));
    // Twice as fast: harder, but one step moves at most 10 %.
    const UInt256 faster = *targetFromCompact(nextShareBits(params, history(5, 100)));
    QVERIFY(faster < start);
    QVERIFY(faster >= start / UInt256(100) * UInt256(90) - (start >> 16));
    // Slower: easier, at most +10 %.
    const UInt256 slower = *targetFromCompact(nextShareBits(params, history(40, 100)));
    QVERIFY(slower > start && slower <= start / UInt256(100) * UInt256(110));
    // One wild timestamp is trimmed away.
    QCOMPARE(nextShareBits(params, history(10, 100, kStart + 1'000'000)), nextShareBits(params, history(10, 100)));
    // Never easier than the minimum difficulty, never harder than minTarget; first share: easiest.
    params.maxTarget = start;
    QCOMPARE(*targetFromCompact(nextShareBits(params, history(1000, 100))), *targetFromCompact(compactFromTarget(start)));
    QCOMPARE(nextShareBits(params, {}), compactFromTarget(params.maxTarget));
    // Median time of the last 11.
    QCOMPARE(medianTimePast(params, history(10, 100)), kStart + 95 * 10);
  }

  void everyRefusalReasonIsReached() {
    auto algorithm = sha256d();
    const ShareChainParams params = test::testShareParams();
    ShareChain chain(params, *algorithm);
    ShareFactory factory(chain);
    std::uint64_t now = kStart;
    std::vector<Hash32> best;
    for (unsigned i = 0; i < 8; ++i) {
      const Share share = factory.make(minerScript(i % 3), now += 10);
      QCOMPARE(chain.insert(share, at(now)).first().status, InsertStatus::Added);
      best.push_back(shareId(share));
    }
    // A sibling of the share at height 2: too deep to be an uncle of the next share (height 8).
    const Share deepSibling = factory.make(minerScript(7), kStart + 25, best[1]);
    QCOMPARE(chain.insert(deepSibling, at(now)).first().status, InsertStatus::Added);
    // A sibling of the tip, then a share that includes it as an uncle.
    const Share sibling = factory.make(minerScript(8), now + 1, best[6]);
    QCOMPARE(chain.insert(sibling, at(now)).first().status, InsertStatus::Added);
    QCOMPARE(chain.tip()->id, best.back());
    const Share nephew = factory.make(minerScript(1), now += 10);
    QCOMPARE(nephew.data.uncles, std::vector<Hash32>{shareId(sibling)});
    QCOMPARE(chain.insert(nephew, at(now)).first().status, InsertStatus::Added);
    now += 10;

    auto expectRefusal = [&](Share share, Refusal expected, std::uint64_t clock) {
      const InsertResult result = chain.insert(std::move(share), at(clock));
      QVERIFY2(result.first().status == InsertStatus::Refused && result.first().refusal == expected,
               describe(result.first()) + " instead of " + refusalName(expected).data());
      QVERIFY(!result.first().detail.empty());
      QVERIFY(!result.tipChange);
    };
    const Share valid = factory.make(minerScript(2), now);
    // Changes a field and redoes the proof of work, so only the rule under test is broken.
    auto mutated = [&](auto change) {
      Share share = valid;
      change(share);
      factory.mine(share);
      return share;
    };
    auto mutatedUnmined = [&](auto change) {  // for refusals decided before the proof of work
      Share share = valid;
      change(share);
      return share;
    };

    expectRefusal(mutated([](Share& s) { s.coinbaseValue = 0; }), Refusal::BadCoinbase, now);
    expectRefusal(mutated([](Share& s) { s.extranonce.clear(); }), Refusal::BadCoinbase, now);
    expectRefusal(mutated([](Share& s) { s.data.payoutScript.clear(); }), Refusal::BadPayoutScript, now);
    expectRefusal(mutated([&](Share& s) {
                    s.data.feeScript = minerScript(50);
                    s.data.feePpm = params.maxFeePpm + 1;
                  }),
                  Refusal::BadFee, now);
    expectRefusal(mutated([](Share& s) { s.data.feePpm = 100; }), Refusal::BadFee, now);
    expectRefusal(mutated([&](Share& s) {
                    for (unsigned i = 0; i <= params.maxUncles; ++i) s.data.uncles.push_back(Hash32{std::uint8_t(i + 1)});
                  }),
                  Refusal::TooManyUncles, now);
    expectRefusal(mutated([&](Share& s) { s.data.uncles = {best[3], best[3]}; }), Refusal::DuplicateUncle, now);
    expectRefusal(mutated([&](Share& s) { s.data.uncles = {s.data.previousShareId}; }), Refusal::DuplicateUncle, now);
    expectRefusal(mutated([&](Share& s) { s.data.shareBits = compactFromTarget(params.maxTarget * UInt256(2)); }),
                  Refusal::TargetOutOfRange, now);
    expectRefusal(mutatedUnmined([&](Share& s) { s.data.shareBits = compactFromTarget(params.minTarget >> 1); }),
                  Refusal::TargetOutOfRange, now);
    {
      Share weak = valid;
      const UInt256 target = *targetFromCompact(weak.data.shareBits);
      for (weak.header.nonce = 0; algorithm->hashValue(algorithm->hash(weak.header.serialize())) <= target;) {
        ++weak.header.nonce;
      }
      expectRefusal(weak, Refusal::InsufficientWork, now);
    }
    expectRefusal(mutated([](Share& s) {
                    s.data.previousShareId = Hash32{};
                    s.data.uncles.clear();
                  }),
                  Refusal::BadGenesis, now);
    expectRefusal(mutated([](Share& s) { s.data.height += 1; }), Refusal::BadHeight, now);
    expectRefusal(mutated([](Share& s) { s.data.height = 0; }), Refusal::BadHeight, now);
    expectRefusal(valid, Refusal::TimestampTooNew, valid.data.timestamp - params.maxFutureSeconds - 1);
    expectRefusal(mutated([](Share& s) { s.data.timestamp = kStart + 20; }), Refusal::TimestampTooOld, now);
    expectRefusal(mutated([](Share& s) {
                    s.data.shareBits = compactFromTarget(*targetFromCompact(s.data.shareBits) >> 1);
                  }),
                  Refusal::WrongDifficulty, now);
    expectRefusal(mutated([](Share& s) { s.data.cumulativeWork += Work(1); }), Refusal::WrongCumulativeWork, now);
    expectRefusal(mutated([&](Share& s) {
                    s.data.uncles = {shareId(deepSibling)};
                  }),
                  Refusal::UncleTooDeep, now);
    expectRefusal(mutated([&](Share& s) { s.data.uncles = {best[6]}; }), Refusal::UncleNotOnSideChain, now);
    expectRefusal(mutated([&](Share& s) { s.data.uncles = {shareId(sibling)}; }), Refusal::UncleAlreadyCounted, now);
    {
      Share tampered = valid;
      auto payouts = chain.payoutsAfter(tampered.data.previousShareId, tampered.coinbaseValue, tampered.data.payoutScript);
      QVERIFY(payouts.size() >= 2);
      payouts[0].value -= 1;  // one litoshi moved from one miner to another
      payouts[1].value += 1;
      factory.reseal(tampered, payouts);
      expectRefusal(tampered, Refusal::CoinbaseMismatch, now);
      expectRefusal(tampered, Refusal::CoinbaseMismatch, now);  // remembered, answered the same again
    }
    // A forged copy of a good share's header with other data is refused, and does not get the good
    // share refused later: refusals are remembered by content, not by id.
    Share forged = valid;
    forged.data.feeScript = minerScript(66);
    forged.data.feePpm = params.maxFeePpm + 1;
    QCOMPARE(shareId(forged), shareId(valid));
    expectRefusal(forged, Refusal::BadFee, now);
    // The untouched share is fine, and a missing uncle makes a share wait rather than fail.
    QCOMPARE(chain.insert(valid, at(now)).first().status, InsertStatus::Added);
    QCOMPARE(chain.insert(valid, at(now)).first().status, InsertStatus::Known);
    Share waiting = mutated([](Share& s) {
      s.data.uncles = {Hash32{0x42}};
      s.header.time += 1;  // a different share id from `valid`
    });
    const InsertResult orphan = chain.insert(waiting, at(now));
    QCOMPARE(orphan.first().status, InsertStatus::Orphan);
    QCOMPARE(orphan.first().missing, std::vector<Hash32>{Hash32{0x42}});
    QCOMPARE(chain.orphanCount(), std::size_t(1));
  }

  void aShareThatMeetsTheParentTargetIsABlock() {
    auto algorithm = sha256d();
    ShareChain chain(test::testShareParams(), *algorithm);
    ShareFactory factory(chain);
    QVERIFY(!chain.insert(factory.make(minerScript(1), kStart), at(kStart)).first().isBlock);
    factory.parent.bits = 0x207fffff;  // regtest: easier than the share target
    const InsertResult block = chain.insert(factory.make(minerScript(1), kStart + 10), at(kStart + 10));
    QVERIFY(block.first().isBlock);
    QVERIFY(chain.tip()->isBlock);
    // A block that arrives before its parent is still one when it connects.
    factory.parent.bits = 0x1b00ffff;
    const Share parent = factory.make(minerScript(2), kStart + 20);
    ShareChain source(test::testShareParams(), *algorithm);
    std::vector<Share> known;
    for (const ShareEntry* entry : chain.windowShares()) known.push_back(entry->share);
    source.restore(known, 0);
    QCOMPARE(source.tip()->id, chain.tip()->id);
    QCOMPARE(source.insert(parent, at(kStart + 20)).first().status, InsertStatus::Added);
    ShareFactory ahead(source);
    ahead.parent.bits = 0x207fffff;
    const Share child = ahead.make(minerScript(3), kStart + 30);
    const InsertResult waiting = chain.insert(child, at(kStart + 30));
    QCOMPARE(waiting.first().status, InsertStatus::Orphan);
    QVERIFY(waiting.first().isBlock);
    const InsertResult connected = chain.insert(parent, at(kStart + 30));
    QCOMPARE(connected.outcomes.size(), std::size_t(2));
    QCOMPARE(connected.outcomes[1].status, InsertStatus::Added);
    QVERIFY(!connected.outcomes[0].isBlock);
    QVERIFY(connected.outcomes[1].isBlock);
    QVERIFY(chain.find(shareId(child))->isBlock);
    // The coinbase a share must have, rebuilt for block assembly: its txid gives the header's root.
    const chain::Coinbase coinbase = chain.coinbaseOf(child);
    QCOMPARE(chain::merkleRootFromCoinbase(coinbase.txid(child.extranonce, {}), child.merkleBranch),
             child.header.merkleRoot);
  }

  void orphansWaitAndReorgsReportWhatMoved() {
    auto algorithm = sha256d();
    ShareChainParams params = test::testShareParams();
    params.maxUncles = 0;  // equal work per share: the branch wins exactly when it is longer
    ShareChain source(params, *algorithm);
    ShareFactory factory(source);
    std::vector<Share> main;
    std::uint64_t now = kStart;
    for (unsigned i = 0; i < 6; ++i) {
      main.push_back(factory.make(minerScript(i), now += 10));
      source.insert(main.back(), at(now));
    }
    // A branch from height 2 that becomes heavier: four shares on main[2].
    std::vector<Share> branch;
    std::optional<Hash32> previous = shareId(main[2]);
    for (unsigned i = 0; i < 4; ++i) {
      branch.push_back(factory.make(minerScript(20 + i), now += 10, previous));
      previous = shareId(branch.back());
      source.insert(branch.back(), at(now));
    }
    QCOMPARE(source.tip()->id, shareId(branch.back()));

    // A second node receives the main chain backwards (all orphans until the first arrives).
    ShareChain sink(params, *algorithm);
    for (std::size_t i = main.size(); i-- > 1;) {
      QCOMPARE(sink.insert(main[i], at(now)).first().status, InsertStatus::Orphan);
    }
    QCOMPARE(sink.orphanCount(), std::size_t(5));
    const InsertResult connected = sink.insert(main[0], at(now));
    QCOMPARE(connected.outcomes.size(), std::size_t(6));
    for (const auto& outcome : connected.outcomes) QCOMPARE(outcome.status, InsertStatus::Added);
    QVERIFY(connected.tipChange && !connected.tipChange->isReorg());
    QCOMPARE(connected.tipChange->joined.size(), std::size_t(6));
    QCOMPARE(sink.tip()->id, shareId(main.back()));
    QCOMPARE(sink.orphanCount(), std::size_t(0));

    // Then the branch: the last share tips the balance and the reorg says what moved.
    for (std::size_t i = 0; i + 1 < branch.size(); ++i) {
      const InsertResult result = sink.insert(branch[i], at(now));
      QCOMPARE(result.first().status, InsertStatus::Added);
      QVERIFY(!result.tipChange);
    }
    const InsertResult reorg = sink.insert(branch.back(), at(now));
    QVERIFY(reorg.tipChange && reorg.tipChange->isReorg());
    QCOMPARE(reorg.tipChange->oldTip, shareId(main.back()));
    QCOMPARE(reorg.tipChange->newTip, shareId(branch.back()));
    QCOMPARE(reorg.tipChange->left, (std::vector<Hash32>{shareId(main[5]), shareId(main[4]), shareId(main[3])}));
    QCOMPARE(reorg.tipChange->joined, (std::vector<Hash32>{shareId(branch[0]), shareId(branch[1]), shareId(branch[2]),
                                                           shareId(branch[3])}));
    QVERIFY(test::compareWindow(sink.window(), test::independentWindow(sink, sink.tip()->id)).empty());
    QVERIFY(test::compareWindow(sink.window(), test::independentWindow(source, source.tip()->id)).empty());
  }

  void orphansAreBounded() {
    auto algorithm = sha256d();
    ShareChain source(test::testShareParams(), *algorithm);
    ShareFactory factory(source);
    std::vector<Share> shares;
    for (unsigned i = 0; i < 12; ++i) {
      shares.push_back(factory.make(minerScript(i), kStart + 10 * i));
      source.insert(shares.back(), at(kStart + 10 * i));
    }
    ShareChainLimits limits;
    limits.maxOrphans = 5;
    ShareChain sink(test::testShareParams(), *algorithm, limits);
    for (std::size_t i = 1; i < shares.size(); ++i) sink.insert(shares[i], at(kStart + 200));
    QCOMPARE(sink.orphanCount(), std::size_t(5));
    QVERIFY(sink.isOrphan(shareId(shares.back())));
    QVERIFY(!sink.isOrphan(shareId(shares[1])));  // the oldest were dropped
  }

  void restoreRebuildsTheSameChainAndWindow() {
    auto algorithm = sha256d();
    ShareChain chain(test::testShareParams(10), *algorithm);
    ShareFactory factory(chain);
    std::vector<Bytes> stored;
    std::uint64_t now = kStart;
    for (unsigned i = 0; i < 40; ++i) {
      const std::optional<Hash32> previous =
          (i % 7 == 3 && chain.tip()->parent) ? std::optional(chain.tip()->parent->id) : std::nullopt;
      const Share share = factory.make(minerScript(i % 5), now += 10, previous, minerScript(77), i % 2 ? 20000 : 0);
      QCOMPARE(chain.insert(share, at(now)).first().status, InsertStatus::Added);
      stored.push_back(encodeShare(share));
    }
    std::vector<Share> decoded;
    for (const Bytes& bytes : stored) decoded.push_back(decodeShare(bytes));
    std::shuffle(decoded.begin(), decoded.end(), std::mt19937(3));
    ShareChain restored(test::testShareParams(10), *algorithm);
    const auto change = restored.restore(decoded, static_cast<std::int64_t>(now));
    QVERIFY(change.has_value());
    QCOMPARE(restored.tip()->id, chain.tip()->id);
    QCOMPARE(restored.size(), chain.size());
    QVERIFY(test::compareWindow(restored.window(), test::independentWindow(chain, chain.tip()->id)).empty());
    const auto a = chain.nextShare(minerScript(1), {}, 0, now + 10, 1000);
    const auto b = restored.nextShare(minerScript(1), {}, 0, now + 10, 1000);
    QVERIFY(a.data == b.data);
    QVERIFY(a.payouts == b.payouts);
  }

  void aNewChainAnchorsOnAPrunedHistory() {
    auto algorithm = sha256d();
    ShareChain peer(test::testShareParams(10), *algorithm);
    ShareFactory peerFactory(peer);
    std::uint64_t now = kStart;
    std::size_t sideShares = 0;
    for (unsigned i = 0; i < 80; ++i) {
      if (i % 4 == 1 && peer.tip() && peer.tip()->parent) {  // siblings that later shares credit as uncles
        peer.insert(peerFactory.make(minerScript(90 + i % 3), now + 1, peer.tip()->parent->id), at(now));
        ++sideShares;
      }
      now += 10;
      QCOMPARE(peer.insert(peerFactory.make(minerScript(i % 5), now), at(now)).first().status, InsertStatus::Added);
    }
    QVERIFY(!peer.prune().empty());
    const std::vector<Share> history = retainedHistory(peer);
    QVERIFY(history.size() > 21);  // two windows and the tip, and uncles
    QVERIFY(history.front().data.previousShareId != Hash32{});  // its parent is gone everywhere

    // Too short, or with a height missing: refused whole, nothing kept.
    {
      ShareChain fresh(test::testShareParams(10), *algorithm);
      std::vector<Share> shortHistory;
      for (const Share& share : history) {
        if (share.data.height < history.front().data.height + fresh.anchorDepth()) shortHistory.push_back(share);
      }
      const InsertResult result = fresh.anchor(shortHistory, at(now));
      QCOMPARE(result.outcomes.size(), std::size_t(1));
      QCOMPARE(result.first().refusal, Refusal::BadAnchor);
      QCOMPARE(fresh.size(), std::size_t(0));
      std::vector<Share> gap = history;
      const std::uint64_t missing = history.front().data.height + 5;
      std::erase_if(gap, [&](const Share& share) { return share.data.height == missing; });
      QCOMPARE(fresh.anchor(gap, at(now)).first().refusal, Refusal::BadAnchor);
      QCOMPARE(fresh.size(), std::size_t(0));
    }
    // A share whose proof of work fails anywhere, or a first checked share paying the wrong
    // miners: refused whole with that share's reason, nothing kept.
    {
      ShareChain fresh(test::testShareParams(10), *algorithm);
      ShareFactory freshFactory(fresh);
      std::vector<Share> badWork = history;
      Share& victim = badWork[3];
      const UInt256 target = *targetFromCompact(victim.data.shareBits);
      do {
        ++victim.header.nonce;
      } while (algorithm->hashValue(algorithm->hash(victim.header.serialize())) <= target);
      const InsertResult result = fresh.anchor(badWork, at(now));
      QCOMPARE(result.first().refusal, Refusal::InsufficientWork);
      QCOMPARE(fresh.size(), std::size_t(0));

      std::vector<Share> badPayouts = history;
      const auto firstChecked = std::find_if(badPayouts.begin(), badPayouts.end(), [&](const Share& share) {
        return share.data.height == history.front().data.height + fresh.anchorDepth();
      });
      QVERIFY(firstChecked != badPayouts.end());
      freshFactory.reseal(*firstChecked, {{firstChecked->coinbaseValue, minerScript(77)}});
      const InsertResult tampered = fresh.anchor(badPayouts, at(now));
      QCOMPARE(tampered.first().refusal, Refusal::CoinbaseMismatch);
      QCOMPARE(fresh.size(), std::size_t(0));
      QCOMPARE(fresh.orphanCount(), std::size_t(0));
    }

    // The whole retained history: the same tip and window as the peer, every share kept, and a
    // share mined on it is one the peer accepts (same retarget and payouts), and the other way.
    // Some of it arrived before (by relay) and waits as orphans: the anchor places them too.
    ShareChain fresh(test::testShareParams(10), *algorithm);
    ShareFactory freshFactory(fresh);
    for (std::size_t back : {1, 2, 7}) {
      QCOMPARE(fresh.insert(history[history.size() - back], at(now)).first().status, InsertStatus::Orphan);
    }
    const InsertResult result = fresh.anchor(history, at(now));
    QCOMPARE(fresh.orphanCount(), std::size_t(0));
    QCOMPARE(result.outcomes.size(), history.size());
    for (const InsertOutcome& outcome : result.outcomes) QVERIFY2(outcome.status == InsertStatus::Added, describe(outcome));
    QVERIFY(result.tipChange.has_value());
    QCOMPARE(result.tipChange->newTip, peer.tip()->id);
    QCOMPARE(fresh.tip()->id, peer.tip()->id);
    QVERIFY(test::compareWindow(fresh.window(), test::independentWindow(peer, peer.tip()->id)).empty());
    now += 10;
    const Share mined = freshFactory.make(minerScript(7), now);
    QCOMPARE(fresh.insert(mined, at(now)).first().status, InsertStatus::Added);
    const InsertOutcome minedAtPeer = peer.insert(mined, at(now)).first();
    QVERIFY2(minedAtPeer.status == InsertStatus::Added, describe(minedAtPeer));
    now += 10;
    const Share back = peerFactory.make(minerScript(8), now);
    QCOMPARE(peer.insert(back, at(now)).first().status, InsertStatus::Added);
    QCOMPARE(fresh.insert(back, at(now)).first().status, InsertStatus::Added);
    QCOMPARE(fresh.tip()->id, peer.tip()->id);
    QVERIFY(sideShares > 0);
  }

  void pruningKeepsTwoWindowsAndTheBestChain() {
    auto algorithm = sha256d();
    ShareChain chain(test::testShareParams(10), *algorithm);
    ShareFactory factory(chain);
    std::uint64_t now = kStart;
    for (unsigned i = 0; i < 60; ++i) {
      if (i % 5 == 2 && chain.tip()) {  // a side share now and then
        chain.insert(factory.make(minerScript(90), now + 1, chain.tip()->parent ? chain.tip()->parent->id : Hash32{}),
                     at(now));
      }
      now += 10;
      QCOMPARE(chain.insert(factory.make(minerScript(i % 4), now), at(now)).first().status, InsertStatus::Added);
    }
    const std::size_t before = chain.size();
    const auto removed = chain.prune();
    QVERIFY(!removed.empty());
    QCOMPARE(chain.size(), before - removed.size());
    const std::uint64_t top = chain.tip()->height();
    QVERIFY(chain.bestAtHeight(top - 20) != nullptr);
    QVERIFY(chain.bestAtHeight(top - 21) == nullptr);
    for (const Hash32& id : removed) QVERIFY(chain.find(id) == nullptr);
    QVERIFY(test::compareWindow(chain.window(), test::independentWindow(chain, chain.tip()->id)).empty());
    // The chain goes on after pruning.
    now += 10;
    QCOMPARE(chain.insert(factory.make(minerScript(1), now), at(now)).first().status, InsertStatus::Added);
    QVERIFY(test::compareWindow(chain.window(), test::independentWindow(chain, chain.tip()->id)).empty());
  }
};

QTEST_APPLESS_MAIN(ShareChainTest)
#include "test_sharechain.moc"
