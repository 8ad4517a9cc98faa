// Synthetic snapshots.
#include "synthetic_snapshot.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace otedama::test {

namespace {

std::string hex64(std::uint64_t seed) {
  std::string out;
  char part[17];
  for (int i = 0; i < 4; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    std::snprintf(part, sizeof part, "%016llx", static_cast<unsigned long long>(seed));
    out += part;
  }
  return out;
}

bool away(const SnapshotShape& shape, int index, int tick) {
  return shape.awayEvery > 0 && index % shape.awayEvery == 3 && tick % 2 == 1;
}

}  // namespace

std::string syntheticMinerAddress(int index) { return "rltc1qminer" + std::to_string(100000 + index); }

node::NodeSnapshot syntheticSnapshot(const SnapshotShape& shape, int tick) {
  node::NodeSnapshot s;
  s.time = 1'790'000'000 + tick;
  s.poolName = "Otedama";
  s.version = "test";
  s.nodeId = hex64(1);
  s.chain = "litecoin";
  s.ticker = "LTC";
  s.network = "regtest";
  s.algorithm = "scrypt";
  s.running = true;
  s.startedAt = s.time - 3600;
  s.stratumPort = 3333;
  s.p2pPort = 9338;
  s.apiPort = 8080;
  s.parentChain.status = {true, "mining on height 1200"};
  s.parentChain.height = 1200 + std::uint64_t(tick / 150);
  s.parentChain.blockReward = 2'500'000'000;
  s.sharechain.status = {true, "height 5000"};
  s.sharechain.height = 5000 + std::uint64_t(tick / 10);
  s.sharechain.windowSize = 2160;
  s.stratum = {true, "connections"};
  s.p2p = {true, "peers"};

  for (int i = 0; i < shape.miners; ++i) {
    if (away(shape, i, tick)) continue;
    node::MinerInfo miner;
    miner.address = syntheticMinerAddress(i);
    miner.hashrate15m = 1.0e6 * (1 + i % 13) + tick * 10.0;
    miner.hashrate1h = 1.0e6 * (1 + i % 13);
    miner.hashrate24h = 0.9e6 * (1 + i % 13);
    miner.accepted = std::uint64_t(100 + i + tick);
    miner.rejected = std::uint64_t(i % 5);
    miner.lastShare = s.time - (i % 90);
    miner.windowWeight = "1000";
    miner.estimatedPayout = 1'000'000 + i;
    for (int w = 0; w < 2; ++w) {
      node::WorkerInfo worker;
      worker.name = w == 0 ? "" : "rig" + std::to_string(w);
      worker.hashrate = miner.hashrate15m / 2;
      worker.difficulty = 0.5 * (1 + i % 4);
      worker.accepted = miner.accepted / 2;
      if (i % 5) worker.rejected = {{"stale", std::uint64_t(i % 5)}, {"low-difficulty", 1}};
      worker.lastShare = miner.lastShare;
      worker.connections = 1;
      miner.workers.push_back(std::move(worker));
    }
    s.workerCount += miner.workers.size();
    s.localHashrate += miner.hashrate15m;
    s.miners.push_back(std::move(miner));
  }
  s.minerCount = s.miners.size();
  s.sessionCount = s.workerCount;
  s.sharesAccepted = std::uint64_t(1000 + tick);

  for (int i = 0; i < shape.peers; ++i) {
    if (away(shape, i, tick)) continue;
    node::PeerSummary peer;
    peer.nodeId = hex64(1000 + std::uint64_t(i));
    peer.endpoint = "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1) + ":9338";
    peer.direction = i % 2 ? "inbound" : "outbound";
    if (i % 4) peer.latencyMs = 10.0 + (i + tick) % 50;
    peer.reputation = 0.5 + (i % 5) * 0.1;
    peer.software = "otedama/0.1.0";
    peer.tipHeight = s.sharechain.height - std::uint64_t(i % 2);
    peer.connectedSeconds = std::uint64_t(600 + i + tick);
    peer.sharesReceived = std::uint64_t(tick + i);
    peer.sharesRelayed = std::uint64_t(tick);
    peer.sharesConfirmed = std::uint64_t(tick / 2);
    s.peers.push_back(std::move(peer));
  }
  for (int i = 0; i < shape.peers / 20; ++i) {
    s.bans.push_back({hex64(5000 + std::uint64_t(i)), "invalid share", s.time - 100, s.time + 86400});
  }

  // The window, newest first; a third of the shares are our miners'.
  for (int i = 0; i < shape.windowShares; ++i) {
    node::WindowShare share;
    share.height = s.sharechain.height - std::uint64_t(i);
    share.id = hex64(share.height);
    const bool ours = shape.miners > 0 && share.height % 3 == 0;
    share.miner = ours ? syntheticMinerAddress(int(share.height % std::uint64_t(shape.miners)))
                       : "rltc1qpeer" + std::to_string(share.height % 40);
    share.local = ours;
    share.weight = "1000";
    share.timestamp = s.time - i * 10;
    share.isBlock = share.height % 97 == 0;
    share.credits = {{share.miner, "1000"}};
    s.window.push_back(std::move(share));
  }
  s.sharechain.windowShares = s.window.size();
  s.poolHashrate = 5.0e8 + tick * 1000.0;
  s.poolHashrate15m = s.poolHashrate * 1.1;
  s.poolHashrate1h = s.poolHashrate * 1.05;
  s.poolHashrate24h = s.poolHashrate;
  for (int i = 0; i < std::min(shape.miners, 256); ++i) {
    s.nextPayouts.push_back({syntheticMinerAddress(i), s.parentChain.blockReward / 256});
  }

  for (int i = 0; i < shape.blocks; ++i) {
    node::BlockInfo block;
    block.height = s.parentChain.height - 1 - std::uint64_t(i * 3);
    block.hash = hex64(900000 + block.height);
    block.shareId = hex64(block.height);
    block.confirmations = std::uint32_t(i * 3 + 1 + tick / 150);
    block.status = block.confirmations >= 100 ? "confirmed" : "pending";
    block.foundAt = s.time - tick - i * 450;  // fixed: found once
    block.reward = s.parentChain.blockReward;
    block.local = i % 2 == 0;
    for (int m = 0; m < 20; ++m) {
      block.payouts.push_back({m < shape.miners ? syntheticMinerAddress(m) : "rltc1qpeer" + std::to_string(m),
                               block.reward / 20});
    }
    for (const node::Payout& payout : block.payouts) {
      s.payments.push_back({payout.address, payout.amount, block.height, block.hash, block.status, block.foundAt});
    }
    s.blocks.push_back(std::move(block));
  }
  s.blocksFound = s.blocks.size();
  return s;
}

}  // namespace otedama::test
