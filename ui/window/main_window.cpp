// Main window: pages, navigation, menus, tray, the controller's signals, close and quit.
#include "window/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>
#include <tuple>

#include "chart/hashrate_chart.hpp"
#include "format/language.hpp"
#include "format/units.hpp"
#include "log/log_feed.hpp"
#include "models/log_model.hpp"
#include "node/version.hpp"
#include "pages/blocks_page.hpp"
#include "pages/dashboard_page.hpp"
#include "pages/first_start_page.hpp"
#include "pages/log_page.hpp"
#include "pages/miners_page.hpp"
#include "pages/peers_page.hpp"
#include "pages/share_window_page.hpp"
#include "window/tray_icon.hpp"
#include "node/setup_checks.hpp"
#include "wizard/settings_dialog.hpp"
#include "wizard/setup_wizard.hpp"

namespace otedama::ui {

namespace {

constexpr std::int64_t kSaveHistoryEverySeconds = 300;
constexpr auto kUserBanLength = std::chrono::hours(24);

QString summaryOf(const node::Config& config, const QString& source) {
  QString text = QStringLiteral("%1 · %2 %3").arg(QString::fromStdString(config.poolName),
                                                   QString::fromStdString(config.blockchain),
                                                   QString::fromUtf8(chain::networkName(config.network)));
  if (config.sandbox) text += QStringLiteral(" · ") + MainWindow::tr("local test network");
  if (!source.isEmpty()) text += QStringLiteral(" · ") + source;
  return text;
}

}  // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent),
      options_(std::move(options)),
      settings_(QDir(options_.stateDir).filePath(QStringLiteral("otedama.ini")), QSettings::IniFormat),
      controller_(new EngineController(this)),
      logFeed_(new LogFeed(this)),
      tray_(new TrayIcon(this)) {
  setObjectName("mainWindow");
  setWindowTitle(QStringLiteral("Otedama"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/otedama.svg")));
  QDir().mkpath(options_.stateDir);

  dashboard_ = new DashboardPage(&history_);
  miners_ = new MinersPage;
  peers_ = new PeersPage;
  shareWindow_ = new ShareWindowPage;
  blocks_ = new BlocksPage;
  log_ = new LogPage;
  firstStart_ = new FirstStartPage;

  stack_ = new QStackedWidget;
  stack_->setObjectName("pages");
  navigation_ = new QListWidget;
  navigation_->setObjectName("navigation");
  const QList<std::pair<QString, QWidget*>> pages = {
      {tr("Dashboard"), dashboard_}, {tr("Miners"), miners_},          {tr("Peers"), peers_},
      {tr("Share window"), shareWindow_}, {tr("Blocks & payouts"), blocks_}, {tr("Log"), log_}};
  for (const auto& [title, page] : pages) {
    navigation_->addItem(title);
    stack_->addWidget(page);
  }
  stack_->addWidget(firstStart_);
  navigation_->setStyleSheet(QStringLiteral("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 12px; }"));
  navigation_->setFixedWidth(navigation_->sizeHintForColumn(0) + 48);
  connect(navigation_, &QListWidget::currentRowChanged, this, [this](int row) {
    stack_->setCurrentIndex(row);
    showLatestOnCurrentPage();
  });

  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  layout->addWidget(navigation_);
  layout->addWidget(stack_, 1);
  setCentralWidget(central);
  buildMenus();
  statusBar()->setObjectName("statusBar");

  connect(controller_, &EngineController::stateChanged, this, &MainWindow::onStateChanged);
  connect(controller_, &EngineController::snapshotReady, this, &MainWindow::applySnapshot);
  connect(controller_, &EngineController::eventReceived, this, &MainWindow::onEvent);
  connect(controller_, &EngineController::peerActionFinished, peers_, &PeersPage::showActionResult);
  connect(logFeed_, &LogFeed::recordsArrived, log_->model(), &LogModel::append);
  connect(dashboard_, &DashboardPage::startRequested, this, &MainWindow::startNode);
  connect(dashboard_, &DashboardPage::stopRequested, this, &MainWindow::stopNode);
  connect(peers_, &PeersPage::banRequested, this,
          [this](const QString& id) { controller_->banPeer(id, kUserBanLength); });
  connect(peers_, &PeersPage::unbanRequested, controller_, &EngineController::unbanPeer);
  connect(firstStart_, &FirstStartPage::sandboxChosen, this, &MainWindow::startSandbox);
  connect(firstStart_, &FirstStartPage::wizardChosen, this, &MainWindow::openWizard);
  connect(firstStart_, &FirstStartPage::configFileChosen, this, &MainWindow::openConfigFile);
  connect(tray_, &TrayIcon::notified, this, &MainWindow::notified);
  connect(tray_, &TrayIcon::showWindowRequested, this, [this] {
    showNormal();
    raise();
    activateWindow();
  });
  connect(tray_, &TrayIcon::startRequested, this, &MainWindow::startNode);
  connect(tray_, &TrayIcon::stopRequested, this, &MainWindow::stopNode);
  connect(tray_, &TrayIcon::quitRequested, this, &MainWindow::quit);
  connect(this, &MainWindow::notified, this,
          [this](const QString& title, const QString& message) { statusBar()->showMessage(title + QLatin1String(": ") + message, 30000); });

  QString error;
  if (!history_.load(historyPath(), &error)) statusBar()->showMessage(error, 15000);

  configPath_ = options_.configPath;
  restoreGeometry(settings_.value("window/geometry").toByteArray());
  if (options_.config) {
    useConfig(*options_.config, options_.configSource, options_.startNow || autoStart_->isChecked());
  } else {
    navigation_->setEnabled(false);
    stack_->setCurrentWidget(firstStart_);
    // Once the window is up; closing the wizard leaves the first-start page with its choices.
    if (options_.wizardWhenNew) QTimer::singleShot(0, this, &MainWindow::openWizard);
  }
  onStateChanged(controller_->state());
}

MainWindow::~MainWindow() {
  saveHistory();
  settings_.setValue("window/geometry", saveGeometry());
}

MainWindow::Page MainWindow::currentPage() const {
  if (stack_->currentWidget() == firstStart_) return Page::FirstStart;
  return Page(stack_->currentIndex());
}

void MainWindow::showPage(Page page) {
  if (page == Page::FirstStart) {
    stack_->setCurrentWidget(firstStart_);
    return;
  }
  navigation_->setCurrentRow(int(page));  // no signal when the row was current already
  stack_->setCurrentIndex(int(page));
  showLatestOnCurrentPage();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  openConfig_ = file->addAction(tr("&Open configuration…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a configuration file"), QString(),
                                                      tr("Otedama configuration (*.json);;All files (*)"));
    if (!path.isEmpty()) openConfigFile(path);
  });
  openConfig_->setObjectName("actionOpenConfig");
  sandbox_ = file->addAction(tr("Try the &local test network"), this, &MainWindow::startSandbox);
  sandbox_->setObjectName("actionSandbox");
  file->addSeparator();
  QAction* quitAction = file->addAction(tr("&Quit"), this, &MainWindow::quit);
  quitAction->setObjectName("actionQuit");
  quitAction->setShortcut(QKeySequence::Quit);

  QMenu* settings = menuBar()->addMenu(tr("&Settings"));
  QAction* wizard = settings->addAction(tr("Setup &wizard…"), this, &MainWindow::openWizard);
  wizard->setObjectName("actionSetupWizard");
  settingsAction_ = settings->addAction(tr("&Pool settings…"), this, &MainWindow::openSettings);
  settingsAction_->setObjectName("actionSettings");
  settings->addSeparator();
  closeToTray_ = settings->addAction(tr("&Close to the tray (keep mining in the background)"));
  closeToTray_->setObjectName("actionCloseToTray");
  closeToTray_->setCheckable(true);
  closeToTray_->setChecked(settings_.value("closeToTray", false).toBool());
  closeToTray_->setEnabled(tray_->available());
  if (!tray_->available()) closeToTray_->setToolTip(tr("This desktop has no system tray"));
  connect(closeToTray_, &QAction::toggled, this, [this](bool on) { settings_.setValue("closeToTray", on); });
  autoStart_ = settings->addAction(tr("&Start the node when Otedama opens"));
  autoStart_->setObjectName("actionAutoStart");
  autoStart_->setCheckable(true);
  autoStart_->setChecked(settings_.value("autoStart", false).toBool());
  connect(autoStart_, &QAction::toggled, this, [this](bool on) { settings_.setValue("autoStart", on); });
  settings->addSeparator();
  buildLanguageMenu(settings->addMenu(tr("&Language")));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Otedama"), this, [this] {
    QMessageBox::about(this, tr("About Otedama"),
                       tr("<b>Otedama %1</b><p>A decentralized mining pool node: no operator, every node keeps the "
                          "share chain, and every block pays all miners of the window directly.</p>"
                          "<p>GPL-3.0-or-later</p>")
                           .arg(QString::fromStdString(std::string(otedama::kVersion))));
  });
}

