// The queue between logging threads and the GUI thread. Logging threads only lock a mutex and
// append; the first record after a batch posts one request to the GUI thread, which waits out
// the rest of the interval and then takes everything at once.
#include "log/log_feed.hpp"

#include <QDateTime>

#include <algorithm>
#include <deque>
#include <limits>
#include <mutex>
#include <utility>

namespace otedama::ui {

// Held by the feed and, weakly, by its listeners, so a listener called during or after the
// feed's destruction finds either a live feed (the destructor waits for the mutex) or none.
struct LogFeed::Shared {
  mutable std::mutex mutex;
  LogFeed* feed = nullptr;  // null once the feed is being destroyed
  std::size_t capacity = 0;
  std::deque<LogRecord> pending;
  quint64 droppedTotal = 0;
  quint64 droppedPending = 0;  // since the last batch
  qint64 lastDroppedMs = 0;
  bool drainRequested = false;  // a request is posted or the timer runs: no need to post another

  void push(LogRecord&& record) {
    std::lock_guard lock(mutex);
    if (feed == nullptr) return;
    if (pending.size() >= capacity) {
      lastDroppedMs = pending.front().timeMs;
      pending.pop_front();
      ++droppedTotal;
      ++droppedPending;
    }
    pending.push_back(std::move(record));
    if (drainRequested) return;
    drainRequested = true;
    // Posted under the mutex: the destructor cannot get past it meanwhile, and ~QObject discards
    // events still queued for the feed.
    QMetaObject::invokeMethod(feed, &LogFeed::scheduleDrain, Qt::QueuedConnection);
  }
};

LogFeed::LogFeed(QObject* parent) : LogFeed(kDefaultCapacity, kDefaultIntervalMs, parent) {}

LogFeed::LogFeed(int capacity, int intervalMs, QObject* parent)
    : QObject(parent), shared_(std::make_shared<Shared>()), intervalMs_(std::max(0, intervalMs)) {
  shared_->feed = this;
  shared_->capacity = static_cast<std::size_t>(std::max(1, capacity));
  timer_.setSingleShot(true);
  // A coarse timer may fire early; the interval is a promise to the event loop.
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &LogFeed::drain);
  sinceDrain_.start();
}

LogFeed::~LogFeed() {
  std::lock_guard lock(shared_->mutex);
  shared_->feed = nullptr;
  shared_->pending.clear();
}

void LogFeed::push(LogRecord record) { shared_->push(std::move(record)); }

std::function<void(const LogRecord&)> LogFeed::listener() const {
  return [weak = std::weak_ptr<Shared>(shared_)](const LogRecord& record) {
    if (const std::shared_ptr<Shared> shared = weak.lock()) shared->push(LogRecord(record));
  };
}

quint64 LogFeed::droppedCount() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->droppedTotal;
}

void LogFeed::scheduleDrain() {
  if (timer_.isActive()) return;
  const qint64 wait = std::max<qint64>(0, intervalMs_ - sinceDrain_.elapsed());
  timer_.start(static_cast<int>(wait));
}

void LogFeed::drain() {
  timer_.stop();
  std::deque<LogRecord> records;
  quint64 dropped = 0;
  qint64 droppedAtMs = 0;
  {
    std::lock_guard lock(shared_->mutex);
    records.swap(shared_->pending);
    dropped = std::exchange(shared_->droppedPending, 0);
    droppedAtMs = shared_->lastDroppedMs;
    shared_->drainRequested = false;
  }
  sinceDrain_.restart();
  if (records.empty() && dropped == 0) return;

  QVector<LogLine> lines;
  lines.reserve(static_cast<qsizetype>(records.size()) + 1);
  if (dropped > 0) {
    // The dropped records were older than every one kept, so the note goes first.
    const int count = static_cast<int>(std::min<quint64>(dropped, std::numeric_limits<int>::max()));
    lines.append({static_cast<int>(spdlog::level::warn), droppedAtMs,
                  tr("%n log line(s) dropped: the engine logged faster than the window can show", nullptr, count)});
  }
  for (LogRecord& record : records) {
    lines.append({static_cast<int>(record.level), record.timeMs, QString::fromStdString(record.text)});
  }
  emit recordsArrived(lines);
}

}  // namespace otedama::ui
