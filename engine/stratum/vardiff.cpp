// Variable difficulty.
#include "stratum/vardiff.hpp"

#include <algorithm>
#include <cmath>

namespace otedama::stratum {

namespace {
constexpr unsigned kFastRetargetShares = 20;
constexpr double kMaxStepUp = 4.0, kMaxStepDown = 0.25;

double seconds(Vardiff::Clock::duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

Vardiff::Vardiff(const VardiffOptions& options, Clock::time_point now)
    : options_(options), difficulty_(0), windowStart_(now) {
  difficulty_ = clamp(options.startDifficulty);
}

double Vardiff::clamp(double difficulty) const {
  if (!std::isfinite(difficulty) || difficulty <= 0) return difficulty_ > 0 ? difficulty_ : options_.minDifficulty;
  return std::clamp(difficulty, options_.minDifficulty, options_.maxDifficulty);
}

std::optional<double> Vardiff::onShare(Clock::time_point now) {
  if (fixed_) return std::nullopt;
  ++sharesInWindow_;
  const double elapsed = seconds(now - windowStart_);
  if (elapsed < options_.retargetSeconds && sharesInWindow_ < kFastRetargetShares) return std::nullopt;
  return retarget(elapsed / sharesInWindow_, now);
}

std::optional<double> Vardiff::onTick(Clock::time_point now) {
  if (fixed_ || sharesInWindow_ != 0) return std::nullopt;
  const double elapsed = seconds(now - windowStart_);
  if (elapsed < 2 * options_.retargetSeconds) return std::nullopt;
  return retarget(elapsed, now);
}

std::optional<double> Vardiff::retarget(double observedSecondsPerShare, Clock::time_point now) {
  windowStart_ = now;
  sharesInWindow_ = 0;
  const double ratio = options_.targetSeconds / std::max(observedSecondsPerShare, 1e-3);
  if (std::abs(ratio - 1.0) <= options_.tolerance) return std::nullopt;
  const double next = clamp(difficulty_ * std::clamp(ratio, kMaxStepDown, kMaxStepUp));
  if (next == difficulty_) return std::nullopt;
  difficulty_ = next;
  return difficulty_;
}

std::optional<double> Vardiff::suggest(double difficulty, Clock::time_point now) {
  if (fixed_) return std::nullopt;
  const double next = clamp(difficulty);
  windowStart_ = now;
  sharesInWindow_ = 0;
  if (next == difficulty_) return std::nullopt;
  difficulty_ = next;
  return difficulty_;
}

double Vardiff::fix(double difficulty) {
  fixed_ = true;
  difficulty_ = clamp(difficulty);
  return difficulty_;
}

}  // namespace otedama::stratum
