// Logging setup: one spdlog logger for the whole engine, to stderr and optionally to a file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace otedama {

// "trace", "debug", "info", "warn" (or "warning"), "error", "critical", "off".
std::optional<spdlog::level::level_enum> parseLogLevel(std::string_view name);

// The names parseLogLevel accepts, for error messages.
std::string_view logLevelNames();

struct LoggingOptions {
  spdlog::level::level_enum level = spdlog::level::info;
  std::string file;  // empty: stderr only
};

// Installs the default logger. Throws std::runtime_error when the log file cannot be opened.
void setupLogging(const LoggingOptions& options);

}  // namespace otedama
