// The Bitcoin-family chain client against real litecoind regtest nodes: errors a person can act
// on (credentials, unreachable, syncing, wrong chain), templates with long polling, coinbases
// paying 20 addresses of every script type, blocks with mempool and MWEB transactions accepted by
// the node and read back byte for byte, stale blocks reported as stale, and recovery after the
// node was stopped.
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <future>
#include <mutex>
#include <random>
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
#include "chain/template_poller.hpp"
#include "crypto/scrypt.hpp"
#include "free_port.hpp"
#include "litecoind_regtest.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::chain;
using test::LitecoindRegtest;

namespace {

constexpr Network kRegtest = Network::Regtest;

struct BuiltBlock {
  Bytes block;
  Hash32 hash;
  Bytes coinbaseForBlock;
  std::vector<TxOutput> payouts;
  TransactionSelection selection;
};

QString hexOf(ByteSpan bytes) { return QString::fromStdString(toHex(bytes)); }
QString displayHex(const Hash32& hash) { return QString::fromStdString(toHex(reversed(hash))); }

Bytes randomBytes(std::size_t size, std::mt19937_64& random) {
  Bytes out(size);
  for (auto& b : out) b = static_cast<std::uint8_t>(random());
  return out;
}

// Splits `value` evenly over the scripts; the remainder goes to the first (exact to the unit).
std::vector<TxOutput> evenSplit(std::int64_t value, const std::vector<Bytes>& scripts) {
  std::vector<TxOutput> outputs;
  const std::int64_t share = value / std::int64_t(scripts.size());
  for (const Bytes& script : scripts) outputs.push_back({share, script});
  outputs.front().value += value - share * std::int64_t(scripts.size());
  return outputs;
}

}  // namespace

