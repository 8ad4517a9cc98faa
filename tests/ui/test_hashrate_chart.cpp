// The dashboard's hashrate chart on the offscreen platform, with eight days of history: the range
// buttons switch what is shown (range, points, the time axis's span), the value axis picks its unit
// from the data, a gap breaks the line into separate series with one legend entry per line, and
// the widget paints something.
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>

#include "chart/hashrate_chart.hpp"
#include "chart/hashrate_history.hpp"

using otedama::ui::HashrateChart;
using otedama::ui::HashrateHistory;
using Range = HashrateHistory::Range;

namespace {

constexpr std::int64_t kT0 = 3600LL * 472222;
constexpr std::int64_t kEightDays = 8 * 86400;

QChart* chartOf(const HashrateChart& widget) {
  auto* view = widget.findChild<QChartView*>("hashrateChartView");
  return view ? view->chart() : nullptr;
}

QDateTimeAxis* timeAxisOf(const HashrateChart& widget) {
  const auto axes = chartOf(widget)->axes(Qt::Horizontal);
  return axes.size() == 1 ? qobject_cast<QDateTimeAxis*>(axes.first()) : nullptr;
}

QValueAxis* valueAxisOf(const HashrateChart& widget) {
  const auto axes = chartOf(widget)->axes(Qt::Vertical);
  return axes.size() == 1 ? qobject_cast<QValueAxis*>(axes.first()) : nullptr;
}

int visibleLegendEntries(QChart* chart) {
  int count = 0;
  for (QLegendMarker* marker : chart->legend()->markers()) count += marker->isVisible() ? 1 : 0;
  return count;
}

}  // namespace

class HashrateChartTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    // Eight days at 1 Hz: ~5 kH/s for the pool, ~1.2 kH/s for the local miners.
    for (std::int64_t s = 0; s < kEightDays; ++s) history_.add(kT0 + s, 5000 + double(s % 100), 1200);
  }

  void rangeButtonsSwitchWhatIsShown() {
    HashrateChart chart;
    QCOMPARE(chart.objectName(), QString("hashrateChart"));
    chart.setHistory(&history_);
    const std::int64_t now = kT0 + kEightDays - 1;
    chart.refresh(now);
    chart.resize(800, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));

    auto* hour = chart.findChild<QToolButton*>("chartRange1h");
    auto* day = chart.findChild<QToolButton*>("chartRange24h");
    auto* week = chart.findChild<QToolButton*>("chartRange7d");
    QVERIFY(hour && day && week);
    QCOMPARE(hour->text(), QString("1 h"));
    QCOMPARE(day->text(), QString("24 h"));
    QCOMPARE(week->text(), QString("7 d"));
    QVERIFY(hour->isChecked());
    QSignalSpy changed(&chart, &HashrateChart::rangeChanged);

    QDateTimeAxis* timeAxis = timeAxisOf(chart);
    QValueAxis* valueAxis = valueAxisOf(chart);
    QVERIFY(timeAxis && valueAxis);

    const auto check = [&](QToolButton* button, Range range) {
      QTest::mouseClick(button, Qt::LeftButton);
      QCOMPARE(chart.range(), range);
      QVERIFY(button->isChecked());
      const int expected = int(history_.points(range, now).size());
      QVERIFY(expected > 300);
      QCOMPARE(chart.visiblePointCount(), expected);
      const std::int64_t span = HashrateHistory::spanSeconds(range);
      QCOMPARE(timeAxis->max().toSecsSinceEpoch(), now);
      QCOMPARE(timeAxis->min().toSecsSinceEpoch(), now - span);
      // All points drawn, within the axes (values in kH/s).
      int drawn = 0;
      for (QAbstractSeries* series : chartOf(chart)->series()) {
        const auto* line = qobject_cast<QLineSeries*>(series);
        QVERIFY(line);
        if (line->name() == "Pool") drawn += line->count();
        for (const QPointF& point : line->points()) {
          QVERIFY(point.x() >= double(now - span) * 1000 && point.x() <= double(now) * 1000);
          QVERIFY(point.y() >= valueAxis->min() && point.y() <= valueAxis->max());
        }
      }
      QCOMPARE(drawn, expected);
    };
    check(day, Range::Day);
    check(week, Range::Week);
    check(hour, Range::Hour);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(changed.at(0).at(0).value<Range>(), Range::Day);

    // A value axis in kH/s reaching just above the pool's ~5.1 kH/s.
    QVERIFY2(valueAxis->labelFormat().endsWith(" kH/s"), qPrintable(valueAxis->labelFormat()));
    QCOMPARE(valueAxis->min(), 0.0);
    QVERIFY(valueAxis->max() >= 5.099 && valueAxis->max() <= 8);

    // Clicking the range already shown changes nothing.
    QTest::mouseClick(hour, Qt::LeftButton);
    QCOMPARE(changed.count(), 3);

    // Set from code: the buttons follow.
    chart.setRange(Range::Week);
    QVERIFY(week->isChecked() && !hour->isChecked());
    QCOMPARE(timeAxis->min().toSecsSinceEpoch(), now - HashrateHistory::spanSeconds(Range::Week));

    // It paints: a pixmap of its size that is not one flat colour.
    const QImage image = chart.grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), chart.size() * image.devicePixelRatio());
    const QRgb corner = image.pixel(0, 0);
    bool varied = false;
    for (int y = 0; y < image.height() && !varied; y += 3) {
      for (int x = 0; x < image.width() && !varied; x += 3) varied = image.pixel(x, y) != corner;
    }
    QVERIFY(varied);
  }

  void unitFollowsTheData() {
    HashrateHistory history;
    for (std::int64_t s = 0; s < 600; ++s) history.add(kT0 + s, 2.5e12, 3e9);
    HashrateChart chart;
    chart.setHistory(&history);
    chart.refresh(kT0 + 599);
    QValueAxis* valueAxis = valueAxisOf(chart);
    QVERIFY2(valueAxis->labelFormat().endsWith(" TH/s"), qPrintable(valueAxis->labelFormat()));
    QVERIFY(valueAxis->max() >= 2.5 && valueAxis->max() < 4);

    // No history: nothing drawn, an axis that still makes sense.
    chart.setHistory(nullptr);
    QCOMPARE(chart.visiblePointCount(), 0);
    QVERIFY2(valueAxis->labelFormat().endsWith(" H/s"), qPrintable(valueAxis->labelFormat()));
    QVERIFY(valueAxis->max() > 0);
  }

  void gapsBreakTheLine() {
    HashrateHistory history;
    for (std::int64_t s = 0; s < 300; ++s) history.add(kT0 + s, 1000, 500);
    for (std::int64_t s = 900; s < 1200; ++s) history.add(kT0 + s, 1000, 500);  // the app was off
    history.add(kT0 + 1500, 1000, 500);                                          // a lone point
    HashrateChart chart;
    chart.setHistory(&history);
    chart.refresh(kT0 + 1500);
    chart.resize(600, 300);
    chart.show();  // legend markers count as visible only once the chart is laid out on screen
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QChart* qchart = chartOf(chart);

    // Three stretches per line: six series, two legend entries.
    QCOMPARE(qchart->series().size(), 6);
    QTRY_COMPARE(visibleLegendEntries(qchart), 2);
    QCOMPARE(chart.visiblePointCount(), 30 + 30 + 1);
    int lonely = 0;
    for (QAbstractSeries* series : qchart->series()) {
      auto* line = qobject_cast<QLineSeries*>(series);
      if (line->count() == 1) {
        ++lonely;
        QVERIFY(line->pointsVisible());  // shown as a dot
      }
    }
    QCOMPARE(lonely, 2);

    // Later the gaps scroll out of the range: back to one series per line.
    for (std::int64_t s = 1501; s < 1500 + 3600; ++s) history.add(kT0 + s, 1000, 500);
    chart.refresh(kT0 + 1500 + 3599);
    QCOMPARE(qchart->series().size(), 2);
    QTRY_COMPARE(visibleLegendEntries(qchart), 2);
    QCOMPARE(chart.visiblePointCount(), 360);

    // A new gap while on screen: the new stretch's series stays out of the legend too.
    for (std::int64_t s = 5200; s < 5300; ++s) history.add(kT0 + s, 1000, 500);
    chart.refresh(kT0 + 5299);
    QCOMPARE(qchart->series().size(), 4);
    // (The legend shows its markers again once it has laid them out, on the next event loop pass.)
    QTRY_COMPARE(visibleLegendEntries(qchart), 2);
    QCOMPARE(qchart->legend()->markers().size(), 4);
  }

 private:
  HashrateHistory history_;
};

QTEST_MAIN(HashrateChartTest)
#include "test_hashrate_chart.moc"
