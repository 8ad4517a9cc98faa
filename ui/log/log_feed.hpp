// The bridge from the engine's logger to the log page: records are pushed from any thread and
// reach the GUI thread in batches, at most one batch per interval, so a flood of log lines cannot
// swamp the event loop. The queue between the two is bounded; when it is full the oldest records
// are dropped and the next batch starts with a warning line that says how many.
#pragma once

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

#include <functional>
#include <memory>

#include "node/config.hpp"  // LogRecord and LoggingOptions, through the node's public API

namespace otedama::ui {

// One line of the log as the GUI keeps it. `level` has spdlog's numbering (trace 0 ... critical 5).
struct LogLine {
  int level = 0;
  qint64 timeMs = 0;  // unix time in milliseconds
  QString text;
  friend bool operator==(const LogLine&, const LogLine&) = default;
};

class LogFeed : public QObject {
  Q_OBJECT

 public:
  static constexpr int kDefaultCapacity = 2000;
  static constexpr int kDefaultIntervalMs = 150;

  explicit LogFeed(QObject* parent = nullptr);
  // capacity: records held between two batches; intervalMs: the least time between two batches.
  LogFeed(int capacity, int intervalMs, QObject* parent = nullptr);
  ~LogFeed() override;

  // Any thread.
  void push(LogRecord record);
  // A callable for LoggingOptions::listener. It may outlive the feed: once the feed is gone it
  // does nothing, so the engine may keep logging while the window closes.
  std::function<void(const LogRecord&)> listener() const;
  // Records dropped because the queue was full, since the feed was made (any thread).
  quint64 droppedCount() const;

 public slots:
  // Delivers what is pending now (the timer calls it; callable directly, on the feed's thread).
  void drain();

 signals:
  void recordsArrived(const QVector<otedama::ui::LogLine>& lines);

 private:
  struct Shared;

  void scheduleDrain();

  std::shared_ptr<Shared> shared_;
  QTimer timer_;
  QElapsedTimer sinceDrain_;
  int intervalMs_;
};

}  // namespace otedama::ui

Q_DECLARE_METATYPE(otedama::ui::LogLine)
