// Confirmation counts per share, bounded by share and by verifier.
#include "p2p/share_confirmations.hpp"

#include <algorithm>

namespace otedama::p2p {

bool ShareConfirmations::add(const Hash32& shareId, const crypto::Ed25519PublicKey& verifier) {
  auto it = verifiers_.find(shareId);
  if (it == verifiers_.end()) {
    if (verifiers_.size() >= capacity_) {
      verifiers_.erase(order_.front());
      order_.pop_front();
    }
    it = verifiers_.emplace(shareId, std::vector<crypto::Ed25519PublicKey>{}).first;
    order_.push_back(shareId);
  }
  std::vector<crypto::Ed25519PublicKey>& list = it->second;
  if (list.size() >= maxVerifiers_ || std::find(list.begin(), list.end(), verifier) != list.end()) return false;
  list.push_back(verifier);
  return true;
}

std::size_t ShareConfirmations::count(const Hash32& shareId) const {
  const auto it = verifiers_.find(shareId);
  return it == verifiers_.end() ? 0 : it->second.size();
}

}  // namespace otedama::p2p
