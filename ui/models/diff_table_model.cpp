// Row diffing: removals first (from the bottom, so indexes stay valid), then for each wanted row
// in order a move into place or an insertion, then the cells that changed in rows that stayed.
// Changes are reported per row while they are few; when many rows changed (a busy pool's
// hashrates every second) one range covering them all is reported instead of a signal per row.
#include "models/diff_table_model.hpp"

#include <QDateTime>
#include <QFont>
#include <QHash>
#include <QSet>

#include <algorithm>

#include "format/units.hpp"

namespace otedama::ui {

namespace {

constexpr int kRowsReportedOneByOne = 16;

}  // namespace

DiffTableModel::DiffTableModel(QStringList headers, QObject* parent)
    : QAbstractTableModel(parent), headers_(std::move(headers)) {}

void DiffTableModel::setRows(QVector<Row> wanted) {
  for (Row& row : wanted) row.cells.resize(headers_.size());
  // Most seconds nobody comes or goes: the same keys in the same order need no key sets.
  bool sameKeys = wanted.size() == rows_.size();
  for (int i = 0; sameKeys && i < wanted.size(); ++i) sameKeys = wanted[i].key == rows_[i].key;
  if (sameKeys) {
    updateCells(wanted);
    return;
  }
  QSet<QString> wantedKeys;
  wantedKeys.reserve(wanted.size());
  for (const Row& row : wanted) wantedKeys.insert(row.key);

  for (int i = int(rows_.size()) - 1; i >= 0; --i) {
    if (wantedKeys.contains(rows_[i].key)) continue;
    beginRemoveRows({}, i, i);
    rows_.remove(i);
    endRemoveRows();
  }
  // New keys are told apart without a search, so many arrivals at once stay linear.
  QSet<QString> currentKeys;
  currentKeys.reserve(rows_.size());
  for (const Row& row : rows_) currentKeys.insert(row.key);
  for (int target = 0; target < wanted.size(); ++target) {
    Row& row = wanted[target];
    int at = -1;
    if (currentKeys.contains(row.key)) {
      for (int i = target; i < rows_.size(); ++i) {
        if (rows_[i].key == row.key) {
          at = i;
          break;
        }
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
  }
  // Every row is where it belongs now: the rest is the cells that changed.
  updateCells(wanted);
}

void DiffTableModel::updateCells(QVector<Row>& wanted) {
  struct Change {
    int row, first, last;
  };
  QVector<Change> changes;
  for (int target = 0; target < wanted.size(); ++target) {
    Row& row = wanted[target];
    Row& current = rows_[target];
    if (row.cells.isEmpty()) continue;  // inserted above: moved in whole
    int first = -1, last = -1;
    if (current.emphasis != row.emphasis) {  // the font of every cell changes
      current.emphasis = row.emphasis;
      first = 0;
      last = int(row.cells.size()) - 1;
    } else {
      for (int column = 0; column < row.cells.size(); ++column) {
        if (current.cells[column] == row.cells[column]) continue;
        if (first < 0) first = column;
        last = column;
      }
    }
    if (first >= 0 && last >= 0) {
      current.cells = std::move(row.cells);
      changes.push_back({target, first, last});
    }
  }
  if (changes.isEmpty()) return;
  if (changes.size() <= kRowsReportedOneByOne) {
    for (const Change& change : changes) emit dataChanged(index(change.row, change.first), index(change.row, change.last));
    return;
  }
  int top = changes.front().row, bottom = top, left = changes.front().first, right = changes.front().last;
  for (const Change& change : changes) {
    top = std::min(top, change.row);
    bottom = std::max(bottom, change.row);
    left = std::min(left, change.first);
    right = std::max(right, change.last);
  }
  emit dataChanged(index(top, left), index(bottom, right));
}

void DiffTableModel::setClock(std::int64_t now) {
  if (now == now_) return;
  now_ = now;
  reformatColumns(Format::Age);
}

void DiffTableModel::setTicker(const QString& ticker) {
  if (ticker == ticker_) return;
  ticker_ = ticker;
  reformatColumns(Format::Amount);
}

void DiffTableModel::setLocale(const QLocale& locale) {
  locale_ = locale;
  if (!rows_.isEmpty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, int(headers_.size()) - 1));
}

void DiffTableModel::reformatColumns(Format format) {
  if (rows_.isEmpty()) return;
  // Every row of a table has the same formats per column: the first row tells.
  const QVector<Cell>& cells = rows_.front().cells;
  for (int column = 0; column < cells.size(); ++column) {
    if (cells[column].format == format) emit dataChanged(index(0, column), index(int(rows_.size()) - 1, column), {Qt::DisplayRole});
  }
}

QString DiffTableModel::displayText(const Cell& cell) const {
  if (!cell.value.isValid()) return QStringLiteral("–");
  switch (cell.format) {
    case Format::Text: return cell.value.toString();
    case Format::Count: return locale_.toString(cell.value.toLongLong());
    case Format::Decimal: return locale_.toString(cell.value.toDouble(), 'g', 4);
    case Format::Hashrate: return formatHashrate(cell.value.toDouble(), locale_);
    case Format::Amount: return formatAmount(cell.value.toLongLong(), ticker_, locale_);
    case Format::Percent: return locale_.toString(cell.value.toDouble() * 100.0, 'f', 2) + QStringLiteral(" %");
    case Format::Age: return formatAge(cell.value.toLongLong(), now_);
    case Format::DateTime:
      return locale_.toString(QDateTime::fromSecsSinceEpoch(cell.value.toLongLong()), QLocale::ShortFormat);
    case Format::Milliseconds: return locale_.toString(cell.value.toDouble(), 'f', 1) + QStringLiteral(" ms");
  }
  return cell.value.toString();
}

int DiffTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int DiffTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(headers_.size()); }

QVariant DiffTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const Row& row = rows_[index.row()];
  const Cell& cell = row.cells[index.column()];
  switch (role) {
    case Qt::DisplayRole: return displayText(cell);
    case SortRole: return cell.value;
    case KeyRole: return row.key;
    case Qt::TextAlignmentRole:
      return cell.format == Format::Text ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::DecorationRole: return cell.decoration;
    case Qt::ToolTipRole: return cell.toolTip.isEmpty() ? QVariant() : QVariant(cell.toolTip);
    case Qt::FontRole: {
      if (!row.emphasis) return {};
      QFont font;
      font.setBold(true);
      return font;
    }
    default: return {};
  }
}

QVariant DiffTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= headers_.size()) return {};
  return headers_[section];
}

}  // namespace otedama::ui
