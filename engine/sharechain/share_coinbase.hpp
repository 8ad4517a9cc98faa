// The coinbase of a share, from the chain's payouts and the share's own fields. Job building and
// share verification both use this, so what a miner is given is exactly what every node rebuilds.
#pragma once

#include <optional>

#include "chain/coinbase.hpp"
#include "sharechain/params.hpp"
#include "sharechain/share.hpp"

namespace otedama::sharechain {

struct ShareCoinbaseInputs {
  std::uint32_t parentHeight = 0;
  std::vector<chain::TxOutput> payouts;  // the PPLNS split at the previous share
  const ShareData* data = nullptr;
  std::optional<Hash32> witnessCommitment;
  std::size_t extranonce1Size = 4;
  std::size_t extranonce2Size = 4;
};

// Throws chain::CoinbaseError when the coinbase would break a consensus limit.
chain::Coinbase buildShareCoinbase(const ShareChainParams& params, const Hash32& consensusId,
                                   const ShareCoinbaseInputs& inputs);

}  // namespace otedama::sharechain
