// Blocks and payouts: the blocks found by the pool with their status (pending, confirmed,
// orphaned) and confirmations, the coinbase payout of the selected block per miner (the user's
// own in bold), and the user's payment history.
#pragma once

#include <QLabel>
#include <QWidget>

#include <memory>

#include "models/diff_table_model.hpp"
#include "models/snapshot_tables.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::ui {

class TableView;

class BlocksPage : public QWidget {
  Q_OBJECT

 public:
  explicit BlocksPage(QWidget* parent = nullptr);
  // Kept (shared, not copied) for the payouts of a block selected between updates.
  void showSnapshot(std::shared_ptr<const node::NodeSnapshot> snapshot, const tables::SnapshotFacts& facts);

  DiffTableModel* blocks() const { return blocks_; }
  DiffTableModel* payouts() const { return payouts_; }
  DiffTableModel* payments() const { return payments_; }

 private:
  void showPayouts();

  DiffTableModel* blocks_;
  DiffTableModel* payouts_;
  DiffTableModel* payments_;
  TableView* blockView_;
  QLabel* payoutCaption_;
  std::shared_ptr<const node::NodeSnapshot> last_;
  tables::SnapshotFacts facts_;
};

}  // namespace otedama::ui
