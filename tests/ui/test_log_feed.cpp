// The log feed between logging threads and the GUI thread: records from several threads arrive
// on the GUI thread in order per thread; a flood is bounded and the drops are counted and shown;
// batches are spaced by the interval; the engine's logger feeds it; and destroying the feed
// while a thread still logs through its listener is safe.
#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "log/log_feed.hpp"

using otedama::LogRecord;
using otedama::ui::LogFeed;
using otedama::ui::LogLine;

namespace {

LogRecord record(int thread, int sequence) {
  return {spdlog::level::info, sequence, std::to_string(thread) + " " + std::to_string(sequence)};
}

// Collects every batch and checks it arrives on the thread the feed lives on.
struct Receiver {
  QVector<LogLine> lines;
  int batches = 0;
  bool allOnGuiThread = true;

  explicit Receiver(LogFeed& feed) {
    QObject::connect(&feed, &LogFeed::recordsArrived, &feed, [this](const QVector<LogLine>& batch) {
      allOnGuiThread = allOnGuiThread && QThread::currentThread() == QCoreApplication::instance()->thread();
      lines += batch;
      ++batches;
    });
  }
};

// The sequence numbers seen per producing thread, in arrival order; synthetic lines are skipped.
std::map<int, std::vector<int>> perThread(const QVector<LogLine>& lines) {
  std::map<int, std::vector<int>> out;
  for (const LogLine& line : lines) {
    const QStringList parts = line.text.split(' ');
    if (parts.size() != 2) continue;
    out[parts[0].toInt()].push_back(parts[1].toInt());
  }
  return out;
}

bool strictlyIncreasing(const std::vector<int>& values) {
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (values[i] <= values[i - 1]) return false;
  }
  return true;
}

void pushFrom(int threads, int each, const std::function<void(const LogRecord&)>& listener) {
  std::vector<std::thread> producers;
  for (int t = 0; t < threads; ++t) {
    producers.emplace_back([t, each, &listener] {
      for (int i = 0; i < each; ++i) listener(record(t, i));
    });
  }
  for (std::thread& producer : producers) producer.join();
}

}  // namespace

class LogFeedTest : public QObject {
  Q_OBJECT

 private slots:
  void cleanup() { otedama::setupLogging(otedama::LoggingOptions{}); }

