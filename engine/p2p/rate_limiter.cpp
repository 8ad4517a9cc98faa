// The per-message-type limits of a peer link.
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
    checkRateLimit(limit);
  }
  return out;
}

MessageRateLimiter::MessageRateLimiter(const MessageRateLimits& limits, Clock::time_point now, double burstFactor)
    : buckets_(makeBuckets(limits, now, burstFactor, std::make_index_sequence<kMessageTypeCount>{})) {}

bool MessageRateLimiter::allow(MessageType type, Clock::time_point now) { return buckets_[indexOf(type)].take(now); }

const TokenBucket& MessageRateLimiter::bucket(MessageType type) const { return buckets_[indexOf(type)]; }

}  // namespace otedama::p2p
