// Row diffing: removals first (from the bottom, so indexes stay valid), then for each wanted row
// in order either a move into place, an update of the cells that changed, or an insertion.
#include "models/diff_table_model.hpp"

#include <QHash>

namespace otedama::ui {

DiffTableModel::DiffTableModel(QStringList headers, QObject* parent)
    : QAbstractTableModel(parent), headers_(std::move(headers)) {}

void DiffTableModel::setRows(QVector<Row> wanted) {
  for (Row& row : wanted) row.cells.resize(headers_.size());
  QHash<QString, int> wantedKeys;
  for (int i = 0; i < wanted.size(); ++i) wantedKeys.insert(wanted[i].key, i);

  for (int i = rows_.size() - 1; i >= 0; --i) {
    if (wantedKeys.contains(rows_[i].key)) continue;
    beginRemoveRows({}, i, i);
    rows_.remove(i);
    endRemoveRows();
  }
  for (int target = 0; target < wanted.size(); ++target) {
    Row& row = wanted[target];
    int at = -1;
    for (int i = target; i < rows_.size(); ++i) {
      if (rows_[i].key == row.key) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      beginInsertRows({}, target, target);
      rows_.insert(target, std::move(row));
      endInsertRows();
      continue;
    }
    if (at != target) {
      beginMoveRows({}, at, at, {}, target);
      rows_.move(at, target);
      endMoveRows();
    }
    Row& current = rows_[target];
    int first = -1, last = -1;
    for (int column = 0; column < row.cells.size(); ++column) {
      if (current.cells[column] == row.cells[column]) continue;
      if (first < 0) first = column;
      last = column;
    }
    if (first >= 0) {
      current.cells = std::move(row.cells);
      emit dataChanged(index(target, first), index(target, last), {Qt::DisplayRole, SortRole});
    }
  }
}

int DiffTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int DiffTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(headers_.size()); }

QVariant DiffTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const Row& row = rows_[index.row()];
  const Cell& cell = row.cells[index.column()];
  switch (role) {
    case Qt::DisplayRole: return cell.display;
    case SortRole: return cell.sort.isValid() ? cell.sort : cell.display;
    case KeyRole: return row.key;
    case Qt::TextAlignmentRole:
      return cell.sort.isValid() ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    default: return {};
  }
}

QVariant DiffTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= headers_.size()) return {};
  return headers_[section];
}

}  // namespace otedama::ui
