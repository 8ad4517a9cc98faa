// The jobs the server has handed out. Jobs come in rounds: one round per new piece of work (a
// template, a share-chain tip), holding one job, or one per payout script when every miner's
// coinbase differs (the share chain commits to the miner's script). The last few rounds stay
// valid so shares in flight are not lost; jobs of a replaced tip answer "stale" for a while
// instead of "unknown job"; each job remembers the shares submitted for it, so a share is
// counted once.
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "stratum/work.hpp"

namespace otedama::stratum {

struct JobEntry {
  std::shared_ptr<const Work> work;
  std::chrono::steady_clock::time_point created;
  std::uint64_t round = 0;
  bool stale = false;
  std::unordered_set<std::uint64_t> submitted;  // fingerprints of submitted shares
};

class JobRegistry {
 public:
  explicit JobRegistry(std::size_t maxLiveRounds = 8, std::chrono::seconds staleKept = std::chrono::seconds(60),
                       std::size_t maxJobs = std::size_t(1) << 16);

  // Assigns the job id. A job starts a new round unless `sameRound` (another payout script's job
  // for the work of the current round); with cleanJobs every job of an earlier round becomes stale.
  std::shared_ptr<const Work> add(Work work, std::chrono::steady_clock::time_point now, bool sameRound = false);

  JobEntry* find(std::string_view jobId);
  std::shared_ptr<const Work> latest() const;

  // True the first time this share is seen for the job.
  static bool remember(JobEntry& entry, std::uint64_t fingerprint);

  void prune(std::chrono::steady_clock::time_point now);
  std::size_t size() const { return jobs_.size(); }

 private:
  std::list<JobEntry> jobs_;  // oldest first (a list: entries stay put while others come and go)
  std::unordered_map<std::string, JobEntry*> byId_;
  std::size_t maxLiveRounds_;
  std::chrono::seconds staleKept_;
  std::size_t maxJobs_;
  std::uint64_t nextId_;
  std::uint64_t round_ = 0;
};

// A share's identity for duplicate detection: extranonce1, extranonce2, ntime, nonce, version bits.
std::uint64_t shareFingerprint(ByteSpan extranonce1, ByteSpan extranonce2, std::uint32_t ntime, std::uint32_t nonce,
                               std::uint32_t versionBits);

}  // namespace otedama::stratum
