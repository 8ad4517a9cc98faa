// Status light painting and tooltips.
#include "widgets/status_light.hpp"

#include <QHBoxLayout>
#include <QPainter>
#include <QVBoxLayout>

namespace otedama::ui {

class StatusLight::Dot : public QWidget {
 public:
  explicit Dot(QWidget* parent) : QWidget(parent) { setFixedSize(14, 14); }
  void setColor(QColor color) {
    color_ = color;
    update();
  }

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color_.darker(140), 1));
    painter.setBrush(color_);
    painter.drawEllipse(rect().adjusted(1, 1, -1, -1));
  }

 private:
  QColor color_ = Qt::gray;
};

namespace {

QColor colorOf(StatusLight::Level level) {
  switch (level) {
    case StatusLight::Level::Ok: return QColor(0x2e, 0xa0, 0x43);
    case StatusLight::Level::Warning: return QColor(0xe0, 0x9b, 0x12);
    case StatusLight::Level::Error: return QColor(0xd0, 0x32, 0x2b);
    case StatusLight::Level::Off: break;
  }
  return QColor(0x9e, 0x9e, 0x9e);
}

}  // namespace

StatusLight::StatusLight(const QString& name, QWidget* parent) : QWidget(parent) {
  dot_ = new Dot(this);
  name_ = new QLabel(name, this);
  QFont bold = name_->font();
  bold.setBold(true);
  name_->setFont(bold);
  state_ = new QLabel(this);
  state_->setObjectName("state");
  state_->setWordWrap(true);
  auto* text = new QVBoxLayout;
  text->setSpacing(0);
  text->addWidget(name_);
  text->addWidget(state_);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(dot_, 0, Qt::AlignTop);
  layout->addLayout(text, 1);
  setStatus(Level::Off, tr("off"));
}

void StatusLight::setStatus(Level level, const QString& detail) {
  if (level == level_ && detail == detail_ && !toolTip().isEmpty()) return;
  level_ = level;
  detail_ = detail;
  dot_->setColor(colorOf(level));
  // The second line is short; the tooltip has the whole message.
  state_->setText(detail.size() > 48 ? detail.left(45) + QStringLiteral("…") : detail);
  setToolTip(name_->text() + QStringLiteral(": ") + detail);
}

}  // namespace otedama::ui
