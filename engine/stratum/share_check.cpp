// Share checking.
#include "stratum/share_check.hpp"

#include <algorithm>

namespace otedama::stratum {

std::string_view shareVerdictReason(ShareVerdict verdict) {
  switch (verdict) {
    case ShareVerdict::Accepted: return "accepted";
    case ShareVerdict::UnknownJob: return "unknown job";
    case ShareVerdict::Stale: return "stale";
    case ShareVerdict::Duplicate: return "duplicate";
    case ShareVerdict::LowDifficulty: return "low difficulty";
    case ShareVerdict::BadNtime: return "bad ntime";
    case ShareVerdict::BadExtranonce2Size: return "bad extranonce2 size";
    case ShareVerdict::BadVersionBits: return "bad version bits";
    case ShareVerdict::Malformed: return "malformed";
  }
  return "unknown";
}

ShareCheck checkShare(const Work& work, const pow::Algorithm& algorithm, ByteSpan extranonce1,
                      std::size_t extranonce2Size, const Submission& submission, std::uint32_t versionMask,
                      const UInt256& sessionTarget, std::uint32_t now) {
  ShareCheck check;
  if (submission.extranonce2.size() != extranonce2Size) {
    check.verdict = ShareVerdict::BadExtranonce2Size;
    return check;
  }
  const std::uint32_t latest = std::max(now, work.job.time) + work.maxFutureSeconds;
  if (submission.ntime < work.minTime || submission.ntime > latest) {
    check.verdict = ShareVerdict::BadNtime;
    return check;
  }
  std::uint32_t version = work.job.version;
  if (submission.versionBits) {
    if ((*submission.versionBits & ~versionMask) != 0) {
      check.verdict = ShareVerdict::BadVersionBits;
      return check;
    }
    version = rolledVersion(work.job.version, *submission.versionBits, versionMask);
  }

  const Hash32 merkleRoot = jobMerkleRoot(work.job, extranonce1, submission.extranonce2);
  check.header = jobHeader(work.job, merkleRoot, submission.ntime, submission.nonce, version);
  check.hash = algorithm.hash(check.header);
  const UInt256 value = algorithm.hashValue(check.hash);
  check.meetsBlock = value <= work.blockTarget;
  check.meetsShareChain = work.shareTarget && value <= *work.shareTarget;
  // A share that finds a block is never refused for the session's difficulty.
  check.verdict = value <= sessionTarget || check.meetsBlock ? ShareVerdict::Accepted : ShareVerdict::LowDifficulty;
  return check;
}

}  // namespace otedama::stratum
