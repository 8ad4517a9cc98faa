// The work a share target stands for, in the 128-bit unit every weight, cumulative work and
// payout split of the share chain uses: floor(2^256 / (target + 1)), the expected number of
// hashes to meet the target.
#pragma once

#include <optional>

#include "util/uint256.hpp"

namespace otedama::sharechain {

using Work = BigUInt<2>;

// The work of a target; nullopt when it does not fit 128 bits (targets below 2^128).
std::optional<Work> workOfTarget(const UInt256& target);

// A target whose work is at least `work` and as close to it as integer division allows (the
// retarget's inverse of workOfTarget); the all-ones target for work <= 1.
UInt256 targetOfWork(const UInt256& work);

}  // namespace otedama::sharechain