void MainWindow::buildLanguageMenu(QMenu* menu) {
  menu->setObjectName("menuLanguage");
  auto* group = new QActionGroup(menu);
  group->setExclusive(true);
  const QString current = languageChoice(options_.stateDir);
  // Each language by its own name (not translated), so that anyone finds theirs.
  const QList<std::tuple<QString, QString, const char*>> choices = {
      {tr("&System language"), QString::fromLatin1(kLanguageSystem), "actionLanguageSystem"},
      {QStringLiteral("&English"), QString::fromLatin1(kLanguageEnglish), "actionLanguageEnglish"},
      {QStringLiteral("日本語 (&Japanese)"), QString::fromLatin1(kLanguageJapanese), "actionLanguageJapanese"}};
  for (const auto& [text, choice, objectName] : choices) {
    QAction* action = menu->addAction(text);
    action->setObjectName(objectName);
    action->setCheckable(true);
    action->setChecked(choice == current);
    action->setData(choice);
    group->addAction(action);
  }
  connect(group, &QActionGroup::triggered, this, [this](QAction* action) { chooseLanguage(action->data().toString()); });
}

void MainWindow::chooseLanguage(const QString& choice) {
  const bool changed = choice != languageChoice(options_.stateDir);
  setLanguageChoice(options_.stateDir, choice);
  if (!changed) return;
  // Asked without blocking (the node goes on meanwhile); "Later" keeps the language until the next start.
  auto* question = new QMessageBox(QMessageBox::Question, tr("Language"),
                                   tr("The language changes when Otedama starts again. Restart Otedama now? "
                                      "(The node stops and starts again; miners reconnect by themselves.)"),
                                   QMessageBox::NoButton, this);
  question->setObjectName("languageRestartQuestion");
  question->setAttribute(Qt::WA_DeleteOnClose);
  QPushButton* restart = question->addButton(tr("Restart now"), QMessageBox::AcceptRole);
  restart->setObjectName("languageRestartNow");
  question->addButton(tr("Later"), QMessageBox::RejectRole)->setObjectName("languageRestartLater");
  question->setDefaultButton(restart);
  connect(question, &QMessageBox::buttonClicked, this, [this, restart](QAbstractButton* button) {
    if (button == restart) restartApp();
  });
  question->open();
}

