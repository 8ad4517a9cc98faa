// The share difficulty the chain asks of the next share: over the window's shares, the oldest
// and newest 10 % of timestamps are dropped, the work of the shares between the remaining
// extremes is divided by their timespan and scaled to `targetShareTime`; one step moves the
// target by at most `retargetClampPercent`, and it stays within [minTarget, maxTarget].
// Also the median-time rule for timestamps.
#pragma once

#include <cstdint>
#include <span>

#include "sharechain/params.hpp"
#include "sharechain/work.hpp"

namespace otedama::sharechain {

struct RetargetSample {
  std::uint64_t timestamp = 0;
  Work work;
  std::uint32_t bits = 0;
};

// `newestFirst`: the previous share, its parent, ... (at most shareWindow of them; empty for a
// chain's first share). Returns compact bits.
std::uint32_t nextShareBits(const ShareChainParams& params, std::span<const RetargetSample> newestFirst);

// The median of the first `params.medianTimeSpan` samples' timestamps (0 when there are none): a
// new share's timestamp must be greater.
std::uint64_t medianTimePast(const ShareChainParams& params, std::span<const RetargetSample> newestFirst);

}  // namespace otedama::sharechain
