// The work distribution coordinator: turns the parent chain's templates and the share chain's tip
// into stratum jobs (one per payout script: each coinbase pays the PPLNS window of the tip and
// commits to the miner's share), and turns what miners find back into shares and blocks. A share
// that meets the share target goes into the share chain (committed) and out to the peers before
// the miner hears "accepted"; one that meets the parent target is assembled and submitted at
// once. Every share on our chain that was also a block (ours or a peer's) is recorded with its
// payouts. Runs on the engine's io_context thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chain/bitcoin_node.hpp"
#include "node/share_archive.hpp"
#include "sharechain/parent_block.hpp"
#include "store/store.hpp"
#include "stratum/server.hpp"

namespace otedama::p2p {
class P2pNetwork;
}

namespace otedama::node {

struct CoordinatorSettings {
  const chain::CoinParams* coin = nullptr;
  chain::Network network = chain::Network::Mainnet;
  Bytes feeScript;               // the node's poolAddress (empty: no fee)
  std::uint32_t feePpm = 0;
  std::size_t extranonce1Size = 4;
  std::size_t extranonce2Size = 4;
};

struct CoordinatorEvents {
  std::function<void(const sharechain::Share&, bool isBlock)> onLocalShare;  // a miner's share joined the chain
  std::function<void(const store::BlockRecord&)> onBlockFound;               // recorded (ours or a peer's)
  std::function<void(const std::string&)> onProblem;
};

struct CoordinatorStats {
  std::uint64_t jobRounds = 0;           // setWorkSource calls
  std::uint64_t jobsMade = 0;            // per payout script
  std::uint64_t sharesKept = 0, sharesRefused = 0;
  std::uint64_t blocksSubmitted = 0, blocksAccepted = 0, blocksRefused = 0;
  // From a template on a new parent tip (or a new share-chain tip) to the jobs handed to stratum.
  std::chrono::microseconds lastTipToJobs{0};
  std::optional<chain::BlockTemplate> lastTemplate;  // without its transactions
};

class WorkCoordinator {
 public:
  WorkCoordinator(sharechain::ShareChain& chain, ShareArchive& archive, store::Store& store,
                  stratum::StratumServer& stratum, chain::BitcoinNode& parentNode, CoordinatorSettings settings,
                  CoordinatorEvents events);

  // Peers to announce our shares to (none before P2P starts, or without P2P).
  void setNetwork(p2p::P2pNetwork* network) { network_ = network; }

  // TemplateEvents::onTemplate.
  void onTemplate(const chain::BlockTemplate& blockTemplate, bool newTip);
  // The share chain's tip moved (a peer's share, an anchor): new jobs on it.
  void onTipChanged(const sharechain::TipChange& change);
  // Shares the chain added from anywhere (peers included): blocks among them are recorded.
  void onSharesAdded(const sharechain::InsertResult& result);
  // ServerEvents::onShare: true once the share is kept (or was only a block and was submitted).
  bool onMinerShare(const stratum::AcceptedShare& accepted);

  const CoordinatorStats& stats() const { return stats_; }
  bool hasWork() const { return parent_ != nullptr; }

 private:
  struct JobPayload;
  void makeJobs(bool clean);
  stratum::Work workFor(const Bytes& payoutScript, const std::shared_ptr<const sharechain::ParentBlock>& parent);
  void submitBlock(const Bytes& block, const Hash32& hash);
  void recordBlock(const sharechain::ShareEntry& entry);
  void recordBlock(const store::BlockRecord& block, const std::vector<chain::TxOutput>& outputs, bool local);

  sharechain::ShareChain& chain_;
  ShareArchive& archive_;
  store::Store& store_;
  stratum::StratumServer& stratum_;
  chain::BitcoinNode& parentNode_;
  p2p::P2pNetwork* network_ = nullptr;
  CoordinatorSettings settings_;
  CoordinatorEvents events_;
  std::shared_ptr<const sharechain::ParentBlock> parent_;
  std::optional<std::chrono::steady_clock::time_point> tipSeenAt_;
  CoordinatorStats stats_;
};

}  // namespace otedama::node
