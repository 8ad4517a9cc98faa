// Locators and sync batches.
#include "p2p/share_sync.hpp"

#include <algorithm>
#include <unordered_set>

namespace otedama::p2p {

std::vector<Hash32> buildLocator(const sharechain::ShareChain& chain) {
  std::vector<Hash32> locator;
  const sharechain::ShareEntry* tip = chain.tip();
  if (!tip) return locator;
  std::uint64_t step = 1;
  for (std::uint64_t height = tip->height(); locator.size() + 1 < kMaxLocatorIds;) {
    const sharechain::ShareEntry* entry = chain.bestAtHeight(height);
    if (!entry) break;
    locator.push_back(entry->id);
    if (height < step) break;
    height -= step;
    if (locator.size() >= 8) step *= 2;  // dense near the tip, then exponentially sparser
  }
  const Hash32& oldest = chain.oldestBest()->id;
  if (locator.back() != oldest) locator.push_back(oldest);
  return locator;
}

namespace {

// Adds a share, after the uncles it credits that the receiver may not have yet.
void addWithUncles(const sharechain::ShareChain& chain, const sharechain::ShareEntry* entry, std::size_t max,
                   std::unordered_set<Hash32, sharechain::HashKey>& sent, SharechainBlock& block) {
  for (const Hash32& uncleId : entry->share.data.uncles) {
    if (block.shares.size() >= max) return;
    const sharechain::ShareEntry* uncle = chain.find(uncleId);
    if (uncle && sent.insert(uncleId).second) block.shares.push_back(sharechain::encodeShare(uncle->share));
  }
  if (block.shares.size() < max && sent.insert(entry->id).second) {
    block.shares.push_back(sharechain::encodeShare(entry->share));
  }
}

}  // namespace

SharechainBlock answerSharechainRequest(const sharechain::ShareChain& chain, const SharechainRequest& request) {
  SharechainBlock block;
  block.requestId = request.requestId;
  const std::size_t max = std::clamp<std::size_t>(request.maxShares, 1, kMaxSharesPerMessage);
  std::unordered_set<Hash32, sharechain::HashKey> sent;

  if (!request.wanted.empty()) {
    for (const Hash32& id : request.wanted) {
      if (block.shares.size() >= max) break;
      if (const sharechain::ShareEntry* entry = chain.find(id); entry && sent.insert(id).second) {
        block.shares.push_back(sharechain::encodeShare(entry->share));
      }
    }
    return block;
  }

  const sharechain::ShareEntry* tip = chain.tip();
  if (!tip) return block;
  // After the newest locator entry on our best chain; without one, from our oldest retained share.
  std::uint64_t from = 0;
  bool found = false;
  for (const Hash32& id : request.locator) {
    const sharechain::ShareEntry* entry = chain.find(id);
    if (entry && entry->onBestChain) {
      from = entry->height() + 1;
      found = true;
      break;
    }
  }
  if (!found) from = chain.oldestBest()->height();
  std::uint64_t height = from;
  for (; height <= tip->height() && block.shares.size() < max; ++height) {
    const sharechain::ShareEntry* entry = chain.bestAtHeight(height);
    if (!entry) break;
    addWithUncles(chain, entry, max, sent, block);
    if (!sent.contains(entry->id)) break;  // the batch filled up on its uncles
  }
  block.more = height <= tip->height();
  return block;
}

}  // namespace otedama::p2p
