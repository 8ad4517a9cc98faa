// The HTTP listener on Boost.Beast (Asio coroutines on the caller's io_context): accepting with
// connection caps, reading each request with Beast's parser under size limits and a deadline,
// the per-IP token bucket, keep-alive, and a lingering close after an error so the client gets
// the answer before the connection goes.
#include "api/api_server.hpp"

#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "api/api_routes.hpp"
#include "util/token_bucket.hpp"

namespace otedama::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// After an error answer, what is still read (and dropped) before closing, so that the peer's
// unread request bytes do not turn our close into a reset that discards the answer.
constexpr std::size_t kLingerBytes = 64 * 1024;
constexpr std::chrono::seconds kMaxLinger{2};

struct IpEntry {
  std::size_t connections = 0;
  TokenBucket requests;  // this address's request budget
};

std::string clientIp(const tcp::endpoint& remote) {
  const asio::ip::address address = remote.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

void checkOptions(const ApiOptions& options) {
  auto refuse = [](const std::string& what) { throw std::invalid_argument("api options: " + what); };
  if (options.maxRequestBytes < 256) refuse("maxRequestBytes must be at least 256");
  if (options.maxConnections < 1 || options.maxConnectionsPerIp < 1) refuse("the connection caps must be at least 1");
  if (!(options.requestsPerSecondPerIp > 0) || !std::isfinite(options.requestsPerSecondPerIp)) {
    refuse("requestsPerSecondPerIp must be positive");
  }
  if (!(options.burstPerIp >= 1) || !std::isfinite(options.burstPerIp)) refuse("burstPerIp must be at least 1");
  if (options.idleTimeout.count() <= 0) refuse("idleTimeout must be positive");
}

}  // namespace

class ApiServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, ApiOptions options, SnapshotSource snapshot)
      : io_(io), options_(std::move(options)), snapshot_(std::move(snapshot)) {
    checkOptions(options_);
  }

  void start() {
    if (running_) return;
    const std::string where = options_.bindAddress + ":" + std::to_string(options_.port);
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options_.bindAddress, ec);
    if (ec) throw std::runtime_error("cannot open the API port " + where + ": '" + options_.bindAddress + "' is not an IP address");
    const tcp::endpoint endpoint(address, options_.port);
    tcp::acceptor acceptor(io_);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error("cannot open the API port " + where + ": " + ec.message() +
                               (ec == asio::error::address_in_use ? " (another program uses it; change apiPort)" : ""));
    }
    port_ = acceptor.local_endpoint().port();
    acceptor_.emplace(std::move(acceptor));
    running_ = true;
    asio::co_spawn(io_, acceptLoop(), [](std::exception_ptr failure) { logFailure("accept loop", failure); });
    spdlog::info("api: listening on http://{}:{}", options_.bindAddress, port_.load());
  }

  void stop() {
    if (!running_) return;
    running_ = false;
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    auto connections = std::move(connections_);
    connections_.clear();
    for (auto& [id, connection] : connections) closeConnection(*connection);
    ips_.clear();
    open_ = 0;
    spdlog::debug("api: stopped");
  }

  std::uint16_t port() const { return port_.load(); }

  ApiCounters counters() const {
    ApiCounters c;
    c.requests = requests_.load();
    for (std::size_t i = 0; i < c.byClass.size(); ++i) c.byClass[i] = byClass_[i].load();
    c.refusedConnections = refused_.load();
    c.rateLimited = rateLimited_.load();
    c.timedOut = timedOut_.load();
    c.openConnections = open_.load();
    return c;
  }

 private:
  struct Connection {
    Connection(tcp::socket socket, std::string address, std::uint64_t number)
        : stream(std::move(socket)), ip(std::move(address)), id(number) {}
    beast::tcp_stream stream;
    std::string ip;
    std::uint64_t id;
  };

  static void logFailure(const char* what, std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      spdlog::error("api: {} failed: {}", what, e.what());
    } catch (...) {
      spdlog::error("api: {} failed", what);
    }
  }

  static void closeConnection(Connection& connection) {
    boost::system::error_code ignored;
    connection.stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    connection.stream.socket().close(ignored);
  }

  asio::awaitable<void> acceptLoop() {
    auto self = shared_from_this();
    while (running_) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor_->async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (!running_ || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of file descriptors or similar: keep accepting after a breath.
        spdlog::warn("api: accept failed: {}", ec.message());
        asio::steady_timer pause(io_, std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      const tcp::endpoint remote = socket.remote_endpoint(ec);
      if (ec) continue;
      const std::string ip = clientIp(remote);
      const auto now = Clock::now();
      prune(now);
      auto found = ips_.find(ip);
      const std::size_t fromIp = found == ips_.end() ? 0 : found->second.connections;
      if (connections_.size() >= options_.maxConnections || fromIp >= options_.maxConnectionsPerIp) {
        ++refused_;
        spdlog::debug("api: refused a connection from {} ({} open, {} from this address)", ip, connections_.size(),
                      fromIp);
        socket.close(ec);
        continue;
      }
      if (found == ips_.end()) {
        found = ips_.emplace(ip, IpEntry{0, TokenBucket(requestLimit(), now)}).first;
      }
      ++found->second.connections;
      socket.set_option(tcp::no_delay(true), ec);
      auto connection = std::make_shared<Connection>(std::move(socket), ip, nextId_++);
      connections_.emplace(connection->id, connection);
      open_ = connections_.size();
      asio::co_spawn(io_, serve(connection), [](std::exception_ptr failure) { logFailure("connection", failure); });
    }
  }

  // Forgets addresses with no connection whose bucket is full again (bounded memory).
  void prune(Clock::time_point now) {
    if (now - lastPrune_ < std::chrono::seconds(10) && ips_.size() < 4 * options_.maxConnections) return;
    lastPrune_ = now;
    for (auto it = ips_.begin(); it != ips_.end();) {
      const IpEntry& entry = it->second;
      it = entry.connections == 0 && entry.requests.full(now) ? ips_.erase(it) : std::next(it);
    }
  }

  RateLimit requestLimit() const { return RateLimit{options_.requestsPerSecondPerIp, options_.burstPerIp}; }

  // Takes a request token for this address: 0 when there was one, else the seconds to wait.
  double takeToken(const std::string& ip) {
    auto found = ips_.find(ip);
    if (found == ips_.end()) return 0;  // only after stop()
    TokenBucket& bucket = found->second.requests;
    const auto now = Clock::now();
    if (bucket.take(now)) return 0;
    return std::max(bucket.secondsUntil(now), 1e-3);
  }

  void forget(const Connection& connection) {
    if (connections_.erase(connection.id) == 0) return;  // stop() already dropped it
    open_ = connections_.size();
    if (auto found = ips_.find(connection.ip); found != ips_.end() && found->second.connections > 0) {
      --found->second.connections;
    }
  }

  HttpAnswer answer(const http::request<http::string_body>& request, const std::string& ip, bool& rateLimited) {
    if (const double wait = takeToken(ip); wait > 0) {
      rateLimited = true;
      HttpAnswer limited = errorAnswer(429, "too many requests from this address; retry later");
      limited.headers.emplace_back("Retry-After", std::to_string(static_cast<long long>(std::ceil(wait))));
      return limited;
    }
    try {
      return route(std::string_view(request.method_string().data(), request.method_string().size()),
                   std::string_view(request.target().data(), request.target().size()), snapshot_, counters());
    } catch (const std::exception& e) {
      spdlog::warn("api: failed to answer {}: {}", std::string(request.target()), e.what());
      return errorAnswer(500, "internal error");
    }
  }

  template <class Body>
  asio::awaitable<beast::error_code> write(Connection& connection, http::response<Body>& response) {
    beast::error_code ec;
    connection.stream.expires_after(options_.idleTimeout);
    co_await http::async_write(connection.stream, response, asio::redirect_error(asio::use_awaitable, ec));
    co_return ec;
  }

  asio::awaitable<beast::error_code> send(Connection& connection, const HttpAnswer& answer, bool head,
                                          unsigned version, bool keepAlive) {
    ++requests_;
    ++byClass_[std::min<std::size_t>(answer.status / 100, byClass_.size() - 1)];
    auto fill = [&](auto& response) {
      response.version(version);
      response.result(answer.status);
      response.set(http::field::content_type, answer.contentType);
      response.set(http::field::cache_control, "no-store");
      response.set("X-Content-Type-Options", "nosniff");
      for (const auto& [name, value] : answer.headers) response.set(name, value);
      response.keep_alive(keepAlive);
    };
    if (head) {
      http::response<http::empty_body> response;
      fill(response);
      response.content_length(answer.body.size());
      co_return co_await write(connection, response);
    }
    http::response<http::string_body> response;
    fill(response);
    response.body() = answer.body;
    response.prepare_payload();
    co_return co_await write(connection, response);
  }

  // Closes after an error answer: our side first, then what the client still sends is read and
  // dropped (bounded in bytes and time) so the answer is not lost to a reset.
  asio::awaitable<void> lingeringClose(Connection& connection) {
    boost::system::error_code ec;
    connection.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    connection.stream.expires_after(std::min<Clock::duration>(options_.idleTimeout, kMaxLinger));
    std::size_t dropped = 0;
    char sink[4096];
    while (!ec && dropped < kLingerBytes && running_) {
      beast::error_code readError;
      dropped += co_await connection.stream.async_read_some(asio::buffer(sink),
                                                            asio::redirect_error(asio::use_awaitable, readError));
      ec = readError;
    }
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> connection) {
    auto self = shared_from_this();
    beast::flat_buffer buffer(options_.maxRequestBytes + 1024);
    const auto headerLimit = static_cast<std::uint32_t>(
        std::min<std::size_t>(options_.maxRequestBytes, std::numeric_limits<std::uint32_t>::max()));
    bool linger = false;
    while (running_) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(headerLimit);
      parser.body_limit(options_.maxRequestBytes);
      beast::error_code ec;
      connection->stream.expires_after(options_.idleTimeout);
      co_await http::async_read(connection->stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      if (!running_) break;
      if (ec) {
        if (ec == beast::error::timeout) {
          ++timedOut_;
          spdlog::debug("api: closed a connection from {}: no complete request within {} s", connection->ip,
                        options_.idleTimeout.count());
          break;
        }
        if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == asio::error::eof ||
            ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
            ec == asio::error::broken_pipe) {
          break;  // the client went away; nobody to answer
        }
        unsigned status = 400;
        std::string message = "malformed HTTP request: " + ec.message();
        if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
          status = 431;
          message = "the request line and headers exceed " + std::to_string(options_.maxRequestBytes) + " bytes";
        } else if (ec == http::error::body_limit) {
          status = 413;
          message = "the request body exceeds " + std::to_string(options_.maxRequestBytes) + " bytes";
        }
        spdlog::debug("api: {} from {}: {}", status, connection->ip, ec.message());
        co_await send(*connection, errorAnswer(status, message), false, 11, false);
        linger = true;
        break;
      }
      const http::request<http::string_body>& request = parser.get();
      bool rateLimited = false;
      const HttpAnswer reply = answer(request, connection->ip, rateLimited);
      if (rateLimited) {
        ++rateLimited_;
        spdlog::debug("api: rate-limited {}", connection->ip);
      }
      const bool keepAlive = request.keep_alive() && running_;
      ec = co_await send(*connection, reply, request.method() == http::verb::head, request.version(), keepAlive);
      if (ec || !keepAlive) break;
    }
    if (linger && running_) co_await lingeringClose(*connection);  // an error answer: the rest is unread
    forget(*connection);
    closeConnection(*connection);
  }

  asio::io_context& io_;
  const ApiOptions options_;
  const SnapshotSource snapshot_;
  std::optional<tcp::acceptor> acceptor_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint16_t> port_{0};
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;
  std::unordered_map<std::string, IpEntry> ips_;
  Clock::time_point lastPrune_{};
  std::uint64_t nextId_ = 1;

  std::atomic<std::uint64_t> requests_{0}, refused_{0}, rateLimited_{0}, timedOut_{0}, open_{0};
  std::array<std::atomic<std::uint64_t>, 6> byClass_{};
};

ApiServer::ApiServer(asio::io_context& io, ApiOptions options, SnapshotSource snapshot)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(snapshot))) {}

ApiServer::~ApiServer() { stop(); }

void ApiServer::start() { impl_->start(); }

void ApiServer::stop() { impl_->stop(); }

std::uint16_t ApiServer::port() const { return impl_->port(); }

ApiCounters ApiServer::counters() const { return impl_->counters(); }

}  // namespace otedama::api
