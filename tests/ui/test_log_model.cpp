// The log page's model under QAbstractItemModelTester while lines are appended past its capacity
// (oldest rows removed, never a reset), its roles and colours, and the filter proxy by level and
// by case-insensitive text.
#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

#include "models/log_filter.hpp"
#include "models/log_model.hpp"

using otedama::ui::LogFilter;
using otedama::ui::LogLine;
using otedama::ui::LogModel;

namespace {

constexpr int kTrace = spdlog::level::trace;
constexpr int kDebug = spdlog::level::debug;
constexpr int kInfo = spdlog::level::info;
constexpr int kWarn = spdlog::level::warn;
constexpr int kError = spdlog::level::err;
constexpr int kCritical = spdlog::level::critical;

QVector<LogLine> numbered(int from, int count, int level = kInfo) {
  QVector<LogLine> lines;
  for (int i = from; i < from + count; ++i) lines.append({level, 1'700'000'000'000 + i, QString("line %1").arg(i)});
  return lines;
}

QStringList messages(const QAbstractItemModel& model) {
  QStringList out;
  for (int row = 0; row < model.rowCount(); ++row) {
    out << model.data(model.index(row, LogModel::MessageColumn)).toString();
  }
  return out;
}

QStringList lineNames(int from, int count) {
  QStringList out;
  for (int i = from; i < from + count; ++i) out << QString("line %1").arg(i);
  return out;
}

}  // namespace

class LogModelTest : public QObject {
  Q_OBJECT

 private slots:
  void appendsPastCapacityWithoutResets() {
    LogModel model;
    QCOMPARE(model.capacity(), LogModel::kDefaultCapacity);
    model.setCapacity(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.append(numbered(0, 4));
    model.append(numbered(4, 4));
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(removed.count(), 0);

    // Two over: the two oldest go, from the top.
    model.append(numbered(8, 4));
    QCOMPARE(messages(model), lineNames(2, 10));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(removed.first().at(2).toInt(), 1);

    // A batch larger than the whole capacity: only its newest lines stay.
    model.append(numbered(12, 25));
    QCOMPARE(messages(model), lineNames(27, 10));

    // Shrinking the capacity trims the oldest at once.
    model.setCapacity(3);
    QCOMPARE(messages(model), lineNames(34, 3));

    model.append({});
    QCOMPARE(inserted.count(), 4);

    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.clear();
    QCOMPARE(resets.count(), 0);
  }

  void columnsRolesAndColours() {
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(LogModel::TimeColumn, Qt::Horizontal).toString(), QString("Time"));
    QCOMPARE(model.headerData(LogModel::LevelColumn, Qt::Horizontal).toString(), QString("Level"));
    QCOMPARE(model.headerData(LogModel::MessageColumn, Qt::Horizontal).toString(), QString("Message"));

    const qint64 timeMs = 1'700'000'000'123;
    model.append({{kInfo, timeMs, "info"}, {kWarn, timeMs, "warn"}, {kError, timeMs, "error"},
                  {kCritical, timeMs, "critical"}, {kDebug, timeMs, "debug"}, {kTrace, timeMs, "trace"}});

    QCOMPARE(model.data(model.index(0, LogModel::TimeColumn)).toString(),
             QDateTime::fromMSecsSinceEpoch(timeMs).toString("HH:mm:ss.zzz"));
    QCOMPARE(model.data(model.index(0, LogModel::TimeColumn), LogModel::TimeRole).toLongLong(), timeMs);
    const QStringList words{"Info", "Warning", "Error", "Critical", "Debug", "Trace"};
    const QList<int> levels{kInfo, kWarn, kError, kCritical, kDebug, kTrace};
    for (int row = 0; row < model.rowCount(); ++row) {
      QCOMPARE(model.data(model.index(row, LogModel::LevelColumn)).toString(), words[row]);
      QCOMPARE(model.data(model.index(row, LogModel::MessageColumn), LogModel::LevelRole).toInt(), levels[row]);
    }

    const auto colour = [&](int row) { return model.data(model.index(row, LogModel::LevelColumn), Qt::ForegroundRole); };
    QVERIFY(!colour(0).isValid());
    QVERIFY(colour(1).value<QColor>().isValid());
    QVERIFY(colour(2).value<QColor>().isValid());
    QVERIFY(colour(3).value<QColor>().isValid());
    QVERIFY(colour(1).value<QColor>() != colour(2).value<QColor>());
    QVERIFY(!colour(4).isValid());
  }

  void filterByLevelAndText() {
    LogModel model;
    LogFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.append({{kDebug, 1, "Peer 1 says hello"},
                  {kInfo, 2, "share accepted from PEER 2"},
                  {kWarn, 3, "peer 3 is slow"},
                  {kError, 4, "rpc down"},
                  {kCritical, 5, "disk full"}});
    QCOMPARE(filter.rowCount(), 5);

    filter.setMinimumLevel(kWarn);
    QCOMPARE(messages(filter), QStringList({"peer 3 is slow", "rpc down", "disk full"}));

    filter.setSearchText("PeEr");
    QCOMPARE(messages(filter), QStringList({"peer 3 is slow"}));

    filter.setMinimumLevel(kTrace);
    QCOMPARE(messages(filter), QStringList({"Peer 1 says hello", "share accepted from PEER 2", "peer 3 is slow"}));

    // New lines pass through the same filter as they arrive.
    model.append({{kInfo, 6, "new peer"}, {kInfo, 7, "unrelated"}});
    QCOMPARE(filter.rowCount(), 4);
    QCOMPARE(messages(filter).last(), QString("new peer"));

    filter.setSearchText({});
    QCOMPARE(filter.rowCount(), 7);

    model.setCapacity(2);
    QCOMPARE(messages(filter), QStringList({"new peer", "unrelated"}));
  }
};

QTEST_MAIN(LogModelTest)
#include "test_log_model.moc"
