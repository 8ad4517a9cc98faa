// Crash test of the store: a writer process (otedama-store-crash-writer) adds shares and blocks to
// one file and acknowledges each after the store call returns; the test SIGKILLs it at a random
// moment, many times over, and after every kill opens the file itself: it must open cleanly, pass
// the full integrity check, and hold every share and block ever acknowledged.
// OTEDAMA_STORE_CRASH_SEED=N reruns one sequence of kill points; OTEDAMA_STORE_CRASH_ROUNDS=N
// changes the number of rounds (default 40).
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <random>
#include <vector>

#include "store/store.hpp"
#include "util/hex.hpp"

using namespace otedama;
using namespace otedama::store;

namespace {

std::uint64_t envNumber(const char* name, std::uint64_t fallback) {
  bool ok = false;
  const std::uint64_t value = qEnvironmentVariable(name).toULongLong(&ok);
  return ok ? value : fallback;
}

struct Acknowledged {
  std::vector<Hash32> shares;
  std::map<Hash32, std::size_t> blocks;  // hash -> payout count
};

// Parses one line of the writer. Returns false for a line it does not know.
bool takeLine(const QByteArray& raw, Acknowledged& acked) {
  const QList<QByteArray> parts = raw.trimmed().split(' ');
  try {
    if (parts.size() == 2 && parts[0] == "ack") {
      acked.shares.push_back(hash32FromHex(parts[1].toStdString()));
      return true;
    }
    if (parts.size() == 3 && parts[0] == "block") {
      acked.blocks[hash32FromHex(parts[1].toStdString())] = parts[2].toULongLong();
      return true;
    }
  } catch (const std::invalid_argument&) {
  }
  return false;
}

}  // namespace

class TestStoreCrash : public QObject {
  Q_OBJECT

 private slots:
  void acknowledgedWritesSurviveSigkill() {
    const std::uint64_t seed = envNumber("OTEDAMA_STORE_CRASH_SEED", std::random_device{}());
    const std::uint64_t rounds = envNumber("OTEDAMA_STORE_CRASH_ROUNDS", 40);
    qInfo().noquote() << QString("seed %1 (rerun with OTEDAMA_STORE_CRASH_SEED=%1), %2 rounds").arg(seed).arg(rounds);
    std::mt19937_64 random(seed);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("node/store.sqlite");
    Acknowledged acked;
    QElapsedTimer timer;
    timer.start();

    for (std::uint64_t round = 0; round < rounds; ++round) {
      // Acknowledgements to wait for; 0 kills at once, which the first round always does so that a
      // kill while the file is being created and migrated is covered too.
      const std::uint64_t killAfter = round == 0 ? 0 : random() % 301;
      const std::uint64_t writerSeed = random();
      const QString where = QString("round %1 (seed %2, kill after %3 acks)").arg(round).arg(seed).arg(killAfter);

      QProcess writer;
      writer.start(OTEDAMA_STORE_CRASH_WRITER, {file, QString::number(writerSeed)});
      QVERIFY2(writer.waitForStarted(10000), qPrintable(where + ": the writer did not start"));

      std::uint64_t seen = 0;
      while (seen < killAfter) {
        if (!writer.canReadLine() && !writer.waitForReadyRead(30000)) {
          QFAIL(qPrintable(where + ": the writer stopped answering after " + QString::number(seen) +
                           " acks: " + QString::fromUtf8(writer.readAllStandardError())));
        }
        while (writer.canReadLine() && seen < killAfter) {
          const QByteArray line = writer.readLine();
          QVERIFY2(takeLine(line, acked), qPrintable(where + ": unexpected line " + QString::fromUtf8(line)));
          ++seen;
        }
      }
      writer.kill();  // SIGKILL
      QVERIFY2(writer.waitForFinished(30000), qPrintable(where + ": the writer did not die"));
      const QString writerErrors = QString::fromUtf8(writer.readAllStandardError());
      QVERIFY2(writer.exitStatus() == QProcess::CrashExit,
               qPrintable(where + ": the writer exited by itself: " + writerErrors));
      // Lines written before the kill are acknowledgements too; a torn last line is not.
      while (writer.canReadLine()) {
        const QByteArray line = writer.readLine();
        QVERIFY2(takeLine(line, acked), qPrintable(where + ": unexpected line " + QString::fromUtf8(line)));
      }

      std::unique_ptr<Store> store;
      try {
        store = Store::open(file.toStdString());
      } catch (const StoreError& e) {
        QFAIL(qPrintable(where + ": the store did not open after the kill: " + e.what()));
      }
      QCOMPARE(QString::fromStdString(store->integrityCheck()), QString("ok"));
      for (const Hash32& id : acked.shares) {
        QVERIFY2(store->hasShare(id), qPrintable(where + ": acknowledged share " + QString::fromStdString(toHex(id)) +
                                                 " is missing"));
      }
      for (const auto& [hash, payoutCount] : acked.blocks) {
        QVERIFY2(store->payouts(hash).size() == payoutCount,
                 qPrintable(where + ": acknowledged block " + QString::fromStdString(toHex(hash)) +
                            " is missing or has lost payouts"));
      }
    }
    qInfo().noquote() << QString("%1 rounds, %2 shares and %3 blocks acknowledged, all present, %4 ms")
                             .arg(rounds)
                             .arg(acked.shares.size())
                             .arg(acked.blocks.size())
                             .arg(timer.elapsed());
    if (rounds >= 10) QVERIFY2(acked.shares.size() > rounds * 50, "too few acknowledgements for the test to mean much");
  }
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "test_store_crash.moc"
