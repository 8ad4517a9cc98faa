// Runs the real otedama-node binary: --version/--help, `hash` for the three algorithms against the
// shared vectors, its usage errors, config checking with good and bad files, and the node itself
// running until SIGTERM without its blockchain node (saying so) and stopping cleanly.
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "free_port.hpp"
#include "test_vectors.hpp"

namespace {

struct Run {
  int exitCode = -1;
  QString out, err;
};

Run runNode(const QStringList& arguments) {
  QProcess process;
  process.start(OTEDAMA_NODE_BINARY, arguments);
  if (!process.waitForFinished(120000)) {
    process.kill();
    process.waitForFinished();
    return {};
  }
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void writeFile(const QString& path, const QByteArray& content) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(content);
}

}  // namespace

class TestOtedamaNodeCli : public QObject {
  Q_OBJECT

 private slots:
  void versionAndHelp() {
    const Run version = runNode({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith("otedama-node "), qPrintable(version.out));
    QVERIFY(version.out.contains("randomx, scrypt, sha256d"));
    const Run help = runNode({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("otedama-node hash --algo NAME"));
  }

  void hashPrintsTheVectors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    for (const QString algorithm : {"sha256d", "scrypt", "randomx"}) {
      for (const QJsonValue& v : otedama::test::powVectors(algorithm)) {
        const QJsonObject input = v.toObject().value("input").toObject();
        const QJsonObject expected = v.toObject().value("expected").toObject();
        QStringList arguments{"hash", "--algo", algorithm, "--input"};
        arguments << (input.contains("header") ? input.value("header") : input.value("input")).toString();
        if (input.contains("key")) arguments << "--key" << input.value("key").toString();
        const QString hash = expected.value(expected.contains("hash_raw")       ? "hash_raw"
                                            : expected.contains("pow_hash_raw") ? "pow_hash_raw"
                                                                                : "hash").toString();
        QTest::newRow(qPrintable(algorithm + ": " + v.toObject().value("name").toString())) << arguments << hash;
      }
    }
  }

  void hashPrintsTheVectors() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Run run = runNode(arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out.trimmed(), expected);
  }

  void hashUsageErrors_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown algorithm") << QStringList{"hash", "--algo", "x11", "--input", "00"}
                                       << "unknown proof-of-work algorithm 'x11'";
    QTest::newRow("bad hex") << QStringList{"hash", "--algo", "sha256d", "--input", "0q"} << "--input: hex text";
    QTest::newRow("odd hex") << QStringList{"hash", "--algo", "sha256d", "--input", "abc"} << "odd number of digits";
    QTest::newRow("missing key") << QStringList{"hash", "--algo", "randomx", "--input", "00"} << "needs --key";
    QTest::newRow("needless key") << QStringList{"hash", "--algo", "scrypt", "--input", "00", "--key", "00"}
                                  << "takes no --key";
    QTest::newRow("missing input") << QStringList{"hash", "--algo", "scrypt"} << "--input is required";
    QTest::newRow("flag without value") << QStringList{"hash", "--algo"} << "needs a value";
    QTest::newRow("unknown flag") << QStringList{"hash", "--algorithm", "scrypt"} << "unknown option";
  }

  void hashUsageErrors() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = runNode(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
  }

  void builtInDefaultIsTheSandbox() {
    const Run check = runNode({"--check"});
    QVERIFY2(check.exitCode == 0, qPrintable(check.err));
    QVERIFY(check.out.contains("sandbox"));
  }

  void theNodeRunsUntilSigtermAndStopsCleanly() {
    QTemporaryDir dir;
    const QString config = dir.filePath("node.json");
    const auto port = [] { return QByteArray::number(otedama::test::freeLoopbackPort()); };
    const QByteArray api = port();
    writeFile(config, R"({ "poolAddress": "tltc1q8y9naxlsw7xay4jesqshnpeuc0ap8fg9ejm2j2memwq4ng87dk3s88nr5j",
      "network": "testnet", "blockchainPort": 1, "p2pBind": "127.0.0.1", "stratumBind": "127.0.0.1",
      "p2pPort": )" + port() + R"(, "stratumPort": )" + port() + R"(, "apiPort": )" + api + R"(,
      "dataDir": ")" + dir.filePath("data").toUtf8() + R"(" })");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(OTEDAMA_NODE_BINARY, {config});
    QVERIFY(process.waitForStarted());
    QByteArray log;
    QDeadlineTimer deadline(30000);
    while (!log.contains("[started]") && !deadline.hasExpired() && process.state() == QProcess::Running) {
      process.waitForReadyRead(200);
      log += process.readAll();
    }
    QVERIFY2(log.contains("[started]"), log.constData());
    // Without its blockchain node it runs and says what is wrong.
    while (!log.contains("Cannot connect to the Litecoin node") && !deadline.hasExpired()) {
      process.waitForReadyRead(200);
      log += process.readAll();
    }
    QVERIFY2(log.contains("Cannot connect to the Litecoin node"), log.constData());
    process.terminate();
    QVERIFY(process.waitForFinished(30000));
    log += process.readAll();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(log.contains("[stopped]"), log.constData());
    QVERIFY(QFile::exists(dir.filePath("data/otedama.sqlite")));
    QVERIFY(QFile::exists(dir.filePath("data/node.key")));
  }

  void configFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString good = dir.filePath("good.json");
    writeFile(good, R"({ // a comment
      "poolAddress": "tltc1q8y9naxlsw7xay4jesqshnpeuc0ap8fg9ejm2j2memwq4ng87dk3s88nr5j", "blockchain": "litecoin", "network": "testnet", "stratumPort": 4444 })");
    Run run = runNode({"--check", good});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("Litecoin testnet"));
    QVERIFY(run.out.contains("port 4444"));

    const QString bad = dir.filePath("bad.json");
    writeFile(bad, R"({ "poolAddress": "tltc1q8y9naxlsw7xay4jesqshnpeuc0ap8fg9ejm2j2memwq4ng87dk3s88nr5j", "stratumPort": 70000 })");
    run = runNode({bad});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("config key 'stratumPort' = 70000"), qPrintable(run.err));

    run = runNode({dir.filePath("missing.json")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("cannot read config file"), qPrintable(run.err));

    // check-node explains an unreachable node (port 1 on loopback refuses at once).
    const QString unreachable = dir.filePath("unreachable.json");
    writeFile(unreachable, R"({ "sandbox": true, "blockchainPort": 1, "blockchainUsername": "u" })");
    run = runNode({"check-node", unreachable});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("Cannot connect to the Litecoin node") && run.out.contains("connection refused"),
             qPrintable(run.out));

    run = runNode({good, "extra"});
    QCOMPARE(run.exitCode, 2);
    run = runNode({"--bogus"});
    QCOMPARE(run.exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(TestOtedamaNodeCli)
#include "test_otedama_node_cli.moc"
