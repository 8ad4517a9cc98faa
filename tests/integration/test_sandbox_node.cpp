// The sandbox as a newcomer runs it: otedama-node on a configuration that only says
// "sandbox": true (plus free loopback ports for the test) starts its own litecoind regtest pair,
// the node and the built-in CPU miner; within 60 s its API shows an accepted share and a found
// block with its payout; SIGTERM stops everything it started and removes its folder.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/prctl.h>

#include "free_port.hpp"
#include "http_get.hpp"

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

json getJson(std::uint16_t port, const std::string& path) {
  const otedama::test::HttpAnswer answer = otedama::test::httpGet(port, path);
  if (answer.status != 200) return json();
  return json::parse(answer.body, nullptr, false);
}

}  // namespace

class SandboxNodeTest : public QObject {
  Q_OBJECT

 private slots:
  void aShareAndABlockWithinAMinuteThenEverythingStops() {
    QTemporaryDir dir;
    const std::uint16_t apiPort = otedama::test::freeLoopbackPort();
    const json config = {{"sandbox", true},
                         {"stratumPort", otedama::test::freeLoopbackPort()},
                         {"p2pPort", otedama::test::freeLoopbackPort()},
                         {"apiPort", apiPort},
                         {"stratumBind", "127.0.0.1"},
                         {"p2pBind", "127.0.0.1"}};
    QFile file(dir.filePath("sandbox.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(config.dump()));
    file.close();

    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.setStandardOutputFile(dir.filePath("node.log"));
    node.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    const auto started = Clock::now();
    node.start(OTEDAMA_NODE_BINARY, {file.fileName()});
    QVERIFY(node.waitForStarted());

    json stats;
    while (Clock::now() - started < 60s && node.state() == QProcess::Running) {
      stats = getJson(apiPort, "/api/stats");
      if (stats.is_object() && stats.value("sharesAccepted", 0) >= 1 && stats.value("blocksFound", 0) >= 1) break;
      QTest::qWait(500);  // the API's rate limit; the condition is what is waited on
    }
    QFile log(dir.filePath("node.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(log.readAll());
    QVERIFY2(stats.is_object() && stats.value("sharesAccepted", 0) >= 1 && stats.value("blocksFound", 0) >= 1,
             qPrintable(text.right(4000)));
    qInfo("a share and a block after %lld ms",
          static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()));
    QCOMPARE(stats["network"].get<std::string>(), std::string("regtest"));
    QCOMPARE(stats.value("miners", 0), 1);

    const json blocks = getJson(apiPort, "/api/blocks");
    QVERIFY(!blocks["blocks"].empty());
    const json& block = blocks["blocks"][0];
    QVERIFY(!block["payouts"].empty());
    QVERIFY(block["payouts"][0]["address"].get<std::string>().starts_with("rltc1"));
    QVERIFY(block["payouts"][0]["amount"].get<std::int64_t>() > 0);

    // Where its private chain lives, from its log, to check that it goes away.
    const QRegularExpressionMatch where = QRegularExpression("data in (\\S+)").match(text);
    QVERIFY2(where.hasMatch(), qPrintable(text.left(3000)));
    const QString folder = where.captured(1);
    QVERIFY(QDir(folder).exists());

    node.terminate();
    QVERIFY(node.waitForFinished(30000));
    QCOMPARE(node.exitStatus(), QProcess::NormalExit);
    QCOMPARE(node.exitCode(), 0);
    QVERIFY2(!QDir(folder).exists(), qPrintable(folder));
  }
};

QTEST_GUILESS_MAIN(SandboxNodeTest)
#include "test_sandbox_node.moc"
