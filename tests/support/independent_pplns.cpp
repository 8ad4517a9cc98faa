// Straightforward PPLNS recomputation for tests.
#include "independent_pplns.hpp"

#include <algorithm>

#include "util/compact_target.hpp"
#include "util/hex.hpp"

namespace otedama::test {

UInt512 independentWork(std::uint32_t bits) {
  // Bits repeat from share to share; remembering the bit-by-bit 512-bit division keeps sanitizer
  // runs of the simulations short. (Tests are single-threaded.)
  static std::map<std::uint32_t, UInt512> known;
  if (const auto it = known.find(bits); it != known.end()) return it->second;
  const UInt512 target = targetFromCompact(bits).value().resized<8>();
  return known[bits] = UInt512::powerOfTwo(256) / (target + UInt512(1));
}

namespace {

void credit(IndependentWeights& weights, const sharechain::ShareData& owner, const UInt512& amount) {
  UInt512 fee;
  if (owner.feePpm != 0 && !owner.feeScript.empty()) fee = amount * UInt512(owner.feePpm) / UInt512(1000000);
  if (!(amount - fee).isZero()) weights[owner.payoutScript] += amount - fee;
  if (!fee.isZero()) weights[owner.feeScript] += fee;
}

}  // namespace

IndependentWeights independentWindow(const sharechain::ShareChain& chain, const Hash32& tip) {
  IndependentWeights weights;
  const sharechain::ShareEntry* entry = chain.find(tip);
  for (unsigned n = 0; entry && n < chain.params().shareWindow; ++n) {
    const sharechain::ShareData& data = entry->share.data;
    UInt512 own = independentWork(data.shareBits);
    for (const Hash32& uncleId : data.uncles) {
      const sharechain::ShareEntry* uncle = chain.find(uncleId);
      const UInt512 work = independentWork(uncle->share.data.shareBits);
      const UInt512 penalty = work * UInt512(chain.params().unclePenaltyPercent) / UInt512(100);
      credit(weights, uncle->share.data, work - penalty);
      own += penalty;
    }
    credit(weights, data, own);
    entry = chain.find(data.previousShareId);
  }
  return weights;
}

std::vector<chain::TxOutput> independentPayouts(std::int64_t reward, const IndependentWeights& weights,
                                                std::size_t maxOutputs, const Bytes& fallback) {
  std::vector<std::pair<Bytes, UInt512>> order(weights.begin(), weights.end());
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (order.size() > maxOutputs) order.resize(maxOutputs);
  if (order.empty()) return {{reward, fallback}};
  UInt512 total;
  for (const auto& [script, weight] : order) total += weight;
  std::vector<chain::TxOutput> outputs;
  std::int64_t paid = 0;
  for (const auto& [script, weight] : order) {
    const auto amount = static_cast<std::int64_t>((UInt512(static_cast<std::uint64_t>(reward)) * weight / total).low64());
    outputs.push_back({amount, script});
    paid += amount;
  }
  outputs.front().value += reward - paid;
  std::erase_if(outputs, [](const chain::TxOutput& output) { return output.value == 0; });
  return outputs;
}

std::string compareWindow(const sharechain::PplnsWindow& window, const IndependentWeights& expected) {
  if (window.minerCount() != expected.size()) {
    return "window has " + std::to_string(window.minerCount()) + " miners, expected " + std::to_string(expected.size());
  }
  for (const auto& [script, weight] : expected) {
    if (window.weightOf(script).resized<8>() != weight) {
      return "weight of " + toHex(script) + " is " + window.weightOf(script).toHex() + ", expected " + weight.toHex();
    }
  }
  return {};
}

}  // namespace otedama::test
