// Target <-> work conversions in 256-bit integer arithmetic (no floating point: consensus).
#include "sharechain/work.hpp"

namespace otedama::sharechain {

std::optional<Work> workOfTarget(const UInt256& target) {
  // 2^256 / (target + 1) == (~target / (target + 1)) + 1, which stays within 256 bits.
  if (target == UInt256::max()) return Work(1);
  const UInt256 work = (~target / (target + UInt256(1))) + UInt256(1);
  if (work.bitLength() > Work::kBits) return std::nullopt;
  return work.resized<Work::kLimbs>();
}

UInt256 targetOfWork(const UInt256& work) {
  if (work <= UInt256(1)) return UInt256::max();
  // floor((2^256 - 1) / work) differs from floor(2^256 / work) only when work divides 2^256,
  // which a retarget cannot tell apart; subtracting one keeps workOfTarget(result) >= work.
  return (UInt256::max() / work) - UInt256(1);
}

}  // namespace otedama::sharechain
