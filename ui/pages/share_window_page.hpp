// The share window: the PPLNS window as a strip of shares coloured by miner (the user's own
// highlighted, blocks framed) and each miner's part of the window with what it would be paid if
// the next share were a block.
#pragma once

#include <QLabel>
#include <QWidget>

#include "models/diff_table_model.hpp"
#include "models/snapshot_tables.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::ui {

class ShareStrip;

class ShareWindowPage : public QWidget {
  Q_OBJECT

 public:
  explicit ShareWindowPage(QWidget* parent = nullptr);
  void showSnapshot(const node::NodeSnapshot& snapshot, const tables::SnapshotFacts& facts);

  ShareStrip* strip() const { return strip_; }
  DiffTableModel* parts() const { return parts_; }

 private:
  ShareStrip* strip_;
  QLabel* caption_;
  DiffTableModel* parts_;
};

}  // namespace otedama::ui
