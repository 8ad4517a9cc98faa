// Token buckets.
#include "util/token_bucket.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace otedama {

void checkRateLimit(const RateLimit& limit) {
  if (!(limit.perSecond > 0) || !std::isfinite(limit.perSecond) || !(limit.burst >= 1) || !std::isfinite(limit.burst)) {
    throw std::invalid_argument("a rate limit needs a positive rate and a burst of at least 1 (rate " +
                                std::to_string(limit.perSecond) + "/s, burst " + std::to_string(limit.burst) + ")");
  }
}

TokenBucket::TokenBucket(RateLimit limit, Clock::time_point now) : limit_(limit), tokens_(limit.burst), last_(now) {
  checkRateLimit(limit_);
}

bool TokenBucket::take(Clock::time_point now, double cost) {
  tokens_ = available(now);
  if (now > last_) last_ = now;
  if (tokens_ < cost) return false;
  tokens_ -= cost;
  return true;
}

double TokenBucket::available(Clock::time_point now) const {
  if (now <= last_) return tokens_;
  const double seconds = std::chrono::duration<double>(now - last_).count();
  return std::min(limit_.burst, tokens_ + seconds * limit_.perSecond);
}

double TokenBucket::secondsUntil(Clock::time_point now, double cost) const {
  const double missing = cost - available(now);
  return missing <= 0 ? 0 : missing / limit_.perSecond;
}

}  // namespace otedama
