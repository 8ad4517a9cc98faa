// Test helper: newline-delimited TCP client over POSIX sockets.
#include "line_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace otedama::test {

using Clock = std::chrono::steady_clock;

LineClient::~LineClient() { close(); }

LineClient::LineClient(LineClient&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)), eof_(other.eof_) {
  other.fd_ = -1;
}

bool LineClient::connect(std::uint16_t port, std::chrono::milliseconds timeout, const char* sourceIp) {
  close();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd_ < 0) return false;
  sockaddr_in source{};
  source.sin_family = AF_INET;
  ::inet_pton(AF_INET, sourceIp, &source.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
    close();
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS) {
    close();
    return false;
  }
  pollfd p{fd_, POLLOUT, 0};
  if (::poll(&p, 1, int(timeout.count())) != 1) {
    close();
    return false;
  }
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
  if (error != 0) {
    close();
    return false;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  eof_ = false;
  buffer_.clear();
  return true;
}

bool LineClient::sendRaw(std::string_view bytes) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!bytes.empty()) {
    if (fd_ < 0) return false;
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(std::size_t(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0 || ::poll(&p, 1, int(left)) != 1) return false;
      continue;
    }
    return false;
  }
  return true;
}

std::optional<std::string> LineClient::readLine(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    if (const auto end = buffer_.find('\n'); end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return line;
    }
    if (fd_ < 0 || eof_) return std::nullopt;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, int(left)) != 1) return std::nullopt;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, std::size_t(n));
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      eof_ = true;
    }
  }
}

std::optional<nlohmann::json> LineClient::readJson(std::chrono::milliseconds timeout) {
  const auto line = readLine(timeout);
  if (!line) return std::nullopt;
  auto document = nlohmann::json::parse(*line, nullptr, false);
  if (document.is_discarded()) return std::nullopt;
  return document;
}

std::optional<nlohmann::json> LineClient::waitFor(const nlohmann::json& id, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto message = readJson(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    if (!message) return std::nullopt;
    if (message->contains("id") && (*message)["id"] == id && !message->contains("method")) return message;
  }
  return std::nullopt;
}

std::optional<nlohmann::json> LineClient::waitForMethod(std::string_view method, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto message = readJson(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    if (!message) return std::nullopt;
    if (message->value("method", "") == method) return message;
  }
  return std::nullopt;
}

bool LineClient::waitClosed(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!eof_ && fd_ >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    readLine(left);  // drains lines until EOF or the deadline
    buffer_.clear();
  }
  return true;
}

void LineClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace otedama::test
