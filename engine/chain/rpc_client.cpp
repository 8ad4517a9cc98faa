// JSON-RPC over HTTP with Boost.Beast, written as Asio coroutines. All state of a client lives on
// its io_context's thread; calls from other threads are handed over with co_spawn.
#include "chain/rpc_client.hpp"

#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sodium.h>

#include "crypto/sodium.hpp"

namespace otedama::chain {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string base64(std::string_view text) {
  crypto::ensureSodium();
  std::string out(sodium_base64_ENCODED_LEN(text.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the encoder writes a terminating NUL
  return out;
}

// "user:password" for the Authorization header, from the config or the node's cookie file.
std::string credentials(const RpcEndpoint& endpoint) {
  if (!endpoint.username.empty() || endpoint.cookieFile.empty()) return endpoint.username + ":" + endpoint.password;
  std::ifstream in(endpoint.cookieFile);
  std::string cookie;
  if (!in || !std::getline(in, cookie) || cookie.find(':') == std::string::npos) {
    throw RpcError(RpcErrorKind::Unauthorized,
                   "cannot read the RPC cookie file '" + endpoint.cookieFile.string() +
                       "': is the node running, and is this file in its data folder (it is re-created at "
                       "every start)?");
  }
  while (!cookie.empty() && (cookie.back() == '\r' || cookie.back() == '\n')) cookie.pop_back();
  return cookie;
}

}  // namespace

class RpcClient::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, RpcEndpoint endpoint, RpcOptions options)
      : io_(io), endpoint_(std::move(endpoint)), options_(options) {}

  asio::io_context& io() { return io_; }
  const RpcEndpoint& endpoint() const { return endpoint_; }
  const RpcOptions& options() const { return options_; }

  asio::awaitable<json> perform(std::string method, json params, std::chrono::milliseconds timeout) {
    auto keepAlive = shared_from_this();
    if (closed_) throw RpcError(RpcErrorKind::Cancelled, "the RPC client is closed");
    if (inFlight_ >= options_.maxConcurrentCalls) {
      throw RpcError(RpcErrorKind::Busy, "too many RPC calls in flight (" + std::to_string(inFlight_) + ")");
    }
    ++inFlight_;
    struct InFlight {
      std::size_t& count;
      ~InFlight() { --count; }
    } inFlightGuard{inFlight_};

    if (timeout.count() <= 0) timeout = options_.timeout;
    const auto deadline = Clock::now() + timeout;
    const std::string body =
        json{{"jsonrpc", "1.0"}, {"id", nextId_++}, {"method", method}, {"params", std::move(params)}}.dump();
    std::string authorization;  // read once connected: a stopped node has no cookie file, and
                                // "cannot connect" is then the message that helps

    // A kept-alive connection may have been closed by the node meanwhile: then one fresh try.
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<beast::tcp_stream> stream;
      const bool reused = !idle_.empty();
      if (reused) {
        stream = std::move(idle_.back());
        idle_.pop_back();
      } else {
        stream = co_await connect(deadline, timeout);
      }
      if (authorization.empty()) authorization = "Basic " + base64(credentials(endpoint_));
      active_.insert(stream.get());
      struct Active {
        std::set<beast::tcp_stream*>& set;
        beast::tcp_stream* stream;
        ~Active() { set.erase(stream); }
      } activeGuard{active_, stream.get()};

      http::request<http::string_body> request{http::verb::post, "/", 11};
      request.set(http::field::host, endpoint_.host);
      request.set(http::field::authorization, authorization);
      request.set(http::field::content_type, "application/json");
      request.set(http::field::user_agent, "otedama");
      request.keep_alive(true);
      request.body() = body;
      request.prepare_payload();

      beast::error_code ec;
      stream->expires_at(deadline);
      co_await http::async_write(*stream, request, asio::redirect_error(asio::use_awaitable, ec));
      beast::flat_buffer buffer;
      http::response_parser<http::string_body> parser;
      parser.body_limit(options_.maxResponseBytes);
      if (!ec) co_await http::async_read(*stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        const bool staleConnection = reused && attempt == 0 && !parser.is_header_done() &&
                                     (ec == http::error::end_of_stream || ec == asio::error::eof ||
                                      ec == asio::error::connection_reset || ec == asio::error::broken_pipe);
        if (staleConnection) continue;
        throw networkError(ec, timeout);
      }

      const auto& response = parser.get();
      json answer = interpret(response.result_int(), std::string(response.reason()), response.body());
      if (response.keep_alive() && !closed_ && idle_.size() < options_.maxIdleConnections) {
        stream->expires_never();
        idle_.push_back(std::move(stream));
      }
      co_return answer;
    }
  }

  void close() {
    closed_ = true;
    idle_.clear();
    for (beast::tcp_stream* stream : active_) stream->cancel();
  }

 private:
  asio::awaitable<std::unique_ptr<beast::tcp_stream>> connect(Clock::time_point deadline,
                                                              std::chrono::milliseconds timeout) {
    beast::error_code ec;
    tcp::resolver resolver(io_);
    const auto endpoints = co_await resolver.async_resolve(endpoint_.host, std::to_string(endpoint_.port),
                                                           asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      throw RpcError(RpcErrorKind::Unreachable,
                     "cannot resolve the blockchain node's host '" + endpoint_.host + "': " + ec.message());
    }
    auto stream = std::make_unique<beast::tcp_stream>(io_);
    stream->expires_at(deadline);
    active_.insert(stream.get());
    co_await stream->async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    active_.erase(stream.get());
    if (ec) throw networkError(ec, timeout);
    co_return stream;
  }

  RpcError networkError(const beast::error_code& ec, std::chrono::milliseconds timeout) const {
    const std::string where = endpoint_.host + ":" + std::to_string(endpoint_.port);
    if (closed_ && ec == asio::error::operation_aborted) return {RpcErrorKind::Cancelled, "the RPC client is closed"};
    if (ec == beast::error::timeout) {
      return {RpcErrorKind::Timeout, "the blockchain node at " + where + " did not answer within " +
                                         std::to_string(timeout.count() / 1000.0).substr(0, 4) + " s"};
    }
    if (ec == http::error::body_limit) {
      return {RpcErrorKind::BadResponse, "the node's answer is larger than the " +
                                             std::to_string(options_.maxResponseBytes >> 20) + " MiB limit"};
    }
    if (ec == asio::error::connection_refused) {
      return {RpcErrorKind::Unreachable, "cannot connect to the blockchain node at " + where +
                                             ": connection refused (is the node running, with RPC on this port?)"};
    }
    return {RpcErrorKind::Unreachable, "cannot talk to the blockchain node at " + where + ": " + ec.message()};
  }

  static json interpret(unsigned status, std::string_view reason, const std::string& body) {
    if (status == 401) {
      throw RpcError(RpcErrorKind::Unauthorized,
                     "the blockchain node refused the RPC credentials (HTTP 401): check blockchainUsername and "
                     "blockchainPassword, or blockchainCookieFile");
    }
    if (status == 403) {
      throw RpcError(RpcErrorKind::Unauthorized,
                     "the blockchain node refused this machine (HTTP 403): allow it with rpcallowip in the "
                     "node's configuration");
    }
    json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
      if (status != 200) {
        throw RpcError(RpcErrorKind::Http, "the blockchain node answered HTTP " + std::to_string(status) + " " +
                                               std::string(reason));
      }
      throw RpcError(RpcErrorKind::BadResponse, "the blockchain node's answer is not JSON-RPC");
    }
    if (auto error = document.find("error"); error != document.end() && !error->is_null()) {
      const int code = error->value("code", 0);
      const std::string message = error->is_object() ? error->value("message", error->dump()) : error->dump();
      throw RpcError(RpcErrorKind::Rpc, message, code);
    }
    if (status != 200) {
      throw RpcError(RpcErrorKind::Http, "the blockchain node answered HTTP " + std::to_string(status) + " " +
                                             std::string(reason));
    }
    auto result = document.find("result");
    if (result == document.end()) throw RpcError(RpcErrorKind::BadResponse, "JSON-RPC answer without a result");
    return std::move(*result);
  }

  asio::io_context& io_;
  const RpcEndpoint endpoint_;
  const RpcOptions options_;
  std::vector<std::unique_ptr<beast::tcp_stream>> idle_;
  std::set<beast::tcp_stream*> active_;
  std::size_t inFlight_ = 0;
  std::uint64_t nextId_ = 1;
  bool closed_ = false;
};

