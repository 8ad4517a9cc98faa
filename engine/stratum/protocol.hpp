// Stratum v1 lines: one JSON-RPC object per line. Requests keep their id exactly as sent (some
// miners use strings) so answers can echo it verbatim; errors use the stratum codes miners know.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace otedama::stratum {

// The error codes of stratum v1 (slush's list, as cgminer and pools use them).
enum class ErrorCode : int {
  Other = 20,
  JobNotFound = 21,  // unknown or stale job
  Duplicate = 22,
  LowDifficulty = 23,
  Unauthorized = 24,
  NotSubscribed = 25,
};

struct Request {
  nlohmann::json id;  // verbatim: number, string or null
  std::string method;
  nlohmann::json params;  // an array (missing params become an empty array)
};

// Parses one line. On failure returns nullopt and says why in `error`.
std::optional<Request> parseRequest(std::string_view line, std::string& error);

std::string resultLine(const nlohmann::json& id, const nlohmann::json& result);
std::string errorLine(const nlohmann::json& id, ErrorCode code, std::string_view message);
std::string notificationLine(std::string_view method, const nlohmann::json& params);

}  // namespace otedama::stratum
