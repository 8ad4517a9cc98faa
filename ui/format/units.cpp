// Unit formatting.
#include "format/units.hpp"

#include <QCoreApplication>

#include <array>
#include <cmath>
#include <cstdlib>

namespace otedama::ui {

QString formatHashrate(double hashesPerSecond, const QLocale& locale) {
  static constexpr std::array<const char*, 7> kUnits = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"};
  if (!std::isfinite(hashesPerSecond) || hashesPerSecond <= 0) return locale.toString(0) + " H/s";
  std::size_t unit = 0;
  double value = hashesPerSecond;
  while (value >= 999.5 && unit + 1 < kUnits.size()) {
    value /= 1000.0;
    ++unit;
  }
  const int decimals = unit == 0 ? 0 : value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
  return locale.toString(value, 'f', decimals) + ' ' + QString::fromLatin1(kUnits[unit]);
}

QString formatAmount(std::int64_t smallestUnits, const QString& ticker, const QLocale& locale, int decimals) {
  const double value = double(smallestUnits) / std::pow(10.0, decimals);
  return locale.toString(value, 'f', decimals) + ' ' + ticker;
}

QString formatAge(std::int64_t unixSeconds, std::int64_t now) {
  if (unixSeconds <= 0) return QCoreApplication::translate("otedama::ui", "never");
  const std::int64_t age = std::max<std::int64_t>(0, now - unixSeconds);
  if (age < 5) return QCoreApplication::translate("otedama::ui", "just now");
  if (age < 60) return QCoreApplication::translate("otedama::ui", "%1 s ago").arg(age);
  if (age < 3600) return QCoreApplication::translate("otedama::ui", "%1 min ago").arg(age / 60);
  if (age < 86400) return QCoreApplication::translate("otedama::ui", "%1 h ago").arg(age / 3600);
  return QCoreApplication::translate("otedama::ui", "%1 d ago").arg(age / 86400);
}

}  // namespace otedama::ui
