// The desktop app's pages fed with made-up snapshots: every table model stays consistent under
// QAbstractItemModelTester while miners, peers, bans, blocks and window shares come, change and
// go; the figures, lights, share strip and buttons show what the snapshot says.
#include <QAbstractItemModelTester>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include "models/snapshot_tables.hpp"
#include "pages/blocks_page.hpp"
#include "pages/dashboard_page.hpp"
#include "pages/first_start_page.hpp"
#include "pages/miners_page.hpp"
#include "pages/peers_page.hpp"
#include "pages/share_window_page.hpp"
#include "chart/hashrate_history.hpp"
#include "synthetic_snapshot.hpp"
#include "widgets/share_strip.hpp"
#include "widgets/status_light.hpp"

using namespace otedama::ui;
using otedama::test::SnapshotShape;
using otedama::test::syntheticMinerAddress;
using otedama::test::syntheticSnapshot;

namespace {

void watch(QList<QAbstractItemModelTester*>& testers, QAbstractItemModel* model) {
  testers.push_back(new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, model));
}

int rowOf(const DiffTableModel* model, const QString& key) {
  for (int row = 0; row < model->rowCount(); ++row) {
    if (model->rows()[row].key == key) return row;
  }
  return -1;
}

}  // namespace

class PagesTest : public QObject {
  Q_OBJECT

