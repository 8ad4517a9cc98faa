// otedama: the desktop app. Reads the options, finds the configuration (given, or the user's
// ~/.config/otedama/otedama.json, or none: the first-start page) and opens the main window.
//
//   otedama [--config FILE] [--sandbox] [--state-dir DIR]
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>

#include <cstdio>
#include <optional>

#include "node/config.hpp"
#include "node/setup_checks.hpp"
#include "node/version.hpp"
#include "window/main_window.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("otedama"));
  QApplication::setApplicationDisplayName(QStringLiteral("Otedama"));
  QApplication::setApplicationVersion(QString::fromUtf8(otedama::kVersion.data(), qsizetype(otedama::kVersion.size())));
  QApplication::setDesktopFileName(QStringLiteral("otedama"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/otedama.svg")));

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "Otedama: a decentralized mining pool node."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption configOption(QStringLiteral("config"),
                                        QApplication::translate("main", "Use this configuration file."),
                                        QStringLiteral("file"));
  const QCommandLineOption sandboxOption(QStringLiteral("sandbox"),
                                         QApplication::translate("main", "Start the local test network at once."));
  const QCommandLineOption stateOption(QStringLiteral("state-dir"),
                                       QApplication::translate("main", "Keep the app's settings and chart history here."),
                                       QStringLiteral("dir"));
  parser.addOptions({configOption, sandboxOption, stateOption});
  parser.process(app);

  otedama::ui::MainWindowOptions options;
  options.wizardWhenNew = true;  // a first start opens the setup wizard
  options.stateDir = parser.isSet(stateOption) ? parser.value(stateOption)
                                               : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  // The file the wizard writes (the same rule as node::defaultConfigPath everywhere).
  const QString userConfig = QString::fromStdString(otedama::node::defaultConfigPath().string());
  try {
    if (parser.isSet(sandboxOption)) {
      options.config = otedama::node::parseConfig(otedama::node::defaultConfigText()).config;
      options.configSource = QApplication::translate("main", "built-in");
      options.startNow = true;
    } else if (parser.isSet(configOption) || QFileInfo::exists(userConfig)) {
      const QString path = parser.isSet(configOption) ? parser.value(configOption) : userConfig;
      options.config = otedama::node::loadConfigFile(path.toStdString()).config;
      options.configSource = path;
      options.configPath = path;
    }
  } catch (const std::exception& error) {
    const QString message = QString::fromStdString(error.what());
    std::fprintf(stderr, "otedama: %s\n", qPrintable(message));
    QMessageBox::critical(nullptr, QStringLiteral("Otedama"), message);
    return 2;
  }

  otedama::ui::MainWindow window(std::move(options));
  window.resize(1200, 800);
  window.show();
  return QApplication::exec();
}
