// Variable difficulty per session, aimed at one share every `targetSeconds`.
//
// Rule: shares are counted since the last retarget. Once `retargetSeconds` have passed (or 20
// shares arrived, to react fast when a big miner starts at a low difficulty), the observed time
// per share is compared with the target; if it is off by more than `tolerance` (30 %), the
// difficulty is multiplied by target/observed, limited to x0.25..x4 per step and to [min, max].
// With no share at all for 2 x retargetSeconds the difficulty is lowered the same way, taking
// the silence as the observed time per share. A fixed difficulty (password "d=N") disables it.
#pragma once

#include <chrono>
#include <optional>

namespace otedama::stratum {

struct VardiffOptions {
  double startDifficulty = 1.0;
  double minDifficulty = 0.001;
  double maxDifficulty = 1e15;
  double targetSeconds = 10.0;
  double retargetSeconds = 60.0;
  double tolerance = 0.3;
};

class Vardiff {
 public:
  using Clock = std::chrono::steady_clock;

  Vardiff(const VardiffOptions& options, Clock::time_point now);

  double difficulty() const { return difficulty_; }
  bool fixed() const { return fixed_; }

  // A share was accepted at `now`. Returns the new difficulty when it changes.
  std::optional<double> onShare(Clock::time_point now);
  // Periodic check (lowers the difficulty of a silent miner). Returns the new difficulty if changed.
  std::optional<double> onTick(Clock::time_point now);

  // The miner's wish (mining.suggest_difficulty), clamped; ignored when fixed.
  std::optional<double> suggest(double difficulty, Clock::time_point now);
  // A fixed difficulty (clamped to the limits); vardiff stops.
  double fix(double difficulty);

  double clamp(double difficulty) const;

 private:
  std::optional<double> retarget(double observedSecondsPerShare, Clock::time_point now);

  VardiffOptions options_;
  double difficulty_;
  bool fixed_ = false;
  Clock::time_point windowStart_;
  unsigned sharesInWindow_ = 0;
};

}  // namespace otedama::stratum
