// The share chain against real litecoind regtest nodes: shares of several miners (with node fees,
// uneven frequencies, a window that slides and uncles) are mined with scrypt on a real template
// with wallet transactions; the share that meets the block target becomes a block the node
// accepts, and the coinbase the node returns pays exactly the PPLNS split the chain says, which a
// plain recomputation written here agrees with. A share whose coinbase pays a different split
// (which litecoind itself would accept) is refused by the chain.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "integration_helpers.hpp"
#include "chain/address.hpp"
#include "chain/bitcoin_node.hpp"
#include "chain/block_builder.hpp"
#include "chain/coinbase.hpp"
#include "chain/script.hpp"
#include "chain/transaction_selection.hpp"
#include "litecoind_regtest.hpp"
#include "pow/registry.hpp"
#include "sharechain/share_chain.hpp"
#include "sharechain/share_coinbase.hpp"
#include "sharechain/parent_block.hpp"
#include "sharechain/share_job.hpp"
#include "util/compact_target.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::chain;
using namespace otedama::sharechain;
using test::LitecoindRegtest;

namespace {

constexpr Network kRegtest = Network::Regtest;
constexpr const char* kCoin = "litecoin";
constexpr unsigned kShareWindow = 30;       // small, so 40 shares slide it
constexpr std::uint64_t kShareSpacing = 10;  // simulated seconds between shares: the target time
constexpr Hash32 kNoShare{};

QString hexOf(ByteSpan bytes) { return QString::fromStdString(toHex(bytes)); }
QString displayHex(const Hash32& hash) { return QString::fromStdString(toHex(reversed(hash))); }

Bytes littleEndian32(std::uint32_t value) {
  return {std::uint8_t(value), std::uint8_t(value >> 8), std::uint8_t(value >> 16), std::uint8_t(value >> 24)};
}

QString litecoins(std::int64_t litoshi) {
  return QString("%1.%2").arg(litoshi / 100000000).arg(litoshi % 100000000, 8, 10, QChar('0'));
}

QString describe(const InsertOutcome& outcome) {
  QString text = QString::fromUtf8(insertStatusName(outcome.status).data(), qsizetype(insertStatusName(outcome.status).size()));
  if (outcome.status == InsertStatus::Refused) {
    const std::string_view name = refusalName(outcome.refusal);
    text += QString(" (%1: %2)").arg(QString::fromUtf8(name.data(), qsizetype(name.size())),
                                     QString::fromStdString(outcome.detail));
  }
  return text;
}

// ---- the PPLNS split recomputed the plain way, independent of the chain's incremental window ----
//
// Rules (DESIGN.md "Share chain" and the sharechain headers): a window is the `shareWindow`
// best-chain shares ending at a share; a share's work is floor(2^256 / (target + 1)); a share
// credits its own work plus the uncle penalties of the uncles it includes to its miner, and each
// uncle's work less the penalty to the uncle's miner; every credit is split by the fee of the
// share it belongs to (floor(credit * feePpm / 10^6) to the fee script). Everything in 512 bits,
// so nothing can overflow.

using Weights = std::map<Bytes, UInt512>;

UInt512 independentWork(std::uint32_t bits) {
  const std::optional<UInt256> target = targetFromCompact(bits);
  if (!target) throw std::runtime_error("share bits " + std::to_string(bits) + " are not a target");
  return UInt512::powerOfTwo(256) / (target->resized<8>() + UInt512(1));
}

void creditShare(Weights& weights, const ShareData& owner, const UInt512& amount) {
  UInt512 fee;
  if (owner.feePpm != 0 && !owner.feeScript.empty()) fee = amount * UInt512(owner.feePpm) / UInt512(1000000);
  if (amount != fee) weights[owner.payoutScript] += amount - fee;
  if (!fee.isZero()) weights[owner.feeScript] += fee;
}

Weights independentWindow(const ShareChain& chain, const Hash32& newest) {
  const ShareChainParams& params = chain.params();
  Weights weights;
  Hash32 id = newest;
  for (unsigned counted = 0; counted < params.shareWindow && id != kNoShare; ++counted) {
    const ShareEntry* entry = chain.find(id);
    if (entry == nullptr) throw std::runtime_error("window share " + toHex(reversed(id)) + " is not in the chain");
    if (!entry->onBestChain) throw std::runtime_error("window share " + toHex(reversed(id)) + " is not on the best chain");
    UInt512 own = independentWork(entry->share.data.shareBits);
    for (const Hash32& uncleId : entry->share.data.uncles) {
      const ShareEntry* uncle = chain.find(uncleId);
      if (uncle == nullptr) throw std::runtime_error("uncle " + toHex(reversed(uncleId)) + " is not in the chain");
      const UInt512 uncleWork = independentWork(uncle->share.data.shareBits);
      const UInt512 penalty = uncleWork * UInt512(params.unclePenaltyPercent) / UInt512(100);
      creditShare(weights, uncle->share.data, uncleWork - penalty);
      own += penalty;
    }
    creditShare(weights, entry->share.data, own);
    id = entry->share.data.previousShareId;
  }
  return weights;
}

// Heaviest first, ties by script bytes; the `maxOutputs` heaviest share the reward in proportion
// (floor), the rounding remainder goes to the first, and outputs of zero are left out.
std::vector<TxOutput> independentPayouts(std::int64_t reward, const Weights& weights, std::size_t maxOutputs) {
  std::vector<std::pair<Bytes, UInt512>> ordered(weights.begin(), weights.end());
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ordered.size() > maxOutputs) ordered.resize(maxOutputs);
  UInt512 total;
  for (const auto& [script, weight] : ordered) total += weight;
  std::vector<TxOutput> outputs;
  std::int64_t paid = 0;
  for (const auto& [script, weight] : ordered) {
    const std::int64_t amount = std::int64_t((UInt512(std::uint64_t(reward)) * weight / total).low64());
    outputs.push_back({amount, script});
    paid += amount;
  }
  outputs.front().value += reward - paid;
  std::erase_if(outputs, [](const TxOutput& output) { return output.value == 0; });
  return outputs;
}

