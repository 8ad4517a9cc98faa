// Level and text filtering of the log.
#include "models/log_filter.hpp"

#include "models/log_model.hpp"

namespace otedama::ui {

LogFilter::LogFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilter::setMinimumLevel(int level) {
  if (level == minimumLevel_) return;
  minimumLevel_ = level;
  invalidateFilter();
}

void LogFilter::setSearchText(const QString& text) {
  if (text == searchText_) return;
  searchText_ = text;
  invalidateFilter();
}

bool LogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* source = sourceModel();
  const QModelIndex message = source->index(sourceRow, LogModel::MessageColumn, sourceParent);
  if (source->data(message, LogModel::LevelRole).toInt() < minimumLevel_) return false;
  if (searchText_.isEmpty()) return true;
  return source->data(message, Qt::DisplayRole).toString().contains(searchText_, Qt::CaseInsensitive);
}

}  // namespace otedama::ui
