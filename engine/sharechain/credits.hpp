// What one best-chain share adds to the PPLNS window: its work, split between its miner and its
// node's fee, and for each uncle it includes the uncle's work less the uncle penalty (split the
// same way by the uncle's own fee) with the penalty credited to this share's miner.
#pragma once

#include <span>
#include <vector>

#include "sharechain/params.hpp"
#include "sharechain/share.hpp"

namespace otedama::sharechain {

struct Credit {
  Bytes script;
  Work weight;
  friend bool operator==(const Credit&, const Credit&) = default;
};

struct UncleCredit {
  const ShareData* data;
  Work work;
};

// Credits of one share (same script may appear more than once; the window merges them).
std::vector<Credit> shareCredits(const ShareChainParams& params, const ShareData& data, const Work& work,
                                 std::span<const UncleCredit> uncles);

}  // namespace otedama::sharechain
