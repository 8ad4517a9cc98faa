// Test support: mines valid shares for a ShareChain on a made-up parent block (SHA-256d at a
// trivial share target, so thousands of shares take milliseconds), and re-seals a tampered share
// (coinbase, merkle root and proof of work redone) so that exactly one rule is broken.
#pragma once

#include <optional>

#include "sharechain/share_chain.hpp"
#include "sharechain/share_job.hpp"

namespace otedama::test {

// Parameters for engine tests: SHA-256d, a tiny window, shares of ~16 hashes.
sharechain::ShareChainParams testShareParams(unsigned window = 20);

// A distinct payout script (P2WPKH-shaped) per miner number.
Bytes minerScript(unsigned miner);

// Insert options at a clock of `now` unix seconds.
inline sharechain::InsertOptions at(std::uint64_t now) {
  sharechain::InsertOptions options;
  options.now = static_cast<std::int64_t>(now);
  return options;
}

class ShareFactory {
 public:
  explicit ShareFactory(const sharechain::ShareChain& chain);

  sharechain::ParentWork parent;  // never a block: its bits are far harder than any share

  // A valid share on `previous` (the tip when not given) for `payoutScript` at time `now`.
  sharechain::Share make(const Bytes& payoutScript, std::uint64_t now, std::optional<Hash32> previous = std::nullopt,
                         const Bytes& feeScript = {}, std::uint32_t feePpm = 0);

  // Rebuilds the coinbase from `payouts` and the share's fields, sets the merkle root and mines.
  void reseal(sharechain::Share& share, const std::vector<chain::TxOutput>& payouts) const;
  // Reseal with the payouts the chain expects after the share's previous share.
  void resealWithChainPayouts(sharechain::Share& share) const;
  // Finds a nonce meeting the share's target (or `target` when given).
  void mine(sharechain::Share& share, std::optional<UInt256> target = std::nullopt) const;

 private:
  const sharechain::ShareChain& chain_;
  std::uint32_t extranonceCounter_ = 0;
};

}  // namespace otedama::test
