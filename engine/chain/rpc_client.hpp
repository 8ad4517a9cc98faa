// JSON-RPC over HTTP to a Bitcoin-family node (bitcoind, litecoind and forks): basic or cookie-file
// authentication, per-call timeouts, keep-alive connections reused between calls, bounded
// responses, and errors that say what a person should check. Boost.Beast lives only in
// rpc_client.cpp; this header is cheap to include.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace boost::asio {
class io_context;
}

namespace otedama::chain {

struct RpcEndpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string username;               // basic auth when not empty
  std::string password;
  std::filesystem::path cookieFile;   // used when username is empty (".cookie": "user:password")
};

struct RpcOptions {
  std::chrono::milliseconds timeout{30000};            // whole call: connect, send, answer
  std::size_t maxResponseBytes = std::size_t{64} << 20;  // a large template stays well under this
  std::size_t maxConcurrentCalls = 16;
  std::size_t maxIdleConnections = 4;
};

enum class RpcErrorKind {
  Unreachable,   // no TCP connection (refused, no route, name not found)
  Timeout,       // no complete answer in time
  Unauthorized,  // HTTP 401/403: wrong user/password or cookie, or rpcallowip
  Http,          // another HTTP failure without a JSON-RPC answer
  BadResponse,   // not JSON, not JSON-RPC, or larger than the limit
  Rpc,           // the node answered with a JSON-RPC error (code and message)
  Busy,          // too many calls in flight
  Cancelled,     // the client was closed
};

class RpcError : public std::runtime_error {
 public:
  RpcError(RpcErrorKind kind, std::string message, int rpcCode = 0)
      : std::runtime_error(std::move(message)), kind_(kind), rpcCode_(rpcCode) {}
  RpcErrorKind kind() const { return kind_; }
  int rpcCode() const { return rpcCode_; }  // for kind Rpc: -28 warming up, -10 in initial sync, ...

 private:
  RpcErrorKind kind_;
  int rpcCode_;
};

struct RpcReply {
  nlohmann::json result;
  std::optional<RpcError> error;
  bool ok() const { return !error.has_value(); }
};

class RpcClient {
 public:
  using Callback = std::function<void(RpcReply)>;

  RpcClient(boost::asio::io_context& io, RpcEndpoint endpoint, RpcOptions options = {});
  ~RpcClient();  // closes: calls still in flight complete with Cancelled
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // Starts a call; `done` runs on the io_context's thread. timeout 0: the default from options.
  void call(std::string method, nlohmann::json params, Callback done,
            std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // Blocks the calling thread (never the io_context's own thread) until the answer; throws RpcError.
  nlohmann::json callBlocking(std::string method, nlohmann::json params,
                              std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // Closes idle connections and makes later calls fail with Cancelled.
  void close();

  const RpcEndpoint& endpoint() const;
  boost::asio::io_context& ioContext() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace otedama::chain
