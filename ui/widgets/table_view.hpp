// A table view set up the same way on every page: sortable by the numbers behind the cells
// (through a proxy on DiffTableModel::SortRole), whole-row selection, uniform row heights (fast
// with thousands of rows), and columns sized to their contents as rows arrive (at most every
// few seconds: it reads many rows) until the user sizes a column by hand.
#pragma once

#include <QSortFilterProxyModel>
#include <QTableView>

#include "models/diff_table_model.hpp"

namespace otedama::ui {

class TableView : public QTableView {
  Q_OBJECT

 public:
  TableView(DiffTableModel* model, const char* objectName, QWidget* parent = nullptr);

  DiffTableModel* sourceModel() const { return model_; }
  QSortFilterProxyModel* proxy() const { return proxy_; }
  // The key (DiffTableModel::KeyRole) of the selected row, or "".
  QString selectedKey() const;

 private:
  DiffTableModel* model_;
  QSortFilterProxyModel* proxy_;
  void fitColumns();

  qint64 fittedAt_ = 0;  // ms since epoch
  bool fitting_ = false;
  bool userSized_ = false;
};

}  // namespace otedama::ui