 private slots:
  void modelsStayConsistentAsRowsComeChangeAndGo() {
    MinersPage miners;
    PeersPage peers;
    ShareWindowPage window;
    BlocksPage blocks;
    QList<QAbstractItemModelTester*> testers;
    for (QAbstractItemModel* model : {static_cast<QAbstractItemModel*>(miners.miners()), static_cast<QAbstractItemModel*>(miners.workers()),
                                      static_cast<QAbstractItemModel*>(peers.peers()), static_cast<QAbstractItemModel*>(peers.bans()),
                                      static_cast<QAbstractItemModel*>(window.parts()), static_cast<QAbstractItemModel*>(blocks.blocks()),
                                      static_cast<QAbstractItemModel*>(blocks.payouts()), static_cast<QAbstractItemModel*>(blocks.payments())}) {
      watch(testers, model);
    }
    SnapshotShape shape{.miners = 30, .peers = 40, .windowShares = 300, .blocks = 6};
    QSignalSpy resets(miners.miners(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(miners.miners(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(miners.miners(), &QAbstractItemModel::rowsInserted);
    for (int tick = 0; tick < 6; ++tick) {
      auto snapshot = std::make_shared<const otedama::node::NodeSnapshot>(syntheticSnapshot(shape, tick));
      const auto facts = tables::factsOf(*snapshot);
      miners.showSnapshot(*snapshot, facts);
      peers.showSnapshot(*snapshot);
      window.showSnapshot(*snapshot, facts);
      blocks.showSnapshot(snapshot, facts);
      QCOMPARE(miners.miners()->rowCount(), int(snapshot->miners.size()));
      QCOMPARE(peers.peers()->rowCount(), int(snapshot->peers.size()));
      QCOMPARE(peers.bans()->rowCount(), int(snapshot->bans.size()));
      QCOMPARE(blocks.blocks()->rowCount(), int(snapshot->blocks.size()));
    }
    // Miners 3, 10, 17, 24 leave on odd ticks and come back: rows removed and inserted, never a reset.
    QCOMPARE(resets.count(), 0);
    QVERIFY(removed.count() >= 4);
    QVERIFY(inserted.count() > 30);
    // Peers and miners dropped to none, then back.
    SnapshotShape empty{.miners = 0, .peers = 0, .windowShares = 0, .blocks = 0};
    const auto none = std::make_shared<const otedama::node::NodeSnapshot>(syntheticSnapshot(empty, 7));
    miners.showSnapshot(*none, tables::factsOf(*none));
    peers.showSnapshot(*none);
    window.showSnapshot(*none, tables::factsOf(*none));
    blocks.showSnapshot(none, tables::factsOf(*none));
    QCOMPARE(miners.miners()->rowCount(), 0);
    QCOMPARE(blocks.payouts()->rowCount(), 0);
    const auto again = syntheticSnapshot(shape, 8);
    miners.showSnapshot(again, tables::factsOf(again));
    QCOMPARE(miners.miners()->rowCount(), 30);
  }

  void tablesShowTheSnapshot() {
    const auto s = syntheticSnapshot(SnapshotShape{.miners = 3, .peers = 2, .windowShares = 30, .blocks = 2}, 0);
    const auto facts = tables::factsOf(s);
    QCOMPARE(facts.ticker, QStringLiteral("LTC"));
    QCOMPARE(facts.ownShares, 10u);
    const auto miners = tables::minerRows(s, facts);
    QCOMPARE(miners.size(), 3);
    QCOMPARE(miners[0].key, QString::fromStdString(syntheticMinerAddress(0)));
    DiffTableModel model(tables::minerHeaders());
    model.setLocale(QLocale::c());
    QCOMPARE(model.displayText(miners[0].cells[tables::MinerHashrate15m]), QStringLiteral("1.00 MH/s"));
    QVERIFY(miners[0].emphasis);
    // Rejected by reason in the tooltip.
    const auto workers = tables::workerRows(s);
    QCOMPARE(workers.size(), 6);
    QCOMPARE(workers[2].cells[tables::WorkerRejected].value.toULongLong(), 2u);
    QVERIFY(workers[2].cells[tables::WorkerRejected].toolTip.contains(QStringLiteral("stale: 1")));
    // Window parts add up to the whole window, the user's own emphasized.
    const auto parts = tables::windowPartRows(s, facts);
    double total = 0;
    for (const auto& part : parts) total += part.cells[tables::PartPercent].value.toDouble();
    QVERIFY(qAbs(total - 1.0) < 1e-9);
    bool ownSeen = false;
    for (const auto& part : parts) ownSeen |= part.emphasis && part.key == QString::fromStdString(syntheticMinerAddress(0));
    QVERIFY(ownSeen);
    // Payments: only the user's own addresses.
    const auto payments = tables::paymentRows(s, facts);
    QCOMPARE(payments.size(), 2 * 3);
    for (const auto& payment : payments) QVERIFY(payment.cells[tables::PaymentAddress].value.toString().startsWith("rltc1qminer"));
  }

  void peersPageBansTheSelectedPeerAndLiftsBans() {
    PeersPage page;
    page.setConfirmBans(false);
    const auto s = syntheticSnapshot(SnapshotShape{.miners = 1, .peers = 40, .windowShares = 0, .blocks = 0}, 0);
    page.showSnapshot(s);
    auto* ban = page.findChild<QPushButton*>("banPeerButton");
    auto* unban = page.findChild<QPushButton*>("unbanButton");
    auto* view = page.findChild<QTableView*>("peersTable");
    QVERIFY(ban && unban && view);
    QVERIFY(!ban->isEnabled());
    QSignalSpy banned(&page, &PeersPage::banRequested);
    view->selectRow(1);
    QVERIFY(ban->isEnabled());
    QTest::mouseClick(ban, Qt::LeftButton);
    QCOMPARE(banned.count(), 1);
    const QString id = banned.first().at(0).toString();
    QCOMPARE(id.size(), 64);  // the whole node id, not the short one shown
    QVERIFY(rowOf(page.peers(), id) >= 0);

    QSignalSpy lifted(&page, &PeersPage::unbanRequested);
    page.findChild<QTableView*>("bansTable")->selectRow(0);
    QVERIFY(unban->isEnabled());
    QTest::mouseClick(unban, Qt::LeftButton);
    QCOMPARE(lifted.count(), 1);
    QCOMPARE(lifted.first().at(0).toString(), QString::fromStdString(s.bans.front().subject));
    page.showActionResult(QStringLiteral("no such ban"));
    QCOMPARE(page.findChild<QLabel*>("peerActionResult")->text(), QStringLiteral("no such ban"));
  }

  void dashboardShowsFiguresAndLights() {
    HashrateHistory history;
    DashboardPage page(&history);
    auto s = syntheticSnapshot(SnapshotShape{.miners = 2, .peers = 0, .windowShares = 30, .blocks = 1}, 0);
    s.parentChain.status = {false, "cannot reach litecoind at 127.0.0.1:19443: connection refused"};
    QSignalSpy start(&page, &DashboardPage::startRequested);
    QTest::mouseClick(page.findChild<QPushButton*>("startStopButton"), Qt::LeftButton);
    QCOMPARE(start.count(), 1);
    const auto facts = tables::factsOf(s);
    page.showSnapshot(s, facts);  // not running: nothing changes
    QCOMPARE(page.findChild<QLabel*>("sharechainHeight")->text(), QStringLiteral("–"));
    QCOMPARE(page.findChild<StatusLight*>("lightParentChain")->level(), StatusLight::Level::Off);

    page.showEngineState(otedama::ui::EngineController::State::Running, {});
    page.showSnapshot(s, facts);
    QCOMPARE(page.findChild<QLabel*>("sharechainHeight")->text(), QLocale().toString(5000));
    auto* node = page.findChild<StatusLight*>("lightParentChain");
    QCOMPARE(node->level(), StatusLight::Level::Error);
    QVERIFY(node->toolTip().contains("connection refused"));
    auto* p2p = page.findChild<StatusLight*>("lightP2p");
    QCOMPARE(p2p->level(), StatusLight::Level::Warning);  // no peers
    QVERIFY(p2p->toolTip().contains("9338"));
    QCOMPARE(page.findChild<StatusLight*>("lightStratum")->level(), StatusLight::Level::Ok);
    QCOMPARE(page.findChild<QLabel*>("ownWindowShares")->text(), QStringLiteral("10 of 30"));
    QVERIFY(page.findChild<QLabel*>("stratumUrl")->text().contains(":3333"));
    QSignalSpy stop(&page, &DashboardPage::stopRequested);
    QTest::mouseClick(page.findChild<QPushButton*>("startStopButton"), Qt::LeftButton);
    QCOMPARE(stop.count(), 1);

    page.showEngineState(otedama::ui::EngineController::State::Failed, "stratum port 3333 is in use");
    QVERIFY(!page.findChild<QLabel*>("engineError")->isHidden());
    QCOMPARE(page.findChild<QLabel*>("engineError")->text(), QStringLiteral("stratum port 3333 is in use"));
  }

  void shareStripColoursOwnSharesAndSaysWhose() {
    ShareWindowPage page;
    const auto s = syntheticSnapshot(SnapshotShape{.miners = 2, .peers = 0, .windowShares = 100, .blocks = 0}, 0);
    page.showSnapshot(s, tables::factsOf(s));
    ShareStrip* strip = page.strip();
    QCOMPARE(strip->shares().size(), 100);
    QCOMPARE(strip->shares().front().height, s.window.back().height);  // oldest first
    int own = 0;
    for (const auto& share : strip->shares()) own += share.own ? 1 : 0;
    QVERIFY(own > 20 && own < 50);
    strip->resize(90, strip->heightForWidth(90));  // 10 per row
    QCOMPARE(strip->heightForWidth(90), 10 * 9);
    QCOMPARE(strip->shareAt(QPoint(4, 4)), 0);
    QCOMPARE(strip->shareAt(QPoint(4 + 9, 4 + 9)), 11);
    QCOMPARE(strip->shareAt(QPoint(4, 4 + 9 * 10)), -1);
    QVERIFY(!strip->grab().isNull());
  }

  void firstStartPageOffersTheWizardAndTheSandbox() {
    FirstStartPage page;
    QSignalSpy sandbox(&page, &FirstStartPage::sandboxChosen);
    QSignalSpy wizard(&page, &FirstStartPage::wizardChosen);
    QTest::mouseClick(page.findChild<QPushButton*>("setupWizardButton"), Qt::LeftButton);
    QCOMPARE(wizard.count(), 1);
    QTest::mouseClick(page.findChild<QPushButton*>("startSandboxButton"), Qt::LeftButton);
    QCOMPARE(sandbox.count(), 1);
  }
};

QTEST_MAIN(PagesTest)
#include "test_pages.moc"
