// Miner colours.
#include "format/miner_color.hpp"

#include <QCryptographicHash>

namespace otedama::ui {

QColor minerColor(const QString& address, bool own) {
  if (own) return QColor(0x1f, 0x6f, 0xeb);
  // qHash is seeded per process; a digest keeps a miner's colour the same across restarts.
  const QByteArray digest = QCryptographicHash::hash(address.toUtf8(), QCryptographicHash::Md5);
  const int hue = (quint8(digest[0]) << 8 | quint8(digest[1])) % 360;
  const int lightness = 150 + quint8(digest[2]) % 40;
  return QColor::fromHsl(hue, 120, lightness);
}

}  // namespace otedama::ui
