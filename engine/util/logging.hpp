// Logging setup: one spdlog logger for the whole engine, to stderr, optionally to a file, and
// optionally to a listener (the desktop app's log page).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace otedama {

// "trace", "debug", "info", "warn" (or "warning"), "error", "critical", "off".
std::optional<spdlog::level::level_enum> parseLogLevel(std::string_view name);

// The names parseLogLevel accepts, for error messages.
std::string_view logLevelNames();

// One log record as a listener sees it: the message alone, without the timestamp and level
// prefix the text sinks add, so a viewer can show and filter them as columns.
struct LogRecord {
  spdlog::level::level_enum level = spdlog::level::info;
  std::int64_t timeMs = 0;  // unix time in milliseconds
  std::string text;
};

struct LoggingOptions {
  spdlog::level::level_enum level = spdlog::level::info;
  std::string file;  // empty: stderr only
  // Called for every record at or above `level`, on the thread that logs, one call at a time
  // (calls are serialised). It must be quick, must not log itself, and must stay callable for
  // as long as this logger is installed.
  std::function<void(const LogRecord&)> listener = {};
};

// Installs the default logger. Throws std::runtime_error when the log file cannot be opened.
void setupLogging(const LoggingOptions& options);

}  // namespace otedama
