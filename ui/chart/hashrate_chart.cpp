// The chart on Qt Charts.
//
// Qt Charts cannot break a line: QXYSeries::append() drops NaN points with a warning, so their
// neighbours get joined, and NaN is no supported value elsewhere either. So each of the two lines is
// a row of series, one per stretch without a gap, all with the same pen, and only the first of each
// row shows in the legend. The series are kept from one
// refresh to the next and refilled with QXYSeries::replace (one update, no signal per point);
// series are added or removed only when the number of stretches changes, which is rare.
#include "chart/hashrate_chart.hpp"

#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "format/units.hpp"

namespace otedama::ui {

namespace {

using Range = HashrateHistory::Range;
using Segments = std::vector<QList<QPointF>>;

constexpr std::array<Range, 3> kRanges = {Range::Hour, Range::Day, Range::Week};

int indexOf(Range range) { return int(range); }

// The unit formatHashrate prints for this rate ("kH/s"), so the axis says what the rest of the
// window says.
QString unitOf(double hashesPerSecond, const QLocale& locale) {
  return formatHashrate(hashesPerSecond, locale).section(QLatin1Char(' '), -1);
}

struct ValueScale {
  double divisor = 1;  // H/s per unit
  QString unit;
  double top = 1;  // in units
  int ticks = 5;
  int decimals = 0;
};

// One unit for the whole axis, picked from the largest value shown, and a top with a little room
// above that value, on a round step (1, 2, 2.5 or 5 times a power of ten).
ValueScale valueScale(double maxHashrate, const QLocale& locale) {
  ValueScale scale;
  scale.unit = unitOf(maxHashrate, locale);
  for (int i = 0; i < 6 && unitOf(scale.divisor, locale) != scale.unit; ++i) scale.divisor *= 1000;
  const double highest = maxHashrate / scale.divisor;
  const double target = highest > 0 ? highest * 1.05 : 1.0;
  const double raw = target / 5;
  int exponent = int(std::floor(std::log10(raw)));
  double mantissa = 10;
  for (double candidate : {1.0, 2.0, 2.5, 5.0}) {
    if (raw <= candidate * std::pow(10.0, exponent) * (1 + 1e-9)) {
      mantissa = candidate;
      break;
    }
  }
  if (mantissa == 10) {
    mantissa = 1;
    ++exponent;
  }
  const double step = mantissa * std::pow(10.0, exponent);
  const int intervals = std::max(1, int(std::ceil(target / step - 1e-9)));
  scale.top = step * intervals;
  scale.ticks = intervals + 1;
  scale.decimals = std::max(0, -exponent) + (mantissa == 2.5 && exponent <= 0 ? 1 : 0);
  return scale;
}

struct Line {
  QPen pen;
  std::vector<QLineSeries*> segments;  // the first one carries the legend entry
};

}  // namespace

struct HashrateChart::Impl {
  HashrateChart* q = nullptr;
  const HashrateHistory* history = nullptr;
  Range range = Range::Hour;
  std::int64_t now = 0;  // of the last refresh(); 0 before the first
  int visiblePoints = 0;

  QButtonGroup* buttons = nullptr;
  QChartView* view = nullptr;
  QChart* chart = nullptr;
  QDateTimeAxis* timeAxis = nullptr;
  QValueAxis* valueAxis = nullptr;
  Line pool;
  Line local;

  std::int64_t currentNow() const { return now > 0 ? now : QDateTime::currentSecsSinceEpoch(); }

  QString name(const Line& line) const {
    return &line == &pool ? HashrateChart::tr("Pool") : HashrateChart::tr("Your miners");
  }

  void retranslate() {
    const std::array<QString, 3> texts = {HashrateChart::tr("1 h"), HashrateChart::tr("24 h"),
                                          HashrateChart::tr("7 d")};
    const std::array<QString, 3> tips = {HashrateChart::tr("The last hour"), HashrateChart::tr("The last 24 hours"),
                                         HashrateChart::tr("The last 7 days")};
    for (int i = 0; i < int(kRanges.size()); ++i) {
      buttons->button(i)->setText(texts[std::size_t(i)]);
      buttons->button(i)->setToolTip(tips[std::size_t(i)]);
    }
    for (Line* line : {&pool, &local}) {
      for (QLineSeries* series : line->segments) series->setName(name(*line));
    }
  }

  // Follows the window's light or dark palette; the pens are ours, so they are set again after
  // the theme has restyled the series.
  void applyTheme() {
    const bool dark = q->palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() == theme) return;
    chart->setTheme(theme);
    for (Line* line : {&pool, &local}) {
      for (QLineSeries* series : line->segments) series->setPen(line->pen);
    }
  }

  void applyRangeToTimeAxis() {
    switch (range) {
      case Range::Hour:
        timeAxis->setFormat(QStringLiteral("HH:mm"));
        timeAxis->setTickCount(7);  // every 10 min
        break;
      case Range::Day:
        timeAxis->setFormat(QStringLiteral("HH:mm"));
        timeAxis->setTickCount(7);  // every 4 h
        break;
      case Range::Week:
        timeAxis->setFormat(QStringLiteral("ddd HH:mm"));
        timeAxis->setTickCount(8);  // every day
        break;
    }
  }

  QLineSeries* addSegment(Line& line) {
    auto* series = new QLineSeries;
    series->setName(name(line));
    series->setPen(line.pen);  // before addSeries, so the theme keeps it
    series->setMarkerSize(6);
    chart->addSeries(series);
    series->attachAxis(timeAxis);
    series->attachAxis(valueAxis);
    if (!line.segments.empty()) {
      for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
    }
    line.segments.push_back(series);
    return series;
  }

