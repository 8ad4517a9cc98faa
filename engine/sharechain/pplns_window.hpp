// The PPLNS window's weight per payout script, kept incrementally: moving the window by one
// share adds the credits of the share that joins and removes those of the share that leaves,
// never a recomputation. The payout order is produced on demand (and cached until the next move).
#pragma once

#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "sharechain/credits.hpp"
#include "sharechain/payout_split.hpp"

namespace otedama::sharechain {

struct ScriptHash {
  std::size_t operator()(const Bytes& script) const noexcept;
};

class PplnsWindow {
 public:
  void add(std::span<const Credit> credits);
  // Throws std::logic_error when removing more than was added (a bookkeeping bug, never input).
  void remove(std::span<const Credit> credits);
  void clear();

  const Work& totalWeight() const { return total_; }
  std::size_t minerCount() const { return weights_.size(); }
  Work weightOf(const Bytes& script) const;

  // Every miner in payout order (cached until the next add/remove). The shared form lets the
  // chain keep the order of a tip without copying it.
  const std::vector<MinerWeight>& inPayoutOrder() const { return *payoutOrder(); }
  std::shared_ptr<const std::vector<MinerWeight>> payoutOrder() const;

 private:
  std::unordered_map<Bytes, Work, ScriptHash> weights_;
  Work total_;
  mutable std::shared_ptr<const std::vector<MinerWeight>> ordered_;  // null: changed since sorted
};

}  // namespace otedama::sharechain
