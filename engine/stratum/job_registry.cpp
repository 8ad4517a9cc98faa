// The registry of recent jobs.
#include "stratum/job_registry.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "crypto/sha256.hpp"
#include "util/serialize.hpp"

namespace otedama::stratum {

namespace {
constexpr std::size_t kMaxSharesPerJob = 1 << 18;  // bounds memory under a flood of unique shares
}

JobRegistry::JobRegistry(std::size_t maxLiveRounds, std::chrono::seconds staleKept, std::size_t maxJobs)
    : maxLiveRounds_(std::max<std::size_t>(2, maxLiveRounds)), staleKept_(staleKept), maxJobs_(std::max<std::size_t>(16, maxJobs)) {
  // Ids start at a random point so a restarted server does not accept shares of old ids.
  std::random_device random;
  nextId_ = (std::uint64_t{random()} << 32 | random()) & 0xffffffffffULL;
}

std::shared_ptr<const Work> JobRegistry::add(Work work, std::chrono::steady_clock::time_point now, bool sameRound) {
  char id[24];
  std::snprintf(id, sizeof id, "%llx", static_cast<unsigned long long>(nextId_++));
  work.job.jobId = id;
  if (!sameRound || jobs_.empty()) ++round_;
  if (work.job.cleanJobs) {
    for (JobEntry& entry : jobs_) entry.stale = entry.stale || entry.round < round_;
  }
  auto shared = std::make_shared<const Work>(std::move(work));
  jobs_.push_back(JobEntry{shared, now, round_, false, {}});
  byId_[shared->job.jobId] = &jobs_.back();
  // A round's later jobs (one per payout script) skip the whole walk; the server's tick prunes too.
  if (!sameRound || jobs_.size() > maxJobs_) prune(now);
  return shared;
}

JobEntry* JobRegistry::find(std::string_view jobId) {
  const auto it = byId_.find(std::string(jobId));
  return it == byId_.end() ? nullptr : it->second;
}

std::shared_ptr<const Work> JobRegistry::latest() const { return jobs_.empty() ? nullptr : jobs_.back().work; }

bool JobRegistry::remember(JobEntry& entry, std::uint64_t fingerprint) {
  if (entry.submitted.size() >= kMaxSharesPerJob) return !entry.submitted.contains(fingerprint);
  return entry.submitted.insert(fingerprint).second;
}

void JobRegistry::prune(std::chrono::steady_clock::time_point now) {
  // Rounds grow along the list: the live rounds beyond the newest maxLiveRounds_ are dropped.
  std::vector<std::uint64_t> liveRounds;
  for (const JobEntry& entry : jobs_) {
    if (!entry.stale && (liveRounds.empty() || liveRounds.back() != entry.round)) liveRounds.push_back(entry.round);
  }
  const std::uint64_t oldestKept =
      liveRounds.size() > maxLiveRounds_ ? liveRounds[liveRounds.size() - maxLiveRounds_] : 0;
  const auto drop = [this](std::list<JobEntry>::iterator it) {
    byId_.erase(it->work->job.jobId);
    return jobs_.erase(it);
  };
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    const bool tooOld = !it->stale && it->round < oldestKept;
    const bool expired = it->stale && now - it->created > staleKept_;
    it = tooOld || expired ? drop(it) : std::next(it);
  }
  while (jobs_.size() > maxJobs_) drop(jobs_.begin());
}

std::uint64_t shareFingerprint(ByteSpan extranonce1, ByteSpan extranonce2, std::uint32_t ntime, std::uint32_t nonce,
                               std::uint32_t versionBits) {
  ByteWriter w(64);
  w.lengthPrefixed(extranonce1);
  w.lengthPrefixed(extranonce2);
  w.u32le(ntime);
  w.u32le(nonce);
  w.u32le(versionBits);
  const Hash32 digest = crypto::sha256(w.data());
  std::uint64_t out = 0;
  for (int i = 0; i < 8; ++i) out = out << 8 | digest[std::size_t(i)];
  return out;
}

}  // namespace otedama::stratum
