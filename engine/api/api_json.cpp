// The JSON documents of the HTTP API, built from a NodeSnapshot field by field (the names are the
// public contract: docs/API.md).
#include "api/api_json.hpp"

#include <algorithm>

namespace otedama::api {

using nlohmann::json;

namespace {

json statusFields(json object, const node::PartStatus& part) {
  object["ok"] = part.ok;
  object["detail"] = part.detail;
  return object;
}

json workerJson(const node::WorkerInfo& worker) {
  json rejected = json::object();
  for (const auto& [reason, count] : worker.rejected) rejected[reason] = count;
  return {{"name", worker.name},         {"hashrate", worker.hashrate}, {"difficulty", worker.difficulty},
          {"accepted", worker.accepted}, {"rejected", std::move(rejected)}, {"lastShare", worker.lastShare},
          {"connections", worker.connections}};
}

json minerJson(const node::MinerInfo& miner) {
  json workers = json::array();
  for (const node::WorkerInfo& worker : miner.workers) workers.push_back(workerJson(worker));
  return {{"address", miner.address},
          {"hashrate", miner.hashrate15m},
          {"hashrate1h", miner.hashrate1h},
          {"hashrate24h", miner.hashrate24h},
          {"accepted", miner.accepted},
          {"rejected", miner.rejected},
          {"lastShare", miner.lastShare},
          {"windowWeight", miner.windowWeight.empty() ? std::string("0") : miner.windowWeight},
          {"estimatedPayout", miner.estimatedPayout},
          {"workers", std::move(workers)}};
}

json blockJson(const node::BlockInfo& block) {
  json payouts = json::array();
  for (const node::Payout& payout : block.payouts) payouts.push_back({{"address", payout.address}, {"amount", payout.amount}});
  return {{"height", block.height},   {"hash", block.hash},       {"shareId", block.shareId},
          {"status", block.status},   {"confirmations", block.confirmations}, {"foundAt", block.foundAt},
          {"reward", block.reward},   {"local", block.local},     {"payouts", std::move(payouts)}};
}

json paymentJson(const node::PaymentInfo& payment) {
  return {{"address", payment.address},     {"amount", payment.amount}, {"blockHeight", payment.blockHeight},
          {"blockHash", payment.blockHash}, {"status", payment.status}, {"time", payment.time}};
}

json peerJson(const node::PeerSummary& peer) {
  return {{"nodeId", peer.nodeId},
          {"endpoint", peer.endpoint},
          {"direction", peer.direction},
          {"latencyMs", peer.latencyMs ? json(*peer.latencyMs) : json(nullptr)},
          {"reputation", peer.reputation},
          {"score", peer.score},
          {"software", peer.software},
          {"tipHeight", peer.tipHeight},
          {"connectedSeconds", peer.connectedSeconds},
          {"sharesReceived", peer.sharesReceived},
          {"sharesRelayed", peer.sharesRelayed},
          {"sharesConfirmed", peer.sharesConfirmed},
          {"bytesIn", peer.bytesIn},
          {"bytesOut", peer.bytesOut},
          {"syncing", peer.syncing}};
}

json banJson(const node::BanSummary& ban) {
  return {{"subject", ban.subject}, {"reason", ban.reason}, {"since", ban.since}, {"until", ban.until}};
}

json shareJson(const node::WindowShare& share) {
  json credits = json::array();
  for (const auto& [address, weight] : share.credits) credits.push_back({{"address", address}, {"weight", weight}});
  return {{"id", share.id},         {"height", share.height},   {"miner", share.miner},
          {"weight", share.weight}, {"timestamp", share.timestamp}, {"isBlock", share.isBlock},
          {"local", share.local},   {"credits", std::move(credits)}};
}

}  // namespace

std::int64_t uptimeSeconds(const node::NodeSnapshot& snapshot) {
  if (!snapshot.running || snapshot.startedAt <= 0 || snapshot.time <= 0) return 0;
  return std::max<std::int64_t>(0, snapshot.time - snapshot.startedAt);
}

json statsJson(const node::NodeSnapshot& s) {
  const node::ShareChainStatus& chain = s.sharechain;
  const node::ParentChainStatus& parent = s.parentChain;
  return {
      {"time", s.time},
      {"poolName", s.poolName},
      {"version", s.version},
      {"nodeId", s.nodeId},
      {"chain", s.chain},
      {"network", s.network},
      {"algorithm", s.algorithm},
      {"running", s.running},
      {"startedAt", s.startedAt},
      {"uptime", uptimeSeconds(s)},
      {"poolHashrate", s.poolHashrate},
      {"poolHashrate15m", s.poolHashrate15m},
      {"poolHashrate1h", s.poolHashrate1h},
      {"poolHashrate24h", s.poolHashrate24h},
      {"localHashrate", s.localHashrate},
      {"miners", s.minerCount},
      {"workers", s.workerCount},
      {"peers", s.peers.size()},
      {"blocksFound", s.blocksFound},
      {"sharesAccepted", s.sharesAccepted},
      {"sharesRejected", s.sharesRejected},
      {"sharechain", statusFields({{"height", chain.height},
                                   {"tip", chain.tip},
                                   {"windowSize", chain.windowSize},
                                   {"windowShares", chain.windowShares},
                                   {"shareDifficulty", chain.shareDifficulty},
                                   {"targetShareTime", chain.targetShareTime},
                                   {"orphans", chain.orphans},
                                   {"reorgs", chain.reorgs},
                                   {"consensusId", chain.consensusId}},
                                  chain.status)},
      {"parentChain", statusFields({{"height", parent.height},
                                    {"bestHash", parent.bestHash},
                                    {"difficulty", parent.difficulty},
                                    {"blockReward", parent.blockReward},
                                    {"lastTemplateAt", parent.lastTemplateAt}},
                                   parent.status)},
      {"stratum", statusFields({{"port", s.stratumPort}, {"sessions", s.sessionCount}}, s.stratum)},
      {"p2p", statusFields({{"port", s.p2pPort}, {"peers", s.peers.size()}}, s.p2p)},
      {"api", {{"port", s.apiPort}}},
  };
}

json minersJson(const node::NodeSnapshot& snapshot) {
  json miners = json::array();
  for (const node::MinerInfo& miner : snapshot.miners) miners.push_back(minerJson(miner));
  return {{"miners", std::move(miners)}};
}

json blocksJson(const node::NodeSnapshot& snapshot) {
  json blocks = json::array();
  for (const node::BlockInfo& block : snapshot.blocks) blocks.push_back(blockJson(block));
  return {{"blocks", std::move(blocks)}};
}

json paymentsJson(const node::NodeSnapshot& snapshot, const std::optional<std::string>& address) {
  json payments = json::array();
  for (const node::PaymentInfo& payment : snapshot.payments) {
    if (address && payment.address != *address) continue;
    payments.push_back(paymentJson(payment));
  }
  return {{"payments", std::move(payments)}};
}

json peersJson(const node::NodeSnapshot& snapshot) {
  json peers = json::array();
  for (const node::PeerSummary& peer : snapshot.peers) peers.push_back(peerJson(peer));
  json bans = json::array();
  for (const node::BanSummary& ban : snapshot.bans) bans.push_back(banJson(ban));
  return {{"peers", std::move(peers)}, {"bans", std::move(bans)}};
}

json sharechainJson(const node::NodeSnapshot& snapshot) {
  json shares = json::array();
  for (const node::WindowShare& share : snapshot.window) shares.push_back(shareJson(share));
  const node::ShareChainStatus& chain = snapshot.sharechain;
  return {{"height", chain.height},
          {"tip", chain.tip},
          {"windowSize", chain.windowSize},
          {"windowShares", chain.windowShares},
          {"shares", std::move(shares)}};
}

json errorJson(unsigned status, std::string_view message) {
  return {{"error", {{"status", status}, {"message", std::string(message)}}}};
}

std::string dumpJson(const json& document) { return document.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace otedama::api