void MainWindow::restartApp() {
  // The new process starts once this one's node has stopped (closeEvent), so the ports are free.
  restartWhenClosed_ = true;
  quit();
}

void MainWindow::useConfig(const node::Config& config, const QString& source, bool start) {
  const bool historyChanges = !options_.config || options_.config->sandbox != config.sandbox;
  if (historyChanges) saveHistory();
  options_.config = config;
  options_.configSource = source;
  if (historyChanges) {
    // The test network's hashrate is not the real pool's: each keeps its own history.
    history_.clear();
    QString error;
    if (!history_.load(historyPath(), &error)) statusBar()->showMessage(error, 15000);
  }
  navigation_->setEnabled(true);
  showPage(Page::Dashboard);
  dashboard_->showConfigSummary(summaryOf(config, source));
  if (start) startNode();
}

void MainWindow::startNode() {
  if (!options_.config) {
    showPage(Page::FirstStart);
    return;
  }
  node::Config config = *options_.config;
  config.logging.listener = logFeed_->listener();
  try {
    setupLogging(config.logging);
  } catch (const std::exception& error) {
    QMessageBox::warning(this, tr("Cannot start"), QString::fromStdString(error.what()));
    return;
  }
  controller_->start(config);
}

void MainWindow::stopNode() { controller_->stop(); }

