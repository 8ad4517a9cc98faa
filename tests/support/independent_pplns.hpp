// Test support: the PPLNS window and payout split recomputed from scratch, the plain way (walk the
// best chain back, 512-bit arithmetic, std::map), to check the share chain's incremental window.
#pragma once

#include <map>
#include <vector>

#include "chain/coinbase.hpp"
#include "sharechain/share_chain.hpp"

namespace otedama::test {

using IndependentWeights = std::map<Bytes, UInt512>;

// floor(2^256 / (target + 1)) for a share's bits.
UInt512 independentWork(std::uint32_t bits);

// The window ending at `tip` (inclusive): shareWindow shares, uncles at reduced weight with the
// penalty to the nephew, each credit split by its owner's fee.
IndependentWeights independentWindow(const sharechain::ShareChain& chain, const Hash32& tip);

std::vector<chain::TxOutput> independentPayouts(std::int64_t reward, const IndependentWeights& weights,
                                                std::size_t maxOutputs, const Bytes& fallback);

// Empty when the chain's window equals `expected`, else the first difference.
std::string compareWindow(const sharechain::PplnsWindow& window, const IndependentWeights& expected);

}  // namespace otedama::test
