// Blocks page layout; the payout table follows the selected block (the newest when none is).
#include "pages/blocks_page.hpp"

#include <QItemSelectionModel>
#include <QSplitter>
#include <QVBoxLayout>

#include "models/snapshot_tables.hpp"
#include "widgets/table_view.hpp"
#include "widgets/titled_box.hpp"

namespace otedama::ui {

BlocksPage::BlocksPage(QWidget* parent)
    : QWidget(parent),
      blocks_(new DiffTableModel(tables::blockHeaders(), this)),
      payouts_(new DiffTableModel(tables::payoutHeaders(), this)),
      payments_(new DiffTableModel(tables::paymentHeaders(), this)) {
  setObjectName("blocksPage");
  blockView_ = new TableView(blocks_, "blocksTable");
  auto* payoutView = new TableView(payouts_, "blockPayoutsTable");
  auto* paymentView = new TableView(payments_, "paymentsTable");
  connect(blockView_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BlocksPage::showPayouts);

  auto* lower = new QSplitter(Qt::Horizontal);
  lower->addWidget(titledBox(tr("Payouts of the block"), payoutView, nullptr, &payoutCaption_));
  lower->addWidget(titledBox(tr("Your payments"), paymentView));
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(titledBox(tr("Blocks found by the pool"), blockView_));
  splitter->addWidget(lower);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);
}

void BlocksPage::showSnapshot(std::shared_ptr<const node::NodeSnapshot> snapshot, const tables::SnapshotFacts& facts) {
  if (!snapshot) return;
  last_ = std::move(snapshot);
  facts_ = facts;  // implicitly shared: no copy of the sets
  for (DiffTableModel* model : {blocks_, payouts_, payments_}) model->setTicker(facts.ticker);
  blocks_->setRows(tables::blockRows(*last_));
  payments_->setRows(tables::paymentRows(*last_, facts_));
  showPayouts();
}

void BlocksPage::showPayouts() {
  const QString selected = blockView_->selectedKey();
  const node::BlockInfo* block = nullptr;
  if (!last_) return;
  for (const node::BlockInfo& candidate : last_->blocks) {
    if (selected.isEmpty() || QString::fromStdString(candidate.hash) == selected) {
      block = &candidate;
      break;
    }
  }
  if (!block) {
    payouts_->setRows({});
    payoutCaption_->setText(tr("Payouts of the block"));
    return;
  }
  payouts_->setRows(tables::payoutRows(*block, facts_));
  payoutCaption_->setText(tr("Payouts of block %1").arg(QLocale().toString(qulonglong(block->height))));
}

}  // namespace otedama::ui
