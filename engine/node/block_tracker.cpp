// Pending blocks -> confirmed or orphaned.
#include "node/block_tracker.hpp"

#include <utility>

#include <spdlog/spdlog.h>

#include "util/hex.hpp"

namespace otedama::node {

BlockTracker::BlockTracker(store::Store& store, chain::BitcoinNode& parentNode, std::uint32_t maturity,
                           std::function<void(const store::BlockRecord&, store::BlockStatus)> onStatusChanged)
    : store_(store), parentNode_(parentNode), maturity_(maturity), onStatusChanged_(std::move(onStatusChanged)),
      alive_(std::make_shared<bool>(true)) {}

BlockTracker::~BlockTracker() { *alive_ = false; }

void BlockTracker::onParentTip(std::uint64_t tipHeight) {
  if (asking_) {
    newerTip_ = tipHeight;  // after this round
    return;
  }
  queue_.clear();
  try {
    for (store::BlockRecord& block : store_.blocks(200)) {
      if (block.status == store::BlockStatus::Pending && block.height <= tipHeight) queue_.push_back(std::move(block));
    }
  } catch (const std::exception& error) {
    spdlog::error("blocks: cannot read the found blocks: {}", error.what());
    return;
  }
  tipHeight_ = tipHeight;
  checkNext();
}

void BlockTracker::checkNext() {
  if (queue_.empty()) {
    asking_ = false;
    if (newerTip_) onParentTip(*std::exchange(newerTip_, std::nullopt));
    return;
  }
  asking_ = true;
  const store::BlockRecord block = queue_.back();
  queue_.pop_back();
  parentNode_.rpc().call("getblockhash", nlohmann::json::array({block.height}),
                         [this, alive = alive_, block](chain::RpcReply reply) {
    if (!*alive) return;
    if (reply.ok() && reply.result.is_string()) {  // otherwise asked again at the next tip
      const bool ours = reply.result.get<std::string>() == toHex(reversed(block.hash));
      const auto confirmations = static_cast<std::uint32_t>(tipHeight_ - block.height + 1);
      const store::BlockStatus status = !ours ? store::BlockStatus::Orphaned
                                        : confirmations >= maturity_ ? store::BlockStatus::Confirmed
                                                                     : store::BlockStatus::Pending;
      try {
        store_.updateBlockStatus(block.hash, status, ours ? confirmations : 0);
        if (status != store::BlockStatus::Pending) {
          spdlog::info("blocks: block {} at height {} is {}", toHex(reversed(block.hash)), block.height,
                       store::toString(status));
          if (onStatusChanged_) onStatusChanged_(block, status);
        }
      } catch (const std::exception& error) {
        spdlog::error("blocks: cannot update block {}: {}", toHex(reversed(block.hash)), error.what());
      }
    }
    checkNext();
  });
}

}  // namespace otedama::node
