// otedama-screenshots: renders the real window on every page into PNG files, for the README and
// docs/screenshots (run by tests/tools/render_screenshots.sh under Xvfb). It starts the sandbox on
// free loopback ports, waits until a block has been found and paid, lets the chart and the log
// fill a little, then shoots the first-start page and each page of the window, and quits.
//
//   otedama-screenshots OUTPUT_DIR [--settle SECONDS]
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

#include "sandbox_config.hpp"
#include "window/main_window.hpp"

using otedama::ui::MainWindow;

namespace {

bool save(QWidget& window, const QDir& out, const QString& name) {
  QTest::qWait(300);  // a few event-loop turns: layouts and the chart settle before the shot
  const QString path = out.filePath(name + QStringLiteral(".png"));
  if (!window.grab().save(path)) {
    std::fprintf(stderr, "otedama-screenshots: cannot write %s\n", qPrintable(path));
    return false;
  }
  std::printf("%s\n", qPrintable(path));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const QStringList args = QApplication::arguments();
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: otedama-screenshots OUTPUT_DIR [--settle SECONDS]\n");
    return 2;
  }
  const QDir out(args[1]);
  QDir().mkpath(out.path());
  const int settleIndex = int(args.indexOf(QStringLiteral("--settle")));
  const int settleSeconds = settleIndex > 0 && settleIndex + 1 < args.size() ? args[settleIndex + 1].toInt() : 45;
  QTemporaryDir state;
  const QSize size(1280, 800);

  {
    otedama::ui::MainWindowOptions empty;
    empty.stateDir = state.path();
    MainWindow first(empty);
    first.resize(size);
    first.show();
    if (!save(first, out, QStringLiteral("first-start"))) return 1;
  }

  otedama::ui::MainWindowOptions sandbox;
  sandbox.stateDir = state.path();
  sandbox.config = otedama::test::sandboxConfig();
  sandbox.configSource = QStringLiteral("otedama-screenshots");
  sandbox.startNow = true;
  MainWindow window(sandbox);
  window.resize(size);
  window.show();
  const bool paid = QTest::qWaitFor(
      [&] {
        const auto snapshot = window.controller()->latestSnapshot();
        return snapshot && !snapshot->payments.empty();
      },
      120000);
  if (!paid) {
    std::fprintf(stderr, "otedama-screenshots: no payout within 120 s (%s)\n",
                 qPrintable(window.controller()->lastError()));
    return 1;
  }
  QTest::qWait(settleSeconds * 1000);  // the chart and the window grow for a while

  const QList<std::pair<MainWindow::Page, QString>> pages = {
      {MainWindow::Page::Dashboard, QStringLiteral("dashboard")},
      {MainWindow::Page::Miners, QStringLiteral("miners")},
      {MainWindow::Page::Peers, QStringLiteral("peers")},
      {MainWindow::Page::ShareWindow, QStringLiteral("share-window")},
      {MainWindow::Page::Blocks, QStringLiteral("blocks")},
      {MainWindow::Page::Log, QStringLiteral("log")}};
  for (const auto& [page, name] : pages) {
    window.showPage(page);
    if (!save(window, out, name)) return 1;
  }
  window.quit();
  return QTest::qWaitFor([&] { return !window.isVisible(); }, 30000) ? 0 : 1;
}
