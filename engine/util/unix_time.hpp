// The wall clock as unix seconds: what share timestamps, discovery packet expiries, handshake
// clocks, bans and stored records use.
#pragma once

#include <chrono>
#include <cstdint>

namespace otedama {

inline std::int64_t unixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace otedama
