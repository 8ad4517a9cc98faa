// Miners: this node's miners by payout address (hashrates, shares, their part of the window and
// next payout) and each of their workers (hashrate, difficulty, accepted, rejected by reason in
// the tooltip, last share, connections).
#pragma once

#include <QWidget>

#include "models/diff_table_model.hpp"
#include "models/snapshot_tables.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::ui {

class MinersPage : public QWidget {
  Q_OBJECT

 public:
  explicit MinersPage(QWidget* parent = nullptr);
  void showSnapshot(const node::NodeSnapshot& snapshot, const tables::SnapshotFacts& facts);

  DiffTableModel* miners() const { return miners_; }
  DiffTableModel* workers() const { return workers_; }

 private:
  DiffTableModel* miners_;
  DiffTableModel* workers_;
};

}  // namespace otedama::ui
