// A token bucket: `perSecond` tokens added continuously up to `burst`, one (or `cost`) taken per
// event; what every rate limit in the engine is made of (peer messages and connections, API
// requests). The clock is passed in, so the rules are testable without waiting.
#pragma once

#include <chrono>

namespace otedama {

struct RateLimit {
  double perSecond = 1;
  double burst = 1;
  friend bool operator==(const RateLimit&, const RateLimit&) = default;
};

// Throws std::invalid_argument unless perSecond is positive and burst at least 1 (finite both):
// anything else would refuse everything.
void checkRateLimit(const RateLimit& limit);

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts full. Throws like checkRateLimit.
  TokenBucket(RateLimit limit, Clock::time_point now);

  // Takes `cost` tokens if there are that many; false (and nothing taken) otherwise. A clock that
  // goes backwards adds nothing.
  bool take(Clock::time_point now, double cost = 1);
  double available(Clock::time_point now) const;
  // Seconds until `cost` tokens are there (0 when they are).
  double secondsUntil(Clock::time_point now, double cost = 1) const;
  bool full(Clock::time_point now) const { return available(now) >= limit_.burst; }
  const RateLimit& limit() const { return limit_; }

 private:
  RateLimit limit_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace otedama
