// Token buckets that bound how many messages of each type a peer may send over one link. A
// message beyond its bucket is a flood (the link reports it and closes), so the limits are set
// well above what an honest node sends and still low enough that one peer cannot keep our network
// thread busy. The clock is passed in, so the rules are testable without waiting.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>

#include "p2p/messages.hpp"
#include "util/token_bucket.hpp"

namespace otedama::p2p {

// The engine's token bucket (util/token_bucket.hpp), named here as the p2p API always has.
using otedama::RateLimit;
using otedama::TokenBucket;

// Message types 1 .. kMessageTypeCount (MessageType).
inline constexpr std::size_t kMessageTypeCount = 12;

// What a peer may send us of one type, per link. The reasoning, per type:
//   ping, pong            1/s, burst 5    we ping every 30 s; anything near 1/s is already odd
//   peer:status           1/s, burst 10   on connect and when the tip moves (a share every ~10 s,
//                                         a reorg or catch-up moves it several times at once)
//   sharechain:request    5/s, burst 20   a syncing peer asks batch after batch (64 shares each,
//                                         so 320 shares/s); the burst covers orphans asking for
//                                         their missing parents and uncles
//   sharechain:block      10/s, burst 40  answers to our own requests, which we pace at 5/s
//   share:submit          20/s, burst 100 the whole network finds one share per ~10 s; relays
//                                         of uncles and a reconnect's catch-up come in bursts
//   share:verification    50/s, burst 200 one verdict per share per verifying node, relayed
//   template:*            2/s, burst 5    parent-chain templates change every few seconds at most
//   peers:request         0.1/s, burst 2  one on connect, then now and then; each answer costs
//                                         us up to 32 entries
//   peers:response        0.5/s, burst 3  answers to our own peers:request
RateLimit defaultRateLimit(MessageType type);

// One limit per message type.
class MessageRateLimits {
 public:
  MessageRateLimits();  // defaultRateLimit for every type

  const RateLimit& operator[](MessageType type) const;
  RateLimit& operator[](MessageType type);
  // Every type scaled (tests; a node that wants to be stricter or looser).
  MessageRateLimits scaled(double rateFactor, double burstFactor) const;

 private:
  std::array<RateLimit, kMessageTypeCount> limits_;
};

// One bucket per message type, for one link and one direction. The link uses it on what it
// receives (over the limit: a flood) and, with half the burst, on what it sends: TCP may bunch
// messages we spaced out, and the peer must still see them within its limit.
class MessageRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // burstFactor scales every burst (at least 1 token remains).
  MessageRateLimiter(const MessageRateLimits& limits, Clock::time_point now, double burstFactor = 1.0);

  // Takes a token of this type: false when the type is over its limit.
  bool allow(MessageType type, Clock::time_point now);
  const TokenBucket& bucket(MessageType type) const;

 private:
  std::array<TokenBucket, kMessageTypeCount> buckets_;
};

}  // namespace otedama::p2p
