// otedama: the desktop app. Installs the chosen language (the state folder's otedama.ini; the
// system's by default), reads the options, finds the configuration (given, or the user's
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

#include "format/language.hpp"
#include "node/config.hpp"
#include "node/setup_checks.hpp"
#include "node/version.hpp"
#include "window/main_window.hpp"

namespace {

// --state-dir read ahead of the other options: the language saved there translates their help.
QString stateDirOf(const QStringList& arguments) {
  QCommandLineParser early;
  const QCommandLineOption stateOption(QStringLiteral("state-dir"), QString(), QStringLiteral("dir"));
  early.addOption(stateOption);
  early.parse(arguments);  // other options are unknown here: not an error that matters now
  return early.isSet(stateOption) ? early.value(stateOption)
                                  : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("otedama"));
  QApplication::setApplicationDisplayName(QStringLiteral("Otedama"));
  QApplication::setApplicationVersion(QString::fromUtf8(otedama::kVersion.data(), qsizetype(otedama::kVersion.size())));
  QApplication::setDesktopFileName(QStringLiteral("otedama"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/otedama.svg")));
  const QString stateDir = stateDirOf(QApplication::arguments());
  otedama::ui::installTranslations(app, otedama::ui::languageChoice(stateDir));

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "Otedama: a decentralized mining pool node."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption configOption(QStringLiteral("config"),
                                        QApplication::translate("main", "Use this configuration file."),
                                        QApplication::translate("main", "file", "the value of --config"));
  const QCommandLineOption sandboxOption(QStringLiteral("sandbox"),
                                         QApplication::translate("main", "Start the local test network at once."));
  const QCommandLineOption stateOption(QStringLiteral("state-dir"),
                                       QApplication::translate("main", "Keep the app's settings and chart history here."),
                                       QApplication::translate("main", "dir", "the value of --state-dir"));
  parser.addOptions({configOption, sandboxOption, stateOption});
  parser.process(app);

  otedama::ui::MainWindowOptions options;
  options.wizardWhenNew = true;  // a first start opens the setup wizard
  options.stateDir = stateDir;
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
    QMessageBox::critical(nullptr, QApplication::translate("main", "Otedama cannot use this configuration"), message);
    return 2;
  }

  otedama::ui::MainWindow window(std::move(options));
  window.resize(1200, 800);
  window.show();
  return QApplication::exec();
}
