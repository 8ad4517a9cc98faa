// otedama-screenshots: renders the real window on every page into PNG files, for the README and
// docs/screenshots (run by tests/tools/render_screenshots.sh under Xvfb). First every page of the
// setup wizard, filled in as a person would, in English and in Japanese (wizard-<page>-en.png,
// wizard-<page>-ja.png; no blockchain node needed: the pictures do not press Test). Then, in the
// system's language, it starts the sandbox on free loopback ports, waits until a block has been
// found and paid, lets the chart and the log fill a little, shoots the first-start page and each
// page of the window, and quits.
//
//   otedama-screenshots OUTPUT_DIR [--settle SECONDS] [--wizard-only]
#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <cstdio>

#include "format/language.hpp"
#include "sandbox_config.hpp"
#include "window/main_window.hpp"
#include "wizard/setup_wizard.hpp"

using otedama::ui::MainWindow;
using otedama::ui::SetupWizard;

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

// The translators of one language choice at a time ("", "en", "ja").
class Language {
 public:
  explicit Language(QApplication& app) : app_(app), systemLocale_(QLocale()) {}
  void use(const QString& choice) {
    for (QTranslator* translator : installed_) {
      QCoreApplication::removeTranslator(translator);
      delete translator;
    }
    QLocale::setDefault(systemLocale_);
    installed_ = otedama::ui::installTranslations(app_, choice);
  }

 private:
  QApplication& app_;
  QLocale systemLocale_;
  QList<QTranslator*> installed_;
};

template <typename T>
T* field(QWizard& wizard, const char* name) {
  T* widget = wizard.currentPage()->findChild<T*>(QLatin1String(name));
  if (!widget) std::fprintf(stderr, "otedama-screenshots: no %s on %s\n", name, qPrintable(wizard.currentPage()->objectName()));
  return widget;
}

bool canGoOn(QWizard& wizard) {
  const bool commit = wizard.currentPage()->isCommitPage();
  return wizard.button(commit ? QWizard::CommitButton : QWizard::NextButton)->isEnabled();
}

// Every page of the setup wizard with plausible values: a Litecoin mainnet pool on this machine's
// litecoind. The summary is not committed (nothing is written); the last page is shown from the
// configuration the pages made, as the wizard shows it after writing.
bool shootWizard(const QDir& out, const QString& language) {
  const QString path = QStringLiteral("/home/you/.config/otedama/otedama.json");
  SetupWizard wizard(otedama::node::Config{}, path);
  wizard.show();
  const QString suffix = QLatin1Char('-') + language;
  if (!save(wizard, out, QStringLiteral("wizard-welcome") + suffix)) return false;

  wizard.next();  // chain: litecoin on the main network, the defaults
  if (wizard.currentId() != SetupWizard::ChainPageId || !save(wizard, out, QStringLiteral("wizard-chain") + suffix)) return false;

  wizard.next();
  auto* user = field<QLineEdit>(wizard, "nodeUser");
  auto* password = field<QLineEdit>(wizard, "nodePassword");
  if (!user || !password) return false;
  user->setText(QStringLiteral("otedama"));
  password->setText(QStringLiteral("correct-horse-battery"));
  if (!canGoOn(wizard) || !save(wizard, out, QStringLiteral("wizard-node") + suffix)) return false;

  wizard.next();
  auto* address = field<QLineEdit>(wizard, "payoutAddress");
  auto* name = field<QLineEdit>(wizard, "poolName");
  auto* fee = field<QDoubleSpinBox>(wizard, "poolFee");
  if (!address || !name || !fee) return false;
  address->setText(QStringLiteral("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"));
  name->setText(QStringLiteral("Kitchen pool"));
  fee->setValue(1.0);
  if (!canGoOn(wizard)) {
    std::fprintf(stderr, "otedama-screenshots: the payout address is refused: %s\n",
                 qPrintable(field<QLabel>(wizard, "addressProblem")->text()));
    return false;
  }
  if (!save(wizard, out, QStringLiteral("wizard-address") + suffix)) return false;

  wizard.next();
  auto* bootstrap = field<QPlainTextEdit>(wizard, "bootstrapNodes");
  if (!bootstrap) return false;
  bootstrap->setPlainText(QStringLiteral("seed.example.org:9338\n203.0.113.7:9338"));
  if (!canGoOn(wizard)) {  // the usual ports are taken here: others, so the page shows no problem
    field<QSpinBox>(wizard, "p2pPort")->setValue(otedama::test::freeLoopbackPort());
    field<QSpinBox>(wizard, "stratumPort")->setValue(otedama::test::freeLoopbackPort());
  }
  if (!canGoOn(wizard) || !save(wizard, out, QStringLiteral("wizard-network") + suffix)) return false;

  wizard.next();
  if (wizard.currentId() != SetupWizard::SummaryPageId || !save(wizard, out, QStringLiteral("wizard-summary") + suffix)) {
    return false;
  }

  SetupWizard connect(wizard.config(), path);
  connect.setStartId(SetupWizard::ConnectPageId);
  connect.show();
  // Not the URL field in focus, which would show its text selected.
  QTest::qWait(200);
  connect.button(QWizard::FinishButton)->setFocus();
  if (auto* url = connect.findChild<QLineEdit*>(QStringLiteral("connectStratumUrl"))) url->deselect();
  return save(connect, out, QStringLiteral("wizard-connect") + suffix);
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  const QStringList args = QApplication::arguments();
  if (args.size() < 2) {
    std::fprintf(stderr, "usage: otedama-screenshots OUTPUT_DIR [--settle SECONDS] [--wizard-only]\n");
    return 2;
  }
  const QDir out(args[1]);
  QDir().mkpath(out.path());
  const int settleIndex = int(args.indexOf(QStringLiteral("--settle")));
  const int settleSeconds = settleIndex > 0 && settleIndex + 1 < args.size() ? args[settleIndex + 1].toInt() : 45;
  QTemporaryDir state;
  const QSize size(1280, 800);

  Language language(app);
  for (const QString& choice : {QStringLiteral("en"), QStringLiteral("ja")}) {
    language.use(choice);
    if (!shootWizard(out, choice)) return 1;
  }
  if (args.contains(QStringLiteral("--wizard-only"))) return 0;
  language.use(QString());  // the rest in the system's language, as the app shows it

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
