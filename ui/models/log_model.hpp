// The lines the log page shows: appended in batches from the LogFeed, bounded in memory (the
// oldest lines go first, removed as rows, never by a reset, so views keep their place).
#pragma once

#include <QAbstractTableModel>
#include <QVector>

#include <deque>

#include "log/log_feed.hpp"

namespace otedama::ui {

class LogModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { TimeColumn = 0, LevelColumn, MessageColumn, ColumnCount };
  static constexpr int LevelRole = Qt::UserRole + 1;  // int, spdlog's numbering
  static constexpr int TimeRole = Qt::UserRole + 2;   // qint64, unix milliseconds
  static constexpr int kDefaultCapacity = 5000;

  explicit LogModel(QObject* parent = nullptr);

  int capacity() const { return capacity_; }
  // Keeps at most `lines` lines (at least one), dropping the oldest now if there are more.
  void setCapacity(int lines);

  const LogLine& line(int row) const { return lines_[static_cast<std::size_t>(row)]; }
  // "Debug", "Warning", ... in the user's language.
  static QString levelName(int level);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 public slots:
  void append(const QVector<otedama::ui::LogLine>& lines);
  void clear();

 private:
  void removeOldest(int count);

  std::deque<LogLine> lines_;
  int capacity_ = kDefaultCapacity;
};

}  // namespace otedama::ui
