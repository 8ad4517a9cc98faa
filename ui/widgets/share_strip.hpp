// The PPLNS window drawn as a strip of shares, oldest first, wrapping like text: one small square
// per share coloured by its miner, the user's own in a strong colour with a dark frame, blocks
// with a gold frame. Hovering a square says whose share it is. Painting is cheap at any window
// size (one rectangle per share, no item objects).
#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

#include <cstdint>

namespace otedama::ui {

class ShareStrip : public QWidget {
  Q_OBJECT

 public:
  struct Share {
    QString miner;
    std::uint64_t height = 0;
    bool own = false;
    bool block = false;
    friend bool operator==(const Share&, const Share&) = default;
  };

  explicit ShareStrip(QWidget* parent = nullptr);

  // Oldest first.
  void setShares(QVector<Share> shares);
  const QVector<Share>& shares() const { return shares_; }
  // The share under a point in the widget, or -1.
  int shareAt(QPoint point) const;

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override { return {120, cell()}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  bool event(QEvent* event) override;

 private:
  int cell() const { return 9; }  // square plus gap, pixels
  int columns(int width) const;

  QVector<Share> shares_;
};

}  // namespace otedama::ui
