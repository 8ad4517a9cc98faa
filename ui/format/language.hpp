// The app's language: which one the user chose (the state folder's otedama.ini, key "language":
// "" follows the system locale, "en" or "ja"), and loading it — Otedama's own translation built
// into the binary (":/i18n/otedama_<lang>.qm") and Qt's for its standard dialogs and buttons
// (qtbase_<lang>.qm from Qt's translations folder, when installed). A change applies when the app
// starts again: the windows build their texts once.
#pragma once

#include <QList>
#include <QString>

class QCoreApplication;
class QTranslator;

namespace otedama::ui {

// The choices the language menu offers: "" (the system's), "en", "ja".
inline constexpr const char* kLanguageSystem = "";
inline constexpr const char* kLanguageEnglish = "en";
inline constexpr const char* kLanguageJapanese = "ja";

// The saved choice in stateDir's otedama.ini ("" when none, or when the value is unknown).
QString languageChoice(const QString& stateDir);
// Saves the choice ("", "en" or "ja") to stateDir's otedama.ini.
void setLanguageChoice(const QString& stateDir, const QString& choice);

// The language a choice means now: the choice itself, or for "" the first of the system's UI
// languages Otedama has ("en" when it has none of them).
QString effectiveLanguage(const QString& choice);

// Installs the translators for a choice on `app` (English plural forms first, so a language
// without a translation still says "1 worker"; then the language's own; then Qt's) and, for a
// language other than the system's, makes it the default locale for numbers and dates. Returns
// the translators installed (owned by `app`), so a caller can remove them again.
QList<QTranslator*> installTranslations(QCoreApplication& app, const QString& choice);

}  // namespace otedama::ui
