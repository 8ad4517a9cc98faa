// The pool end to end, every part a real process: two litecoind regtest nodes, three otedama-node
// daemons (one the bootstrap of the others, two on one litecoind and one on the other) and the
// built-in CPU miner on each with its own payout address. Blocks are found; every block a share
// made is read back from litecoind and its coinbase must pay exactly the PPLNS split computed here,
// independently, from /api/sharechain; all three nodes agree on the share-chain tip and on those
// blocks; a node killed with SIGKILL loses its miner to another node, where it is credited, and
// catches up when it comes back; at the end every node stops cleanly on SIGTERM. Waits are conditions with
// deadlines, never fixed sleeps.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/prctl.h>

#include "chain/address.hpp"
#include "free_port.hpp"
#include "http_get.hpp"
#include "integration_helpers.hpp"
#include "litecoind_regtest.hpp"
#include "util/hex.hpp"
#include "util/uint256.hpp"

using namespace otedama;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr unsigned kWindow = 400;       // larger than the shares of the whole test: every block's window is listed
constexpr int kMaxPayouts = 256;

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (done()) return true;
    QTest::qWait(250);  // the API's rate limit holds for loopback too; the condition is what is waited on
  }
  return done();
}

json getJson(std::uint16_t port, const std::string& path) {
  const test::HttpAnswer answer = test::httpGet(port, path);
  if (answer.status != 200) return json();
  return json::parse(answer.body, nullptr, false);
}

UInt256 parseDecimal(const std::string& text) {
  UInt256 value;
  for (char c : text) value = value * UInt256(10) + UInt256(static_cast<std::uint64_t>(c - '0'));
  return value;
}

// The split rule, written again from docs/sharechain.md: weight descending, script ascending,
// the heaviest 256, floor(R * w / W), the remainder to the first, zeros dropped.
std::vector<std::pair<Bytes, std::int64_t>> expectedSplit(const std::map<Bytes, UInt256>& weights, std::int64_t reward) {
  std::vector<std::pair<Bytes, UInt256>> order(weights.begin(), weights.end());
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (order.size() > kMaxPayouts) order.resize(kMaxPayouts);
  UInt256 total;
  for (const auto& [script, weight] : order) total += weight;
  std::vector<std::pair<Bytes, std::int64_t>> out;
  std::int64_t paid = 0;
  for (const auto& [script, weight] : order) {
    const auto amount = static_cast<std::int64_t>((UInt256(static_cast<std::uint64_t>(reward)) * weight / total).low64());
    out.emplace_back(script, amount);
    paid += amount;
  }
  if (!out.empty()) out.front().second += reward - paid;
  std::erase_if(out, [](const auto& payout) { return payout.second == 0; });
  return out;
}

struct Daemon {
  std::unique_ptr<QProcess> process;
  QString config;
  QString log;  // its output goes to files: a full pipe would stall it
  std::uint16_t stratumPort = 0, p2pPort = 0, apiPort = 0;
  std::string payoutAddress;
  std::unique_ptr<QProcess> miner;
};

}  // namespace

class NodeEndToEndTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    harness_ = std::make_unique<test::LitecoindRegtest>(2);
    const QString problem = harness_->start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    harness_->mine(0, 1);  // out of initial block download, and a tip for templates
    harness_->waitForHeight(1, 1);
  }

  void cleanupTestCase() {
    for (Daemon& daemon : daemons_) {
      stopMiner(daemon);
      stopDaemon(daemon);
      if (daemon.process) {
        QCOMPARE(daemon.process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(daemon.process->exitCode(), 0);
      }
    }
    harness_.reset();
  }

  void threeNodesMineAndPayTheWindow() {
    test::guarded([&] {
      daemons_.reserve(3);
      for (int i = 0; i < 3; ++i) {
        Daemon daemon;
        daemon.log = dir_.filePath(QString("node-%1.log").arg(i));
        daemon.payoutAddress = harness_->cli(i == 2 ? 1 : 0, {"getnewaddress", "", "bech32"}).toString().toStdString();
        daemon.stratumPort = test::freeLoopbackPort();
        daemon.p2pPort = test::freeLoopbackPort();
        daemon.apiPort = test::freeLoopbackPort();
        daemon.config = writeConfig(i, daemon);
        daemons_.push_back(std::move(daemon));
        QVERIFY2(startDaemon(daemons_.back()), qPrintable(output(daemons_.back())));
      }
      for (Daemon& daemon : daemons_) {
        QVERIFY2(waitUntil([&] { return getJson(daemon.apiPort, "/api/stats")["parentChain"]["ok"] == true; }, 60s),
                 qPrintable(output(daemon)));
      }
      QVERIFY2(waitUntil([&] {
        for (Daemon& daemon : daemons_) {
          if (getJson(daemon.apiPort, "/api/stats").value("peers", 0) < 2) return false;
        }
        return true;
      }, 60s), "the three nodes did not link up");

      for (Daemon& daemon : daemons_) startMiner(daemon);
      // Blocks made by shares, seen by all three nodes, and a share from every miner.
      QVERIFY2(waitUntil([&] { return shareBlocks(daemons_[0]).size() >= 4 && shareBlocks(daemons_[1]).size() >= 4 &&
                                      shareBlocks(daemons_[2]).size() >= 4 && windowMiners().size() >= 3; }, 180s),
               qPrintable(describe()));
      for (Daemon& daemon : daemons_) stopMiner(daemon);

      QVERIFY2(waitUntil([&] { return sameTip({0, 1, 2}); }, 30s), qPrintable(describe()));
      QVERIFY2(waitUntil([&] { return shareBlocks(daemons_[0]) == shareBlocks(daemons_[1]) &&
                                      shareBlocks(daemons_[0]) == shareBlocks(daemons_[2]); }, 30s),
               "the nodes do not list the same share blocks");
      checkCoinbases(daemons_[0]);

      // Every miner shows up in the window under its own address.
      const std::set<std::string> miners = windowMiners();
      for (const Daemon& daemon : daemons_) QVERIFY(miners.contains(daemon.payoutAddress));
    });
  }

  void aKilledNodeCatchesUpAndItsMinerMovesOn() {
    test::guarded([&] {
      QVERIFY(daemons_.size() == 3);
      Daemon& away = daemons_[2];
      startMiner(away, {daemons_[0].stratumPort});  // fails over to node 0
      QVERIFY(waitUntil([&] { return minerAccepted(away, away.payoutAddress) > 0; }, 60s));
      away.process->kill();  // SIGKILL: a crash; its store must carry it through (SIGTERM: test_otedama_node_cli)
      QVERIFY(away.process->waitForFinished(10000));
      // Its miner moved on to node 0 and is credited there.
      QVERIFY2(waitUntil([&] { return minerAccepted(daemons_[0], away.payoutAddress) > 0; }, 60s),
               qPrintable(minerOutput(away)));
      stopMiner(away);
      const std::uint64_t before = height(daemons_[0]);
      startMiner(daemons_[0]);
      startMiner(daemons_[1]);
      QVERIFY2(waitUntil([&] { return height(daemons_[0]) >= before + 5; }, 120s), qPrintable(output(daemons_[0])));
      stopMiner(daemons_[0]);
      stopMiner(daemons_[1]);
      QVERIFY(waitUntil([&] { return sameTip({0, 1}); }, 30s));
      QVERIFY2(startDaemon(away), qPrintable(output(away)));  // its store, its identity, its saved peers
      QVERIFY2(waitUntil([&] { return sameTip({0, 1, 2}); }, 60s), qPrintable(output(away)));
      checkCoinbases(away);
    });
  }

 private:
  QString writeConfig(int index, const Daemon& daemon) {
    const chain::RpcEndpoint rpc = harness_->endpoint(index == 2 ? 1 : 0);
    json config = {
        {"poolName", "e2e node " + std::to_string(index)},
        {"blockchain", "litecoin"},
        {"network", "regtest"},
        {"blockchainHost", "127.0.0.1"},
        {"blockchainPort", rpc.port},
        {"p2pPort", daemon.p2pPort},
        {"p2pBind", "127.0.0.1"},
        {"stratumPort", daemon.stratumPort},
        {"stratumBind", "127.0.0.1"},
        {"apiPort", daemon.apiPort},
        {"shareWindow", kWindow},
        {"targetShareTime", 10},
        {"dataDir", dir_.filePath(QString("node-%1").arg(index)).toStdString()},
        {"logging", {{"level", "info"}}},
        {"algorithm", {{"threads", 1}}},
    };
    if (!rpc.username.empty()) {
      config["blockchainUsername"] = rpc.username;
      config["blockchainPassword"] = rpc.password;
    } else {
      config["blockchainCookieFile"] = rpc.cookieFile.string();
    }
    if (index > 0) config["bootstrapNodes"] = json::array({"127.0.0.1:" + std::to_string(daemons_[0].p2pPort)});
    config["poolAddress"] = daemon.payoutAddress;
    if (index == 1) {  // a node fee, paid in the window like any miner
      config["poolAddress"] = harness_->cli(0, {"getnewaddress", "", "bech32"}).toString().toStdString();
      config["poolFee"] = 2.0;
    }
    const QString path = dir_.filePath(QString("node-%1.json").arg(index));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) throw std::runtime_error("cannot write " + path.toStdString());
    file.write(QByteArray::fromStdString(config.dump(2)));
    return path;
  }

  bool startDaemon(Daemon& daemon) {
    daemon.process = std::make_unique<QProcess>();
    daemon.process->setProcessChannelMode(QProcess::MergedChannels);
    daemon.process->setStandardOutputFile(daemon.log, QIODevice::Append);
    daemon.process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    daemon.process->start(OTEDAMA_NODE_BINARY, {daemon.config});
    if (!daemon.process->waitForStarted(30000)) return false;
    return waitUntil([&] { return test::httpGet(daemon.apiPort, "/api/stats").status == 200; }, 30s);
  }

  void stopDaemon(Daemon& daemon) {
    if (!daemon.process || daemon.process->state() == QProcess::NotRunning) return;
    daemon.process->terminate();  // SIGTERM: a clean stop
    if (!daemon.process->waitForFinished(30000)) {
      qWarning("otedama-node did not stop on SIGTERM:\n%s", qPrintable(output(daemon)));
      daemon.process->kill();
      daemon.process->waitForFinished(5000);
    }
  }

  // Accepted shares of `address` at the node, from /api/miners.
  std::uint64_t minerAccepted(Daemon& daemon, const std::string& address) {
    const json miners = getJson(daemon.apiPort, "/api/miners");
    for (const json& miner : miners.value("miners", json::array())) {
      if (miner.value("address", std::string()) == address) return miner.value("accepted", std::uint64_t(0));
    }
    return 0;
  }

  void startMiner(Daemon& daemon, std::vector<std::uint16_t> failover = {}) {
    QStringList arguments{"mine", "--url", QString("stratum+tcp://127.0.0.1:%1").arg(daemon.stratumPort)};
    for (std::uint16_t port : failover) arguments << "--url" << QString("stratum+tcp://127.0.0.1:%1").arg(port);
    arguments << "--user" << QString::fromStdString(daemon.payoutAddress + ".rig") << "--algo" << "scrypt"
              << "--threads" << "1";
    // The failover check wants a share soon after the switch: a fixed, low difficulty.
    if (!failover.empty()) arguments << "--password" << "d=0.05";
    daemon.miner = std::make_unique<QProcess>();
    daemon.miner->setProcessChannelMode(QProcess::MergedChannels);
    daemon.miner->setStandardOutputFile(daemon.log + ".miner", QIODevice::Append);
    daemon.miner->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    daemon.miner->start(OTEDAMA_NODE_BINARY, arguments);
    QVERIFY(daemon.miner->waitForStarted(10000));
  }

  void stopMiner(Daemon& daemon) {
    if (!daemon.miner || daemon.miner->state() == QProcess::NotRunning) return;
    daemon.miner->kill();
    daemon.miner->waitForFinished(5000);
  }

  QString minerOutput(const Daemon& daemon) {
    QFile file(daemon.log + ".miner");
    if (!file.open(QIODevice::ReadOnly)) return "(no miner log)";
    return QString::fromUtf8(file.readAll().right(3000));
  }

  QString output(const Daemon& daemon) {
    QFile file(daemon.log);
    if (!file.open(QIODevice::ReadOnly)) return "(no log)";
    return QString::fromUtf8(file.readAll().right(6000));
  }

  // One line per node: what its API says about the share chain, peers and blocks.
  QString describe() {
    QString text;
    for (std::size_t i = 0; i < daemons_.size(); ++i) {
      const json stats = getJson(daemons_[i].apiPort, "/api/stats");
      text += QString("[node %1: height %2 tip %3, %4 peers, %5 blocks (%6 by shares), %7 accepted] ")
                  .arg(i)
                  .arg(stats["sharechain"].value("height", std::uint64_t(0)))
                  .arg(QString::fromStdString(stats["sharechain"].value("tip", std::string()).substr(0, 12)))
                  .arg(stats.value("peers", 0))
                  .arg(stats.value("blocksFound", 0))
                  .arg(shareBlocks(daemons_[i]).size())
                  .arg(stats.value("sharesAccepted", 0));
    }
    return text + "\n" + output(daemons_[0]).right(3000);
  }

  std::uint64_t height(Daemon& daemon) {
    return getJson(daemon.apiPort, "/api/stats")["sharechain"].value("height", std::uint64_t(0));
  }

  bool sameTip(const std::vector<std::size_t>& which) {
    std::string tip;
    for (std::size_t i : which) {
      const json stats = getJson(daemons_[i].apiPort, "/api/stats");
      const std::string its = stats["sharechain"].value("tip", std::string());
      if (its.empty() || (!tip.empty() && its != tip)) return false;
      tip = its;
    }
    return true;
  }

  // The miners of node 0's window.
  std::set<std::string> windowMiners() {
    const json sharechain = getJson(daemons_[0].apiPort, "/api/sharechain");
    std::set<std::string> miners;
    for (const json& share : sharechain["shares"]) miners.insert(share["miner"].get<std::string>());
    return miners;
  }

  // Hashes of the blocks that were shares.
  std::set<std::string> shareBlocks(Daemon& daemon) {
    std::set<std::string> out;
    const json blocks = getJson(daemon.apiPort, "/api/blocks");  // kept: a range over a temporary's member dangles
    for (const json& block : blocks["blocks"]) {
      if (!block.value("shareId", std::string()).empty()) out.insert(block["hash"].get<std::string>());
    }
    return out;
  }

  // Each share block's coinbase, read from litecoind, pays the split of the shares below it.
  void checkCoinbases(Daemon& daemon) {
    const json sharechain = getJson(daemon.apiPort, "/api/sharechain");
    std::map<std::string, const json*> byId;
    for (const json& share : sharechain["shares"]) byId[share["id"].get<std::string>()] = &share;
    int checked = 0;
    const json blocks = getJson(daemon.apiPort, "/api/blocks");
    for (const json& block : blocks["blocks"]) {
      const std::string shareId = block.value("shareId", std::string());
      const auto found = byId.find(shareId);
      if (shareId.empty() || found == byId.end()) continue;  // a block without a share, or an uncle
      const std::uint64_t shareHeight = (*found->second)["height"].get<std::uint64_t>();
      std::map<Bytes, UInt256> weights;
      for (const json& share : sharechain["shares"]) {
        if (share["height"].get<std::uint64_t>() >= shareHeight) continue;
        for (const json& credit : share["credits"]) {
          const Bytes script =
              chain::decodeAddress(credit["address"].get<std::string>(), "litecoin", chain::Network::Regtest).script;
          weights[script] += parseDecimal(credit["weight"].get<std::string>());
        }
      }
      const std::int64_t reward = block["reward"].get<std::int64_t>();
      auto expected = expectedSplit(weights, reward);
      if (expected.empty()) {  // the first share pays its finder
        expected.emplace_back(chain::decodeAddress((*found->second)["miner"].get<std::string>(), "litecoin",
                                                   chain::Network::Regtest).script, reward);
      }
      const QJsonObject onChain = harness_->cli(0, {"getblock", QString::fromStdString(block["hash"].get<std::string>()), "2"}).toObject();
      const QJsonArray outputs = onChain["tx"].toArray()[0].toObject()["vout"].toArray();
      std::vector<std::pair<Bytes, std::int64_t>> paid;
      for (const QJsonValue& output : outputs) {
        const auto value = static_cast<std::int64_t>(std::llround(output.toObject()["value"].toDouble() * 1e8));
        if (value == 0) continue;
        paid.emplace_back(fromHex(output.toObject()["scriptPubKey"].toObject()["hex"].toString().toStdString()), value);
      }
      QVERIFY2(paid == expected, qPrintable(QString("block %1 at share height %2 does not pay the window's split")
                                               .arg(QString::fromStdString(block["hash"].get<std::string>())).arg(shareHeight)));
      ++checked;
    }
    QVERIFY2(checked >= 2, qPrintable(QString("only %1 share blocks could be checked").arg(checked)));
    qInfo("%d blocks checked against the window's split", checked);
  }

  QTemporaryDir dir_;
  std::unique_ptr<test::LitecoindRegtest> harness_;
  std::vector<Daemon> daemons_;
};

QTEST_GUILESS_MAIN(NodeEndToEndTest)
#include "test_node_end_to_end.moc"
