// Test helper: node snapshots made up from a few numbers, for the desktop app's page tests and
// the GUI update benchmark. Deterministic: the same arguments give the same snapshot; `tick`
// moves time on, changes hashrates and counters, and lets a few miners and peers come and go,
// as one second of a busy pool does.
#pragma once

#include "node/node_snapshot.hpp"

namespace otedama::test {

struct SnapshotShape {
  int miners = 10;        // this node's miners (one payout address each, two workers)
  int peers = 5;
  int windowShares = 200;  // in the PPLNS window; miners beyond ours are peers' miners
  int blocks = 5;
  // On odd ticks every awayEvery-th miner and peer is gone (rows leave and come back): 7 tests
  // churn hard, 100 is a busy pool's 1 % per second.
  int awayEvery = 7;
};

node::NodeSnapshot syntheticSnapshot(const SnapshotShape& shape, int tick);

// The payout address of our miner number `index` in synthetic snapshots.
std::string syntheticMinerAddress(int index);

}  // namespace otedama::test
