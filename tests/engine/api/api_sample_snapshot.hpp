// A hand-filled NodeSnapshot for the API tests: two miners with workers (one worker name is not
// UTF-8), two peers (one without a latency), two bans (a node, an address), a window of three shares with credits and 128-bit
// weights, two blocks with payouts, four payments, and a pool name that needs escaping.
#pragma once

#include <string>

#include "node/node_snapshot.hpp"

namespace otedama::test {

inline constexpr const char* kAlice = "ltc1qalice0000000000000000000000000000000";
inline constexpr const char* kBob = "ltc1qbob000000000000000000000000000000000";
inline constexpr const char* kFee = "ltc1qfee000000000000000000000000000000000";
// 2^128 - 1: more than a double or a 64-bit integer holds exactly.
inline constexpr const char* kBigWeight = "340282366920938463463374607431768211455";
inline constexpr const char* kPoolName = "Test \"pool\" \\ one\nline";

inline node::NodeSnapshot sampleSnapshot() {
  node::NodeSnapshot s;
  s.time = 1700000000;
  s.startedAt = s.time - 3600;
  s.running = true;
  s.poolName = kPoolName;
  s.version = "0.1.0-test";
  s.nodeId = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
  s.chain = "litecoin";
  s.network = "regtest";
  s.algorithm = "scrypt";
  s.stratumPort = 3333;
  s.p2pPort = 9338;
  s.apiPort = 8080;

  s.parentChain.status = {true, ""};
  s.parentChain.height = 201;
  s.parentChain.bestHash = std::string(64, 'b');
  s.parentChain.difficulty = 0.5;
  s.parentChain.blockReward = 625000000;
  s.parentChain.lastTemplateAt = s.time - 5;

  s.sharechain.status = {true, ""};
  s.sharechain.height = 1234;
  s.sharechain.tip = std::string(64, 'c');
  s.sharechain.windowSize = 2160;
  s.sharechain.windowShares = 3;
  s.sharechain.shareDifficulty = 0.015625;
  s.sharechain.targetShareTime = 10;
  s.sharechain.orphans = 2;
  s.sharechain.reorgs = 5;
  s.sharechain.consensusId = std::string(64, 'd');

  s.stratum = {true, ""};
  s.p2p = {false, "no peer reachable"};

  s.poolHashrate = 1.5e6;
  s.localHashrate = 250000.5;
  s.minerCount = 2;
  s.workerCount = 3;
  s.sessionCount = 4;
  s.sharesAccepted = 100;
  s.sharesRejected = 7;
  s.blocksFound = 2;

  node::MinerInfo alice;
  alice.address = kAlice;
  alice.hashrate15m = 200000;
  alice.hashrate1h = 190000;
  alice.hashrate24h = 180000;
  alice.accepted = 80;
  alice.rejected = 5;
  alice.lastShare = s.time - 3;
  alice.windowWeight = kBigWeight;
  alice.estimatedPayout = 400000000;
  node::WorkerInfo rig1;
  rig1.name = "rig1";
  rig1.hashrate = 150000;
  rig1.difficulty = 0.03125;
  rig1.accepted = 60;
  rig1.rejected = {{"low difficulty", 3}, {"stale", 1}};
  rig1.lastShare = s.time - 3;
  rig1.connections = 2;
  node::WorkerInfo rig2;
  rig2.name = "rig\xff";  // not UTF-8
  rig2.hashrate = 50000;
  rig2.difficulty = 0.015625;
  rig2.accepted = 20;
  rig2.rejected = {{"duplicate", 1}};
  rig2.lastShare = s.time - 30;
  rig2.connections = 1;
  alice.workers = {rig1, rig2};

  node::MinerInfo bob;
  bob.address = kBob;
  bob.hashrate15m = 50000.5;
  bob.hashrate1h = 40000;
  bob.hashrate24h = 30000;
  bob.accepted = 20;
  bob.rejected = 2;
  bob.lastShare = s.time - 60;
  bob.windowWeight = "12345678901234567890123";
  bob.estimatedPayout = 100000000;
  node::WorkerInfo bobDefault;
  bobDefault.hashrate = 50000.5;
  bobDefault.difficulty = 0.015625;
  bobDefault.accepted = 20;
  bobDefault.lastShare = s.time - 60;
  bobDefault.connections = 1;
  bob.workers = {bobDefault};
  s.miners = {alice, bob};

  node::PeerSummary near;
  near.nodeId = std::string(64, 'e');
  near.endpoint = "192.0.2.10:9338";
  near.direction = "outbound";
  near.latencyMs = 12.5;
  near.reputation = 0.75;
  near.score = 3;
  near.software = "otedama/0.1.0";
  near.tipHeight = 1234;
  near.connectedSeconds = 600;
  near.sharesReceived = 40;
  near.sharesRelayed = 38;
  near.bytesIn = 123456;
  near.bytesOut = 654321;
  node::PeerSummary fresh;
  fresh.nodeId = std::string(64, 'f');
  fresh.endpoint = "[2001:db8::1]:9338";
  fresh.direction = "inbound";
  fresh.reputation = 0.5;
  fresh.software = "otedama/0.1.0";
  fresh.tipHeight = 1200;
  fresh.connectedSeconds = 2;
  fresh.syncing = true;
  s.peers = {near, fresh};
  s.bans = {node::BanSummary{std::string(64, 'd'), "banned by this node's owner", s.time - 60, s.time + 3540},
            node::BanSummary{"2001:db8:1:2::/64", "invalid share: bad-height", s.time - 5, s.time + 1795}};

  node::WindowShare newest;
  newest.id = std::string(64, '3');
  newest.height = 1234;
  newest.miner = kAlice;
  newest.weight = kBigWeight;
  newest.timestamp = s.time - 3;
  newest.isBlock = true;
  newest.local = true;
  newest.credits = {{kAlice, "340282366920938463463374607431768211000"}, {kFee, "455"}};
  node::WindowShare middle;
  middle.id = std::string(64, '2');
  middle.height = 1233;
  middle.miner = kBob;
  middle.weight = "1000";
  middle.timestamp = s.time - 13;
  middle.credits = {{kBob, "990"}, {kFee, "10"}};
  node::WindowShare oldest;
  oldest.id = std::string(64, '1');
  oldest.height = 1232;
  oldest.miner = kAlice;
  oldest.weight = "2000";
  oldest.timestamp = s.time - 23;
  oldest.local = true;
  oldest.credits = {{kAlice, "2000"}};
  s.window = {newest, middle, oldest};

  node::BlockInfo recent;
  recent.height = 200;
  recent.hash = std::string(64, '9');
  recent.shareId = std::string(64, '3');
  recent.status = "pending";
  recent.confirmations = 1;
  recent.foundAt = s.time - 3;
  recent.reward = 625000000;
  recent.local = true;
  recent.payouts = {{kAlice, 500000000}, {kBob, 118750000}, {kFee, 6250000}};
  node::BlockInfo older;
  older.height = 150;
  older.hash = std::string(64, '8');
  older.shareId = std::string(64, '7');
  older.status = "confirmed";
  older.confirmations = 51;
  older.foundAt = s.time - 3000;
  older.reward = 625000000;
  older.payouts = {{kBob, 625000000}};
  s.blocks = {recent, older};

  s.payments = {
      {kAlice, 500000000, 200, std::string(64, '9'), "pending", s.time - 3},
      {kBob, 118750000, 200, std::string(64, '9'), "pending", s.time - 3},
      {kBob, 625000000, 150, std::string(64, '8'), "confirmed", s.time - 3000},
      {kAlice, 7, 100, std::string(64, '6'), "orphaned", s.time - 9000},
  };
  return s;
}

}  // namespace otedama::test
