// Logging setup through spdlog.
#include "util/logging.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace otedama {

std::optional<spdlog::level::level_enum> parseLogLevel(std::string_view name) {
  using spdlog::level::level_enum;
  if (name == "trace") return level_enum::trace;
  if (name == "debug") return level_enum::debug;
  if (name == "info") return level_enum::info;
  if (name == "warn" || name == "warning") return level_enum::warn;
  if (name == "error") return level_enum::err;
  if (name == "critical") return level_enum::critical;
  if (name == "off") return level_enum::off;
  return std::nullopt;
}

std::string_view logLevelNames() { return "trace, debug, info, warn, error, critical, off"; }

namespace {

// spdlog 1.10 (Debian 12) has no callback_sink. The logger filters by level before its sinks
// see a record, so this sink needs no level of its own.
class ListenerSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit ListenerSink(std::function<void(const LogRecord&)> listener) : listener_(std::move(listener)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const auto sinceEpoch = msg.time.time_since_epoch();
    LogRecord record;
    record.level = msg.level;
    record.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(sinceEpoch).count();
    record.text.assign(msg.payload.data(), msg.payload.size());
    listener_(record);
  }
  void flush_() override {}

 private:
  std::function<void(const LogRecord&)> listener_;
};

}  // namespace

void setupLogging(const LoggingOptions& options) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!options.file.empty()) {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file, false));
    } catch (const spdlog::spdlog_ex& e) {
      throw std::runtime_error("cannot open log file '" + options.file + "': " + e.what());
    }
  }
  if (options.listener) sinks.push_back(std::make_shared<ListenerSink>(options.listener));
  auto logger = std::make_shared<spdlog::logger>("otedama", sinks.begin(), sinks.end());
  logger->set_level(options.level);
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace otedama
