// Per-IP protection for the stratum port: a cap on simultaneous connections, a rate limit on new
// ones, and a ban score that invalid shares and junk raise; at the threshold the address is banned
// for a while. Loopback can be exempted (a local miner or the sandbox).
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

namespace otedama::stratum {

struct IpGuardOptions {
  unsigned maxConnectionsPerIp = 64;
  unsigned connectionsPerMinute = 120;
  int banThreshold = 100;
  std::chrono::seconds banDuration{600};
  bool exemptLoopback = true;
};

enum class Admission { Ok, Banned, TooManyConnections, TooFast };

struct BanInfo {
  std::string ip;
  std::chrono::steady_clock::time_point until;
};

class IpGuard {
 public:
  using Clock = std::chrono::steady_clock;
  explicit IpGuard(IpGuardOptions options) : options_(options) {}

  Admission admit(const std::string& ip, bool loopback, Clock::time_point now);
  void release(const std::string& ip);
  // Adds points; returns true when the address is (now) banned.
  bool penalize(const std::string& ip, bool loopback, int points, Clock::time_point now);
  bool isBanned(const std::string& ip, Clock::time_point now) const;
  void unban(const std::string& ip);
  std::vector<BanInfo> bans(Clock::time_point now) const;
  // Forgets addresses with no connection, no score and no ban (bounded memory).
  void prune(Clock::time_point now);

 private:
  struct Entry {
    unsigned connections = 0;
    double tokens = -1;  // connection rate bucket; -1: full
    Clock::time_point lastRefill{};
    int score = 0;
    Clock::time_point bannedUntil{};
  };

  IpGuardOptions options_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace otedama::stratum
