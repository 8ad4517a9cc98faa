// Reward split arithmetic: 64 x 128-bit products, with a native 128-bit path for the usual case
// (weights below 2^64) and exact 256-bit division otherwise.
#include "sharechain/payout_split.hpp"

#include <algorithm>
#include <stdexcept>

namespace otedama::sharechain {

void sortForPayout(std::vector<MinerWeight>& weights) {
  std::sort(weights.begin(), weights.end(), [](const MinerWeight& a, const MinerWeight& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.script < b.script;
  });
}

std::uint64_t mulDivFloor(std::uint64_t a, const Work& b, const Work& c) {
  if (b.limb(1) == 0 && c.limb(1) == 0) {
    return static_cast<std::uint64_t>(static_cast<WideLimb>(a) * b.low64() / c.low64());
  }
  if (b.limb(1) == 0) {
    const WideLimb product = static_cast<WideLimb>(a) * b.low64();
    const WideLimb divisor = (static_cast<WideLimb>(c.limb(1)) << 64) | c.low64();
    return static_cast<std::uint64_t>(product / divisor);
  }
  const UInt256 product = UInt256(a) * b.resized<4>();
  return (product / c.resized<4>()).low64();
}

std::vector<chain::TxOutput> splitReward(std::int64_t reward, std::span<const MinerWeight> weightsInOrder,
                                         std::size_t maxOutputs, const Bytes& fallbackScript) {
  if (reward < 0) throw std::invalid_argument("negative block reward");
  if (maxOutputs == 0) throw std::invalid_argument("maxOutputs must be at least 1");
  const std::span<const MinerWeight> paid = weightsInOrder.first(std::min(maxOutputs, weightsInOrder.size()));
  Work total;
  for (const MinerWeight& miner : paid) total += miner.weight;
  if (paid.empty() || total.isZero()) return {{reward, fallbackScript}};

  std::vector<chain::TxOutput> outputs;
  outputs.reserve(paid.size());
  std::uint64_t distributed = 0;
  for (const MinerWeight& miner : paid) {
    const std::uint64_t amount = mulDivFloor(static_cast<std::uint64_t>(reward), miner.weight, total);
    distributed += amount;
    outputs.push_back({static_cast<std::int64_t>(amount), miner.script});
  }
  outputs.front().value += reward - static_cast<std::int64_t>(distributed);
  std::erase_if(outputs, [](const chain::TxOutput& output) { return output.value == 0; });
  return outputs;
}

}  // namespace otedama::sharechain
