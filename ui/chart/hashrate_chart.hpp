// The dashboard's live hashrate chart: the pool's and the user's own miners' hashrate over the last
// hour, day or week (three buttons), drawn from a HashrateHistory. Our own widget in front of the
// chart library: nothing of Qt Charts shows in this header, so the backend can move to Qt Graphs
// (Qt Charts is deprecated from Qt 6.10) without touching the pages that use it.
#pragma once

#include <QWidget>

#include <cstdint>
#include <memory>

#include "chart/hashrate_history.hpp"

namespace otedama::ui {

class HashrateChart : public QWidget {
  Q_OBJECT

 public:
  explicit HashrateChart(QWidget* parent = nullptr);
  ~HashrateChart() override;

  // The history to draw (not owned; must outlive the chart or be reset to nullptr first).
  void setHistory(const HashrateHistory* history);
  // Redraws what the history holds up to now (unix seconds). Cheap: meant for every second.
  void refresh(std::int64_t now);

  void setRange(HashrateHistory::Range range);
  HashrateHistory::Range range() const;

  // The points drawn per line in the current range (for tests).
  int visiblePointCount() const;

 signals:
  void rangeChanged(otedama::ui::HashrateHistory::Range range);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace otedama::ui
