// Table view setup.
#include "widgets/table_view.hpp"

#include <QDateTime>
#include <QHeaderView>

namespace otedama::ui {

TableView::TableView(DiffTableModel* model, const char* objectName, QWidget* parent)
    : QTableView(parent), model_(model), proxy_(new QSortFilterProxyModel(this)) {
  setObjectName(objectName);
  proxy_->setSourceModel(model);
  proxy_->setSortRole(DiffTableModel::SortRole);
  // Sorting again on every changed cell would cost more than the update itself with big tables.
  proxy_->setDynamicSortFilter(true);
  setModel(proxy_);
  setSortingEnabled(true);
  sortByColumn(-1, Qt::AscendingOrder);  // the model's own order until the user picks a column
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setAlternatingRowColors(true);
  setWordWrap(false);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  verticalHeader()->hide();
  verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
  horizontalHeader()->setStretchLastSection(true);
  horizontalHeader()->setHighlightSections(false);
  // Only the first rows count for widths: cheap with thousands of rows, and new rows are alike.
  horizontalHeader()->setResizeContentsPrecision(100);
  connect(model, &QAbstractItemModel::rowsInserted, this, &TableView::fitColumns);
  connect(model, &QAbstractItemModel::dataChanged, this, &TableView::fitColumns);
  connect(horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
    if (!fitting_) userSized_ = true;
  });
}

void TableView::fitColumns() {
  constexpr qint64 kEveryMs = 5000;
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (userSized_ || now - fittedAt_ < kEveryMs) return;
  fittedAt_ = now;
  fitting_ = true;
  resizeColumnsToContents();
  fitting_ = false;
}

QString TableView::selectedKey() const {
  const QModelIndexList rows = selectionModel()->selectedRows();
  if (rows.isEmpty()) return {};
  return rows.front().data(DiffTableModel::KeyRole).toString();
}

}  // namespace otedama::ui
