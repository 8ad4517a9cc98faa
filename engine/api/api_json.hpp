// NodeSnapshot -> the JSON documents of the HTTP API (docs/API.md names every field). Exact
// 128-bit share weights stay decimal strings; unknown values are null.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "node/node_snapshot.hpp"

namespace otedama::api {

nlohmann::json statsJson(const node::NodeSnapshot& snapshot);                      // /api/stats
nlohmann::json minersJson(const node::NodeSnapshot& snapshot);                     // /api/miners
nlohmann::json blocksJson(const node::NodeSnapshot& snapshot);                     // /api/blocks
// /api/payments; with an address, only that address's payments (exact match).
nlohmann::json paymentsJson(const node::NodeSnapshot& snapshot, const std::optional<std::string>& address);
nlohmann::json peersJson(const node::NodeSnapshot& snapshot);                      // /api/peers
nlohmann::json sharechainJson(const node::NodeSnapshot& snapshot);                 // /api/sharechain
nlohmann::json errorJson(unsigned status, std::string_view message);

// Seconds since the node started, as of the snapshot (0 when not running or unknown).
std::int64_t uptimeSeconds(const node::NodeSnapshot& snapshot);

// Compact text; bytes that are not UTF-8 (a miner's worker name) become U+FFFD instead of throwing.
std::string dumpJson(const nlohmann::json& document);

}  // namespace otedama::api
