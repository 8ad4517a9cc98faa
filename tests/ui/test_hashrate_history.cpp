// The chart's hashrate history: exact bucket means in every tier, each range's span and point count
// after eight days of 1 Hz samples (memory bounded), gaps where the app was not running, samples
// that go back in time or carry NaN/negative values ignored, and its file: a round trip that goes
// on filling the same bucket, and damaged, truncated, foreign, wrong-version and hostile files
// refused with a reason and an empty history.
#include <QCryptographicHash>
#include <QDataStream>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <functional>
#include <limits>

#include "chart/hashrate_history.hpp"

using otedama::ui::HashrateHistory;
using Range = HashrateHistory::Range;
using Point = HashrateHistory::Point;

namespace otedama::ui {
// For QCOMPARE's messages.
char* toString(const HashrateHistory::Point& point) {
  return QTest::toString(QString("{%1, %2, %3%4}")
                             .arg(point.time)
                             .arg(point.pool)
                             .arg(point.local)
                             .arg(point.gapBefore ? ", gap" : ""));
}
}  // namespace otedama::ui

namespace {

// A multiple of 3600 s, so a bucket of every tier starts there.
constexpr std::int64_t kT0 = 3600LL * 472222;

constexpr std::array<Range, 3> kRanges = {Range::Hour, Range::Day, Range::Week};

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& data) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
  QCOMPARE(file.write(data), data.size());
}

// A file laid out as the format says, with a correct checksum: for contents only the checks after
// the checksum can refuse.
QByteArray craftedFile(const std::function<void(QDataStream&)>& writeBody) {
  QByteArray data;
  QDataStream out(&data, QIODevice::WriteOnly);
  out.setVersion(QDataStream::Qt_6_0);
  out << quint32(0x4F544848) << quint32(1);
  writeBody(out);
  return data + QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

HashrateHistory sampleHistory() {
  HashrateHistory history;
  for (std::int64_t s = 0; s < 3000; ++s) history.add(kT0 + s, 1000 + double(s % 7), 10 * double(s % 3));
  for (std::int64_t s = 5000; s < 5123; ++s) history.add(kT0 + s, 2000, 30);  // after a gap
  return history;
}

}  // namespace

class HashrateHistoryTest : public QObject {
  Q_OBJECT

 private slots:
  void bucketMeansAreExact() {
    HashrateHistory history;
    QVERIFY(history.isEmpty());
    for (int i = 0; i < 10; ++i) history.add(kT0 + i, i, 2 * i);  // one 10 s bucket: 0..9
    history.add(kT0 + 10, 10, 20);                                   // the next one
    QCOMPARE(history.lastSampleTime(), kT0 + 10);

    const QVector<Point> hour = history.points(Range::Hour, kT0 + 10);
    QCOMPARE(hour.size(), 2);
    QCOMPARE(hour[0], (Point{kT0, 4.5, 9, false}));
    QCOMPARE(hour[1], (Point{kT0 + 10, 10, 20, false}));
    // One 4 min bucket and one 30 min bucket hold all eleven samples: 0..10.
    QCOMPARE(history.points(Range::Day, kT0 + 10), QVector<Point>({{kT0, 5, 10, false}}));
    QCOMPARE(history.points(Range::Week, kT0 + 10), QVector<Point>({{kT0, 5, 10, false}}));

    // Samples in the same second are fine: both count.
    history.add(kT0 + 10, 20, 40);
    QCOMPARE(history.points(Range::Hour, kT0 + 10).last(), (Point{kT0 + 10, 15, 30, false}));
    QCOMPARE(history.points(Range::Day, kT0 + 10).last(), (Point{kT0, 75.0 / 12, 150.0 / 12, false}));

    // Buckets are aligned to the clock: 4 min after kT0 starts a new 4 min bucket.
    history.add(kT0 + 240, 7, 7);
    const QVector<Point> day = history.points(Range::Day, kT0 + 240);
    QCOMPARE(day.size(), 2);
    QCOMPARE(day[1], (Point{kT0 + 240, 7, 7, false}));
    QCOMPARE(history.points(Range::Week, kT0 + 240).size(), 1);
  }

