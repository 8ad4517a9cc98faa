// Snapshot to table rows.
#include "models/snapshot_tables.hpp"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <string>

#include "format/miner_color.hpp"

namespace otedama::ui::tables {

namespace {

using Cell = DiffTableModel::Cell;
using Row = DiffTableModel::Row;
using Format = DiffTableModel::Format;

// The tables' words, in the translation context "otedama::ui::tables".
struct Words {
  Q_DECLARE_TR_FUNCTIONS(otedama::ui::tables)
};

QString qs(const std::string& text) { return QString::fromStdString(text); }

Cell cell(QVariant value, Format format = Format::Text) {
  Cell made;
  made.value = std::move(value);
  made.format = format;
  return made;
}
Cell text(const QString& value) { return cell(value); }
Cell count(std::uint64_t value) { return cell(qulonglong(value), Format::Count); }
Cell hashrate(double value) { return cell(value, Format::Hashrate); }
Cell amount(std::int64_t value) { return cell(qlonglong(value), Format::Amount); }
// "never" for 0 comes from the age format itself.
Cell age(std::int64_t unixSeconds) { return cell(qlonglong(unixSeconds), Format::Age); }
Cell time(std::int64_t unixSeconds) { return cell(qlonglong(unixSeconds), Format::DateTime); }
Cell percent(double fraction) { return cell(fraction, Format::Percent); }

// Exact decimal credits as doubles: enough for a part of a window shown in percent.
double toDouble(const std::string& decimal) {
  try {
    return std::stod(decimal);
  } catch (const std::exception&) {
    return 0.0;
  }
}

QString shortId(const std::string& hex) { return qs(hex.substr(0, 16)); }

QString statusText(const std::string& status) {
  if (status == "pending") return Words::tr("pending");
  if (status == "confirmed") return Words::tr("confirmed");
  if (status == "orphaned") return Words::tr("orphaned");
  return qs(status);
}

QString directionText(const std::string& direction) {
  if (direction == "inbound") return Words::tr("inbound");
  if (direction == "outbound") return Words::tr("outbound");
  return qs(direction);
}

QString rejectedToolTip(const std::map<std::string, std::uint64_t>& reasons) {
  std::string lines;
  for (const auto& [reason, n] : reasons) {
    if (!lines.empty()) lines += '\n';
    lines += reason + ": " + std::to_string(n);
  }
  return qs(lines);
}

}  // namespace

SnapshotFacts factsOf(const node::NodeSnapshot& snapshot, const SnapshotFacts* previous) {
  SnapshotFacts facts;
  facts.ticker = qs(snapshot.ticker);
  const std::string& tip = snapshot.window.empty() ? std::string() : snapshot.window.front().id;
  if (previous && previous->windowTip == tip && previous->shares.size() > 0) {
    facts.credits = previous->credits;  // implicitly shared
    facts.shares = previous->shares;
    facts.totalCredits = previous->totalCredits;
    facts.localMiners = previous->localMiners;
  } else {
    for (const node::WindowShare& share : snapshot.window) {
      const QString miner = qs(share.miner);
      if (share.local) facts.localMiners.insert(miner);
      facts.shares[miner] += 1;
      for (const auto& [address, credit] : share.credits) {
        const double value = toDouble(credit);
        facts.credits[address == share.miner ? miner : qs(address)] += value;
        facts.totalCredits += value;
      }
    }
  }
  facts.windowTip = tip;
  facts.own = facts.localMiners;
  for (const node::MinerInfo& miner : snapshot.miners) facts.own.insert(qs(miner.address));
  for (auto it = facts.shares.cbegin(); it != facts.shares.cend(); ++it) {
    if (facts.own.contains(it.key())) facts.ownShares += std::uint64_t(it.value());
  }
  return facts;
}

QStringList minerHeaders() {
  return {Words::tr("Payout address"), Words::tr("Hashrate 15 min"), Words::tr("Hashrate 1 h"),
          Words::tr("Hashrate 24 h"), Words::tr("Accepted"), Words::tr("Rejected"), Words::tr("Last share"),
          Words::tr("Window part"), Words::tr("Next payout")};
}

Rows minerRows(const node::NodeSnapshot& snapshot, const SnapshotFacts& facts) {
  Rows rows;
  rows.reserve(qsizetype(snapshot.miners.size()));
  for (const node::MinerInfo& miner : snapshot.miners) {
    const QString address = qs(miner.address);
    const double part = facts.totalCredits > 0 ? facts.credits.value(address) / facts.totalCredits : 0.0;
    rows.push_back(Row{address,
                       {text(address), hashrate(miner.hashrate15m), hashrate(miner.hashrate1h),
                        hashrate(miner.hashrate24h), count(miner.accepted), count(miner.rejected),
                        age(miner.lastShare), percent(part), amount(miner.estimatedPayout)},
                       true});
  }
  return rows;
}

QStringList workerHeaders() {
  return {Words::tr("Payout address"), Words::tr("Worker"), Words::tr("Hashrate 15 min"), Words::tr("Difficulty"),
          Words::tr("Accepted"), Words::tr("Rejected"), Words::tr("Last share"), Words::tr("Connections")};
}

Rows workerRows(const node::NodeSnapshot& snapshot) {
  Rows rows;
  rows.reserve(qsizetype(snapshot.workerCount));
  for (const node::MinerInfo& miner : snapshot.miners) {
    const QString address = qs(miner.address);
    for (const node::WorkerInfo& worker : miner.workers) {
      std::uint64_t rejected = 0;
      for (const auto& [reason, n] : worker.rejected) rejected += n;
      Cell rejectedCell = count(rejected);
      rejectedCell.toolTip = rejectedToolTip(worker.rejected);
      const QString name = worker.name.empty() ? Words::tr("(default)") : qs(worker.name);
      rows.push_back(Row{address + QLatin1Char('.') + qs(worker.name),
                         {text(address), text(name), hashrate(worker.hashrate), cell(worker.difficulty, Format::Decimal),
                          count(worker.accepted), rejectedCell, age(worker.lastShare), count(worker.connections)},
                         false});
    }
  }
  return rows;
}

QStringList peerHeaders() {
  return {Words::tr("Node"), Words::tr("Address"), Words::tr("Direction"), Words::tr("Latency"),
          Words::tr("Reputation"), Words::tr("Version"), Words::tr("Shares received"), Words::tr("Shares relayed"),
          Words::tr("Share confirmations"), Words::tr("Share height"), Words::tr("Connected")};
}

Rows peerRows(const node::NodeSnapshot& snapshot) {
  Rows rows;
  rows.reserve(qsizetype(snapshot.peers.size()));
  for (const node::PeerSummary& peer : snapshot.peers) {
    Cell node = text(shortId(peer.nodeId));
    node.toolTip = qs(peer.nodeId);
    Cell latency = cell(peer.latencyMs ? QVariant(*peer.latencyMs) : QVariant(), Format::Milliseconds);
    if (!peer.latencyMs) latency.toolTip = Words::tr("not measured yet");
    rows.push_back(Row{qs(peer.nodeId),
                       {node, text(qs(peer.endpoint)), text(directionText(peer.direction)), latency,
                        percent(peer.reputation), text(qs(peer.software)), count(peer.sharesReceived),
                        count(peer.sharesRelayed), count(peer.sharesConfirmed), count(peer.tipHeight),
                        age(snapshot.time - std::int64_t(peer.connectedSeconds))},
                       false});
  }
  return rows;
}

QStringList banHeaders() {
  return {Words::tr("Banned"), Words::tr("Reason"), Words::tr("Since"), Words::tr("Until")};
}

Rows banRows(const node::NodeSnapshot& snapshot) {
  Rows rows;
  for (const node::BanSummary& ban : snapshot.bans) {
    Cell subject = text(ban.subject.size() == 64 ? shortId(ban.subject) : qs(ban.subject));
    subject.toolTip = qs(ban.subject);
    rows.push_back(Row{qs(ban.subject), {subject, text(qs(ban.reason)), time(ban.since), time(ban.until)}, false});
  }
  return rows;
}

QStringList blockHeaders() {
  return {Words::tr("Height"), Words::tr("Found"), Words::tr("Status"), Words::tr("Confirmations"),
          Words::tr("Reward"), Words::tr("Found by"), Words::tr("Hash")};
}

Rows blockRows(const node::NodeSnapshot& snapshot) {
  Rows rows;
  rows.reserve(qsizetype(snapshot.blocks.size()));
  for (const node::BlockInfo& block : snapshot.blocks) {
    rows.push_back(Row{qs(block.hash),
                       {count(block.height), time(block.foundAt), text(statusText(block.status)),
                        count(block.confirmations), amount(block.reward),
                        text(block.local ? Words::tr("this node") : Words::tr("a peer")), text(qs(block.hash))},
                       false});
  }
  return rows;
}

QStringList payoutHeaders() {
  return {Words::tr("Payout address"), Words::tr("Amount")};
}

Rows payoutRows(const node::BlockInfo& block, const SnapshotFacts& facts) {
  Rows rows;
  rows.reserve(qsizetype(block.payouts.size()));
  for (const node::Payout& payout : block.payouts) {
    const QString address = qs(payout.address);
    rows.push_back(Row{address, {text(address), amount(payout.amount)}, facts.own.contains(address)});
  }
  return rows;
}

QStringList paymentHeaders() {
  return {Words::tr("Time"), Words::tr("Payout address"), Words::tr("Amount"), Words::tr("Block"),
          Words::tr("Status")};
}

Rows paymentRows(const node::NodeSnapshot& snapshot, const SnapshotFacts& facts) {
  Rows rows;
  for (const node::PaymentInfo& payment : snapshot.payments) {
    const QString address = qs(payment.address);
    if (!facts.own.contains(address)) continue;
    rows.push_back(Row{qs(payment.blockHash) + QLatin1Char('/') + address,
                       {time(payment.time), text(address), amount(payment.amount), count(payment.blockHeight),
                        text(statusText(payment.status))},
                       false});
  }
  return rows;
}

QStringList windowPartHeaders() {
  return {Words::tr("Miner"), Words::tr("Shares"), Words::tr("Part of the window"), Words::tr("Next payout")};
}

Rows windowPartRows(const node::NodeSnapshot& snapshot, const SnapshotFacts& facts) {
  // The node's exact split when it has a block template, else the window's proportions.
  QHash<QString, std::int64_t> exact;
  for (const node::Payout& payout : snapshot.nextPayouts) exact[qs(payout.address)] += payout.amount;
  Rows rows;
  rows.reserve(facts.credits.size());
  for (auto it = facts.credits.cbegin(); it != facts.credits.cend(); ++it) {
    const double part = facts.totalCredits > 0 ? it.value() / facts.totalCredits : 0.0;
    const auto payout = exact.isEmpty() ? std::int64_t(std::floor(part * double(snapshot.parentChain.blockReward)))
                                        : exact.value(it.key());
    const bool own = facts.own.contains(it.key());
    Cell miner = text(it.key());
    miner.decoration = minerColor(it.key(), own);
    rows.push_back(Row{it.key(), {miner, count(std::uint64_t(facts.shares.value(it.key()))), percent(part), amount(payout)},
                       own});
  }
  // Largest part first, address as the tie-break, so the order is stable between updates.
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    const double pa = a.cells[PartPercent].value.toDouble(), pb = b.cells[PartPercent].value.toDouble();
    return pa != pb ? pa > pb : a.key < b.key;
  });
  return rows;
}

}  // namespace otedama::ui::tables