RpcClient::RpcClient(asio::io_context& io, RpcEndpoint endpoint, RpcOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), options)) {}

RpcClient::~RpcClient() { close(); }

void RpcClient::call(std::string method, json params, Callback done, std::chrono::milliseconds timeout) {
  asio::co_spawn(impl_->io(), impl_->perform(std::move(method), std::move(params), timeout),
                 [done = std::move(done)](std::exception_ptr failure, json result) {
                   RpcReply reply;
                   if (failure) {
                     try {
                       std::rethrow_exception(failure);
                     } catch (const RpcError& e) {
                       reply.error = e;
                     } catch (const std::exception& e) {
                       reply.error = RpcError(RpcErrorKind::BadResponse, e.what());
                     }
                   } else {
                     reply.result = std::move(result);
                   }
                   done(std::move(reply));
                 });
}

json RpcClient::callBlocking(std::string method, json params, std::chrono::milliseconds timeout) {
  if (impl_->io().get_executor().running_in_this_thread()) {
    throw std::logic_error("RpcClient::callBlocking on the io_context's own thread would deadlock");
  }
  auto promise = std::make_shared<std::promise<RpcReply>>();
  auto future = promise->get_future();
  call(std::move(method), std::move(params), [promise](RpcReply reply) { promise->set_value(std::move(reply)); },
       timeout);
  RpcReply reply = future.get();
  if (reply.error) throw *reply.error;
  return std::move(reply.result);
}

void RpcClient::close() {
  asio::post(impl_->io(), [impl = impl_] { impl->close(); });
}

const RpcEndpoint& RpcClient::endpoint() const { return impl_->endpoint(); }

asio::io_context& RpcClient::ioContext() const { return impl_->io(); }

}  // namespace otedama::chain