// ---- the miners ----

struct Miner {
  QString name;
  Bytes script;
  Bytes feeScript;  // the node the miner mines through takes this fee
  std::uint32_t feePpm = 0;
  Bytes extranonce1;  // its stratum session
};

}  // namespace

class TestSharechainBlock : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    harness_ = std::make_unique<LitecoindRegtest>(2);
    const QString error = harness_->start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ioThread_ = std::thread([this] { io_.run(); });
    node_ = std::make_unique<BitcoinNode>(io_, harness_->endpoint(0), *findCoin(kCoin), kRegtest);

    test::guarded([&] {
      harness_->mine(0, 110);  // leaves initial download; the first coinbases mature
      // Wallet spends of several kinds, so the block has a real merkle branch and the witness
      // commitment covers segwit transactions.
      for (const char* type : {"bech32", "legacy", "p2sh-segwit"}) {
        const QString to = harness_->cli(0, {"getnewaddress", "", type}).toString();
        harness_->cli(0, {"sendtoaddress", to, "2.5"});
      }
      QCOMPARE(harness_->cli(0, {"getrawmempool"}).toArray().size(), 3);

      params_ = shareChainParamsFor(kCoin, kRegtest, 10, kShareWindow);
      QCOMPARE(QString::fromStdString(params_->algorithm), QString("scrypt"));
      algorithm_ = pow::AlgorithmRegistry::builtin().create(params_->algorithm);
      chain_ = std::make_unique<ShareChain>(*params_, *algorithm_);

      // Two nodes take a fee (one at the consensus maximum); miners 2, 4 and 5 mine fee-free.
      const Bytes feeA = walletScript("bech32");
      const Bytes feeB = walletScript("legacy");
      QVERIFY(params_->maxFeePpm == 50000);
      const struct {
        const char* name;
        const char* type;
        const Bytes* feeScript;
        std::uint32_t feePpm;
      } plan[] = {
          {"miner0 (legacy, node A 2%)", "legacy", &feeA, 20000},
          {"miner1 (p2sh-segwit, node A 2%)", "p2sh-segwit", &feeA, 20000},
          {"miner2 (bech32)", "bech32", nullptr, 0},
          {"miner3 (bech32, node B 5%)", "bech32", &feeB, params_->maxFeePpm},
          {"miner4 (legacy)", "legacy", nullptr, 0},
          {"miner5 (p2sh-segwit, only uncles)", "p2sh-segwit", nullptr, 0},
      };
      for (std::size_t i = 0; i < std::size(plan); ++i) {
        Miner miner;
        miner.name = plan[i].name;
        miner.script = walletScript(plan[i].type);
        if (plan[i].feeScript) miner.feeScript = *plan[i].feeScript;
        miner.feePpm = plan[i].feePpm;
        miner.extranonce1 = littleEndian32(0x0a000000u + std::uint32_t(i));
        labels_[miner.script] = miner.name;
        miners_.push_back(std::move(miner));
      }
      labels_[feeA] = "node A fee";
      labels_[feeB] = "node B fee";
      payableScripts_ = {feeA, feeB};
      for (const Miner& miner : miners_) payableScripts_.push_back(miner.script);
    });
  }

  void cleanupTestCase() {
    chain_.reset();
    node_.reset();
    test::stopIoThread(io_, work_, ioThread_);
    harness_.reset();  // stops the nodes and removes their folder
  }

  void blockPaysThePplnsWindow() {
    test::guarded([&] {
      QVERIFY2(chain_ != nullptr, "the suite's setup failed");
      const auto started = std::chrono::steady_clock::now();
      const ParentBlock parent = prepareParent();
      const BlockTemplate& t = parent.blockTemplate;
      QCOMPARE(t.transactions.size(), std::size_t{3});
      QVERIFY(t.curtime >= t.mintime);  // every share's header keeps the template's time
      QVERIFY2(parent.selection.dropped.empty(), "a template transaction was left out");
      QVERIFY2(parent.work.witnessCommitment.has_value(), "the template has no witness commitment");
      QCOMPARE(parent.work.coinbaseValue, t.coinbaseValue);
      // On regtest every share target is harder than the block target: each share is a block.
      QVERIFY(params_->maxTarget < t.target);

      // Uneven frequencies: per 20 shares miner0 9, miner1 5, miner2 3, miner3 2, miner4 1.
      constexpr int kPattern[20] = {0, 1, 0, 2, 0, 1, 3, 0, 4, 1, 0, 2, 0, 1, 0, 3, 2, 0, 1, 0};
      constexpr int kShares = 40;
      // After these heights a sibling (same previous share) is mined too, and the next share takes
      // it as an uncle. The nephew of the first leaves the window before the block; the others stay.
      const std::map<int, int> siblingMiner = {{4, 5}, {17, 5}, {31, 1}};

      clock_ = t.curtime;
      std::vector<Hash32> uncles;  // the siblings, in the order they were mined
      int unclesIncluded = 0;
      Hash32 lastId{};
      std::optional<ShareJob> lastJob;
      std::optional<Share> lastShare;
      for (int height = 0; height < kShares; ++height) {
        clock_ += kShareSpacing;
        const Miner& miner = miners_[std::size_t(kPattern[height % 20])];
        NextShare next = chain_->nextShare(miner.script, miner.feeScript, miner.feePpm, clock_, parent.work.coinbaseValue);
        QCOMPARE(next.data.height, std::uint64_t(height));
        if (!uncles.empty() && siblingMiner.contains(height - 1)) {
          // The sibling mined just before is on a side chain one below: the chain must credit it.
          QVERIFY2(next.data.uncles == std::vector<Hash32>{uncles.back()},
                   qPrintable(QString("share %1 does not take the sibling as its uncle").arg(height)));
        }
        unclesIncluded += int(next.data.uncles.size());
        const ShareJob job = makeShareJob(*chain_, parent.work, std::move(next));
        Share share = mine(job, miner, t.curtime);
        const Hash32 id = shareId(share);
        const InsertResult result = insert(share);
        QVERIFY2(result.first().status == InsertStatus::Added,
                 qPrintable(QString("share %1 by %2: %3").arg(height).arg(miner.name, describe(result.first()))));
        QVERIFY2(result.first().isBlock, "a regtest share must also meet the block target");
        QVERIFY(chain_->tip() != nullptr && chain_->tip()->id == id);

        if (const auto sibling = siblingMiner.find(height); sibling != siblingMiner.end()) {
          clock_ += 1;
          const Miner& other = miners_[std::size_t(sibling->second)];
          NextShare side = chain_->nextShare(other.script, other.feeScript, other.feePpm, clock_,
                                             parent.work.coinbaseValue, job.data.previousShareId);
          QCOMPARE(side.data.height, std::uint64_t(height));
          const ShareJob sideJob = makeShareJob(*chain_, parent.work, std::move(side));
          const InsertResult sideResult = insert(mine(sideJob, other, t.curtime));
          QVERIFY2(sideResult.first().status == InsertStatus::Added,
                   qPrintable(QString("sibling at %1: %2").arg(height).arg(describe(sideResult.first()))));
          QVERIFY2(!sideResult.tipChange.has_value(), "a sibling of equal work must not replace the tip");
          uncles.push_back(sideResult.first().id);
        }
        lastId = id;
        lastJob = job;
        lastShare = std::move(share);
      }
      QCOMPARE(unclesIncluded, int(siblingMiner.size()));
      QCOMPARE(chain_->size(), std::size_t(kShares) + siblingMiner.size());
      QCOMPARE(chain_->windowShares().size(), std::size_t(kShareWindow));
      const auto mined = std::chrono::steady_clock::now();

      // The chain's incremental window at the tip is what the plain recomputation says.
      const Weights tipWeights = independentWindow(*chain_, lastId);
      QCOMPARE(chain_->window().minerCount(), tipWeights.size());
      for (const auto& [script, weight] : tipWeights) {
        QVERIFY(weight.bitLength() <= Work::kBits);
        const Work chainWeight = chain_->window().weightOf(script);
        QVERIFY2(chainWeight == weight.resized<Work::kLimbs>(),
                 qPrintable(QString("%1: the chain's window says %2, recomputed %3")
                                .arg(labels_[script], QString::fromStdString(chainWeight.toHex()),
                                     QString::fromStdString(weight.toHex()))));
      }

      // What the block's coinbase must pay: the split of the window at the previous share.
      const Share& share = *lastShare;
      const ShareJob& job = *lastJob;
      const std::vector<TxOutput> payouts =
          chain_->payoutsAfter(share.data.previousShareId, parent.work.coinbaseValue, share.data.payoutScript);
      QVERIFY2(payouts == job.payouts, "the job's payouts differ from payoutsAfter");
      std::int64_t paid = 0;
      for (const TxOutput& output : payouts) paid += output.value;
      QCOMPARE(paid, t.coinbaseValue);
      const std::vector<TxOutput> independent = independentPayouts(
          parent.work.coinbaseValue, independentWindow(*chain_, share.data.previousShareId), params_->maxPayoutOutputs);
      QCOMPARE(independent.size(), payouts.size());
      for (std::size_t i = 0; i < payouts.size(); ++i) {
        QCOMPARE(hexOf(payouts[i].script), hexOf(independent[i].script));
        QCOMPARE(payouts[i].value, independent[i].value);
      }
      // Every miner, the uncle-only one included, and both nodes' fees are paid; nobody else.
      QCOMPARE(payouts.size(), payableScripts_.size());
      for (const Bytes& script : payableScripts_) {
        QVERIFY2(std::any_of(payouts.begin(), payouts.end(), [&](const TxOutput& o) { return o.script == script; }),
                 qPrintable(labels_[script] + " is not paid"));
      }

      // The share is the block: assemble, submit, and it is the node's tip under the share's id.
      const Bytes extranonce1(share.extranonce.begin(), share.extranonce.begin() + 4);
      const Bytes extranonce2(share.extranonce.begin() + 4, share.extranonce.end());
      const Bytes coinbaseForBlock = job.coinbase.serializeForBlock(extranonce1, extranonce2);
      const Bytes block = assembleBlock(share.header, coinbaseForBlock, t, parent.selection);
      const SubmitOutcome outcome = submit(block, lastId);
      QVERIFY2(outcome.status == SubmitStatus::Accepted,
               qPrintable(QString("%1: %2").arg(QString::fromUtf8(submitStatusName(outcome.status).data()),
                                                QString::fromStdString(outcome.reason))));
      const QString blockHash = displayHex(lastId);
      QCOMPARE(harness_->cli(0, {"getbestblockhash"}).toString(), blockHash);

      // The node's copy of the coinbase: our bytes, and outputs that are the chain's payouts in
      // order, then the share commitment, then the witness commitment.
      const QJsonObject nodeBlock = harness_->cli(0, {"getblock", blockHash, "2"}).toObject();
      const QJsonArray txs = nodeBlock.value("tx").toArray();
      QCOMPARE(txs.size(), 4);
      const QJsonObject coinbase = txs.at(0).toObject();
      QCOMPARE(harness_->cli(0, {"getrawtransaction", coinbase.value("txid").toString(), "false", blockHash}).toString(),
               hexOf(coinbaseForBlock));
      std::vector<TxOutput> expected = payouts;
      expected.push_back({0, opReturnScript(shareCommitment(chain_->consensusId(), share.data))});
      expected.push_back({0, witnessCommitmentScript(*parent.work.witnessCommitment)});
      const QJsonArray vout = coinbase.value("vout").toArray();
      QCOMPARE(vout.size(), qsizetype(expected.size()));
      for (std::size_t i = 0; i < expected.size(); ++i) {
        const QJsonObject out = vout.at(qsizetype(i)).toObject();
        QCOMPARE(std::llround(out.value("value").toDouble() * 1e8), expected[i].value);
        QCOMPARE(out.value("scriptPubKey").toObject().value("hex").toString(), hexOf(expected[i].script));
      }

      qInfo().noquote() << QString("block %1 at height %2 from share %3 (%4 shares, %5 uncles credited, window %6)")
                               .arg(blockHash)
                               .arg(t.height)
                               .arg(share.data.height)
                               .arg(chain_->size())
                               .arg(unclesIncluded)
                               .arg(kShareWindow);
      for (std::size_t i = 0; i < payouts.size(); ++i) {
        qInfo().noquote() << QString("  %1  %2  %3 LTC  (%4 litoshi)")
                                 .arg(QString::fromStdString(encodeAddress(payouts[i].script, kCoin, kRegtest)), -44)
                                 .arg(labels_[payouts[i].script], -34)
                                 .arg(litecoins(payouts[i].value), 12)
                                 .arg(payouts[i].value);
      }
      qInfo().noquote() << QString("  total %1 LTC = coinbasevalue; mined in %2 ms, %3 scrypt hashes")
                               .arg(litecoins(paid))
                               .arg(std::chrono::duration_cast<std::chrono::milliseconds>(mined - started).count())
                               .arg(hashes_);
    });
  }

  void tamperedCoinbaseIsRefused() {
    test::guarded([&] {
      QVERIFY2(chain_ != nullptr && chain_->tip() != nullptr, "needs the chain of the previous case");
      const ParentBlock parent = prepareParent();  // a fresh template on the block just found
      const BlockTemplate& t = parent.blockTemplate;
      clock_ += kShareSpacing;
      const Miner& miner = miners_[2];
      const ShareJob honest = makeShareJob(
          *chain_, parent.work, chain_->nextShare(miner.script, miner.feeScript, miner.feePpm, clock_, parent.work.coinbaseValue));
      QVERIFY(honest.payouts.size() >= 2);

      // Splits that keep the total, so the parent chain has nothing to object to.
      const std::vector<std::pair<const char*, std::function<void(std::vector<TxOutput>&)>>> tampers = {
          {"one litoshi moved from the first payout to the second",
           [](std::vector<TxOutput>& p) {
             p[0].value -= 1;
             p[1].value += 1;
           }},
          {"the first two payouts swapped", [](std::vector<TxOutput>& p) { std::swap(p[0], p[1]); }},
      };
      const std::size_t sizeBefore = chain_->size();
      const Hash32 tipBefore = chain_->tip()->id;
      for (const auto& [what, tamper] : tampers) {
        ShareJob forged = honest;
        tamper(forged.payouts);
        rebuildCoinbase(forged, parent);
        QCOMPARE(forged.coinbase.totalValue(), t.coinbaseValue);
        const Share share = mine(forged, miner, t.curtime);  // merkle root of the forged coinbase
        const InsertResult result = insert(share);
        QVERIFY2(result.first().status == InsertStatus::Refused && result.first().refusal == Refusal::CoinbaseMismatch,
                 qPrintable(QString("%1: %2").arg(what, describe(result.first()))));
        QCOMPARE(chain_->size(), sizeBefore);
        QVERIFY(chain_->tip()->id == tipBefore);
        // litecoind would take the forged block (a BIP23 proposal checks everything but the work).
        QCOMPARE(propose(forged, share, parent), QString("valid"));
      }
      // The proposal check is not a rubber stamp: one litoshi more than the block may pay.
      {
        ShareJob greedy = honest;
        greedy.payouts[0].value += 1;
        rebuildCoinbase(greedy, parent);
        const Share unmined = completeShare(greedy, miner.extranonce1, littleEndian32(0xffffffffu), t.version, t.curtime, 0);
        QCOMPARE(propose(greedy, unmined, parent), QString("bad-cb-amount"));
      }
      // The honest share of the same job is taken.
      const Share share = mine(honest, miner, t.curtime);
      const InsertResult result = insert(share);
      QVERIFY2(result.first().status == InsertStatus::Added, qPrintable(describe(result.first())));
      QVERIFY(chain_->tip()->id == shareId(share));
      QCOMPARE(propose(honest, share, parent), QString("valid"));
    });
  }

 private:
  Bytes walletScript(const char* type) {
    const QString address = harness_->cli(0, {"getnewaddress", "", type}).toString();
    return decodeAddress(address.toStdString(), kCoin, kRegtest).script;
  }

  BlockTemplate requireTemplate() {
    std::promise<TemplateReply> promise;
    node_->getTemplate({}, [&](TemplateReply reply) { promise.set_value(std::move(reply)); });
    TemplateReply reply = promise.get_future().get();
    if (reply.problem) throw std::runtime_error(reply.problem->message);
    return *reply.blockTemplate;
  }

  // A template, the transactions that go with a share coinbase, and the parent work for shares
  // (the coordinator's own preparation).
  ParentBlock prepareParent() { return prepareParentBlock(requireTemplate(), *chain_); }

  // Mines the job's share (scrypt, ~4096 hashes at the regtest share target) as the miner's
  // session would: a fresh extranonce2, the template's time, nonces from zero.
  Share mine(const ShareJob& job, const Miner& miner, std::uint32_t time) {
    const UInt256 target = targetFromCompact(job.data.shareBits).value();
    const Bytes extranonce2 = littleEndian32(++extranonce2Counter_);
    BlockHeader header = completeShare(job, miner.extranonce1, extranonce2, job.version, time, 0).header;
    for (std::uint32_t nonce = 0;; ++nonce) {
      header.nonce = nonce;
      ++hashes_;
      if (algorithm_->hashValue(algorithm_->hash(header.serialize())) <= target) {
        return completeShare(job, miner.extranonce1, extranonce2, job.version, time, nonce);
      }
      if (nonce == std::numeric_limits<std::uint32_t>::max()) throw std::runtime_error("nonce space exhausted");
    }
  }

  InsertResult insert(Share share) {
    return chain_->insert(std::move(share), InsertOptions{std::int64_t(clock_), false, true});
  }

  SubmitOutcome submit(const Bytes& block, const Hash32& hash) {
    std::promise<SubmitOutcome> promise;
    node_->submitBlock(block, hash, [&](SubmitOutcome outcome) { promise.set_value(std::move(outcome)); });
    return promise.get_future().get();
  }

  // The node's verdict on the share's block without submitting it (getblocktemplate "proposal"):
  // "valid", or the node's reason.
  QString propose(const ShareJob& job, const Share& share, const ParentBlock& parent) {
    const Bytes extranonce1(share.extranonce.begin(), share.extranonce.begin() + 4);
    const Bytes extranonce2(share.extranonce.begin() + 4, share.extranonce.end());
    const Bytes block = assembleBlock(share.header, job.coinbase.serializeForBlock(extranonce1, extranonce2),
                                      parent.blockTemplate, parent.selection);
    const nlohmann::json answer = node_->rpc().callBlocking(
        "getblocktemplate", nlohmann::json::array({{{"mode", "proposal"}, {"data", toHex(block)}}}));
    if (answer.is_null()) return "valid";
    return QString::fromStdString(answer.is_string() ? answer.get<std::string>() : answer.dump());
  }

  std::unique_ptr<LitecoindRegtest> harness_;
  // The job's coinbase built again from its (tampered) payouts.
  void rebuildCoinbase(ShareJob& job, const ParentBlock& parent) const {
    ShareCoinbaseInputs inputs;
    inputs.parentHeight = parent.work.height;
    inputs.payouts = job.payouts;
    inputs.data = &job.data;
    inputs.witnessCommitment = parent.work.witnessCommitment;
    job.coinbase = buildShareCoinbase(*params_, chain_->consensusId(), inputs);
  }

  boost::asio::io_context io_;
  std::optional<test::WorkGuard> work_{
      boost::asio::make_work_guard(io_)};
  std::thread ioThread_;
  std::unique_ptr<BitcoinNode> node_;

  std::optional<ShareChainParams> params_;
  std::unique_ptr<pow::Algorithm> algorithm_;
  std::unique_ptr<ShareChain> chain_;
  std::vector<Miner> miners_;
  std::vector<Bytes> payableScripts_;  // fee scripts, then every miner's
  std::map<Bytes, QString> labels_;
  std::uint64_t clock_ = 0;  // simulated unix seconds: shares come every kShareSpacing
  std::uint32_t extranonce2Counter_ = 0;
  std::uint64_t hashes_ = 0;
};

QTEST_GUILESS_MAIN(TestSharechainBlock)
#include "test_sharechain_block.moc"
