// The desktop app's window with a real node: started on the sandbox (Otedama's own litecoind
// regtest pair, node and CPU miner), the dashboard shows an accepted share and a found block
// within 90 s, the share window, miners, blocks and payments pages show the miner, a block
// notification is raised, the log fills, the chart has history that is kept across a restart;
// quitting stops the node and closes the window. Without a configuration the window opens on
// the first-start page.
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "chart/hashrate_chart.hpp"
#include "models/log_model.hpp"
#include "pages/blocks_page.hpp"
#include "pages/dashboard_page.hpp"
#include "pages/log_page.hpp"
#include "pages/miners_page.hpp"
#include "pages/share_window_page.hpp"
#include "sandbox_config.hpp"
#include "widgets/share_strip.hpp"
#include "widgets/status_light.hpp"
#include "window/main_window.hpp"
#include "wizard/setup_wizard.hpp"

using otedama::ui::DiffTableModel;
using otedama::ui::EngineController;
using otedama::ui::MainWindow;
using otedama::ui::MainWindowOptions;

namespace {

bool hasKey(const DiffTableModel* model, const QString& key, bool emphasized = false) {
  for (const DiffTableModel::Row& row : model->rows()) {
    if (row.key == key && (!emphasized || row.emphasis)) return true;
  }
  return false;
}

MainWindowOptions options(const QString& stateDir, std::optional<otedama::node::Config> config = std::nullopt,
                          bool startNow = false) {
  MainWindowOptions made;
  made.stateDir = stateDir;
  made.config = std::move(config);
  made.configSource = QStringLiteral("test");
  made.startNow = startNow;
  return made;
}

QString text(const MainWindow& window, const char* name) {
  const auto* label = window.findChild<QLabel*>(name);
  return label ? label->text() : QStringLiteral("(missing %1)").arg(name);
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void opensOnTheFirstStartPageWithoutAConfiguration() {
    QTemporaryDir state;
    MainWindow window(options(state.path()));
    window.show();
    QCOMPARE(window.currentPage(), MainWindow::Page::FirstStart);
    QVERIFY(!window.findChild<QListWidget*>("navigation")->isEnabled());
    QVERIFY(window.findChild<QPushButton*>("startSandboxButton")->isVisible());
    QCOMPARE(window.controller()->state(), EngineController::State::Stopped);
  }

  void aFirstStartOpensTheWizard() {
    QTemporaryDir state;
    MainWindowOptions first = options(state.path());
    first.wizardWhenNew = true;
    MainWindow window(first);
    window.show();
    QTRY_VERIFY(window.findChild<otedama::ui::SetupWizard*>() && window.findChild<otedama::ui::SetupWizard*>()->isVisible());
    QCOMPARE(window.currentPage(), MainWindow::Page::FirstStart);  // behind it, the choices stay
    window.findChild<otedama::ui::SetupWizard*>()->reject();
    QCOMPARE(window.currentPage(), MainWindow::Page::FirstStart);
  }

  void sandboxShowsSharesBlocksAndPayouts() {
    QTemporaryDir state;
    QElapsedTimer clock;
    clock.start();
    auto window = std::make_unique<MainWindow>(
        options(state.path(), otedama::test::sandboxConfig(), true));
    QSignalSpy notified(window.get(), &MainWindow::notified);
    window->resize(1200, 800);
    window->show();
    QCOMPARE(window->currentPage(), MainWindow::Page::Dashboard);

    // An accepted share and a found block on the dashboard within 90 s of the start.
    QTRY_VERIFY_WITH_TIMEOUT(window->controller()->state() == EngineController::State::Running, 60000);
    const auto accepted = [&] { return text(*window, "sharesAccepted").remove(QRegularExpression("\\D")).toLongLong(); };
    const auto blocks = [&] { return text(*window, "blocksFound").remove(QRegularExpression("\\D")).toLongLong(); };
    QTRY_VERIFY2_WITH_TIMEOUT(accepted() >= 1 && blocks() >= 1, qPrintable(window->controller()->lastError()),
                              std::max<qint64>(1000, 90000 - clock.elapsed()));
    QVERIFY(text(*window, "lastBlock") != QStringLiteral("none yet"));
    qInfo("share and block on the dashboard %lld ms after the start", static_cast<long long>(clock.elapsed()));
    QCOMPARE(window->findChild<otedama::ui::StatusLight*>("lightParentChain")->level(),
             otedama::ui::StatusLight::Level::Ok);
    QCOMPARE(window->findChild<otedama::ui::StatusLight*>("lightSync")->level(), otedama::ui::StatusLight::Level::Ok);

    const auto snapshot = window->controller()->latestSnapshot();
    QVERIFY(snapshot && !snapshot->miners.empty());
    const QString miner = QString::fromStdString(snapshot->miners.front().address);

    // The miner on the share window page: its shares in the strip (as the user's own) and its part.
    window->showPage(MainWindow::Page::ShareWindow);
    QTRY_VERIFY_WITH_TIMEOUT(hasKey(window->shareWindowPage()->parts(), miner, true), 10000);
    bool ownShare = false;
    for (const auto& share : window->shareWindowPage()->strip()->shares()) ownShare |= share.own && share.miner == miner;
    QVERIFY(ownShare);

    // Miners, blocks and payouts.
    window->showPage(MainWindow::Page::Miners);
    QVERIFY(hasKey(window->minersPage()->miners(), miner));
    QVERIFY(window->minersPage()->workers()->rowCount() >= 1);
    window->showPage(MainWindow::Page::Blocks);
    QTRY_VERIFY_WITH_TIMEOUT(window->blocksPage()->blocks()->rowCount() >= 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(hasKey(window->blocksPage()->payouts(), miner, true), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window->blocksPage()->payments()->rowCount() >= 1, 10000);

    // A block found is a notification; the log and the chart fill.
    QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 10000);
    QCOMPARE(notified.first().at(0).toString(), QStringLiteral("Block found"));
    window->showPage(MainWindow::Page::Log);
    QVERIFY(window->logPage()->model()->rowCount() > 0);
    QVERIFY(!window->history().isEmpty());
    QVERIFY(window->dashboard()->chart()->visiblePointCount() >= 1);

    // Every page through the navigation.
    auto* navigation = window->findChild<QListWidget*>("navigation");
    for (int row = 0; row < navigation->count(); ++row) {
      navigation->setCurrentRow(row);
      QCOMPARE(int(window->currentPage()), row);
    }

    // Quit: the node stops, then the window closes; the chart's history is on disk.
    window->quit();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 30000);
    QCOMPARE(window->controller()->state(), EngineController::State::Stopped);
    QVERIFY(QFileInfo::exists(QDir(state.path()).filePath("hashrate-history-sandbox.dat")));
    window.reset();

    MainWindow again(options(state.path(), otedama::test::sandboxConfig()));
    QVERIFY(!again.history().isEmpty());
    QCOMPARE(again.controller()->state(), EngineController::State::Stopped);
  }
};

QTEST_MAIN(MainWindowTest)
#include "test_main_window.moc"
