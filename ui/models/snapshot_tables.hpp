// The desktop app's tables, as rows built from a node snapshot: miners, workers, peers, bans,
// blocks and their payouts, payments, and each miner's part of the share window. Cells hold the
// values (numbers, texts) with how to show them; DiffTableModel formats only what is on screen.
// What several tables need from one snapshot (the user's own addresses, the window's credits) is
// worked out once per snapshot in SnapshotFacts.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include "models/diff_table_model.hpp"
#include "node/node_snapshot.hpp"

namespace otedama::ui::tables {

using Rows = QVector<DiffTableModel::Row>;

struct SnapshotFacts {
  QString ticker;                  // the snapshot's ("LTC"), as the models take it
  // The payout addresses that are the user's own: this node's miners (connected now, or credited
  // in the window by a share this node found).
  QSet<QString> own;
  QHash<QString, double> credits;  // the window's credits by address (shares' weights, uncles, fees)
  QHash<QString, int> shares;      // the window's shares by miner
  double totalCredits = 0;
  std::uint64_t ownShares = 0;     // shares in the window whose miner is the user's own
  QSet<QString> localMiners;       // miners of window shares this node found
  std::string windowTip;           // the share the window above was read at
};

// `previous`: the facts of the snapshot before, whose window part is reused while the share
// chain has not moved (the window is the costly part and changes every ~10 s, not every second).
SnapshotFacts factsOf(const node::NodeSnapshot& snapshot, const SnapshotFacts* previous = nullptr);

// Per payout address: hashrate over 15 min / 1 h / 24 h, accepted, rejected, last share,
// part of the window and the estimated payout at the next block.
QStringList minerHeaders();
Rows minerRows(const node::NodeSnapshot& snapshot, const SnapshotFacts& facts);

// Per worker (address and worker name): hashrate, difficulty, accepted, rejected by reason (the
// tooltip), last share, connections.
QStringList workerHeaders();
Rows workerRows(const node::NodeSnapshot& snapshot);

// Connected peers; the key is the full node id (what a ban takes).
QStringList peerHeaders();
Rows peerRows(const node::NodeSnapshot& snapshot);

// Bans in force; the key is the ban's subject (what an unban takes).
QStringList banHeaders();
Rows banRows(const node::NodeSnapshot& snapshot);

// Found blocks, newest first; the key is the block hash.
QStringList blockHeaders();
Rows blockRows(const node::NodeSnapshot& snapshot);

// One block's coinbase outputs, the user's own emphasized.
QStringList payoutHeaders();
Rows payoutRows(const node::BlockInfo& block, const SnapshotFacts& facts);

// Payouts to the user's own addresses, newest first.
QStringList paymentHeaders();
Rows paymentRows(const node::NodeSnapshot& snapshot, const SnapshotFacts& facts);

// Each miner's part of the PPLNS window (its credits over all credits) and what a block found
// now would pay it (the node's own split; the proportional estimate when it has no template).
QStringList windowPartHeaders();
Rows windowPartRows(const node::NodeSnapshot& snapshot, const SnapshotFacts& facts);

// Column numbers the pages and tests refer to.
enum MinerColumn { MinerAddress, MinerHashrate15m, MinerHashrate1h, MinerHashrate24h, MinerAccepted, MinerRejected,
                   MinerLastShare, MinerWindowPart, MinerEstimatedPayout };
enum WorkerColumn { WorkerAddress, WorkerName, WorkerHashrate, WorkerDifficulty, WorkerAccepted, WorkerRejected,
                    WorkerLastShare, WorkerConnections };
enum WindowPartColumn { PartMiner, PartShares, PartPercent, PartEstimatedPayout };
enum PaymentColumn { PaymentTime, PaymentAddress, PaymentAmount, PaymentBlock, PaymentStatus };

}  // namespace otedama::ui::tables
