// Test helper: a plain TCP client speaking newline-delimited text with timeouts, independent of
// the server's own networking code. Used to drive stratum sessions, honest or hostile.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace otedama::test {

class LineClient {
 public:
  LineClient() = default;
  ~LineClient();
  LineClient(const LineClient&) = delete;
  LineClient& operator=(const LineClient&) = delete;
  LineClient(LineClient&& other) noexcept;

  // sourceIp: a loopback address to connect from (127.0.0.x), so tests can act as several hosts.
  bool connect(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5),
               const char* sourceIp = "127.0.0.1");
  bool sendRaw(std::string_view bytes);
  bool sendLine(const nlohmann::json& message) { return sendRaw(message.dump() + "\n"); }

  // The next line (without "\n"), or nullopt on timeout or when the server closed the connection.
  std::optional<std::string> readLine(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The next line parsed as JSON (lines that are not JSON are a failure: nullopt).
  std::optional<nlohmann::json> readJson(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until a JSON message with this id (answers) or this method (notifications) arrives.
  std::optional<nlohmann::json> waitFor(const nlohmann::json& id, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::optional<nlohmann::json> waitForMethod(std::string_view method,
                                              std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True once the server has closed the connection (reads EOF or reset within the timeout).
  bool waitClosed(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  void close();
  bool isOpen() const { return fd_ >= 0; }
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace otedama::test
