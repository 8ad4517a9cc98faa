// Miners page layout.
#include "pages/miners_page.hpp"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include "models/snapshot_tables.hpp"
#include "widgets/table_view.hpp"

namespace otedama::ui {

MinersPage::MinersPage(QWidget* parent)
    : QWidget(parent),
      miners_(new DiffTableModel(tables::minerHeaders(), this)),
      workers_(new DiffTableModel(tables::workerHeaders(), this)) {
  setObjectName("minersPage");
  auto* splitter = new QSplitter(Qt::Vertical, this);
  auto* top = new QWidget(splitter);
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(0, 0, 0, 0);
  topLayout->addWidget(new QLabel(tr("Miners (by payout address)"), top));
  topLayout->addWidget(new TableView(miners_, "minersTable", top));
  auto* bottom = new QWidget(splitter);
  auto* bottomLayout = new QVBoxLayout(bottom);
  bottomLayout->setContentsMargins(0, 0, 0, 0);
  bottomLayout->addWidget(new QLabel(tr("Workers (hover “Rejected” for the reasons)"), bottom));
  bottomLayout->addWidget(new TableView(workers_, "workersTable", bottom));
  splitter->addWidget(top);
  splitter->addWidget(bottom);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);
}

void MinersPage::showSnapshot(const node::NodeSnapshot& snapshot, const tables::SnapshotFacts& facts) {
  for (DiffTableModel* model : {miners_, workers_}) {
    model->setClock(snapshot.time);
    model->setTicker(facts.ticker);
  }
  miners_->setRows(tables::minerRows(snapshot, facts));
  workers_->setRows(tables::workerRows(snapshot));
}

}  // namespace otedama::ui
