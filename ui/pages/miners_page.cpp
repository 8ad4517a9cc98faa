// Miners page layout.
#include "pages/miners_page.hpp"

#include <QSplitter>
#include <QVBoxLayout>

#include "models/snapshot_tables.hpp"
#include "widgets/table_view.hpp"
#include "widgets/titled_box.hpp"

namespace otedama::ui {

MinersPage::MinersPage(QWidget* parent)
    : QWidget(parent),
      miners_(new DiffTableModel(tables::minerHeaders(), this)),
      workers_(new DiffTableModel(tables::workerHeaders(), this)) {
  setObjectName("minersPage");
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(titledBox(tr("Miners (by payout address)"), new TableView(miners_, "minersTable")));
  splitter->addWidget(
      titledBox(tr("Workers (hover “Rejected” for the reasons)"), new TableView(workers_, "workersTable")));
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
