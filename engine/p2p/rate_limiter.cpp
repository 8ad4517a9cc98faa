// Token buckets and the per-message-type limits of a peer link.
#include "p2p/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace otedama::p2p {
namespace {

std::size_t indexOf(MessageType type) {
  const auto value = static_cast<std::size_t>(type);
  if (value < 1 || value > kMessageTypeCount) {
    throw std::invalid_argument("no rate limit for message type " + std::to_string(value));
  }
  return value - 1;
}

void checkLimit(const RateLimit& limit) {
  if (!(limit.perSecond > 0) || !std::isfinite(limit.perSecond) || !(limit.burst >= 1) || !std::isfinite(limit.burst)) {
    throw std::invalid_argument("a rate limit needs a positive rate and a burst of at least 1 (rate " +
                                std::to_string(limit.perSecond) + "/s, burst " + std::to_string(limit.burst) + ")");
  }
}

template <std::size_t... I>
std::array<TokenBucket, kMessageTypeCount> makeBuckets(const MessageRateLimits& limits, TokenBucket::Clock::time_point now,
                                                       double burstFactor, std::index_sequence<I...>) {
  auto scaled = [&](std::size_t index) {
    RateLimit limit = limits[static_cast<MessageType>(index + 1)];
    limit.burst = std::max(1.0, limit.burst * burstFactor);
    return limit;
  };
  return {TokenBucket(scaled(I), now)...};
}

}  // namespace

TokenBucket::TokenBucket(RateLimit limit, Clock::time_point now) : limit_(limit), tokens_(limit.burst), last_(now) {
  checkLimit(limit_);
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

RateLimit defaultRateLimit(MessageType type) {
  switch (type) {
    case MessageType::Ping: return {1, 5};
    case MessageType::Pong: return {1, 5};
    case MessageType::PeerStatus: return {1, 10};
    case MessageType::SharechainRequest: return {5, 20};
    case MessageType::SharechainBlock: return {10, 40};
    case MessageType::ShareSubmit: return {20, 100};
    case MessageType::ShareVerification: return {50, 200};
    case MessageType::TemplateRequest: return {2, 5};
    case MessageType::TemplateResponse: return {2, 5};
    case MessageType::TemplateUpdate: return {2, 5};
    case MessageType::PeersRequest: return {0.1, 2};
    case MessageType::PeersResponse: return {0.5, 3};
  }
  throw std::invalid_argument("no rate limit for message type " + std::to_string(static_cast<unsigned>(type)));
}

MessageRateLimits::MessageRateLimits() {
  for (std::size_t i = 0; i < kMessageTypeCount; ++i) limits_[i] = defaultRateLimit(static_cast<MessageType>(i + 1));
}

const RateLimit& MessageRateLimits::operator[](MessageType type) const { return limits_[indexOf(type)]; }
RateLimit& MessageRateLimits::operator[](MessageType type) { return limits_[indexOf(type)]; }

MessageRateLimits MessageRateLimits::scaled(double rateFactor, double burstFactor) const {
  MessageRateLimits out = *this;
  for (RateLimit& limit : out.limits_) {
    limit.perSecond *= rateFactor;
    limit.burst = std::max(1.0, limit.burst * burstFactor);
    checkLimit(limit);
  }
  return out;
}

MessageRateLimiter::MessageRateLimiter(const MessageRateLimits& limits, Clock::time_point now, double burstFactor)
    : buckets_(makeBuckets(limits, now, burstFactor, std::make_index_sequence<kMessageTypeCount>{})) {}

bool MessageRateLimiter::allow(MessageType type, Clock::time_point now) { return buckets_[indexOf(type)].take(now); }

const TokenBucket& MessageRateLimiter::bucket(MessageType type) const { return buckets_[indexOf(type)]; }

}  // namespace otedama::p2p