  void recordsFromThreadsArriveInOrderOnTheGuiThread() {
    LogFeed feed(100'000, 50);
    Receiver receiver(feed);
    constexpr int kThreads = 4;
    constexpr int kEach = 2000;
    std::vector<std::thread> producers;
    const auto listener = feed.listener();
    for (int t = 0; t < kThreads; ++t) {
      producers.emplace_back([t, &listener] {
        for (int i = 0; i < kEach; ++i) listener(record(t, i));
      });
    }
    // Batches are delivered while the producers still run.
    QTRY_COMPARE_WITH_TIMEOUT(receiver.lines.size(), kThreads * kEach, 20'000);
    for (std::thread& producer : producers) producer.join();

    QVERIFY(receiver.allOnGuiThread);
    QCOMPARE(feed.droppedCount(), quint64{0});
    const auto seen = perThread(receiver.lines);
    QCOMPARE(seen.size(), std::size_t{kThreads});
    for (const auto& [thread, sequence] : seen) {
      QCOMPARE(sequence.size(), std::size_t{kEach});
      QVERIFY2(strictlyIncreasing(sequence), qPrintable(QString("thread %1 out of order").arg(thread)));
    }
    QCOMPARE(receiver.lines.first().level, int(spdlog::level::info));
  }

  void floodIsBoundedAndDropsAreCounted() {
    LogFeed feed(100, 50);
    Receiver receiver(feed);
    // The GUI thread is busy joining meanwhile, so nothing drains until all 4000 are pushed.
    pushFrom(4, 1000, feed.listener());
    QTRY_COMPARE(receiver.batches, 1);
    QCOMPARE(feed.droppedCount(), quint64{3900});
    QCOMPARE(receiver.lines.size(), 101);
    const LogLine& note = receiver.lines.first();
    QCOMPARE(note.level, int(spdlog::level::warn));
    QVERIFY2(note.text.contains("3900"), qPrintable(note.text));
    // What was kept is the newest, still in order per thread.
    for (const auto& [thread, sequence] : perThread(receiver.lines)) {
      QVERIFY(strictlyIncreasing(sequence));
      QCOMPARE(sequence.back(), 999);
    }

    // The next batch reports only the drops since the last one.
    receiver.lines.clear();
    for (int i = 0; i < 150; ++i) feed.push(record(9, i));
    QTRY_COMPARE(receiver.batches, 2);
    QCOMPARE(receiver.lines.size(), 101);
    QVERIFY2(receiver.lines.first().text.contains("50"), qPrintable(receiver.lines.first().text));
    QCOMPARE(receiver.lines.at(1).text, QString("9 50"));
    QCOMPARE(feed.droppedCount(), quint64{3950});

    // Without drops there is no note.
    receiver.lines.clear();
    feed.push(record(9, 1000));
    QTRY_COMPARE(receiver.batches, 3);
    QCOMPARE(receiver.lines.size(), 1);
    QCOMPARE(receiver.lines.first().text, QString("9 1000"));
  }

  void batchesAreSpacedByTheInterval() {
    constexpr int kIntervalMs = 200;
    LogFeed feed(1000, kIntervalMs);
    QElapsedTimer clock;
    clock.start();
    std::vector<qint64> arrivals;
    connect(&feed, &LogFeed::recordsArrived, &feed, [&] { arrivals.push_back(clock.elapsed()); });

    std::atomic<bool> stop = false;
    const auto listener = feed.listener();
    std::thread producer([&] {
      for (int i = 0; !stop; ++i) listener(record(0, i));
    });
    QTRY_VERIFY_WITH_TIMEOUT(arrivals.size() >= 4, 10'000);
    stop = true;
    producer.join();

    for (std::size_t i = 1; i < arrivals.size(); ++i) {
      const qint64 gap = arrivals[i] - arrivals[i - 1];
      QVERIFY2(gap >= kIntervalMs * 9 / 10, qPrintable(QString("batches %1 ms apart").arg(gap)));
    }
    QVERIFY(feed.droppedCount() > 0);
  }

  void engineLoggerFeedsIt() {
    LogFeed feed;
    Receiver receiver(feed);
    otedama::LoggingOptions options;
    options.level = spdlog::level::info;
    options.listener = feed.listener();
    otedama::setupLogging(options);

    std::thread engine([] {
      spdlog::debug("below the level");
      spdlog::warn("share {} rejected", 42);
    });
    engine.join();
    QTRY_COMPARE(receiver.lines.size(), 1);
    QCOMPARE(receiver.lines.first().level, int(spdlog::level::warn));
    QCOMPARE(receiver.lines.first().text, QString("share 42 rejected"));
    QVERIFY(qAbs(receiver.lines.first().timeMs - QDateTime::currentMSecsSinceEpoch()) < 60'000);
  }

  void destroyingTheFeedWhileLoggingIsSafe() {
    auto feed = std::make_unique<LogFeed>(500, 20);
    auto receiver = std::make_unique<Receiver>(*feed);
    const auto listener = feed->listener();
    std::atomic<bool> stop = false;
    std::atomic<long> calls = 0;
    std::vector<std::thread> producers;
    for (int t = 0; t < 3; ++t) {
      producers.emplace_back([&, t] {
        for (int i = 0; !stop; ++i) {
          listener(record(t, i));
          ++calls;
        }
      });
    }
    QTRY_VERIFY(receiver->batches >= 2);

    feed.reset();  // while the producers are calling the listener
    const long atDestruction = calls;
    // Keep the event loop turning (a request may have been posted just before) while the
    // producers carry on logging into the void.
    QTRY_VERIFY(calls > atDestruction + 100'000);
    stop = true;
    for (std::thread& producer : producers) producer.join();
    listener(record(9, 0));  // after everything: still a no-op
  }
};

QTEST_MAIN(LogFeedTest)
#include "test_log_feed.moc"