void MainWindow::quit() {
  quitting_ = true;
  close();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!quitting_ && closeToTray_->isChecked() && tray_->available()) {
    hide();
    tray_->notify(tr("Otedama keeps running"), tr("The pool node runs on in the background; quit from the tray menu."));
    event->ignore();
    return;
  }
  if (!controller_->idle()) {
    // Stop first and close once stopped, so the window says what it is waiting for.
    quitting_ = true;
    controller_->stop();
    event->ignore();
    return;
  }
  saveHistory();
  settings_.setValue("window/geometry", saveGeometry());
  event->accept();
  if (restartWhenClosed_) {
    restartWhenClosed_ = false;
    settings_.sync();
    // The same program with the same arguments (a sandbox started with --sandbox starts again).
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), QCoreApplication::arguments().mid(1))) {
      std::fprintf(stderr, "otedama: could not start %s again\n", qPrintable(QCoreApplication::applicationFilePath()));
    }
  }
  if (tray_->available()) QApplication::quit();  // the tray would keep the app alive
}

void MainWindow::onStateChanged(EngineController::State state) {
  using State = EngineController::State;
  dashboard_->showEngineState(state, controller_->lastError());
  const bool idle = controller_->idle();
  openConfig_->setEnabled(idle);
  sandbox_->setEnabled(idle);
  tray_->setRunning(!idle);
  QString status;
  switch (state) {
    case State::Stopped: status = tr("stopped"); break;
    case State::Starting: status = tr("starting"); break;
    case State::Running: status = tr("running"); break;
    case State::Stopping: status = tr("stopping"); break;
    case State::Failed: status = tr("could not start: %1").arg(controller_->lastError()); break;
  }
  tray_->setStatus(status);
  if (state == State::Failed) statusBar()->showMessage(tr("Could not start: %1").arg(controller_->lastError()));
  if (quitting_ && idle) close();
}

void MainWindow::applySnapshot(std::shared_ptr<const node::NodeSnapshot> snapshot) {
  if (!snapshot) return;
  const node::NodeSnapshot& s = *snapshot;
  // A clock set back by more than an hour (the history ignores samples from the past): start anew.
  if (s.time + 3600 < history_.lastSampleTime()) history_.clear();
  history_.add(s.time, s.poolHashrate15m, s.localHashrate);
  latest_ = snapshot;
  facts_ = tables::factsOf(s, &facts_);
  dashboard_->showSnapshot(s, facts_);
  showLatestOnCurrentPage();
  tray_->setStatus(tr("%1 · %2 · %3")
                       .arg(formatHashrate(s.localHashrate), tr("%Ln miner(s)", nullptr, int(s.minerCount)),
                            tr("%Ln peer(s)", nullptr, int(s.peers.size()))));
  if (s.time - historySavedAt_ >= kSaveHistoryEverySeconds) saveHistory();
}

void MainWindow::showLatestOnCurrentPage() {
  // Only the page on screen is brought up to date each second (with a thousand miners, all
  // tables would cost several times as much); a page catches up when it is shown.
  if (!latest_) return;
  switch (currentPage()) {
    case Page::Miners: miners_->showSnapshot(*latest_, facts_); break;
    case Page::Peers: peers_->showSnapshot(*latest_); break;
    case Page::ShareWindow: shareWindow_->showSnapshot(*latest_, facts_); break;
    case Page::Blocks: blocks_->showSnapshot(latest_, facts_); break;
    case Page::Dashboard:
    case Page::Log:
    case Page::FirstStart: break;
  }
}

