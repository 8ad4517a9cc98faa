// Per-miner and per-worker statistics for the rest of the node: accepted shares and difficulty,
// rejections by reason, last share time, current difficulty, and hashrate estimated from the
// accepted difficulty over 15 minutes, 1 hour and 24 hours (one-minute buckets).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace otedama::stratum {

struct WorkerStats {
  std::string address;
  std::string worker;  // "" for the address's default worker
  std::uint64_t accepted = 0;
  double acceptedDifficulty = 0;
  std::map<std::string, std::uint64_t> rejected;  // reason -> count
  std::optional<std::chrono::system_clock::time_point> lastShare;
  double difficulty = 0;
  unsigned connections = 0;
  double hashrate15m = 0, hashrate1h = 0, hashrate24h = 0;  // hashes per second
};

class StatsBook {
 public:
  using Clock = std::chrono::system_clock;

  // hashes: the expected number of hashes one share of this difficulty stands for.
  void recordAccepted(const std::string& address, const std::string& worker, double difficulty, double hashes,
                      Clock::time_point now);
  void recordRejected(const std::string& address, const std::string& worker, const std::string& reason,
                      Clock::time_point now);
  void setDifficulty(const std::string& address, const std::string& worker, double difficulty);
  void connectionOpened(const std::string& address, const std::string& worker, Clock::time_point now = Clock::now());
  void connectionClosed(const std::string& address, const std::string& worker);

  std::vector<WorkerStats> snapshot(Clock::time_point now) const;

 private:
  static constexpr std::size_t kMinutes = 24 * 60;
  struct Record {
    WorkerStats stats;
    std::array<double, kMinutes> hashesPerMinute{};  // ring, indexed by minute since the epoch
    std::int64_t lastMinute = 0;
    // When the worker was first seen (connected or sent a share): a window longer than the time
    // since is measured over that time, or a miner that just started would show a fraction of
    // its hashrate for the first day.
    std::optional<Clock::time_point> firstSeen;
  };
  Record& record(const std::string& address, const std::string& worker);
  static void advance(Record& r, std::int64_t minute);

  std::map<std::pair<std::string, std::string>, Record> records_;
};

}  // namespace otedama::stratum
