// "host:port", "1.2.3.4:port" and "[v6 address]:port", the form of configured bootstrap nodes,
// split for a resolver (names are resolved asynchronously by whoever dials them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace otedama::p2p {

struct HostPort {
  std::string text;  // as configured, for messages
  std::string host;  // a name or an address, without brackets
  std::uint16_t port = 0;
};

// nullopt with `reason` set when the text is none of the accepted forms or the port is not 1..65535.
std::optional<HostPort> parseHostPort(const std::string& text, std::string& reason);

}  // namespace otedama::p2p
