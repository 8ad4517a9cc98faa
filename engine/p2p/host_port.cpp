// Splitting "host:port" entries.
#include "p2p/host_port.hpp"

#include <algorithm>

namespace otedama::p2p {

std::optional<HostPort> parseHostPort(const std::string& text, std::string& reason) {
  std::string host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      reason = "expected [IPv6 address]:port";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      reason = "no port (expected host:port)";
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) {
      reason = "an IPv6 address needs brackets: [address]:port";
      return std::nullopt;
    }
  }
  if (host.empty()) {
    reason = "no host";
    return std::nullopt;
  }
  const bool digits = !port.empty() && port.size() <= 5 &&
                      std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  const unsigned long value = digits ? std::stoul(port) : 0;
  if (value == 0 || value > 65535) {
    reason = "the port must be a number from 1 to 65535";
    return std::nullopt;
  }
  return HostPort{text, host, static_cast<std::uint16_t>(value)};
}

}  // namespace otedama::p2p
