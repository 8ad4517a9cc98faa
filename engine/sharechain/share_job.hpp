// From the parent chain's template and the share chain's next share to what a miner hashes (the
// coinbase halves and the merkle branch), and from a miner's solution back to a Share. The work
// coordinator makes one per payout script; tests mine with it directly.
#pragma once

#include <optional>
#include <vector>

#include "chain/coinbase.hpp"
#include "sharechain/share_chain.hpp"

namespace otedama::sharechain {

// What a share takes from the parent chain's block template.
struct ParentWork {
  std::int32_t version = 0;
  Hash32 previousBlockHash{};  // internal order
  std::uint32_t bits = 0;
  std::uint32_t height = 0;
  std::int64_t coinbaseValue = 0;
  std::optional<Hash32> witnessCommitment;
  std::vector<Hash32> txidsAfterCoinbase;  // internal order, block order
};

struct ShareJob {
  ShareData data;
  std::vector<chain::TxOutput> payouts;
  chain::Coinbase coinbase;
  std::vector<Hash32> merkleBranch;
  std::int32_t version = 0;
  Hash32 previousBlockHash{};
  std::uint32_t bits = 0;
  std::uint32_t parentHeight = 0;
  std::int64_t coinbaseValue = 0;
  std::optional<Hash32> witnessCommitment;
};

// Throws chain::CoinbaseError when the coinbase would break a consensus limit.
ShareJob makeShareJob(const ShareChain& chain, const ParentWork& parent, NextShare next,
                      std::size_t extranonce1Size = 4, std::size_t extranonce2Size = 4);

// The share a solution of the job makes (extranonce1 || extranonce2 as the miner hashed them).
Share completeShare(const ShareJob& job, ByteSpan extranonce1, ByteSpan extranonce2, std::int32_t version,
                    std::uint32_t time, std::uint32_t nonce);

}  // namespace otedama::sharechain
