// A bounded set of ids that forgets the oldest first: which shares a peer already has (so each
// share is relayed once to each peer) and which shares this node has already seen.
#pragma once

#include <cstddef>
#include <deque>
#include <unordered_set>

#include "sharechain/share_chain.hpp"

namespace otedama::p2p {

class KnownIds {
 public:
  explicit KnownIds(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // True when the id was not known (and is now).
  bool insert(const Hash32& id) {
    if (!ids_.insert(id).second) return false;
    order_.push_back(id);
    if (order_.size() > capacity_) {
      ids_.erase(order_.front());
      order_.pop_front();
    }
    return true;
  }
  bool contains(const Hash32& id) const { return ids_.contains(id); }
  std::size_t size() const { return ids_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::unordered_set<Hash32, sharechain::HashKey> ids_;
  std::deque<Hash32> order_;
};

}  // namespace otedama::p2p
