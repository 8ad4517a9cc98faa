// What the outside sees: the node's parts copied into one NodeSnapshot (on the engine thread, once
// a second). Hashrates: the pool's from the work of the share window over its time span, ours
// from the stratum workers' accepted difficulty; each miner's part of the next block from the
// same payout split a share on the tip would pay.
#include <algorithm>

#include "chain/address.hpp"
#include "node/node_impl.hpp"
#include "node/version.hpp"
#include "util/compact_target.hpp"
#include "util/difficulty.hpp"
#include "util/hex.hpp"
#include "util/unix_time.hpp"

namespace otedama::node {

namespace {

std::string displayHex(const Hash32& hash) { return toHex(reversed(hash)); }

std::int64_t unixOf(const std::optional<std::chrono::system_clock::time_point>& at) {
  return at ? std::chrono::duration_cast<std::chrono::seconds>(at->time_since_epoch()).count() : 0;
}

PartStatus partStatus(const std::map<std::string, std::string>& problems, const std::string& part, std::string okDetail) {
  const auto it = problems.find(part);
  if (it != problems.end()) return PartStatus{false, it->second};
  return PartStatus{true, std::move(okDetail)};
}

}  // namespace

const std::string& Node::Impl::addressOf(const Bytes& script) {
  auto it = addresses.find(script);
  if (it == addresses.end()) {
    std::string address;
    try {
      address = chain::encodeAddress(script, config.blockchain, config.network);
    } catch (const std::exception&) {
      address = "script:" + toHex(script);
    }
    if (addresses.size() > 100000) addresses.clear();  // bounded: rebuilt as needed
    it = addresses.emplace(script, std::move(address)).first;
  }
  return it->second;
}

NodeSnapshot Node::Impl::buildSnapshot() {
  NodeSnapshot s;
  s.time = unixSeconds();
  s.poolName = config.poolName;
  s.version = std::string(kVersion);
  s.nodeId = identity ? toHex(identity->id()) : std::string();
  s.chain = config.blockchain;
  s.network = std::string(chain::networkName(config.network));
  s.algorithm = std::string(coin->algorithm);
  s.ticker = std::string(coin->ticker);
  s.running = running;
  s.startedAt = startedAt;
  s.stratumPort = stratum->port();
  s.p2pPort = network->port();
  s.apiPort = api->port();

  // parent chain
  const CoordinatorStats& work = coordinator->stats();
  if (work.lastTemplate) {
    const chain::BlockTemplate& t = *work.lastTemplate;
    s.parentChain.height = t.height;
    s.parentChain.bestHash = t.previousBlockHashHex();
    s.parentChain.difficulty = difficultyFromTarget(DifficultyFamily::Bitcoin, t.target);
    s.parentChain.blockReward = t.coinbaseValue;
  }
  s.parentChain.status = partStatus(problems, "parentChain", work.lastTemplate ? "mining on height " +
                                                                     std::to_string(s.parentChain.height)
                                                               : "waiting for the first block template");
  if (!work.lastTemplate && s.parentChain.status.ok) s.parentChain.status.ok = false;

  // share chain and its window
  const sharechain::ShareChainParams& params = chain->params();
  const sharechain::ShareEntry* tip = chain->tip();
  s.sharechain.height = tip ? tip->height() : 0;
  s.sharechain.tip = tip ? displayHex(tip->id) : std::string();
  s.sharechain.windowSize = params.shareWindow;
  s.sharechain.targetShareTime = params.targetShareTime;
  s.sharechain.orphans = chain->orphanCount();
  s.sharechain.reorgs = reorgs;
  s.sharechain.consensusId = toHex(chain->consensusId());
  const std::vector<const sharechain::ShareEntry*> window = chain->windowShares();
  s.sharechain.windowShares = window.size();
  double windowWork = 0;
  for (const sharechain::ShareEntry* entry : window) {
    WindowShare share;
    share.id = displayHex(entry->id);
    share.height = entry->height();
    share.miner = addressOf(entry->share.data.payoutScript);
    sharechain::Work own{};
    for (const sharechain::Credit& credit : entry->credits) {
      if (credit.script == entry->share.data.payoutScript) own += credit.weight;
      share.credits.emplace_back(addressOf(credit.script), credit.weight.toDecimal());
    }
    share.weight = own.toDecimal();
    share.timestamp = static_cast<std::int64_t>(entry->share.data.timestamp);
    share.isBlock = entry->isBlock;
    share.local = entry->local;
    windowWork += entry->work.toDouble();
    s.window.push_back(std::move(share));
  }
  if (window.size() >= 2) {
    const double span = static_cast<double>(window.front()->share.data.timestamp) -
                        static_cast<double>(window.back()->share.data.timestamp);
    // The oldest share's work was done before the span began.
    if (span > 0) s.poolHashrate = (windowWork - window.back()->work.toDouble()) / span;
    // The work of the shares found in the period (newest first, so the walk stops early), over
    // the period, or over the time the window covers when that is shorter.
    const auto recent = [&](double period) {
      const auto now = static_cast<double>(s.time);
      const double windowStart = static_cast<double>(window.back()->share.data.timestamp);
      double recentWork = 0;
      for (const sharechain::ShareEntry* entry : window) {
        if (now - static_cast<double>(entry->share.data.timestamp) > period) break;
        recentWork += entry->work.toDouble();
      }
      return recentWork / std::max(1.0, std::min(period, now - windowStart));
    };
    s.poolHashrate15m = recent(900);
    s.poolHashrate1h = recent(3600);
    s.poolHashrate24h = recent(86400);
  }
  if (tip) {
    const auto bits = chain->nextShare(tip->share.data.payoutScript, {}, 0, static_cast<std::uint64_t>(s.time), 1).data.shareBits;
    if (const auto target = targetFromCompact(bits)) s.sharechain.shareDifficulty = difficultyFromTarget(coin->stratumDifficulty, *target);
  }
  s.sharechain.status = partStatus(problems, "sharechain", tip ? "height " + std::to_string(s.sharechain.height)
                                                               : "no shares yet");

  // what the next block would pay each script (the split a share on the tip carries)
  std::map<Bytes, std::int64_t> nextPayout;
  std::map<Bytes, sharechain::Work> weights;
  if (tip && work.lastTemplate) {
    for (const chain::TxOutput& output : chain->payoutsAfter(tip->id, work.lastTemplate->coinbaseValue, {})) {
      nextPayout[output.script] += output.value;
    }
  }
  for (const auto& [script, value] : nextPayout) s.nextPayouts.push_back(Payout{addressOf(script), value});
  std::sort(s.nextPayouts.begin(), s.nextPayouts.end(),
            [](const Payout& a, const Payout& b) { return a.amount != b.amount ? a.amount > b.amount : a.address < b.address; });
  for (const sharechain::ShareEntry* entry : window) {
    for (const sharechain::Credit& credit : entry->credits) weights[credit.script] += credit.weight;
  }

  // this node's miners
  std::map<std::string, MinerInfo> miners;
  for (const stratum::WorkerStats& worker : stratum->workerStats()) {
    MinerInfo& miner = miners[worker.address];
    miner.address = worker.address;
    miner.hashrate15m += worker.hashrate15m;
    miner.hashrate1h += worker.hashrate1h;
    miner.hashrate24h += worker.hashrate24h;
    miner.accepted += worker.accepted;
    std::uint64_t rejected = 0;
    for (const auto& [reason, count] : worker.rejected) rejected += count;
    miner.rejected += rejected;
    miner.lastShare = std::max(miner.lastShare, unixOf(worker.lastShare));
    WorkerInfo info;
    info.name = worker.worker;
    info.hashrate = worker.hashrate15m;
    info.difficulty = worker.difficulty;
    info.accepted = worker.accepted;
    info.rejected = worker.rejected;
    info.lastShare = unixOf(worker.lastShare);
    info.connections = worker.connections;
    miner.workers.push_back(std::move(info));
    s.workerCount += 1;
    s.localHashrate += worker.hashrate15m;
    s.sharesRejected += rejected;
  }
  for (auto& [address, miner] : miners) {
    miner.windowWeight = "0";
    try {
      const Bytes script = chain::decodeAddress(address, config.blockchain, config.network).script;
      if (const auto it = weights.find(script); it != weights.end()) miner.windowWeight = it->second.toDecimal();
      if (const auto it = nextPayout.find(script); it != nextPayout.end()) miner.estimatedPayout = it->second;
    } catch (const std::exception&) {
    }
    s.miners.push_back(std::move(miner));
  }
  s.minerCount = s.miners.size();
  s.sessionCount = stratum->sessionCount();
  s.sharesAccepted = sharesAccepted;
  s.stratum = partStatus(problems, "stratum", std::to_string(s.sessionCount) + " miner connections");

  // peers
  for (const p2p::PeerInfo& peer : network->peers()) {
    PeerSummary summary;
    summary.nodeId = peer.nodeId;
    summary.endpoint = peer.endpoint;
    summary.direction = std::string(p2p::linkDirectionName(peer.direction));
    summary.latencyMs = peer.latencyMs;
    summary.reputation = peer.reputation;
    summary.score = peer.score;
    summary.software = peer.software;
    summary.tipHeight = peer.tipHeight;
    summary.connectedSeconds = peer.connectedSeconds;
    summary.sharesReceived = peer.sharesReceived;
    summary.sharesRelayed = peer.sharesRelayed;
    summary.sharesConfirmed = peer.sharesConfirmed;
    summary.bytesIn = peer.bytesIn;
    summary.bytesOut = peer.bytesOut;
    summary.syncing = peer.syncing;
    s.peers.push_back(std::move(summary));
  }
  for (const p2p::PeerBan& ban : network->bans()) s.bans.push_back(BanSummary{ban.subject, ban.reason, ban.since, ban.until});
  s.p2p = partStatus(problems, "p2p", std::to_string(s.peers.size()) + " peers");
  if (std::any_of(s.peers.begin(), s.peers.end(), [](const PeerSummary& p) { return p.syncing; })) {
    s.sharechain.status.detail = "syncing from a peer";
  }

  // blocks and payments
  for (const store::BlockRecord& record : store->blocks(100)) {
    BlockInfo block;
    block.height = record.height;
    block.hash = displayHex(record.hash);
    block.shareId = record.shareId == Hash32{} ? std::string() : displayHex(record.shareId);  // "": a block, no share
    block.status = std::string(store::toString(record.status));
    block.confirmations = record.confirmations;
    block.foundAt = record.foundAt;
    block.reward = record.reward;
    const sharechain::ShareEntry* entry = chain->find(record.shareId);
    block.local = entry && entry->local;
    for (const store::PayoutRecord& payout : store->payouts(record.hash)) {
      const std::string address = payout.address.empty() ? addressOf(payout.script) : payout.address;
      block.payouts.push_back(Payout{address, payout.amount});
      if (s.payments.size() < 1000) {
        s.payments.push_back(PaymentInfo{address, payout.amount, record.height, block.hash, block.status, record.foundAt});
      }
    }
    s.blocks.push_back(std::move(block));
  }
  s.blocksFound = store->blockCount();
  return s;
}

}  // namespace otedama::node
