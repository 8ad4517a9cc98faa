// What the work coordinator hands the stratum server for one job: the job miners see, the time
// rules, the targets a share may also meet (share chain, block), and an opaque payload the
// coordinator gets back with every share it has to act on (for example the template and the
// coinbase to assemble a block).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "stratum/job.hpp"
#include "util/uint256.hpp"

namespace otedama::stratum {

struct Work {
  StratumJob job;                      // jobId is assigned by the server
  std::uint32_t minTime = 0;           // the template's mintime
  std::uint32_t maxFutureSeconds = 7200;  // consensus: at most two hours ahead
  UInt256 blockTarget;                 // a share at or below it is a block
  std::optional<UInt256> shareTarget;  // the share chain's target, when there is one
  std::shared_ptr<const void> payload;
};

}  // namespace otedama::stratum