  void eightDaysStayBounded() {
    HashrateHistory history;
    constexpr std::int64_t kSeconds = 8 * 86400;
    QElapsedTimer timer;
    timer.start();
    // Values with a period of 10 s: every bucket of every tier holds whole periods, so every mean
    // is exactly 4.5 (pool) and 7 (local).
    for (std::int64_t s = 0; s < kSeconds; ++s) history.add(kT0 + s, double(s % 10), 7);
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString("8 days of samples took %1 ms").arg(timer.elapsed())));

    QVERIFY(history.storedBucketCount() <= 3 * HashrateHistory::kBucketsPerTier);
    const std::int64_t now = kT0 + kSeconds - 1;
    for (Range range : kRanges) {
      const std::int64_t bucket = HashrateHistory::bucketSeconds(range);
      const std::int64_t span = HashrateHistory::spanSeconds(range);
      const QVector<Point> points = history.points(range, now);
      QVERIFY(points.size() <= 400);
      QCOMPARE(points.size(), int(span / bucket) + (now % bucket == 0 ? 1 : 0));
      // The whole span is covered: the first point within one bucket of its start, the last one
      // is the bucket still filling.
      QVERIFY(points.first().time >= now - span);
      QVERIFY(points.first().time < now - span + bucket);
      QCOMPARE(points.last().time, now - now % bucket);
      for (int i = 0; i < points.size(); ++i) {
        QCOMPARE(points[i].pool, 4.5);
        QCOMPARE(points[i].local, 7.0);
        QVERIFY(!points[i].gapBefore);
        if (i > 0) QCOMPARE(points[i].time - points[i - 1].time, bucket);
      }
    }
    // Eight days later still: the old points have fallen off, the store has not grown.
    const int stored = history.storedBucketCount();
    for (std::int64_t s = kSeconds; s < 2 * kSeconds; s += 5) history.add(kT0 + s, 1, 1);
    QCOMPARE(history.storedBucketCount(), stored);
    QVERIFY(timer.elapsed() < 2000);
  }

  void gapsBreakTheLine() {
    HashrateHistory history;
    for (std::int64_t s = 0; s <= 100; ++s) history.add(kT0 + s, 1, 1);
    // A 15 s pause that leaves no 10 s bucket empty: no gap.
    history.add(kT0 + 115, 1, 1);
    // Stopped from +115 to +1000: a gap in the 10 s and the 4 min tiers; the 30 min bucket has
    // samples on both sides, so that tier shows one point.
    for (std::int64_t s = 1000; s < 1100; ++s) history.add(kT0 + s, 2, 2);

    const QVector<Point> hour = history.points(Range::Hour, kT0 + 1100);
    QCOMPARE(hour.size(), 11 + 1 + 10);
    for (int i = 0; i < hour.size(); ++i) {
      QCOMPARE(hour[i].gapBefore, hour[i].time == kT0 + 1000);
    }
    QCOMPARE(hour[11].time, kT0 + 110);

    const QVector<Point> day = history.points(Range::Day, kT0 + 1100);
    QCOMPARE(day.size(), 2);
    QCOMPARE(day[1], (Point{kT0 + 960, 2, 2, true}));
    QCOMPARE(history.points(Range::Week, kT0 + 1100).size(), 1);

    // Only the points within the range come back, and the first never starts with a gap.
    const QVector<Point> later = history.points(Range::Hour, kT0 + 1000 + 3600);
    QCOMPARE(later.size(), 10);
    QVERIFY(!later.first().gapBefore);
    QCOMPARE(later.first().time, kT0 + 1000);
  }

  void badSamplesAreIgnored() {
    HashrateHistory history;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    history.add(kT0 + 10, 4, 8);
    history.add(kT0 + 5, 100, 100);  // back in time
    history.add(kT0 + 11, nan, 1);
    history.add(kT0 + 11, 1, nan);
    history.add(kT0 + 11, inf, 1);
    history.add(kT0 + 11, -1, 1);
    history.add(kT0 + 11, 1, -0.5);
    history.add(-5, 1, 1);
    history.add(0, 1, 1);
    QCOMPARE(history.lastSampleTime(), kT0 + 10);
    QCOMPARE(history.points(Range::Hour, kT0 + 20), QVector<Point>({{kT0 + 10, 4, 8, false}}));
    QCOMPARE(history.points(Range::Week, kT0 + 20), QVector<Point>({{kT0, 4, 8, false}}));
    history.add(kT0 + 12, 0, 0);  // zero is a real value
    QCOMPARE(history.points(Range::Hour, kT0 + 20), QVector<Point>({{kT0 + 10, 2, 4, false}}));
  }

  void saveLoadRoundTrip() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("sub/hashrate-history.dat");  // the folder does not exist yet
    const HashrateHistory original = sampleHistory();
    QString error;
    QVERIFY2(original.save(path, &error), qPrintable(error));
    QVERIFY(QFile::exists(path));
    QVERIFY(readAll(path).size() < 64 * 1024);

    HashrateHistory loaded;
    loaded.add(kT0 - 100000, 5, 5);  // replaced by what the file holds
    QVERIFY2(loaded.load(path, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(loaded.lastSampleTime(), original.lastSampleTime());
    QCOMPARE(loaded.storedBucketCount(), original.storedBucketCount());
    const std::int64_t now = original.lastSampleTime();
    for (Range range : kRanges) QCOMPARE(loaded.points(range, now), original.points(range, now));

    // After a restart within the same bucket, that bucket goes on filling as if nothing happened.
    HashrateHistory continued = original;
    for (HashrateHistory* history : {&continued, &loaded}) history->add(now + 1, 4000, 60);
    for (Range range : kRanges) QCOMPARE(loaded.points(range, now + 1), continued.points(range, now + 1));

    // An empty history round-trips too.
    QVERIFY(HashrateHistory().save(path, &error));
    QVERIFY(loaded.load(path, &error));
    QVERIFY(loaded.isEmpty());
  }

  void missingFileIsEmptyWithoutError() {
    QTemporaryDir dir;
    HashrateHistory history = sampleHistory();
    QString error = "stale";
    QVERIFY(history.load(dir.filePath("none.dat"), &error));
    QVERIFY(error.isEmpty());
    QVERIFY(history.isEmpty());
    QCOMPARE(history.storedBucketCount(), 0);
  }

  void badFilesAreRefused_data() {
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("reason");

    QTemporaryDir dir;
    const QString path = dir.filePath("good.dat");
    QVERIFY(sampleHistory().save(path));
    const QByteArray good = readAll(path);
    QVERIFY(good.size() > 1000);

    QByteArray flipped = good;
    flipped[good.size() / 2] = char(flipped[good.size() / 2] ^ 0x10);
    QTest::newRow("damaged") << flipped << "damaged";
    QTest::newRow("truncated") << good.left(good.size() - 100) << "damaged or truncated";
    QTest::newRow("truncated to the header") << good.left(6) << "truncated";
    QTest::newRow("empty") << QByteArray() << "truncated";
    QTest::newRow("trailing bytes") << good + QByteArray(8, 'x') << "damaged";
    QTest::newRow("not ours") << QByteArray("{\"history\": []}\n").repeated(4) << "not a hashrate history";
    QByteArray version = good;
    version[7] = 2;
    QTest::newRow("wrong version") << version << "version 2";
    QTest::newRow("too large") << QByteArray(2 * 1024 * 1024, '\0') << "too large";

    // Correct checksums, hostile contents.
    QTest::newRow("huge bucket count") << craftedFile([](QDataStream& out) {
      out << qint64(kT0) << quint32(3) << qint64(10) << quint32(0xFFFFFFFF);
    }) << "malformed";
    QTest::newRow("huge tier count") << craftedFile([](QDataStream& out) {
      out << qint64(kT0) << quint32(1000000);
    }) << "malformed";
    QTest::newRow("body cut short") << craftedFile([](QDataStream& out) {
      out << qint64(kT0) << quint32(3) << qint64(10) << quint32(2) << qint64(kT0);
    }) << "malformed";
    const auto oneBucketEach = [](double poolSum, quint32 samples, std::int64_t start) {
      return craftedFile([=](QDataStream& out) {
        out << qint64(start) << quint32(3);
        for (qint64 length : {10, 240, 1800}) {
          out << length << quint32(1) << qint64(start - start % length) << poolSum << 1.0 << samples;
        }
      });
    };
    QTest::newRow("valid crafted file") << oneBucketEach(10.0, 2, kT0) << QString();
    QTest::newRow("NaN sum") << oneBucketEach(std::numeric_limits<double>::quiet_NaN(), 2, kT0) << "malformed";
    QTest::newRow("negative sum") << oneBucketEach(-10.0, 2, kT0) << "malformed";
    QTest::newRow("no samples") << oneBucketEach(10.0, 0, kT0) << "malformed";
    QTest::newRow("misaligned bucket") << craftedFile([](QDataStream& out) {
      out << qint64(kT0 + 3) << quint32(3);
      for (qint64 length : {10, 240, 1800}) out << length << quint32(1) << qint64(kT0 + 3) << 1.0 << 1.0 << quint32(1);
    }) << "malformed";
  }

  void badFilesAreRefused() {
    QFETCH(QByteArray, contents);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath("history.dat");
    writeAll(path, contents);
    HashrateHistory history = sampleHistory();
    QString error;
    const bool ok = history.load(path, &error);
    if (reason.isEmpty()) {  // the crafted file that is fine, to show the others fail for their reason
      QVERIFY2(ok, qPrintable(error));
      QCOMPARE(history.points(Range::Hour, kT0), QVector<Point>({{kT0, 5, 0.5, false}}));
      return;
    }
    QVERIFY(!ok);
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(history.isEmpty());
    QCOMPARE(history.storedBucketCount(), 0);
    QVERIFY(history.points(Range::Week, kT0 + 7200).isEmpty());
    // And it still works afterwards.
    history.add(kT0, 1, 1);
    QCOMPARE(history.points(Range::Hour, kT0).size(), 1);
  }
};

QTEST_GUILESS_MAIN(HashrateHistoryTest)
#include "test_hashrate_history.moc"
