// Share strip layout, painting and tooltips.
#include "widgets/share_strip.hpp"

#include <QHelpEvent>
#include <QPainter>
#include <QPaintEvent>
#include <QToolTip>

#include <algorithm>

#include "format/miner_color.hpp"

namespace otedama::ui {

ShareStrip::ShareStrip(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  setMouseTracking(true);
}

void ShareStrip::setShares(QVector<Share> shares) {
  if (shares == shares_) return;
  const bool rowsChange = shares.size() != shares_.size();  // the height may change
  shares_ = std::move(shares);
  if (rowsChange) updateGeometry();
  update();
}

int ShareStrip::columns(int width) const { return std::max(1, width / cell()); }

int ShareStrip::heightForWidth(int width) const {
  const int perRow = columns(width);
  const int rows = std::max<int>(1, int((shares_.size() + perRow - 1) / perRow));
  return rows * cell();
}

QSize ShareStrip::sizeHint() const { return {480, heightForWidth(480)}; }

int ShareStrip::shareAt(QPoint point) const {
  if (point.x() < 0 || point.y() < 0) return -1;
  const int perRow = columns(width());
  const int column = point.x() / cell(), row = point.y() / cell();
  if (column >= perRow) return -1;
  const int index = row * perRow + column;
  return index < shares_.size() ? index : -1;
}

void ShareStrip::paintEvent(QPaintEvent* event) {
  QPainter painter(this);
  const int perRow = columns(width());
  const int size = cell() - 2;
  const QColor ownFrame(0x0b, 0x2a, 0x5c), blockFrame(0xd4, 0xa0, 0x17);
  // Only the rows the paint event asks for.
  const int firstRow = event->rect().top() / cell();
  const int lastRow = event->rect().bottom() / cell();
  const int first = std::max(0, firstRow * perRow);
  const int last = std::min<int>(int(shares_.size()), (lastRow + 1) * perRow);
  for (int i = first; i < last; ++i) {
    const Share& share = shares_[i];
    const QRect square((i % perRow) * cell(), (i / perRow) * cell(), size, size);
    painter.fillRect(square, minerColor(share.miner, share.own));
    if (share.block || share.own) {
      painter.setPen(QPen(share.block ? blockFrame : ownFrame, 1));
      painter.drawRect(square.adjusted(0, 0, -1, -1));
    }
  }
}

bool ShareStrip::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int index = shareAt(help->pos());
    if (index < 0) {
      QToolTip::hideText();
      event->ignore();
      return true;
    }
    const Share& share = shares_[index];
    QString text = tr("Share %1 by %2").arg(share.height).arg(share.miner);
    if (share.own) text += QLatin1Char('\n') + tr("one of your miners");
    if (share.block) text += QLatin1Char('\n') + tr("this share was a block");
    QToolTip::showText(help->globalPos(), text, this);
    return true;
  }
  return QWidget::event(event);
}

}  // namespace otedama::ui
