// Numbers for people, in the user's locale: hashrates with SI prefixes (H/s, kH/s, MH/s, ...),
// coin amounts from their smallest units, and durations ("3 min ago").
#pragma once

#include <QLocale>
#include <QString>

#include <cstdint>

namespace otedama::ui {

// 0 H/s, 950 H/s, 12.3 kH/s, 1.05 MH/s ... EH/s: three significant digits.
QString formatHashrate(double hashesPerSecond, const QLocale& locale = QLocale());

// 12.50000000 LTC from 1250000000 (8 decimals), the ticker after the number.
QString formatAmount(std::int64_t smallestUnits, const QString& ticker, const QLocale& locale = QLocale(),
                     int decimals = 8);

// "just now", "45 s ago", "3 min ago", "2 h ago", "4 d ago"; "never" for 0.
QString formatAge(std::int64_t unixSeconds, std::int64_t now);

}  // namespace otedama::ui
