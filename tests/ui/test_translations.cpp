// The translations: lupdate over ui/ and app/otedama finds nothing untranslated in Japanese and
// nothing the committed .ts files lack (a new text without its translation fails here), English
// carries the plural forms, lrelease reports no unfinished text, and the app built with the
// translations renders in Japanese: the setup wizard's title and every page, the main window's
// navigation; the language menu saves the choice and offers a restart.
#include <QAction>
#include <QActionGroup>
#include <QFile>
#include <QLibraryInfo>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QWizard>
#include <QXmlStreamReader>

#include "format/language.hpp"
#include "node/config.hpp"
#include "window/main_window.hpp"
#include "wizard/setup_wizard.hpp"

using otedama::ui::MainWindow;
using otedama::ui::SetupWizard;

namespace {

const QString kSourceDir = QStringLiteral(OTEDAMA_SOURCE_DIR);
// The options ui/CMakeLists.txt gives lupdate (update_translations).
const QStringList kLupdateOptions = {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")};

struct Message {
  QString context, source, comment;
  bool numerus = false;
  bool unfinished = false;
  QStringList translations;  // one, or the numerus forms
  QString key() const { return context + QLatin1Char('|') + source + QLatin1Char('|') + comment; }
};

QList<Message> readTs(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = path + QStringLiteral(": ") + file.errorString();
    return {};
  }
  QList<Message> messages;
  QXmlStreamReader xml(&file);
  QString context;
  Message message;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) {
      if (xml.isEndElement() && xml.name() == QLatin1String("message")) messages << message;
      continue;
    }
    const auto name = xml.name();
    if (name == QLatin1String("name")) {
      context = xml.readElementText();
    } else if (name == QLatin1String("message")) {
      message = Message{};
      message.context = context;
      message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
    } else if (name == QLatin1String("source")) {
      message.source = xml.readElementText();
    } else if (name == QLatin1String("comment")) {
      message.comment = xml.readElementText();
    } else if (name == QLatin1String("translation")) {
      const QString type = xml.attributes().value(QLatin1String("type")).toString();
      message.unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                           type == QLatin1String("obsolete");
      if (!message.numerus) message.translations << xml.readElementText();
    } else if (name == QLatin1String("numerusform")) {
      message.translations << xml.readElementText();
    }
  }
  if (xml.hasError()) *error = path + QStringLiteral(": ") + xml.errorString();
  return messages;
}

QString qtTool(const QString& name) {
  const QString path = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QLatin1Char('/') + name;
  return QFile::exists(path) ? path : QString();
}

// lupdate over the sources into a copy of the committed file; returns the copy's path.
QString lupdateCopy(const QString& committed, const QTemporaryDir& dir, const QStringList& extraOptions, QString* error) {
  const QString copy = dir.filePath(QFileInfo(committed).fileName());
  QFile::remove(copy);
  if (!QFile::copy(committed, copy)) {
    *error = QStringLiteral("cannot copy ") + committed;
    return {};
  }
  QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
  QProcess lupdate;
  lupdate.setWorkingDirectory(kSourceDir);
  lupdate.setProcessChannelMode(QProcess::MergedChannels);
  lupdate.start(qtTool(QStringLiteral("lupdate")),
                QStringList(kLupdateOptions) << extraOptions << QStringLiteral("-I") << kSourceDir + QStringLiteral("/ui")
                                             << kSourceDir + QStringLiteral("/ui")
                                             << kSourceDir + QStringLiteral("/app/otedama") << QStringLiteral("-ts") << copy);
  if (!lupdate.waitForFinished(120000) || lupdate.exitCode() != 0) {
    *error = QStringLiteral("lupdate failed: ") + QString::fromUtf8(lupdate.readAll());
    return {};
  }
  const QString output = QString::fromUtf8(lupdate.readAll());
  qInfo("%s", qPrintable(output.trimmed()));
  return copy;
}

// Hiragana, katakana, CJK ideographs or full-width forms.
bool hasJapanese(const QString& text) {
  for (const QChar c : text) {
    const char16_t u = c.unicode();
    if ((u >= 0x3040 && u <= 0x30FF) || (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xFF00 && u <= 0xFFEF)) return true;
  }
  return false;
}

