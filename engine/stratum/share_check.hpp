// Checking one mining.submit against its job: parameter sizes, ntime and version-bit rules, the
// proof of work against the session's difficulty, and whether the share also meets the share-chain
// or block target. Pure and thread-safe: the server may run it on worker threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "pow/algorithm.hpp"
#include "stratum/work.hpp"

namespace otedama::stratum {

enum class ShareVerdict {
  Accepted,
  UnknownJob,
  Stale,
  Duplicate,
  LowDifficulty,
  BadNtime,
  BadExtranonce2Size,
  BadVersionBits,
  Malformed,
};

std::string_view shareVerdictReason(ShareVerdict verdict);  // "low difficulty", "stale", ...

struct Submission {
  std::string worker;
  std::string jobId;
  Bytes extranonce2;
  std::uint32_t ntime = 0;
  std::uint32_t nonce = 0;
  std::optional<std::uint32_t> versionBits;
};

struct ShareCheck {
  ShareVerdict verdict = ShareVerdict::Malformed;
  std::array<std::uint8_t, 80> header{};
  Hash32 hash{};
  bool meetsShareChain = false;
  bool meetsBlock = false;
};

// `now` is the pool's clock (seconds since the epoch) for the future-time rule.
ShareCheck checkShare(const Work& work, const pow::Algorithm& algorithm, ByteSpan extranonce1,
                      std::size_t extranonce2Size, const Submission& submission, std::uint32_t versionMask,
                      const UInt256& sessionTarget, std::uint32_t now);

}  // namespace otedama::stratum
