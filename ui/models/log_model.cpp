// Log lines as table rows: time, level word, message; warnings and errors in colour.
#include "models/log_model.hpp"

#include <QColor>
#include <QDateTime>
#include <QFont>

#include <algorithm>

namespace otedama::ui {

namespace {

int size(const std::deque<LogLine>& lines) { return static_cast<int>(lines.size()); }

}  // namespace

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {}

void LogModel::setCapacity(int lines) {
  capacity_ = std::max(1, lines);
  if (size(lines_) > capacity_) removeOldest(size(lines_) - capacity_);
}

QString LogModel::levelName(int level) {
  switch (level) {
    case spdlog::level::trace:
      return tr("Trace");
    case spdlog::level::debug:
      return tr("Debug");
    case spdlog::level::info:
      return tr("Info");
    case spdlog::level::warn:
      return tr("Warning");
    case spdlog::level::err:
      return tr("Error");
    case spdlog::level::critical:
      return tr("Critical");
    default:
      return QString::number(level);
  }
}

int LogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : size(lines_); }

int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const LogLine& entry = line(index.row());
  switch (role) {
    case Qt::DisplayRole:
      switch (index.column()) {
        case TimeColumn:
          return QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case LevelColumn:
          return levelName(entry.level);
        case MessageColumn:
          return entry.text;
        default:
          return {};
      }
    case Qt::ToolTipRole:
      // The time column shows the time of day only; the date is a hover away.
      if (index.column() == TimeColumn) {
        return QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
      }
      if (index.column() == MessageColumn) return entry.text;  // rows do not wrap
      return {};
    case Qt::ForegroundRole:
      // Mid-tone colours, readable on light and dark palettes alike.
      if (entry.level == spdlog::level::warn) return QColor(0xc0, 0x7a, 0x00);
      if (entry.level >= spdlog::level::err && entry.level <= spdlog::level::critical) return QColor(0xd0, 0x30, 0x30);
      return {};
    case Qt::FontRole:
      if (entry.level == spdlog::level::critical) {
        QFont font;
        font.setBold(true);
        return font;
      }
      return {};
    case LevelRole:
      return entry.level;
    case TimeRole:
      return entry.timeMs;
    default:
      return {};
  }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case TimeColumn:
      return tr("Time");
    case LevelColumn:
      return tr("Level");
    case MessageColumn:
      return tr("Message");
    default:
      return {};
  }
}

void LogModel::append(const QVector<LogLine>& lines) {
  if (lines.isEmpty()) return;
  // Of a batch larger than the whole capacity only its newest lines could stay.
  const int incoming = std::min(static_cast<int>(lines.size()), capacity_);
  const int overflow = size(lines_) + incoming - capacity_;
  if (overflow > 0) removeOldest(overflow);

  const int first = size(lines_);
  beginInsertRows({}, first, first + incoming - 1);
  lines_.insert(lines_.end(), lines.cend() - incoming, lines.cend());
  endInsertRows();
}

void LogModel::clear() {
  if (lines_.empty()) return;
  removeOldest(size(lines_));
}

void LogModel::removeOldest(int count) {
  beginRemoveRows({}, 0, count - 1);
  lines_.erase(lines_.begin(), lines_.begin() + count);
  endRemoveRows();
}

}  // namespace otedama::ui
