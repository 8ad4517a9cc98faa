// The desktop app's window: navigation on the left (dashboard, miners, peers, share window,
// blocks and payouts, log), the pages on the right, the engine controller behind them, the tray
// icon, and the settings that belong to the window (close to tray, start at launch, language).
// Without a configuration it opens on the first-start page. Uses only the controller and
// engine/node's public types.
#pragma once

#include <QMainWindow>
#include <QSettings>
#include <QStackedWidget>

#include <memory>
#include <optional>

#include "chart/hashrate_history.hpp"
#include "controller/engine_controller.hpp"
#include "models/snapshot_tables.hpp"
#include "node/config.hpp"

class QListWidget;
class QAction;
class QMenu;

namespace otedama::ui {

class BlocksPage;
class DashboardPage;
class FirstStartPage;
class LogFeed;
class LogPage;
class MinersPage;
class PeersPage;
class ShareWindowPage;
class TrayIcon;

struct MainWindowOptions {
  QString stateDir;                     // settings and the chart's history live here
  std::optional<node::Config> config;   // none: open on the first-start page
  QString configSource;                 // where the configuration came from, for people
  bool startNow = false;                // start the node as soon as the window is up
  QString configPath;                   // the file `config` was read from, if any (settings write it)
  bool wizardWhenNew = false;           // without a config: open the setup wizard over the first-start page
};

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum class Page { Dashboard, Miners, Peers, ShareWindow, Blocks, Log, FirstStart };
  Q_ENUM(Page)

  explicit MainWindow(MainWindowOptions options, QWidget* parent = nullptr);
  ~MainWindow() override;

  EngineController* controller() const { return controller_; }
  DashboardPage* dashboard() const { return dashboard_; }
  MinersPage* minersPage() const { return miners_; }
  PeersPage* peersPage() const { return peers_; }
  ShareWindowPage* shareWindowPage() const { return shareWindow_; }
  BlocksPage* blocksPage() const { return blocks_; }
  LogPage* logPage() const { return log_; }
  const HashrateHistory& history() const { return history_; }
  Page currentPage() const;
  void showPage(Page page);

  // Uses this configuration from now on (and leaves the first-start page); starts it if asked.
  void useConfig(const node::Config& config, const QString& source, bool start);
  // What one snapshot does to the window (connected to the controller; public for the benchmark).
  void applySnapshot(std::shared_ptr<const node::NodeSnapshot> snapshot);

 public slots:
  void startNode();
  void stopNode();
  // Stops the node, then closes for good (not to the tray).
  void quit();
  // Saves the language choice ("", "en", "ja") and offers to restart the app to show it.
  void chooseLanguage(const QString& choice);
  // Quits as quit() does, then starts the app again with the same arguments.
  void restartApp();

 signals:
  // A notification shown to the user (tray bubble where there is a tray, the status bar always).
  void notified(const QString& title, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildLanguageMenu(QMenu* menu);
  void onStateChanged(EngineController::State state);
  void onEvent(const node::NodeEvent& event);
  void openConfigFile(const QString& path);
  void startSandbox();
  void restartNode();
  // The file the wizard and the settings write: the one the configuration came from, else the
  // user's default.
  QString configFilePath() const;
 public:
  // The setup wizard (first start, Settings menu) and the settings dialog; the objects are
  // returned for tests (they are open, non-modal, deleted when closed).
  class SetupWizard* openWizard();
  class SettingsDialog* openSettings();

 private:
  QString historyPath() const;
  void saveHistory();
  void showLatestOnCurrentPage();

  MainWindowOptions options_;
  QSettings settings_;
  EngineController* controller_;
  LogFeed* logFeed_;
  TrayIcon* tray_;
  QListWidget* navigation_;
  QStackedWidget* stack_;
  DashboardPage* dashboard_;
  MinersPage* miners_;
  PeersPage* peers_;
  ShareWindowPage* shareWindow_;
  BlocksPage* blocks_;
  LogPage* log_;
  FirstStartPage* firstStart_;
  QAction* closeToTray_ = nullptr;
  QAction* autoStart_ = nullptr;
  QAction* openConfig_ = nullptr;
  QAction* sandbox_ = nullptr;
  QAction* settingsAction_ = nullptr;
  QString configPath_;  // the file the configuration came from ("" for the built-in sandbox)
  HashrateHistory history_;
  std::shared_ptr<const node::NodeSnapshot> latest_;
  tables::SnapshotFacts facts_;
  std::int64_t historySavedAt_ = 0;
  bool quitting_ = false;
  bool restartWhenClosed_ = false;
};

}  // namespace otedama::ui