class TestLitecoindChain : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    harness_ = std::make_unique<LitecoindRegtest>(2);
    const QString error = harness_->start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ioThread_ = std::thread([this] { io_.run(); });
    node_ = std::make_unique<BitcoinNode>(io_, harness_->endpoint(0), *findCoin("litecoin"), kRegtest);
  }

  void cleanupTestCase() {
    pollers_.clear();
    node_.reset();
    test::stopIoThread(io_, work_, ioThread_);
    harness_.reset();  // stops the nodes and removes their folder
  }

  void wrongCredentialsAreExplained() {
    test::guarded([&] {
      RpcEndpoint endpoint = harness_->endpoint(0);
      endpoint.password = "wrong";
      RpcClient client(io_, endpoint);
      try {
        client.callBlocking("getblockcount", nlohmann::json::array());
        QFAIL("a wrong password was accepted");
      } catch (const RpcError& e) {
        QCOMPARE(e.kind(), RpcErrorKind::Unauthorized);
        QVERIFY2(QString(e.what()).contains("blockchainPassword"), e.what());
        QCOMPARE(node_->problemFrom(e).kind, NodeProblem::Kind::Unauthorized);
      }
      });
  }

  void cookieFileAuthenticates() {
    test::guarded([&] {
      RpcClient client(io_, harness_->endpoint(1));  // node 1 has no rpcuser: its .cookie file
      QCOMPARE(client.callBlocking("getblockcount", nlohmann::json::array()).get<int>(), 0);
      RpcEndpoint noCookie = harness_->endpoint(1);
      noCookie.cookieFile = harness_->dataDir().toStdString() + "/nowhere/.cookie";
      RpcClient lost(io_, noCookie);
      QVERIFY_THROWS_EXCEPTION(RpcError, lost.callBlocking("getblockcount", nlohmann::json::array()));
      });
  }

  void unreachableNodeIsExplained() {
    test::guarded([&] {
      RpcEndpoint endpoint = harness_->endpoint(0);
      endpoint.port = test::freeLoopbackPort();
      BitcoinNode nowhere(io_, endpoint, *findCoin("litecoin"), kRegtest);
      const TemplateReply reply = fetchTemplate(nowhere);
      QVERIFY(reply.problem.has_value());
      QCOMPARE(reply.problem->kind, NodeProblem::Kind::Unreachable);
      QVERIFY2(QString::fromStdString(reply.problem->message).contains("connection refused"),
               reply.problem->message.c_str());
      });
  }

  void syncingNodeIsExplained() {
    test::guarded([&] {
      // A fresh regtest chain counts as initial block download until its first block.
      const TemplateReply reply = fetchTemplate(*node_);
      QVERIFY(reply.problem.has_value());
      QCOMPARE(reply.problem->kind, NodeProblem::Kind::Syncing);
      QVERIFY2(QString::fromStdString(reply.problem->message).contains("still syncing"), reply.problem->message.c_str());
      });
  }

  void wrongChainIsExplained() {
    test::guarded([&] {
      BitcoinNode mainnet(io_, harness_->endpoint(0), *findCoin("litecoin"), Network::Mainnet);
      const NodeStatus status = checkStatus(mainnet);
      QVERIFY(status.problem.has_value());
      QCOMPARE(status.problem->kind, NodeProblem::Kind::WrongChain);
      QVERIFY2(QString::fromStdString(status.problem->message).contains("'regtest'"), status.problem->message.c_str());

      const NodeStatus good = checkStatus(*node_);
      QVERIFY2(!good.problem.has_value(), good.problem ? good.problem->message.c_str() : "");
      QCOMPARE(good.chain, std::string("regtest"));
      QVERIFY(good.connections >= 1);  // the two nodes connect to each other: in and out
      QVERIFY(QString::fromStdString(good.version).contains("LitecoinCore"));
      });
  }

  void coinbasePaysTwentyAddressesOfEveryType() {
    test::guarded([&] {
      harness_->mine(0, 101);  // leaves initial download and matures the first coinbase
      std::mt19937_64 random(7);
      std::vector<Bytes> scripts;

      // Wallet addresses of each type the node makes; our scripts must equal the node's.
      for (const char* type : {"legacy", "p2sh-segwit", "bech32"}) {
        for (int i = 0; i < 4; ++i) {
          const QString address = harness_->cli(0, {"getnewaddress", "", type}).toString();
          const DecodedAddress decoded = decodeAddress(address.toStdString(), "litecoin", kRegtest);
          const QString nodeScript = harness_->cli(0, {"getaddressinfo", address}).toObject().value("scriptPubKey").toString();
          QCOMPARE(hexOf(decoded.script), nodeScript);
          scripts.push_back(decoded.script);
        }
      }
      // Script types the wallet does not hand out: we encode them, the node must read them back.
      auto addEncoded = [&](Bytes script) {
        const std::string address = encodeAddress(script, "litecoin", kRegtest);
        QCOMPARE(decodeAddress(address, "litecoin", kRegtest).script, script);
        const QJsonObject validated = harness_->cli(0, {"validateaddress", QString::fromStdString(address)}).toObject();
        QVERIFY2(validated.value("isvalid").toBool(), address.c_str());
        QCOMPARE(validated.value("scriptPubKey").toString(), hexOf(script));
        scripts.push_back(std::move(script));
      };
      for (int i = 0; i < 3; ++i) {
        Bytes p2wsh{0x00, 0x20};
        const Bytes program = randomBytes(32, random);
        p2wsh.insert(p2wsh.end(), program.begin(), program.end());
        addEncoded(p2wsh);
        Bytes p2tr{0x51, 0x20};
        const Bytes key = randomBytes(32, random);
        p2tr.insert(p2tr.end(), key.begin(), key.end());
        addEncoded(p2tr);
      }
      for (int i = 0; i < 2; ++i) {
        Bytes p2sh{0xa9, 0x14};
        const Bytes hash = randomBytes(20, random);
        p2sh.insert(p2sh.end(), hash.begin(), hash.end());
        p2sh.push_back(0x87);
        addEncoded(p2sh);
      }
      QCOMPARE(scripts.size(), std::size_t{20});

      const BlockTemplate t = requireTemplate();
      QVERIFY(t.transactions.empty());
      const BuiltBlock built = buildBlock(t, scripts);
      const SubmitOutcome outcome = submit(built);
      QVERIFY2(outcome.status == SubmitStatus::Accepted, outcome.reason.c_str());
      verifyBlockOnNode(built);
      });
  }

  void checkNodeCommandSaysReady() {
    // The command a person runs to test the configuration, against the real node.
    QTemporaryDir dir;
    const QString config = dir.filePath("pool.json");
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QString(R"({ "sandbox": true, "blockchainPort": %1, "blockchainCookieFile": "%2" })")
                   .arg(harness_->node(1).rpcPort)
                   .arg(harness_->node(1).dataDir + "/regtest/.cookie")
                   .toUtf8());
    file.close();
    QProcess process;
    process.start(OTEDAMA_NODE_BINARY, {"check-node", config});
    QVERIFY(process.waitForFinished(60000));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(process.exitCode() == 0, qPrintable(out + process.readAllStandardError()));
    QVERIFY2(out.contains("ready: the pool can mine on this node"), qPrintable(out));
    QVERIFY(out.contains("chain 'regtest'"));
  }

  void blockWithMempoolTransactions() {
    test::guarded([&] {
      // Segwit and legacy spends from the wallet, so the node checks merkle root and witness commitment.
      QStringList sent;
      for (const char* type : {"bech32", "legacy", "p2sh-segwit", "bech32", "bech32"}) {
        const QString to = harness_->cli(0, {"getnewaddress", "", type}).toString();
        sent << harness_->cli(0, {"sendtoaddress", to, "1.5"}).toString();
      }
      const BlockTemplate t = requireTemplate();
      QCOMPARE(t.transactions.size(), std::size_t(sent.size()));
      const BuiltBlock built = buildBlock(t, {walletScript(0, "bech32"), walletScript(0, "legacy")});
      QVERIFY(built.selection.dropped.empty());
      const SubmitOutcome outcome = submit(built);
      QVERIFY2(outcome.status == SubmitStatus::Accepted, outcome.reason.c_str());
      const QJsonObject block = verifyBlockOnNode(built);
      const QJsonArray txs = block.value("tx").toArray();
      QCOMPARE(txs.size(), sent.size() + 1);
      for (const QString& txid : sent) {
        bool found = false;
        for (const QJsonValue& tx : txs) found = found || tx.toObject().value("txid").toString() == txid;
        QVERIFY2(found, qPrintable(txid));
      }
      });
  }

  void staleBlockIsReportedAsStale() {
    test::guarded([&] {
      const BlockTemplate t = requireTemplate();
      const BuiltBlock built = buildBlock(t, {walletScript(0, "bech32")});
      harness_->mine(0, 1);  // someone else's block replaces the tip our template built on
      const SubmitOutcome outcome = submit(built);
      QCOMPARE(outcome.status, SubmitStatus::Stale);
      QVERIFY(harness_->cli(0, {"getbestblockhash"}).toString() != displayHex(built.hash));
      });
  }

  void duplicateAndInvalidBlocks() {
    test::guarded([&] {
      const BlockTemplate t = requireTemplate();
      BuiltBlock built = buildBlock(t, {walletScript(0, "bech32")});
      QCOMPARE(submit(built).status, SubmitStatus::Accepted);
      QCOMPARE(submit(built).status, SubmitStatus::Duplicate);

      // Pay one unit more than the block allows: the node must refuse it and say why.
      const BlockTemplate next = requireTemplate();
      BuiltBlock greedy = buildBlock(next, {walletScript(0, "bech32")}, /*extraValue=*/1);
      const SubmitOutcome outcome = submit(greedy);
      QCOMPARE(outcome.status, SubmitStatus::Invalid);
      QCOMPARE(QString::fromStdString(outcome.reason), QString("bad-cb-amount"));
      });
  }

  void pollerSignalsNewTipsAndRecoversFromAStoppedNode() {
    test::guarded([&] {
      // Node 1 (cookie auth) is stopped and started under a running poller.
      BitcoinNode node1(io_, harness_->endpoint(1), *findCoin("litecoin"), kRegtest, RpcOptions{.timeout = std::chrono::milliseconds(5000)});
      std::mutex mutex;
      std::vector<std::pair<Hash32, Hash32>> tips;  // (previousblockhash, previous tip) on new tips
      std::atomic<int> templates{0}, recoveries{0};
      std::vector<NodeProblem> problems;
      TemplateEvents events;
      events.onTemplate = [&](const BlockTemplate& t, bool newTip, const Hash32& previousTip) {
        std::lock_guard lock(mutex);
        ++templates;
        if (newTip) tips.emplace_back(t.previousBlockHash, previousTip);
      };
      events.onProblem = [&](const NodeProblem& p) {
        std::lock_guard lock(mutex);
        problems.push_back(p);
      };
      events.onRecovered = [&] { ++recoveries; };
      auto poller = std::make_shared<TemplatePoller>(
          // The refresh is slower than every wait below: new tips must arrive through the long poll.
        node1, events, TemplatePollerOptions{.refreshInterval = std::chrono::milliseconds(120000),
                                               .longPollTimeout = std::chrono::milliseconds(60000),
                                               .backoffMin = std::chrono::milliseconds(200),
                                               .backoffMax = std::chrono::milliseconds(1000)});
      runOnIo([&] { poller->start(); });
      QTRY_VERIFY_WITH_TIMEOUT(templates.load() >= 1, 30000);

      // A new block reaches the poller through the long poll, with the tip it replaced.
      const QString before = harness_->cli(1, {"getbestblockhash"}).toString();
      const QString mined = harness_->mine(0, 1);
      QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 std::lock_guard lock(mutex);
                                 return !tips.empty() && displayHex(tips.back().first) == mined;
                               }()),
                               20000);
      {
        std::lock_guard lock(mutex);
        QCOMPARE(displayHex(tips.back().second), before);
      }

      QVERIFY(harness_->stopNode(1));
      // While it shuts down the node may first say it has no peers; then it is gone.
      auto unreachable = [&]() -> std::optional<NodeProblem> {
        std::lock_guard lock(mutex);
        for (const NodeProblem& p : problems) {
          if (p.kind == NodeProblem::Kind::Unreachable) return p;
        }
        return std::nullopt;
      };
      QTRY_VERIFY_WITH_TIMEOUT(unreachable().has_value(), 30000);
      QVERIFY2(QString::fromStdString(unreachable()->message).contains("Cannot connect to the Litecoin node"),
               unreachable()->message.c_str());
      const QString error = harness_->startNode(1);
      QVERIFY2(error.isEmpty(), qPrintable(error));
      QTRY_VERIFY_WITH_TIMEOUT(recoveries.load() >= 1, 60000);
      // Back in business: the next block reaches the poller again.
      const QString afterRestart = harness_->mine(0, 1);
      QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 std::lock_guard lock(mutex);
                                 return !tips.empty() && displayHex(tips.back().first) == afterRestart;
                               }()),
                               30000);
      runOnIo([&] { poller->stop(); });
      pollers_.push_back(poller);  // destroyed after the io thread stops
      harness_->cli(1, {"loadwallet", "harness"});
      });
  }

  void blockWithMwebTransactions() {
    test::guarded([&] {
      // MWEB activates at height 432 on regtest, and its first block must carry a peg-in: the node
      // mines up to 431, then our block is the first MWEB block.
      const int height = int(harness_->cli(0, {"getblockcount"}).toDouble());
      QVERIFY(height < 431);
      harness_->mine(0, 431 - height);
      harness_->waitForHeight(1, 431);

      // A peg-in (canonical -> MWEB) from node 0, and node 1 funded on MWEB only.
      const QString mwebAddress = harness_->cli(0, {"getnewaddress", "", "mweb"}).toString();
      QVERIFY2(mwebAddress.startsWith("tmweb1"), qPrintable(mwebAddress));
      const QString pegin = harness_->cli(0, {"sendtoaddress", mwebAddress, "2"}).toString();
      const QString node1Mweb = harness_->cli(1, {"getnewaddress", "", "mweb"}).toString();
      harness_->cli(0, {"sendtoaddress", node1Mweb, "3"});

      BlockTemplate t = requireTemplate();
      QCOMPARE(t.height, 432u);
      QVERIFY2(t.mweb.has_value(), "the template has no MWEB block after activation");
      QVERIFY(t.hasRule("mweb"));
      BuiltBlock built = buildBlock(t, {walletScript(0, "bech32"), walletScript(0, "legacy")});
      SubmitOutcome outcome = submit(built);
      QVERIFY2(outcome.status == SubmitStatus::Accepted, outcome.reason.c_str());
      QJsonObject block = verifyBlockOnNode(built);
      bool peginIncluded = false;
      for (const QJsonValue& tx : block.value("tx").toArray()) peginIncluded |= tx.toObject().value("txid").toString() == pegin;
      QVERIFY(peginIncluded);
      QVERIFY(block.contains("mweb"));

      // Node 1 spends its MWEB coins back to a canonical address: a peg-out, an MWEB-only transaction.
      harness_->waitForHeight(1, int(harness_->cli(0, {"getblockcount"}).toDouble()));
      const QString canonical = harness_->cli(0, {"getnewaddress", "", "bech32"}).toString();
      harness_->cli(1, {"sendtoaddress", canonical, "1"});
      QTRY_VERIFY_WITH_TIMEOUT(harness_->cli(0, {"getrawmempool"}).toArray().size() >= 1, 30000);
      t = requireTemplate();
      QVERIFY(t.mweb.has_value());
      built = buildBlock(t, {walletScript(0, "bech32")});
      outcome = submit(built);
      QVERIFY2(outcome.status == SubmitStatus::Accepted, outcome.reason.c_str());
      block = verifyBlockOnNode(built);
      QVERIFY(block.contains("mweb"));
      QVERIFY(harness_->cli(0, {"getrawmempool"}).toArray().isEmpty());
      });
  }

 private:
  template <typename F>
  void runOnIo(F&& f) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }

  TemplateReply fetchTemplate(BitcoinNode& node) {
    std::promise<TemplateReply> promise;
    node.getTemplate({}, [&](TemplateReply reply) { promise.set_value(std::move(reply)); });
    return promise.get_future().get();
  }

  NodeStatus checkStatus(BitcoinNode& node) {
    std::promise<NodeStatus> promise;
    node.checkStatus([&](NodeStatus status) { promise.set_value(std::move(status)); });
    return promise.get_future().get();
  }

  BlockTemplate requireTemplate() {
    TemplateReply reply = fetchTemplate(*node_);
    if (reply.problem) throw std::runtime_error(reply.problem->message);
    return *reply.blockTemplate;
  }

  Bytes walletScript(int index, const char* type) {
    const QString address = harness_->cli(index, {"getnewaddress", "", type}).toString();
    return decodeAddress(address.toStdString(), "litecoin", kRegtest).script;
  }

  // Everything a pool does between a template and submitblock, with scrypt solved by brute force
  // (regtest's target accepts about every second hash).
  BuiltBlock buildBlock(const BlockTemplate& t, const std::vector<Bytes>& scripts, std::int64_t extraValue = 0) {
    const Bytes extranonce1{0x01, 0x02, 0x03, 0x04}, extranonce2{0xaa, 0xbb, 0xcc, 0xdd};
    CoinbaseSpec spec;
    spec.height = t.height;
    spec.marker = Bytes{'/', 'o', 't', 'e', 'd', 'a', 'm', 'a', '/'};
    spec.extranonce1Size = extranonce1.size();
    spec.extranonce2Size = extranonce2.size();
    spec.payouts = evenSplit(t.coinbaseValue, scripts);
    spec.shareCommitment = Bytes(32, 0x5a);
    if (t.defaultWitnessCommitment) spec.witnessCommitment = Hash32{};

    // The coinbase's size decides which transactions fit; the fees of those decide the amounts.
    const Coinbase sizing = Coinbase::build(spec);
    BuiltBlock built;
    built.selection = selectTransactions(t, sizing.weight(), sizing.sigopCost());
    spec.payouts = evenSplit(built.selection.coinbaseValue + extraValue, scripts);
    built.payouts = spec.payouts;
    if (t.defaultWitnessCommitment) {
      spec.witnessCommitment = computeWitnessCommitment(includedWtxids(t, built.selection));
      if (built.selection.dropped.empty()) {
        // With every template transaction included, our commitment must be the node's.
        if (witnessCommitmentScript(*spec.witnessCommitment) != *t.defaultWitnessCommitment) {
          throw std::runtime_error("recomputed witness commitment differs from the template's");
        }
      }
    }
    const Coinbase coinbase = Coinbase::build(spec);
    const std::vector<Hash32> branch = coinbaseMerkleBranch(includedTxids(t, built.selection));

    BlockHeader header;
    header.version = t.version;
    header.previousBlockHash = t.previousBlockHash;
    header.merkleRoot = merkleRootFromCoinbase(coinbase.txid(extranonce1, extranonce2), branch);
    header.time = t.curtime;
    header.bits = t.bits;
    for (header.nonce = 0;; ++header.nonce) {
      if (UInt256::fromLittleEndian(crypto::scryptLitecoin(header.serialize())) <= t.target) break;
    }
    built.coinbaseForBlock = coinbase.serializeForBlock(extranonce1, extranonce2);
    built.block = assembleBlock(header, built.coinbaseForBlock, t, built.selection);
    built.hash = header.hash();
    return built;
  }

  SubmitOutcome submit(const BuiltBlock& built) {
    std::promise<SubmitOutcome> promise;
    node_->submitBlock(built.block, built.hash, [&](SubmitOutcome outcome) { promise.set_value(std::move(outcome)); });
    return promise.get_future().get();
  }

  // The node's copy of the block is ours: it is the tip, and its coinbase has exactly our bytes,
  // amounts and scripts.
  QJsonObject verifyBlockOnNode(const BuiltBlock& built) {
    const QString hash = displayHex(built.hash);
    [&] { QCOMPARE(harness_->cli(0, {"getbestblockhash"}).toString(), hash); }();
    const QJsonObject block = harness_->cli(0, {"getblock", hash, "2"}).toObject();
    const QJsonObject coinbase = block.value("tx").toArray().at(0).toObject();
    const QString rawCoinbase =
        harness_->cli(0, {"getrawtransaction", coinbase.value("txid").toString(), "false", hash}).toString();
    [&] { QCOMPARE(rawCoinbase, hexOf(built.coinbaseForBlock)); }();
    const QJsonArray vout = coinbase.value("vout").toArray();
    [&] {
      QVERIFY(vout.size() >= int(built.payouts.size()));
      for (std::size_t i = 0; i < built.payouts.size(); ++i) {
        const QJsonObject out = vout.at(int(i)).toObject();
        QCOMPARE(std::llround(out.value("value").toDouble() * 1e8), built.payouts[i].value);
        QCOMPARE(out.value("scriptPubKey").toObject().value("hex").toString(), hexOf(built.payouts[i].script));
      }
    }();
    return block;
  }

  std::unique_ptr<LitecoindRegtest> harness_;
  boost::asio::io_context io_;
  std::optional<test::WorkGuard> work_{
      boost::asio::make_work_guard(io_)};
  std::thread ioThread_;
  std::unique_ptr<BitcoinNode> node_;
  std::vector<std::shared_ptr<TemplatePoller>> pollers_;
};

QTEST_GUILESS_MAIN(TestLitecoindChain)
#include "test_litecoind_chain.moc"
