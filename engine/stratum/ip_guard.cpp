// Per-IP connection caps, rate limits and bans.
#include "stratum/ip_guard.hpp"

#include <algorithm>

namespace otedama::stratum {

Admission IpGuard::admit(const std::string& ip, bool loopback, Clock::time_point now) {
  Entry& e = entries_[ip];
  const bool exempt = loopback && options_.exemptLoopback;
  if (!exempt && now < e.bannedUntil) return Admission::Banned;
  if (!exempt) {
    const double capacity = options_.connectionsPerMinute;
    if (e.tokens < 0) {
      e.tokens = capacity;
      e.lastRefill = now;
    }
    e.tokens = std::min(capacity, e.tokens + std::chrono::duration<double>(now - e.lastRefill).count() * capacity / 60.0);
    e.lastRefill = now;
    if (e.tokens < 1.0) return Admission::TooFast;
    if (e.connections >= options_.maxConnectionsPerIp) return Admission::TooManyConnections;
    e.tokens -= 1.0;
  }
  ++e.connections;
  return Admission::Ok;
}

void IpGuard::release(const std::string& ip) {
  auto it = entries_.find(ip);
  if (it != entries_.end() && it->second.connections > 0) --it->second.connections;
}

bool IpGuard::penalize(const std::string& ip, bool loopback, int points, Clock::time_point now) {
  if (loopback && options_.exemptLoopback) return false;
  Entry& e = entries_[ip];
  e.score += points;
  if (e.score >= options_.banThreshold) {
    e.bannedUntil = now + options_.banDuration;
    e.score = 0;
    return true;
  }
  return now < e.bannedUntil;
}

bool IpGuard::isBanned(const std::string& ip, Clock::time_point now) const {
  auto it = entries_.find(ip);
  return it != entries_.end() && now < it->second.bannedUntil;
}

void IpGuard::unban(const std::string& ip) {
  auto it = entries_.find(ip);
  if (it != entries_.end()) {
    it->second.bannedUntil = {};
    it->second.score = 0;
  }
}

std::vector<BanInfo> IpGuard::bans(Clock::time_point now) const {
  std::vector<BanInfo> out;
  for (const auto& [ip, e] : entries_) {
    if (now < e.bannedUntil) out.push_back({ip, e.bannedUntil});
  }
  return out;
}

void IpGuard::prune(Clock::time_point now) {
  std::erase_if(entries_, [&](const auto& item) {
    const Entry& e = item.second;
    return e.connections == 0 && e.score == 0 && now >= e.bannedUntil &&
           (e.tokens < 0 || e.tokens >= options_.connectionsPerMinute - 1e-9 ||
            now - e.lastRefill > std::chrono::minutes(1));
  });
}

}  // namespace otedama::stratum
