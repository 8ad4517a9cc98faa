// The HTTP API's own counters (requests by status class, refused connections, rate-limited
// requests, idle timeouts): plain data the server fills and /metrics renders.
#pragma once

#include <array>
#include <cstdint>

namespace otedama::api {

struct ApiCounters {
  std::uint64_t requests = 0;                   // answered requests (every status)
  std::array<std::uint64_t, 6> byClass{};       // index = status / 100: [2] 2xx, [4] 4xx, [5] 5xx
  std::uint64_t refusedConnections = 0;         // closed at once: over the total or per-IP cap
  std::uint64_t rateLimited = 0;                // answered 429
  std::uint64_t timedOut = 0;                   // closed by the idle / read deadline
  std::uint64_t openConnections = 0;            // now

  std::uint64_t inClass(unsigned statusClass) const { return statusClass < byClass.size() ? byClass[statusClass] : 0; }
};

}  // namespace otedama::api
