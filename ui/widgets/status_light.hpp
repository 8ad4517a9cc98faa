// A status light on the dashboard: a coloured dot and a name (green: working, amber: working
// with a remark or not yet ready, red: broken, grey: off). Its tooltip says what is wrong when
// it is not green, in the engine's own words.
#pragma once

#include <QColor>
#include <QLabel>
#include <QWidget>

namespace otedama::ui {

class StatusLight : public QWidget {
  Q_OBJECT

 public:
  enum class Level { Off, Ok, Warning, Error };
  Q_ENUM(Level)

  StatusLight(const QString& name, QWidget* parent = nullptr);

  void setStatus(Level level, const QString& detail);
  Level level() const { return level_; }
  QString detail() const { return detail_; }

 private:
  class Dot;
  Dot* dot_;
  QLabel* name_;
  QLabel* state_;
  Level level_ = Level::Off;
  QString detail_;
};

}  // namespace otedama::ui
