// The language choice in the settings file, and the translators it installs.
#include "format/language.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace otedama::ui {

namespace {

const QString kKey = QStringLiteral("language");

QString settingsPath(const QString& stateDir) { return QDir(stateDir).filePath(QStringLiteral("otedama.ini")); }

bool translated(const QString& language) {
  return language == QLatin1String(kLanguageEnglish) || language == QLatin1String(kLanguageJapanese);
}

}  // namespace

QString languageChoice(const QString& stateDir) {
  const QSettings settings(settingsPath(stateDir), QSettings::IniFormat);
  const QString choice = settings.value(kKey).toString();
  return translated(choice) ? choice : QString();
}

void setLanguageChoice(const QString& stateDir, const QString& choice) {
  QDir().mkpath(stateDir);
  QSettings settings(settingsPath(stateDir), QSettings::IniFormat);
  settings.setValue(kKey, translated(choice) ? choice : QString());
  settings.sync();
}

QString effectiveLanguage(const QString& choice) {
  if (translated(choice)) return choice;
  for (const QString& tag : QLocale::system().uiLanguages()) {
    const QString language = tag.section(QLatin1Char('-'), 0, 0).toLower();  // "ja-JP" -> "ja"
    if (translated(language)) return language;
  }
  return QString::fromLatin1(kLanguageEnglish);
}

QList<QTranslator*> installTranslations(QCoreApplication& app, const QString& choice) {
  QList<QTranslator*> installed;
  const auto install = [&](const QString& path) {
    auto* translator = new QTranslator(&app);
    if (translator->load(path) && QCoreApplication::installTranslator(translator)) {
      installed << translator;
    } else {
      delete translator;
    }
  };
  const QString language = effectiveLanguage(choice);
  // The last installed is asked first: English (plural forms only) is what is left when the
  // language has no translation of a text.
  install(QStringLiteral(":/i18n/otedama_en.qm"));
  if (language != QLatin1String(kLanguageEnglish)) install(QStringLiteral(":/i18n/otedama_%1.qm").arg(language));
  install(QDir(QLibraryInfo::path(QLibraryInfo::TranslationsPath)).filePath(QStringLiteral("qtbase_%1.qm").arg(language)));
  // A language chosen by hand brings its numbers and dates; the system's choice keeps the system's.
  if (translated(choice) && QLocale::system().language() != QLocale(language).language()) {
    QLocale::setDefault(QLocale(language));
  }
  return installed;
}

}  // namespace otedama::ui
