// How many distinct peers confirmed each recent share (signed share:verification verdicts that
// accepted it), for the UI's "confirmed by N peers". Bounded twice: the most recent `capacity`
// share ids (the oldest forgotten first) and at most `maxVerifiers` verifiers per share, so
// verdicts cannot grow it without limit.
#pragma once

#include <cstddef>
#include <deque>
#include <unordered_map>
#include <vector>

#include "crypto/ed25519.hpp"
#include "sharechain/share_chain.hpp"

namespace otedama::p2p {

class ShareConfirmations {
 public:
  explicit ShareConfirmations(std::size_t capacity = 4096, std::size_t maxVerifiers = 256)
      : capacity_(capacity == 0 ? 1 : capacity), maxVerifiers_(maxVerifiers == 0 ? 1 : maxVerifiers) {}

  // Counts `verifier` for the share once; true when it was new.
  bool add(const Hash32& shareId, const crypto::Ed25519PublicKey& verifier);
  std::size_t count(const Hash32& shareId) const;
  std::size_t size() const { return verifiers_.size(); }

 private:
  std::size_t capacity_;
  std::size_t maxVerifiers_;
  std::unordered_map<Hash32, std::vector<crypto::Ed25519PublicKey>, sharechain::HashKey> verifiers_;
  std::deque<Hash32> order_;  // share ids, oldest first
};

}  // namespace otedama::p2p
