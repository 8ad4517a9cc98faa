// otedama-bench-gui: what the desktop app's GUI thread spends on one 1 Hz update, and what the app
// holds in memory after a day and a week of hashrate history in the chart. Runs the real main
// window on Qt's offscreen platform, fed with synthetic snapshots of a busy pool (1,000 miners
// with two workers each, 200 peers, a full 2,160-share window, 100 blocks with their payouts).
//
// Per update: applySnapshot (rows built, models diffed, the dashboard and chart refreshed) plus
// the event processing that follows (layout and painting of the page on screen). Reference in the
// same run: building the rows alone (the formatting every update needs whatever the views do).
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "chart/hashrate_chart.hpp"
#include "chart/hashrate_history.hpp"
#include "models/snapshot_tables.hpp"
#include "pages/dashboard_page.hpp"
#include "synthetic_snapshot.hpp"
#include "window/main_window.hpp"

using namespace otedama::ui;

namespace {

double residentMiB() {
  QFile status(QStringLiteral("/proc/self/status"));
  if (!status.open(QIODevice::ReadOnly)) return 0;
  for (const QByteArray& line : status.readAll().split('\n')) {
    if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
  }
  return 0;
}

struct Stats {
  double p50 = 0, p99 = 0, max = 0;
};

Stats statsOf(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size())))]; };
  return {at(0.5), at(0.99), ms.back()};
}

}  // namespace

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const int updates = 60;
  // 1 % of miners and peers come or go each second (awayEvery 100); `--churn` makes it 14 %.
  const bool churn = argc > 1 && QByteArray(argv[1]) == "--churn";
  const otedama::test::SnapshotShape shape{
      .miners = 1000, .peers = 200, .windowShares = 2160, .blocks = 100, .awayEvery = churn ? 7 : 100};

  // Made one at a time outside the timed part, so the process holds about what the app would.
  const auto snapshotAt = [&](int tick) {
    return std::make_shared<const otedama::node::NodeSnapshot>(otedama::test::syntheticSnapshot(shape, tick));
  };
  {
    const auto first = snapshotAt(0);
    std::printf("snapshot: %zu miners, %zu workers, %zu peers, %zu window shares, %zu blocks, %zu payments\n",
                first->miners.size(), std::size_t(first->workerCount), first->peers.size(), first->window.size(),
                first->blocks.size(), first->payments.size());
  }

  // Reference: the rows alone.
  std::vector<double> rowsMs;
  for (int i = 0; i < updates; ++i) {
    QElapsedTimer timer;
    timer.start();
    const auto snapshot = snapshotAt(i);
    timer.restart();
    const auto& s = *snapshot;
    const auto facts = tables::factsOf(s);
    const auto a = tables::minerRows(s, facts), b = tables::workerRows(s), c = tables::peerRows(s),
               d = tables::banRows(s), e = tables::blockRows(s), f = tables::paymentRows(s, facts),
               g = tables::windowPartRows(s, facts);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (a.size() + b.size() + c.size() + d.size() + e.size() + f.size() + g.size() == 0) return 1;  // kept, not optimized away
    rowsMs.push_back(ms);
  }
  const Stats rows = statsOf(rowsMs);
  std::printf("all tables' rows (reference):   p50 %6.2f ms  p99 %6.2f ms\n", rows.p50, rows.p99);

  QTemporaryDir state;
  const double before = residentMiB();
  MainWindowOptions options;
  options.stateDir = state.path();
  MainWindow window(options);
  window.resize(1280, 800);
  window.show();
  window.dashboard()->showEngineState(EngineController::State::Running, {});
  const QList<std::pair<MainWindow::Page, const char*>> pages = {
      {MainWindow::Page::Dashboard, "dashboard"}, {MainWindow::Page::Miners, "miners"}, {MainWindow::Page::Peers, "peers"},
      {MainWindow::Page::ShareWindow, "share window"}, {MainWindow::Page::Blocks, "blocks"}};
  window.applySnapshot(snapshotAt(0));  // the first one fills the tables
  QApplication::processEvents();
  for (const auto& [page, name] : pages) {
    window.showPage(page);
    QApplication::processEvents();
    std::vector<double> ms, modelMs;
    for (int i = 1; i <= updates; ++i) {
      auto snapshot = snapshotAt(i);
      QElapsedTimer timer;
      timer.start();
      window.applySnapshot(std::move(snapshot));
      modelMs.push_back(double(timer.nsecsElapsed()) / 1e6);
      QApplication::processEvents();  // layout and paint of what changed
      ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    const Stats update = statsOf(ms), models = statsOf(modelMs);
    std::printf("update, %-12s on screen:  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%.2fx all rows; models %.2f ms)\n",
                name, update.p50, update.p99, update.max, update.p50 / rows.p50, models.p50);
  }
  std::printf("memory: %.1f MiB before the window, %.1f MiB with it and every table full\n", before, residentMiB());

  // A day, then a week, of 1 Hz samples into a fresh history; the chart redrawn on each range.
  HashrateHistory history;
  const std::int64_t start = 1'790'000'000;
  auto feed = [&](std::int64_t from, std::int64_t seconds) {
    for (std::int64_t t = from; t < from + seconds; ++t) {
      history.add(t, 5.0e8 + double(t % 600) * 1e5, 1.0e6 + double(t % 97) * 1e3);
    }
  };
  HashrateChart chart;
  chart.resize(1000, 400);
  chart.setHistory(&history);
  chart.show();
  feed(start, 86400);
  for (auto range : {HashrateHistory::Range::Hour, HashrateHistory::Range::Day, HashrateHistory::Range::Week}) {
    chart.setRange(range);
    QElapsedTimer timer;
    timer.start();
    chart.refresh(start + 86400);
    QApplication::processEvents();
    std::printf("chart refresh, range %d: %d points, %.2f ms\n", int(range), chart.visiblePointCount(),
                double(timer.nsecsElapsed()) / 1e6);
  }
  std::printf("after 24 h of history: %d buckets kept, process %.1f MiB\n", history.storedBucketCount(), residentMiB());
  feed(start + 86400, 6 * 86400);
  chart.refresh(start + 7 * 86400);
  QApplication::processEvents();
  std::printf("after 7 d of history:  %d buckets kept, process %.1f MiB\n", history.storedBucketCount(), residentMiB());
  return 0;
}
