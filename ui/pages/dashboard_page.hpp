// The dashboard: Start/Stop, the state of the engine and a status light for each part (blockchain
// node, P2P network, stratum, share-chain sync) whose tooltip says what is wrong, the figures a
// miner looks at first (hashrates, miners, peers, share-chain height, their shares in the window
// and the payout they can expect at the next block, the last block), where to point miners, and
// the hashrate chart.
#pragma once

#include <QLabel>
#include <QPushButton>
#include <QWidget>

#include <memory>

#include "controller/engine_controller.hpp"
#include "models/snapshot_tables.hpp"
#include "node/node_snapshot.hpp"

class QGridLayout;

namespace otedama::ui {

class HashrateChart;
class HashrateHistory;
class StatusLight;

class DashboardPage : public QWidget {
  Q_OBJECT

 public:
  DashboardPage(const HashrateHistory* history, QWidget* parent = nullptr);

  void showSnapshot(const node::NodeSnapshot& snapshot, const tables::SnapshotFacts& facts);
  void showEngineState(EngineController::State state, const QString& error);
  // What the configuration says before the node runs (pool name, chain, stratum port).
  void showConfigSummary(const QString& summary);

  HashrateChart* chart() const { return chart_; }

 protected:
  void showEvent(QShowEvent* event) override;

 signals:
  void startRequested();
  void stopRequested();

 private:
  QLabel* addFigure(QGridLayout* grid, int row, int column, const QString& name, const char* objectName);

  QPushButton* startStop_;
  QLabel* engineState_;
  QLabel* engineError_;
  QLabel* summary_;
  StatusLight* parentChainLight_;
  StatusLight* p2pLight_;
  StatusLight* stratumLight_;
  StatusLight* syncLight_;
  QLabel* poolHashrate15m_;
  QLabel* poolHashrate1h_;
  QLabel* poolHashrate24h_;
  QLabel* localHashrate15m_;
  QLabel* localHashrate1h_;
  QLabel* localHashrate24h_;
  QLabel* miners_;
  QLabel* peers_;
  QLabel* height_;
  QLabel* ownShares_;
  QLabel* estimatedPayout_;
  QLabel* lastBlock_;
  QLabel* sharesAccepted_;
  QLabel* blocksFound_;
  QLabel* stratumUrl_;
  HashrateChart* chart_;
  QString lanHost_;  // looked up at start, not every second
  std::int64_t chartTime_ = 0;
  EngineController::State state_ = EngineController::State::Stopped;
};

}  // namespace otedama::ui