void MainWindow::onEvent(const node::NodeEvent& event) {
  if (event.kind != node::NodeEventKind::BlockFound) return;
  tray_->notify(tr("Block found"), QString::fromStdString(event.message));
}

void MainWindow::openConfigFile(const QString& path) {
  try {
    const node::LoadedConfig loaded = node::loadConfigFile(path.toStdString());
    configPath_ = path;
    useConfig(loaded.config, path, false);
    for (const std::string& warning : loaded.warnings) statusBar()->showMessage(QString::fromStdString(warning), 15000);
  } catch (const std::exception& error) {
    QMessageBox::warning(this, tr("Cannot use this configuration"), QString::fromStdString(error.what()));
  }
}

void MainWindow::startSandbox() {
  node::Config config = node::parseConfig(node::defaultConfigText()).config;
  configPath_.clear();
  useConfig(config, tr("built-in"), true);
}

void MainWindow::restartNode() {
  if (!options_.config) return;
  if (controller_->idle()) {
    startNode();
    return;
  }
  // Replacing the logger while the engine logs is unsafe: a restart keeps it (a changed log level
  // applies at the next start from stopped).
  controller_->restart(*options_.config);
}

QString MainWindow::configFilePath() const {
  return !configPath_.isEmpty() ? configPath_ : QString::fromStdString(node::defaultConfigPath().string());
}

SetupWizard* MainWindow::openWizard() {
  const bool real = options_.config && !options_.config->sandbox;
  const QString path = configFilePath();
  auto* wizard = new SetupWizard(real ? *options_.config : node::Config{}, path, this);
  wizard->setAttribute(Qt::WA_DeleteOnClose);
  connect(wizard, &SetupWizard::configWritten, this, [this](const node::Config& config, const QString& written) {
    configPath_ = written;
    const bool running = !controller_->idle();
    useConfig(config, written, !running);
    if (running) restartNode();
  });
  connect(wizard, &QWizard::accepted, this, [this, wizard] {
    if (wizard->sandboxChosen()) startSandbox();
  });
  wizard->show();
  return wizard;
}

SettingsDialog* MainWindow::openSettings() {
  if (!options_.config || options_.config->sandbox) {
    // The test network has nothing to set: the wizard makes a real configuration.
    openWizard();
    return nullptr;
  }
  const QString path = configFilePath();
  const auto snapshot = controller_->latestSnapshot();
  const bool hasPorts = controller_->state() == EngineController::State::Running && snapshot;
  auto* dialog = new SettingsDialog(*options_.config, path, hasPorts ? snapshot->p2pPort : 0,
                                    hasPorts ? snapshot->stratumPort : 0, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &SettingsDialog::settingsSaved, this, [this](const node::Config& config, const QString& written) {
    configPath_ = written;
    const bool running = controller_->state() == EngineController::State::Running ||
                         controller_->state() == EngineController::State::Starting;
    useConfig(config, written, false);
    if (running && QMessageBox::question(this, tr("Restart the node?"),
                                         tr("The new settings are saved. The node uses them after a restart; "
                                            "restart it now? (Miners reconnect by themselves.)")) == QMessageBox::Yes) {
      restartNode();
    }
  });
  dialog->show();
  return dialog;
}

QString MainWindow::historyPath() const {
  const bool sandbox = options_.config && options_.config->sandbox;
  return QDir(options_.stateDir).filePath(sandbox ? QStringLiteral("hashrate-history-sandbox.dat")
                                                  : QStringLiteral("hashrate-history.dat"));
}

void MainWindow::saveHistory() {
  historySavedAt_ = QDateTime::currentSecsSinceEpoch();
  if (history_.isEmpty()) return;
  QString error;
  if (!history_.save(historyPath(), &error)) statusBar()->showMessage(error, 15000);
}

}  // namespace otedama::ui
