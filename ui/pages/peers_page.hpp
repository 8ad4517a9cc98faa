// Peers: the nodes this one is linked to (id, address, direction, latency, reputation, version,
// shares exchanged, their share height) with Ban for the selected one, and the bans in force
// with Unban. The page only asks; the engine decides and the next snapshot shows the outcome.
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QWidget>

#include "models/diff_table_model.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::ui {

class TableView;

class PeersPage : public QWidget {
  Q_OBJECT

 public:
  explicit PeersPage(QWidget* parent = nullptr);
  void showSnapshot(const node::NodeSnapshot& snapshot);
  // The answer to a ban or unban: "" when done, else what went wrong.
  void showActionResult(const QString& error);
  // Ask "are you sure?" before a ban (on; tests and scripts turn it off).
  void setConfirmBans(bool confirm) { confirmBans_ = confirm; }

  DiffTableModel* peers() const { return peers_; }
  DiffTableModel* bans() const { return bans_; }

 signals:
  void banRequested(const QString& nodeId);
  void unbanRequested(const QString& subject);

 private:
  void updateButtons();

  DiffTableModel* peers_;
  DiffTableModel* bans_;
  TableView* peerView_;
  TableView* banView_;
  QPushButton* ban_;
  QPushButton* unban_;
  QLabel* result_;
  bool confirmBans_ = true;
};

}  // namespace otedama::ui
