// A peer's standing: a score that good behaviour raises slowly and misbehaviour lowers quickly,
// with a ban (and its length, longer for repeat offenders) once it falls to the threshold, plus
// the figures the UI shows (latency, uptime, valid and invalid shares). Pure: times are passed in.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace otedama::p2p {

enum class Misbehavior {
  Malformed,        // a message or frame that does not decode or authenticate
  Flood,            // over a per-message rate limit
  InvalidShare,     // a share the share chain refused (other than for a missing parent)
  HandshakeFailed,  // bad signature, bad proof of work, wrong consensus
  SlowReader,       // its send queue overflowed
};
std::string_view misbehaviorName(Misbehavior misbehavior);

struct ReputationPolicy {
  int start = 0;
  int maxScore = 100;
  int banThreshold = -100;
  int validShare = 1;
  int penaltyMalformed = 100;       // one garbled message is enough: honest peers never send one
  int penaltyHandshakeFailed = 100;
  int penaltyInvalidShare = 34;     // three invalid shares
  int penaltyFlood = 50;
  int penaltySlowReader = 20;
  std::chrono::seconds firstBan{std::chrono::hours(1)};
  unsigned banGrowth = 4;           // each later ban of the same peer lasts this much longer
  std::chrono::seconds maxBan{std::chrono::hours(24 * 7)};
};

class PeerReputation {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PeerReputation(ReputationPolicy policy = {}, Clock::time_point connectedAt = Clock::now())
      : policy_(policy), score_(policy.start), connectedAt_(connectedAt) {}

  void validShare();
  // Returns how long to ban the peer when this pushes it to the threshold, else nullopt.
  std::optional<std::chrono::seconds> misbehaved(Misbehavior misbehavior);
  void latency(std::chrono::microseconds sample);  // smoothed (EWMA 1/8)

  int score() const { return score_; }
  std::uint64_t validShares() const { return validShares_; }
  std::uint64_t invalidShares() const { return invalidShares_; }
  unsigned bans() const { return bans_; }
  std::optional<std::chrono::microseconds> smoothedLatency() const { return latency_; }
  std::chrono::seconds uptime(Clock::time_point now) const;
  // 0..1 for people: the score mapped onto [threshold, max], lowered for high latency.
  double display() const;

 private:
  ReputationPolicy policy_;
  int score_;
  Clock::time_point connectedAt_;
  std::uint64_t validShares_ = 0, invalidShares_ = 0;
  unsigned bans_ = 0;
  std::optional<std::chrono::microseconds> latency_;
};

}  // namespace otedama::p2p
