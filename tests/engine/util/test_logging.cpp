// The logging setup's listener: records reach it with their level, time and bare message (no
// prefix), records below the configured level never do, and the file sink still works beside it.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <mutex>
#include <vector>

#include <spdlog/spdlog.h>

#include "util/logging.hpp"

using namespace otedama;

namespace {

struct Collected {
  std::mutex mutex;
  std::vector<LogRecord> records;

  std::function<void(const LogRecord&)> listener() {
    return [this](const LogRecord& record) {
      std::lock_guard lock(mutex);
      records.push_back(record);
    };
  }
};

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

class TestLogging : public QObject {
  Q_OBJECT

 private slots:
  void cleanup() {
    // Later cases (and other code in this process) must not call into a dead listener.
    setupLogging(LoggingOptions{});
  }

  void listenerGetsLevelTimeAndBareText() {
    Collected collected;
    LoggingOptions options;
    options.level = spdlog::level::info;
    options.listener = collected.listener();
    setupLogging(options);

    const std::int64_t before = nowMs();
    spdlog::info("peer {} connected", "10.0.0.1");
    spdlog::warn("share {} rejected: {}", 7, "stale");
    spdlog::error("rpc down");
    const std::int64_t after = nowMs();

    QCOMPARE(collected.records.size(), std::size_t{3});
    QCOMPARE(collected.records[0].level, spdlog::level::info);
    QCOMPARE(QString::fromStdString(collected.records[0].text), QString("peer 10.0.0.1 connected"));
    QCOMPARE(collected.records[1].level, spdlog::level::warn);
    QCOMPARE(QString::fromStdString(collected.records[1].text), QString("share 7 rejected: stale"));
    QCOMPARE(collected.records[2].level, spdlog::level::err);
    QCOMPARE(QString::fromStdString(collected.records[2].text), QString("rpc down"));
    for (const LogRecord& record : collected.records) {
      QVERIFY(record.timeMs >= before);
      QVERIFY(record.timeMs <= after);
    }
  }

  void recordsBelowTheLevelDoNotArrive() {
    Collected collected;
    LoggingOptions options;
    options.level = spdlog::level::warn;
    options.listener = collected.listener();
    setupLogging(options);

    spdlog::trace("trace");
    spdlog::debug("debug");
    spdlog::info("info");
    spdlog::warn("warn");
    spdlog::critical("critical");

    QCOMPARE(collected.records.size(), std::size_t{2});
    QCOMPARE(collected.records[0].level, spdlog::level::warn);
    QCOMPARE(collected.records[1].level, spdlog::level::critical);
  }

  void fileSinkStillWritesBesideTheListener() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("node.log");
    Collected collected;
    LoggingOptions options;
    options.level = spdlog::level::debug;
    options.file = path.toStdString();
    options.listener = collected.listener();
    setupLogging(options);

    spdlog::debug("to both");
    spdlog::default_logger()->flush();
    QCOMPARE(collected.records.size(), std::size_t{1});

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    // The file keeps its prefixed format; only the listener gets the bare message.
    QVERIFY2(written.contains("debug to both"), written.constData());
  }

  void noListenerIsFine() {
    setupLogging(LoggingOptions{.level = spdlog::level::warn, .file = ""});
    spdlog::warn("stderr only");
  }
};

QTEST_APPLESS_MAIN(TestLogging)
#include "test_logging.moc"
