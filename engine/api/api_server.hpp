// The node's HTTP listener: the JSON API and Prometheus /metrics on one port, bound to loopback
// unless configured otherwise, with limits on request size, connections (total and per IP),
// request rate per IP (token bucket) and time per request (idle / slow-loris deadline). What it
// answers comes from api_routes; Boost.Beast lives only in api_server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/api_counters.hpp"
#include "node/node_snapshot.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama::api {

struct ApiOptions {
  std::string bindAddress = "127.0.0.1";   // loopback unless configured otherwise
  std::uint16_t port = 8080;               // 0: any free port (tests)
  std::size_t maxRequestBytes = 8 * 1024;  // request line + headers, and the body: beyond, 431 / 413
  std::size_t maxConnections = 256;        // beyond: closed at once
  std::size_t maxConnectionsPerIp = 32;    // beyond: closed at once
  double requestsPerSecondPerIp = 20;      // token bucket; beyond: 429 with Retry-After
  double burstPerIp = 40;
  std::chrono::seconds idleTimeout{15};    // per request: keep-alive wait, reading it, writing the answer
};

class ApiServer {
 public:
  using SnapshotSource = std::function<node::NodeSnapshot()>;

  // snapshot() is called on the io_context's thread for each request that needs one (it must be
  // cheap; the node caches it); when it throws, the request is answered 503. Throws
  // std::invalid_argument for options that would refuse everything (no connection, no request,
  // a zero deadline). Every member runs on the io_context's thread, or while it is not running.
  ApiServer(boost::asio::io_context& io, ApiOptions options, SnapshotSource snapshot);
  ~ApiServer();  // stop()
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds and starts accepting. Throws std::runtime_error naming the address and port when it
  // cannot (bad address, port in use, no permission).
  void start();
  // Closes the listener and every connection; idempotent.
  void stop();
  // The bound port (the chosen one when options.port was 0); 0 before start(). Any thread.
  std::uint16_t port() const;
  // A copy of the counters; any thread.
  ApiCounters counters() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace otedama::api
