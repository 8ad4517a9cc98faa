// A table model that follows a list of rows keyed by an id (a miner's address, a peer's node id)
// by diffing: rows that went away are removed, new ones inserted, changed cells reported as
// changed — never a reset, so views keep their selection, scroll position and sort. Each cell has
// a display value (already formatted for people) and a sort value (the number behind it, under
// SortRole).
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariant>
#include <QVector>

namespace otedama::ui {

class DiffTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  static constexpr int SortRole = Qt::UserRole + 1;
  static constexpr int KeyRole = Qt::UserRole + 2;

  struct Cell {
    QVariant display;
    QVariant sort;  // invalid: sort by display
    friend bool operator==(const Cell&, const Cell&) = default;
  };
  struct Row {
    QString key;
    QVector<Cell> cells;  // one per column
    friend bool operator==(const Row&, const Row&) = default;
  };

  explicit DiffTableModel(QStringList headers, QObject* parent = nullptr);

  // The rows as they are now, in the order to show them (new keys are inserted where they stand).
  void setRows(QVector<Row> rows);
  const QVector<Row>& rows() const { return rows_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QStringList headers_;
  QVector<Row> rows_;
};

}  // namespace otedama::ui
