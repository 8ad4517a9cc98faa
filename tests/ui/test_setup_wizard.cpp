// The setup wizard against real parts: Next stays disabled until each page's mandatory fields are
// valid; an invalid payout address is refused with its reason; the port check finds a taken port;
// the connection test succeeds against a real litecoind regtest node and fails with the right
// message on a closed port and a wrong password; Finish writes a configuration that otedama-node
// accepts, and the node started from it serves stratum; the last page shows how to connect
// miners. The settings dialog edits the same file.
#include <QAbstractButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "controller/engine_controller.hpp"
#include "free_port.hpp"
#include "litecoind_regtest.hpp"
#include "node/setup_checks.hpp"
#include "wizard/node_page.hpp"
#include "wizard/settings_dialog.hpp"
#include "wizard/setup_wizard.hpp"

using otedama::test::LitecoindRegtest;
using otedama::ui::EngineController;
using otedama::ui::SetupWizard;

namespace {

constexpr const char* kRegtestAddress = "rltc1qaq8t3pakcftpk095tnqfv5cmmczysls05c8zyn";

bool nextEnabled(QWizard& wizard) {
  QAbstractButton* next = wizard.button(wizard.currentPage()->isCommitPage() ? QWizard::CommitButton : QWizard::NextButton);
  return next->isEnabled();
}

template <typename T>
T* field(QWizard& wizard, const char* name) {
  T* widget = wizard.currentPage()->findChild<T*>(name);
  if (!widget) qFatal("no %s on page %s", name, qPrintable(wizard.currentPage()->objectName()));
  return widget;
}

// A listening socket on 127.0.0.1 that holds a port; closed when destroyed.
struct HeldPort {
  int fd = -1;
  std::uint16_t port = 0;
  HeldPort() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd, 1);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
  }
  ~HeldPort() { ::close(fd); }
};

}  // namespace

class SetupWizardTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QString error = regtest_.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    regtest_.mine(0, 1);  // out of initial block download: "synced"
  }

  void walksFromNothingToARunningNode() {
    QTemporaryDir folder;
    const QString path = folder.filePath("otedama.json");
    SetupWizard wizard(otedama::node::Config{}, path);
    QSignalSpy written(&wizard, &SetupWizard::configWritten);
    wizard.show();
    QCOMPARE(wizard.currentId(), int(SetupWizard::WelcomePageId));
    QVERIFY(nextEnabled(wizard));
    wizard.next();

    // Chain: litecoin is there, an unsupported chain is shown but cannot be chosen.
    QCOMPARE(wizard.currentId(), int(SetupWizard::ChainPageId));
    auto* chains = field<QListWidget>(wizard, "chainList");
    bool disabledSeen = false;
    int litecoin = -1;
    for (int row = 0; row < chains->count(); ++row) {
      disabledSeen |= !(chains->item(row)->flags() & Qt::ItemIsEnabled);
      if (chains->item(row)->text().startsWith("Litecoin")) litecoin = row;
    }
    QVERIFY(disabledSeen);
    QVERIFY(litecoin >= 0);
    chains->setCurrentRow(litecoin);
    auto* network = field<QComboBox>(wizard, "networkCombo");
    network->setCurrentIndex(network->findData(int(otedama::chain::Network::Regtest)));
    QVERIFY(nextEnabled(wizard));
    wizard.next();

    // Blockchain node: Next waits for the credentials; the test says what is wrong, then ready.
    QCOMPARE(wizard.currentId(), int(SetupWizard::NodePageId));
    auto* page = qobject_cast<otedama::ui::NodePage*>(wizard.currentPage());
    field<QLineEdit>(wizard, "nodeHost")->setText("127.0.0.1");
    field<QLineEdit>(wizard, "nodeUser")->clear();
    field<QLineEdit>(wizard, "nodePassword")->clear();
    QVERIFY(!nextEnabled(wizard));
    field<QLineEdit>(wizard, "nodeUser")->setText(LitecoindRegtest::kRpcUser);
    field<QLineEdit>(wizard, "nodePassword")->setText("wrong-password");
    QVERIFY(nextEnabled(wizard));
    auto* result = field<QLabel>(wizard, "nodeTestResult");

    // A closed port.
    field<QSpinBox>(wizard, "nodePort")->setValue(otedama::test::freeLoopbackPort());
    QSignalSpy finished(page, &otedama::ui::NodePage::testFinished);
    QTest::mouseClick(field<QAbstractButton>(wizard, "testNodeButton"), Qt::LeftButton);
    QVERIFY(page->testing());  // in the background: the window goes on
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(finished.last().at(0).toBool(), false);
    qInfo("closed port: %s", qPrintable(result->text()));
    QVERIFY(result->text().contains("connect", Qt::CaseInsensitive));

    // The wrong password.
    field<QSpinBox>(wizard, "nodePort")->setValue(regtest_.node(0).rpcPort);
    QTest::mouseClick(field<QAbstractButton>(wizard, "testNodeButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QCOMPARE(finished.last().at(0).toBool(), false);
    qInfo("wrong password: %s", qPrintable(result->text()));
    QVERIFY(result->text().contains("password", Qt::CaseInsensitive) ||
            result->text().contains("credentials", Qt::CaseInsensitive));

    // Right: ready, with the node's own figures.
    field<QLineEdit>(wizard, "nodePassword")->setText(LitecoindRegtest::kRpcPassword);
    QTest::mouseClick(field<QAbstractButton>(wizard, "testNodeButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 30000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(result->text()));
    QVERIFY(result->text().contains("regtest"));
    wizard.next();

    // Payout: an address of another network is refused with its reason.
    QCOMPARE(wizard.currentId(), int(SetupWizard::AddressPageId));
    auto* address = field<QLineEdit>(wizard, "payoutAddress");
    auto* problem = field<QLabel>(wizard, "addressProblem");
    address->setText("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9");  // mainnet
    QVERIFY(!nextEnabled(wizard));
    QVERIFY(!problem->text().isEmpty());
    qInfo("mainnet address on regtest: %s", qPrintable(problem->text()));
    address->setText("not an address");
    QVERIFY(!nextEnabled(wizard));
    QVERIFY(!problem->text().isEmpty());
    address->setText(kRegtestAddress);
    QVERIFY(problem->text().isEmpty());
    QVERIFY(nextEnabled(wizard));
    field<QLineEdit>(wizard, "poolName")->setText("Wizard pool");
    field<QDoubleSpinBox>(wizard, "poolFee")->setValue(1.5);
    wizard.next();

    // Network: a port in use is found; free ports pass.
    QCOMPARE(wizard.currentId(), int(SetupWizard::NetworkPageId));
    HeldPort held;
    field<QSpinBox>(wizard, "stratumPort")->setValue(held.port);
    QVERIFY(!nextEnabled(wizard));
    QVERIFY(field<QLabel>(wizard, "portProblem")->text().contains(QString::number(held.port)));
    const std::uint16_t stratumPort = otedama::test::freeLoopbackPort();
    field<QSpinBox>(wizard, "stratumPort")->setValue(stratumPort);
    field<QSpinBox>(wizard, "p2pPort")->setValue(otedama::test::freeLoopbackPort());
    field<QPlainTextEdit>(wizard, "bootstrapNodes")->setPlainText("no port here");
    QVERIFY(!nextEnabled(wizard));
    field<QPlainTextEdit>(wizard, "bootstrapNodes")->setPlainText("");
    QVERIFY2(nextEnabled(wizard), qPrintable(field<QLabel>(wizard, "portProblem")->text()));
    wizard.next();

    // Summary, then "Write and start": the file, in the format otedama-node reads.
    QCOMPARE(wizard.currentId(), int(SetupWizard::SummaryPageId));
    QVERIFY(field<QPlainTextEdit>(wizard, "configPreview")->toPlainText().contains(kRegtestAddress));
    QVERIFY(!field<QPlainTextEdit>(wizard, "configPreview")->toPlainText().contains(LitecoindRegtest::kRpcPassword));
    wizard.next();
    QCOMPARE(written.count(), 1);
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QProcess check;
    check.start(OTEDAMA_NODE_BINARY, {"--check", path});
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());

    // Connect your miners: the URL and command lines for scrypt miners.
    QCOMPARE(wizard.currentId(), int(SetupWizard::ConnectPageId));
    QVERIFY(field<QLineEdit>(wizard, "connectStratumUrl")->text().endsWith(":" + QString::number(stratumPort)));
    QVERIFY(field<QLineEdit>(wizard, "minerCommand0")->text().startsWith("minerd -a scrypt -o stratum+tcp://"));

    // The node started from the written file serves stratum.
    otedama::node::Config config = otedama::node::loadConfigFile(path.toStdString()).config;
    QCOMPARE(config.poolName, std::string("Wizard pool"));
    QCOMPARE(config.poolFee, 1.5);
    config.dataDir = folder.filePath("data").toStdString();
    config.p2pBind = config.stratumBind = "127.0.0.1";  // the test listens on loopback only
    config.apiPort = otedama::test::freeLoopbackPort();
    EngineController controller;
    controller.start(config);
    QTRY_VERIFY2_WITH_TIMEOUT(controller.state() == EngineController::State::Running,
                              qPrintable(controller.lastError()), 60000);
    QTcpSocket miner;
    miner.connectToHost("127.0.0.1", stratumPort);
    QVERIFY(miner.waitForConnected(10000));
    miner.write("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"wizard-test\"]}\n");
    QVERIFY(QTest::qWaitFor([&] {
      miner.waitForReadyRead(50);
      return miner.canReadLine();
    }, 10000));
    const QByteArray answer = miner.readLine();
    QVERIFY2(answer.contains("\"result\""), answer.constData());
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == EngineController::State::Stopped, 30000);
  }

  void sandboxNeedsNothingMore() {
    QTemporaryDir folder;
    SetupWizard wizard(otedama::node::Config{}, folder.filePath("otedama.json"));
    wizard.show();
    field<QRadioButton>(wizard, "choiceSandbox")->setChecked(true);
    QVERIFY(wizard.currentPage()->isFinalPage());
    QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
    wizard.accept();
    QVERIFY(wizard.sandboxChosen());
    QVERIFY(!QFileInfo::exists(folder.filePath("otedama.json")));
  }

  void settingsEditTheSameFile() {
    QTemporaryDir folder;
    const QString path = folder.filePath("otedama.json");
    otedama::node::Config config;
    config.network = otedama::chain::Network::Regtest;
    config.poolAddress = kRegtestAddress;
    config.blockchainUsername = "user";
    config.blockchainPassword = "secret";
    config.stratumPort = otedama::test::freeLoopbackPort();
    config.p2pPort = otedama::test::freeLoopbackPort();
    otedama::ui::SettingsDialog dialog(config, path, 0, 0);
    QSignalSpy saved(&dialog, &otedama::ui::SettingsDialog::settingsSaved);
    dialog.show();
    auto* fee = dialog.findChild<QDoubleSpinBox*>("poolFee");
    fee->setValue(2.0);
    auto* address = dialog.findChild<QLineEdit*>("payoutAddress");
    address->setText("garbage");
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    address->setText(kRegtestAddress);
    QVERIFY(ok->isEnabled());
    dialog.accept();
    QCOMPARE(saved.count(), 1);
    const auto loaded = otedama::node::loadConfigFile(path.toStdString()).config;
    QCOMPARE(loaded.poolFee, 2.0);
    QCOMPARE(loaded.blockchainPassword, std::string("secret"));
  }

 private:
  LitecoindRegtest regtest_{2};
};

QTEST_MAIN(SetupWizardTest)
#include "test_setup_wizard.moc"
