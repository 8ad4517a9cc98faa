// The exact integer split of a block reward over PPLNS weights, the same on every node:
//   1. miners are ordered by weight (heaviest first), ties by payout script bytes (ascending);
//   2. only the first `maxOutputs` are paid; lighter miners beyond the limit get nothing in this
//      block and their weight is left out of the split (their shares stay in the window and
//      count for the next block they are heavy enough for);
//   3. each paid miner gets floor(reward * weight / total weight of the paid miners);
//   4. the units left by rounding (fewer than the number of paid miners) go to the first output;
//   5. outputs that come to zero are left out; the order of step 1 is the output order.
// An empty window pays the whole reward to `fallbackScript` (the share's own miner).
#pragma once

#include <cstdint>
#include <vector>

#include "chain/coinbase.hpp"
#include "sharechain/work.hpp"

namespace otedama::sharechain {

struct MinerWeight {
  Bytes script;
  Work weight;
  friend bool operator==(const MinerWeight&, const MinerWeight&) = default;
};

// Sorts into the payout order of rule 1.
void sortForPayout(std::vector<MinerWeight>& weights);

// `weights` must already be in payout order (sortForPayout). Throws std::invalid_argument for a
// negative reward or a zero maxOutputs.
std::vector<chain::TxOutput> splitReward(std::int64_t reward, std::span<const MinerWeight> weightsInOrder,
                                         std::size_t maxOutputs, const Bytes& fallbackScript);

// floor(a * b / c) without overflow (c > 0, b <= c); exposed for tests.
std::uint64_t mulDivFloor(std::uint64_t a, const Work& b, const Work& c);

}  // namespace otedama::sharechain
