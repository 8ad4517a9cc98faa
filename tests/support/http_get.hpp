// Test support: a blocking HTTP/1.1 GET to a loopback port (Connection: close), for tests that
// read a node's API. Returns the status and the body; status 0 when nothing answered.
#pragma once

#include <cstdint>
#include <string>

namespace otedama::test {

struct HttpAnswer {
  int status = 0;
  std::string contentType;
  std::string body;
};

HttpAnswer httpGet(std::uint16_t port, const std::string& target);

}  // namespace otedama::test
