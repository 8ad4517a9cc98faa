// The colour a miner has everywhere in the app (the share strip, the window's table): fixed by
// its payout address so it does not change between updates or restarts; the user's own miners
// share one strong colour that stands out from everyone else's soft ones.
#pragma once

#include <QColor>
#include <QString>

namespace otedama::ui {

QColor minerColor(const QString& address, bool own);

}  // namespace otedama::ui
