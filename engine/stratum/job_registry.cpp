// The registry of recent jobs.
#include "stratum/job_registry.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

#include "crypto/sha256.hpp"
#include "util/serialize.hpp"

namespace otedama::stratum {

namespace {
constexpr std::size_t kMaxSharesPerJob = 1 << 18;  // bounds memory under a flood of unique shares
}

JobRegistry::JobRegistry(std::size_t maxLiveJobs, std::chrono::seconds staleKept)
    : maxLiveJobs_(std::max<std::size_t>(2, maxLiveJobs)), staleKept_(staleKept) {
  // Ids start at a random point so a restarted server does not accept shares of old ids.
  std::random_device random;
  nextId_ = (std::uint64_t{random()} << 32 | random()) & 0xffffffffffULL;
}

std::shared_ptr<const Work> JobRegistry::add(Work work, std::chrono::steady_clock::time_point now) {
  char id[24];
  std::snprintf(id, sizeof id, "%llx", static_cast<unsigned long long>(nextId_++));
  work.job.jobId = id;
  if (work.job.cleanJobs) {
    for (JobEntry& entry : jobs_) entry.stale = true;
  }
  auto shared = std::make_shared<const Work>(std::move(work));
  jobs_.push_back(JobEntry{shared, now, false, {}});
  prune(now);
  return shared;
}

JobEntry* JobRegistry::find(std::string_view jobId) {
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
    if (it->work->job.jobId == jobId) return &*it;
  }
  return nullptr;
}

std::shared_ptr<const Work> JobRegistry::latest() const { return jobs_.empty() ? nullptr : jobs_.back().work; }

bool JobRegistry::remember(JobEntry& entry, std::uint64_t fingerprint) {
  if (entry.submitted.size() >= kMaxSharesPerJob) return !entry.submitted.contains(fingerprint);
  return entry.submitted.insert(fingerprint).second;
}

void JobRegistry::prune(std::chrono::steady_clock::time_point now) {
  std::size_t live = 0;
  for (const JobEntry& entry : jobs_) live += entry.stale ? 0 : 1;
  while (!jobs_.empty()) {
    JobEntry& oldest = jobs_.front();
    const bool tooMany = !oldest.stale && live > maxLiveJobs_;
    const bool expired = oldest.stale && now - oldest.created > staleKept_;
    if (!tooMany && !expired && jobs_.size() <= 4 * maxLiveJobs_) break;
    if (!oldest.stale) --live;
    jobs_.pop_front();
  }
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