  void fill(Line& line, const Segments& segments) {
    const std::size_t wanted = std::max<std::size_t>(segments.size(), 1);  // the legend's stays
    while (line.segments.size() < wanted) addSegment(line);
    while (line.segments.size() > wanted) {
      QLineSeries* series = line.segments.back();
      line.segments.pop_back();
      chart->removeSeries(series);
      delete series;
    }
    for (std::size_t i = 0; i < wanted; ++i) {
      QLineSeries* series = line.segments[i];
      if (i < segments.size()) {
        series->replace(segments[i]);
      } else {
        series->clear();
      }
      // A stretch of one point has no line to draw: show it as a dot.
      series->setPointsVisible(series->count() == 1);
    }
  }

  void redraw(std::int64_t at) {
    const QVector<HashrateHistory::Point> points =
        history ? history->points(range, at) : QVector<HashrateHistory::Point>();
    double highest = 0;
    for (const HashrateHistory::Point& point : points) highest = std::max({highest, point.pool, point.local});
    const ValueScale scale = valueScale(highest, q->locale());

    Segments poolSegments, localSegments;
    for (const HashrateHistory::Point& point : points) {
      if (poolSegments.empty() || point.gapBefore) {
        poolSegments.emplace_back();
        localSegments.emplace_back();
      }
      const double x = double(point.time) * 1000.0;  // QDateTimeAxis counts milliseconds
      poolSegments.back().append(QPointF(x, point.pool / scale.divisor));
      localSegments.back().append(QPointF(x, point.local / scale.divisor));
    }
    fill(pool, poolSegments);
    fill(local, localSegments);
    visiblePoints = int(points.size());

    timeAxis->setRange(QDateTime::fromSecsSinceEpoch(at - HashrateHistory::spanSeconds(range)),
                       QDateTime::fromSecsSinceEpoch(at));
    valueAxis->setRange(0, scale.top);
    if (valueAxis->tickCount() != scale.ticks) valueAxis->setTickCount(scale.ticks);
    // printf-like, but with localizeNumbers the chart formats the number in the locale.
    const QString format = QStringLiteral("%.") + QString::number(scale.decimals) + QStringLiteral("f ") + scale.unit;
    if (valueAxis->labelFormat() != format) valueAxis->setLabelFormat(format);
  }
};

HashrateChart::HashrateChart(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  setObjectName(QStringLiteral("hashrateChart"));
  d_->q = this;
  d_->pool.pen = QPen(QColor(0x2f, 0x80, 0xed), 2);
  d_->local.pen = QPen(QColor(0xf2, 0x99, 0x1c), 2);

  d_->buttons = new QButtonGroup(this);
  d_->buttons->setExclusive(true);
  auto* bar = new QHBoxLayout;
  bar->addStretch(1);
  const std::array<const char*, 3> names = {"chartRange1h", "chartRange24h", "chartRange7d"};
  for (int i = 0; i < int(kRanges.size()); ++i) {
    auto* button = new QToolButton(this);
    button->setObjectName(QString::fromLatin1(names[std::size_t(i)]));
    button->setCheckable(true);
    button->setAutoRaise(true);
    d_->buttons->addButton(button, i);
    bar->addWidget(button);
  }
  d_->buttons->button(indexOf(d_->range))->setChecked(true);
  connect(d_->buttons, &QButtonGroup::idClicked, this, [this](int id) { setRange(kRanges[std::size_t(id)]); });

  d_->chart = new QChart;
  // Redrawn every second: animations would never settle and only cost CPU.
  d_->chart->setAnimationOptions(QChart::NoAnimation);
  d_->chart->setLocalizeNumbers(true);
  d_->chart->setLocale(locale());
  d_->chart->setMargins(QMargins(4, 4, 4, 4));
  d_->chart->legend()->setAlignment(Qt::AlignBottom);
  d_->applyTheme();

  d_->timeAxis = new QDateTimeAxis;
  d_->valueAxis = new QValueAxis;
  d_->valueAxis->setMin(0);
  d_->chart->addAxis(d_->timeAxis, Qt::AlignBottom);
  d_->chart->addAxis(d_->valueAxis, Qt::AlignLeft);
  d_->applyRangeToTimeAxis();

  d_->view = new QChartView(d_->chart, this);  // owns the chart
  d_->view->setObjectName(QStringLiteral("hashrateChartView"));
  d_->view->setRenderHint(QPainter::Antialiasing);
  d_->view->setFrameShape(QFrame::NoFrame);
  d_->view->setMinimumHeight(180);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(bar);
  layout->addWidget(d_->view, 1);

  d_->retranslate();
  d_->redraw(d_->currentNow());
}

HashrateChart::~HashrateChart() = default;

void HashrateChart::setHistory(const HashrateHistory* history) {
  d_->history = history;
  d_->redraw(d_->currentNow());
}

void HashrateChart::refresh(std::int64_t now) {
  d_->now = now;
  d_->redraw(now);
}

void HashrateChart::setRange(HashrateHistory::Range range) {
  if (range == d_->range) return;
  d_->range = range;
  d_->buttons->button(indexOf(range))->setChecked(true);
  d_->applyRangeToTimeAxis();
  d_->redraw(d_->currentNow());
  emit rangeChanged(range);
}

HashrateHistory::Range HashrateChart::range() const { return d_->range; }

int HashrateChart::visiblePointCount() const { return d_->visiblePoints; }

void HashrateChart::changeEvent(QEvent* event) {
  switch (event->type()) {
    case QEvent::LanguageChange: d_->retranslate(); break;
    case QEvent::PaletteChange: d_->applyTheme(); break;
    case QEvent::LocaleChange:
      d_->chart->setLocale(locale());
      d_->redraw(d_->currentNow());
      break;
    default: break;
  }
  QWidget::changeEvent(event);
}

}  // namespace otedama::ui
