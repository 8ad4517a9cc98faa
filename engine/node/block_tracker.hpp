// Follows the blocks the pool found on the parent chain: at every new parent tip, each pending
// block is looked up by height; the same hash there means it counts (confirmed once its coinbase
// is spendable, after `maturity` blocks), another hash means it was orphaned. Status and
// confirmations go to the store. Runs on the engine thread; asks the node one block at a time (a
// burst of blocks must not crowd out template calls), a newer tip restarting the round after it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "chain/bitcoin_node.hpp"
#include "store/store.hpp"

namespace otedama::node {

class BlockTracker {
 public:
  BlockTracker(store::Store& store, chain::BitcoinNode& parentNode, std::uint32_t maturity = 100,
               std::function<void(const store::BlockRecord&, store::BlockStatus)> onStatusChanged = {});
  ~BlockTracker();

  // The parent chain's tip is now at `tipHeight` (the template's height - 1).
  void onParentTip(std::uint64_t tipHeight);

 private:
  void checkNext();

  store::Store& store_;
  chain::BitcoinNode& parentNode_;
  std::uint32_t maturity_;
  std::function<void(const store::BlockRecord&, store::BlockStatus)> onStatusChanged_;
  std::shared_ptr<bool> alive_;  // answers arriving after destruction are ignored
  std::vector<store::BlockRecord> queue_;  // this round's pending blocks, the next one last
  std::uint64_t tipHeight_ = 0;
  bool asking_ = false;
  std::optional<std::uint64_t> newerTip_;
};

}  // namespace otedama::node
