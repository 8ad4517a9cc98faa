// Worker statistics.
#include "stratum/worker_stats.hpp"

#include <algorithm>

namespace otedama::stratum {

namespace {
std::int64_t minuteOf(StatsBook::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::minutes>(t.time_since_epoch()).count();
}
}  // namespace

StatsBook::Record& StatsBook::record(const std::string& address, const std::string& worker) {
  Record& r = records_[{address, worker}];
  r.stats.address = address;
  r.stats.worker = worker;
  return r;
}

void StatsBook::advance(Record& r, std::int64_t minute) {
  if (minute <= r.lastMinute) return;
  const std::int64_t gap = std::min<std::int64_t>(minute - r.lastMinute, kMinutes);
  for (std::int64_t m = 1; m <= gap; ++m) r.hashesPerMinute[std::size_t((r.lastMinute + m) % kMinutes)] = 0;
  r.lastMinute = minute;
}

void StatsBook::recordAccepted(const std::string& address, const std::string& worker, double difficulty, double hashes,
                               Clock::time_point now) {
  Record& r = record(address, worker);
  if (!r.firstSeen || now < *r.firstSeen) r.firstSeen = now;
  const std::int64_t minute = minuteOf(now);
  if (r.lastMinute == 0) r.lastMinute = minute;
  advance(r, minute);
  r.hashesPerMinute[std::size_t(minute % kMinutes)] += hashes;
  ++r.stats.accepted;
  r.stats.acceptedDifficulty += difficulty;
  r.stats.lastShare = now;
}

void StatsBook::recordRejected(const std::string& address, const std::string& worker, const std::string& reason,
                               Clock::time_point) {
  ++record(address, worker).stats.rejected[reason];
}

void StatsBook::setDifficulty(const std::string& address, const std::string& worker, double difficulty) {
  record(address, worker).stats.difficulty = difficulty;
}

void StatsBook::connectionOpened(const std::string& address, const std::string& worker, Clock::time_point now) {
  Record& r = record(address, worker);
  if (!r.firstSeen || now < *r.firstSeen) r.firstSeen = now;
  ++r.stats.connections;
}

void StatsBook::connectionClosed(const std::string& address, const std::string& worker) {
  Record& r = record(address, worker);
  if (r.stats.connections > 0) --r.stats.connections;
}

std::vector<WorkerStats> StatsBook::snapshot(Clock::time_point now) const {
  std::vector<WorkerStats> out;
  const std::int64_t minute = minuteOf(now);
  for (const auto& [key, r] : records_) {
    WorkerStats stats = r.stats;
    auto window = [&](std::int64_t minutes) {
      double hashes = 0;
      for (std::int64_t m = minute - minutes + 1; m <= minute; ++m) {
        if (m > r.lastMinute || m <= r.lastMinute - std::int64_t(kMinutes) || r.lastMinute == 0) continue;
        hashes += r.hashesPerMinute[std::size_t(m % kMinutes)];
      }
      // Over the window, or the time since the worker was first seen when that is shorter (at
      // least a minute, so the first share does not read as a burst).
      double seconds = double(minutes * 60);
      if (r.firstSeen) {
        const double seen = std::chrono::duration<double>(now - *r.firstSeen).count();
        seconds = std::clamp(seen, 60.0, seconds);
      }
      return hashes / seconds;
    };
    stats.hashrate15m = window(15);
    stats.hashrate1h = window(60);
    stats.hashrate24h = window(24 * 60);
    out.push_back(std::move(stats));
  }
  return out;
}

}  // namespace otedama::stratum
