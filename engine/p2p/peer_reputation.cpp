// Reputation arithmetic and ban lengths.
#include "p2p/peer_reputation.hpp"

#include <algorithm>

namespace otedama::p2p {

std::string_view misbehaviorName(Misbehavior misbehavior) {
  switch (misbehavior) {
    case Misbehavior::Malformed: return "malformed message";
    case Misbehavior::Flood: return "message flood";
    case Misbehavior::InvalidShare: return "invalid share";
    case Misbehavior::HandshakeFailed: return "failed handshake";
    case Misbehavior::SlowReader: return "slow reader";
  }
  return "misbehavior";
}

void PeerReputation::validShare() {
  ++validShares_;
  score_ = std::min(policy_.maxScore, score_ + policy_.validShare);
}

std::optional<std::chrono::seconds> PeerReputation::misbehaved(Misbehavior misbehavior) {
  int penalty = 0;
  switch (misbehavior) {
    case Misbehavior::Malformed: penalty = policy_.penaltyMalformed; break;
    case Misbehavior::Flood: penalty = policy_.penaltyFlood; break;
    case Misbehavior::InvalidShare:
      penalty = policy_.penaltyInvalidShare;
      ++invalidShares_;
      break;
    case Misbehavior::HandshakeFailed: penalty = policy_.penaltyHandshakeFailed; break;
    case Misbehavior::SlowReader: penalty = policy_.penaltySlowReader; break;
  }
  score_ = std::max(policy_.banThreshold, score_ - penalty);
  if (score_ > policy_.banThreshold) return std::nullopt;
  // Banned: the next offence after the ban starts again from the initial score but costs more.
  std::chrono::seconds length = policy_.firstBan;
  for (unsigned i = 0; i < bans_ && length < policy_.maxBan; ++i) length *= policy_.banGrowth;
  ++bans_;
  score_ = policy_.start;
  return std::min(length, policy_.maxBan);
}

void PeerReputation::latency(std::chrono::microseconds sample) {
  latency_ = latency_ ? (*latency_ * 7 + sample) / 8 : sample;
}

std::chrono::seconds PeerReputation::uptime(Clock::time_point now) const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::max(now - connectedAt_, Clock::duration::zero()));
}

double PeerReputation::display() const {
  const double span = policy_.maxScore - policy_.banThreshold;
  double value = span > 0 ? (score_ - policy_.banThreshold) / span : 0;
  if (latency_) {
    // Above 250 ms a link relays shares late: take up to a quarter off.
    const double ms = static_cast<double>(latency_->count()) / 1000.0;
    value *= 1.0 - std::clamp((ms - 250.0) / 1000.0, 0.0, 0.25);
  }
  return std::clamp(value, 0.0, 1.0);
}

}  // namespace otedama::p2p