QString describe(const Message& m) { return m.context + QStringLiteral(": \"") + m.source + QLatin1Char('"'); }

// Every message of `updated` translated (all plural forms), and the same messages as `committed`.
void checkUpToDateAndComplete(const QString& committedPath, const QStringList& extraOptions, int pluralForms) {
  QTemporaryDir dir;
  QString error;
  const QList<Message> committed = readTs(committedPath, &error);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  const QString copy = lupdateCopy(committedPath, dir, extraOptions, &error);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  const QList<Message> updated = readTs(copy, &error);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  QVERIFY(!updated.isEmpty());

  QStringList untranslated;
  for (const Message& m : updated) {
    bool empty = m.translations.isEmpty();
    for (const QString& text : m.translations) empty = empty || text.trimmed().isEmpty();
    if (m.unfinished || empty || (m.numerus && m.translations.size() != pluralForms)) untranslated << describe(m);
  }
  QVERIFY2(untranslated.isEmpty(),
           qPrintable(QStringLiteral("untranslated in %1 (run `cmake --build build --target update_translations` "
                                     "and translate them):\n  %2")
                          .arg(QFileInfo(committedPath).fileName(), untranslated.join(QStringLiteral("\n  ")))));

  QSet<QString> before, after;
  for (const Message& m : committed) before.insert(m.key());
  for (const Message& m : updated) after.insert(m.key());
  const QSet<QString> added = after - before, gone = before - after;
  QVERIFY2(added.isEmpty(), qPrintable(QStringLiteral("texts missing from %1: %2")
                                           .arg(QFileInfo(committedPath).fileName(), QStringList(added.values()).join(", "))));
  QVERIFY2(gone.isEmpty(), qPrintable(QStringLiteral("texts in %1 no source has any more: %2")
                                          .arg(QFileInfo(committedPath).fileName(), QStringList(gone.values()).join(", "))));
}

QStringList pageTitles(const QWizard& wizard) {
  QStringList titles;
  for (const int id : wizard.pageIds()) titles << wizard.page(id)->title();
  return titles;
}

}  // namespace

class TranslationsTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY2(!qtTool(QStringLiteral("lupdate")).isEmpty(), "lupdate not found (Debian: qt6-l10n-tools)");
    QVERIFY2(!qtTool(QStringLiteral("lrelease")).isEmpty(), "lrelease not found (Debian: qt6-l10n-tools)");
  }

  void japaneseIsCompleteAndUpToDate() {
    checkUpToDateAndComplete(kSourceDir + QStringLiteral("/translations/otedama_ja.ts"), {}, 1);
  }

  void englishPluralFormsAreCompleteAndUpToDate() {
    checkUpToDateAndComplete(kSourceDir + QStringLiteral("/translations/otedama_en.ts"), {QStringLiteral("-pluralonly")}, 2);
  }

  void lreleaseReportsNothingUnfinished() {
    QTemporaryDir dir;
    for (const QString& language : {QStringLiteral("ja"), QStringLiteral("en")}) {
      QProcess lrelease;
      lrelease.setProcessChannelMode(QProcess::MergedChannels);
      lrelease.start(qtTool(QStringLiteral("lrelease")),
                     {kSourceDir + QStringLiteral("/translations/otedama_%1.ts").arg(language), QStringLiteral("-qm"),
                      dir.filePath(language + QStringLiteral(".qm"))});
      QVERIFY(lrelease.waitForFinished(60000));
      const QString output = QString::fromUtf8(lrelease.readAll());
      qInfo("%s", qPrintable(output.trimmed()));
      QCOMPARE(lrelease.exitCode(), 0);
      QVERIFY2(output.contains(QStringLiteral(" 0 unfinished")), qPrintable(output));
      QVERIFY2(!output.contains(QStringLiteral("untranslated")), qPrintable(output));
    }
  }

  void englishSaysOneWorkerAndTwoWorkers() {
    QTranslator english;
    QVERIFY(english.load(QStringLiteral(":/i18n/otedama_en.qm")));
    QVERIFY(QCoreApplication::installTranslator(&english));
    const QLocale c(QLocale::English, QLocale::UnitedStates);
    QLocale::setDefault(c);
    QCOMPARE(QCoreApplication::translate("otedama::ui::DashboardPage", "%Ln worker(s)", nullptr, 1), QStringLiteral("1 worker"));
    QCOMPARE(QCoreApplication::translate("otedama::ui::DashboardPage", "%Ln worker(s)", nullptr, 1200),
             QStringLiteral("1,200 workers"));
    QCOMPARE(QCoreApplication::translate("otedama::ui::LogFeed",
                                         "%n log line(s) dropped: the engine logged faster than the window can show",
                                         nullptr, 1),
             QStringLiteral("1 log line dropped: the engine logged faster than the window can show"));
    QCoreApplication::removeTranslator(&english);
  }

  void wizardRendersInJapanese() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("otedama.json"));
    QStringList english;
    QString englishTitle;
    {
      SetupWizard wizard(otedama::node::Config{}, path);
      english = pageTitles(wizard);
      englishTitle = wizard.windowTitle();
    }
    QCOMPARE(english.size(), 7);  // welcome, chain, node, address, network, summary, connect

    QTranslator japanese;
    QVERIFY(japanese.load(QStringLiteral(":/i18n/otedama_ja.qm")));
    QVERIFY(QCoreApplication::installTranslator(&japanese));
    QTranslator qt;  // the wizard's own buttons, where Qt's translations are installed
    const bool qtTranslated =
        qt.load(QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_ja.qm")) &&
        QCoreApplication::installTranslator(&qt);
    {
      SetupWizard wizard(otedama::node::Config{}, path);
      wizard.show();
      QVERIFY2(hasJapanese(wizard.windowTitle()) && wizard.windowTitle() != englishTitle, qPrintable(wizard.windowTitle()));
      const QStringList titles = pageTitles(wizard);
      QCOMPARE(titles.size(), english.size());
      for (int i = 0; i < titles.size(); ++i) {
        QVERIFY2(titles[i] != english[i] && hasJapanese(titles[i]), qPrintable(english[i] + " -> " + titles[i]));
        const QWizardPage* page = wizard.page(wizard.pageIds()[i]);
        if (!page->subTitle().isEmpty()) QVERIFY2(hasJapanese(page->subTitle()), qPrintable(page->subTitle()));
      }
      qInfo("%s: %s", qPrintable(wizard.windowTitle()), qPrintable(titles.join(QStringLiteral(" / "))));
      if (qtTranslated) {
        const QString next = wizard.button(QWizard::NextButton)->text();
        QVERIFY2(hasJapanese(next), qPrintable(next));
      }
    }
    QCoreApplication::removeTranslator(&qt);
    QCoreApplication::removeTranslator(&japanese);
  }

  void mainWindowNavigationInJapanese() {
    QTemporaryDir state;
    QTranslator japanese;
    QVERIFY(japanese.load(QStringLiteral(":/i18n/otedama_ja.qm")));
    QVERIFY(QCoreApplication::installTranslator(&japanese));
    {
      otedama::ui::MainWindowOptions options;
      options.stateDir = state.path();
      MainWindow window(options);
      auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
      QVERIFY(navigation);
      QCOMPARE(navigation->count(), 6);
      for (int row = 0; row < navigation->count(); ++row) {
        QVERIFY2(hasJapanese(navigation->item(row)->text()), qPrintable(navigation->item(row)->text()));
      }
      auto* language = window.findChild<QMenu*>(QStringLiteral("menuLanguage"));
      QVERIFY(language);
      QVERIFY(hasJapanese(language->title()));
    }
    QCoreApplication::removeTranslator(&japanese);
  }

  void languageMenuSavesTheChoiceAndOffersARestart() {
    QTemporaryDir state;
    otedama::ui::MainWindowOptions options;
    options.stateDir = state.path();
    MainWindow window(options);
    window.show();
    auto* menu = window.findChild<QMenu*>(QStringLiteral("menuLanguage"));
    QVERIFY(menu);
    QList<QAction*> actions;
    for (const char* name : {"actionLanguageSystem", "actionLanguageEnglish", "actionLanguageJapanese"}) {
      auto* action = menu->findChild<QAction*>(QLatin1String(name));
      if (!action) {
        for (QAction* candidate : menu->actions()) {
          if (candidate->objectName() == QLatin1String(name)) action = candidate;
        }
      }
      QVERIFY2(action, name);
      QVERIFY(action->isCheckable());
      QVERIFY(action->actionGroup() && action->actionGroup()->isExclusive());
      actions << action;
    }
    QVERIFY(actions[0]->isChecked());  // nothing saved: the system's language

    actions[2]->trigger();
    QVERIFY(actions[2]->isChecked() && !actions[0]->isChecked());
    QCOMPARE(otedama::ui::languageChoice(state.path()), QStringLiteral("ja"));
    QCOMPARE(QSettings(state.filePath(QStringLiteral("otedama.ini")), QSettings::IniFormat).value("language").toString(),
             QStringLiteral("ja"));
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = window.findChild<QMessageBox*>(QStringLiteral("languageRestartQuestion"))) &&
                question->isVisible());
    QVERIFY(question->findChild<QPushButton*>(QStringLiteral("languageRestartNow")));
    auto* later = question->findChild<QPushButton*>(QStringLiteral("languageRestartLater"));
    QVERIFY(later);
    later->click();
    QTRY_VERIFY(!window.findChild<QMessageBox*>(QStringLiteral("languageRestartQuestion")));
    QVERIFY(window.isVisible());  // "Later": the app goes on

    actions[0]->trigger();
    QCOMPARE(otedama::ui::languageChoice(state.path()), QString());
    QTRY_VERIFY(window.findChild<QMessageBox*>(QStringLiteral("languageRestartQuestion")));
    window.findChild<QMessageBox*>(QStringLiteral("languageRestartQuestion"))
        ->findChild<QPushButton*>(QStringLiteral("languageRestartLater"))
        ->click();
  }

  void installTranslationsFollowsTheChoice() {
    QTemporaryDir state;
    QCOMPARE(otedama::ui::languageChoice(state.path()), QString());
    otedama::ui::setLanguageChoice(state.path(), QStringLiteral("klingon"));  // unknown: the system's
    QCOMPARE(otedama::ui::languageChoice(state.path()), QString());
    otedama::ui::setLanguageChoice(state.path(), QStringLiteral("ja"));
    QCOMPARE(otedama::ui::languageChoice(state.path()), QStringLiteral("ja"));
    QCOMPARE(otedama::ui::effectiveLanguage(QStringLiteral("ja")), QStringLiteral("ja"));

    const QLocale before;
    QList<QTranslator*> installed = otedama::ui::installTranslations(*QCoreApplication::instance(), QStringLiteral("ja"));
    QVERIFY(installed.size() >= 2);  // English plurals and Japanese (and Qt's, when installed)
    QCOMPARE(QCoreApplication::translate("otedama::ui::SetupWizard", "Set up Otedama"), QStringLiteral("Otedama のセットアップ"));
    if (QLocale::system().language() != QLocale::Japanese) QCOMPARE(QLocale().language(), QLocale::Japanese);
    for (QTranslator* translator : installed) {
      QCoreApplication::removeTranslator(translator);
      delete translator;
    }
    QLocale::setDefault(before);

    installed = otedama::ui::installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
    QCOMPARE(QCoreApplication::translate("otedama::ui::SetupWizard", "Set up Otedama"), QStringLiteral("Set up Otedama"));
    QCOMPARE(QCoreApplication::translate("otedama::ui::MainWindow", "%Ln peer(s)", nullptr, 1), QStringLiteral("1 peer"));
    for (QTranslator* translator : installed) {
      QCoreApplication::removeTranslator(translator);
      delete translator;
    }
    QLocale::setDefault(before);
  }
};

QTEST_MAIN(TranslationsTest)
#include "test_translations.moc"
