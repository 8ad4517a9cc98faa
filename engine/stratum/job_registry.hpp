// The jobs the server has handed out. A few recent jobs stay valid so shares in flight are not
// lost; jobs of a replaced tip answer "stale" for a while instead of "unknown job"; each job
// remembers the shares submitted for it, so a share is counted once.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_set>

#include "stratum/work.hpp"

namespace otedama::stratum {

struct JobEntry {
  std::shared_ptr<const Work> work;
  std::chrono::steady_clock::time_point created;
  bool stale = false;
  std::unordered_set<std::uint64_t> submitted;  // fingerprints of submitted shares
};

class JobRegistry {
 public:
  explicit JobRegistry(std::size_t maxLiveJobs = 8, std::chrono::seconds staleKept = std::chrono::seconds(60));

  // Assigns the job id; with cleanJobs every earlier job becomes stale.
  std::shared_ptr<const Work> add(Work work, std::chrono::steady_clock::time_point now);

  JobEntry* find(std::string_view jobId);
  std::shared_ptr<const Work> latest() const;

  // True the first time this share is seen for the job.
  static bool remember(JobEntry& entry, std::uint64_t fingerprint);

  void prune(std::chrono::steady_clock::time_point now);
  std::size_t size() const { return jobs_.size(); }

 private:
  std::deque<JobEntry> jobs_;  // oldest first
  std::size_t maxLiveJobs_;
  std::chrono::seconds staleKept_;
  std::uint64_t nextId_;
};

// A share's identity for duplicate detection: extranonce1, extranonce2, ntime, nonce, version bits.
std::uint64_t shareFingerprint(ByteSpan extranonce1, ByteSpan extranonce2, std::uint32_t ntime, std::uint32_t nonce,
                               std::uint32_t versionBits);

}  // namespace otedama::stratum
