// Credit rules of one share; integer arithmetic only (every node must get the same weights).
#include "sharechain/credits.hpp"

namespace otedama::sharechain {
namespace {

constexpr std::uint64_t kPpm = 1'000'000;

// `amount` to the share's miner, less the node fee that goes to the share's fee script.
void credit(std::vector<Credit>& out, const ShareData& owner, const Work& amount) {
  if (amount.isZero()) return;
  Work fee;
  if (owner.feePpm != 0 && !owner.feeScript.empty()) fee = amount * Work(owner.feePpm) / Work(kPpm);
  const Work rest = amount - fee;
  if (!rest.isZero()) out.push_back({owner.payoutScript, rest});
  if (!fee.isZero()) out.push_back({owner.feeScript, fee});
}

}  // namespace

std::vector<Credit> shareCredits(const ShareChainParams& params, const ShareData& data, const Work& work,
                                 std::span<const UncleCredit> uncles) {
  std::vector<Credit> credits;
  credits.reserve(2 + uncles.size() * 2);
  Work own = work;
  for (const UncleCredit& uncle : uncles) {
    const Work penalty = uncle.work * Work(params.unclePenaltyPercent) / Work(100);
    credit(credits, *uncle.data, uncle.work - penalty);
    own += penalty;
  }
  credit(credits, data, own);
  return credits;
}

}  // namespace otedama::sharechain
