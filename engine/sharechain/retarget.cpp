// Trimmed-window retarget and median time (integer arithmetic only: consensus).
#include "sharechain/retarget.hpp"

#include <algorithm>
#include <vector>

#include "util/compact_target.hpp"

namespace otedama::sharechain {

std::uint32_t nextShareBits(const ShareChainParams& params, std::span<const RetargetSample> newestFirst) {
  if (newestFirst.empty()) return compactFromTarget(params.maxTarget);
  const std::uint32_t previousBits = newestFirst.front().bits;
  const std::size_t n = std::min<std::size_t>(newestFirst.size(), params.shareWindow);
  const std::size_t trim = n / 10;
  const std::size_t lo = trim, hi = n - 1 - trim;
  if (n < 4 || hi <= lo) return previousBits;

  // Only the lo-th and hi-th smallest timestamps matter: select them rather than sort them all.
  std::vector<std::uint64_t> times(n);
  for (std::size_t i = 0; i < n; ++i) times[i] = newestFirst[i].timestamp;
  const auto at = [&times](std::size_t k) { return times.begin() + static_cast<std::ptrdiff_t>(k); };
  std::nth_element(times.begin(), at(hi), times.end());
  std::nth_element(times.begin(), at(lo), at(hi));
  const std::uint64_t span = std::max<std::uint64_t>(1, times[hi] - times[lo]);

  // Work of the shares after the lo-th and up to the hi-th, oldest first (index n-1 is the oldest).
  UInt256 work;
  for (std::size_t i = lo + 1; i <= hi; ++i) work += newestFirst[n - 1 - i].work.resized<4>();
  const UInt256 perShare = work * UInt256(params.targetShareTime) / UInt256(span);

  const UInt512 previous = targetFromCompact(previousBits).value_or(params.maxTarget).resized<8>();
  const UInt512 lowest = previous * UInt512(100 - std::min(params.retargetClampPercent, 99U)) / UInt512(100);
  const UInt512 highest = previous * UInt512(100 + params.retargetClampPercent) / UInt512(100);
  UInt512 target = targetOfWork(perShare).resized<8>();
  target = std::clamp(target, lowest, std::max(lowest, highest));
  target = std::clamp(target, params.minTarget.resized<8>(), params.maxTarget.resized<8>());
  return compactFromTarget(target.resized<4>());
}

std::uint64_t medianTimePast(const ShareChainParams& params, std::span<const RetargetSample> newestFirst) {
  const std::size_t n = std::min<std::size_t>(newestFirst.size(), params.medianTimeSpan);
  if (n == 0) return 0;
  std::vector<std::uint64_t> times(n);
  for (std::size_t i = 0; i < n; ++i) times[i] = newestFirst[i].timestamp;
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(n / 2), times.end());
  return times[n / 2];
}

}  // namespace otedama::sharechain
