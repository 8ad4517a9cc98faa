// The link listener: the accept loop, the caps on connections in their handshake, and the quick
// refusal of connections over a cap.
#include "p2p/link_listener.hpp"

#include <array>
#include <chrono>
#include <map>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "p2p/address_groups.hpp"
#include "p2p/frame_codec.hpp"
#include "p2p/link_transport.hpp"

namespace otedama::p2p {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Best effort: the refusal is written without waiting, what the opener already sent is read
// away (closing a socket with unread input resets the connection, and a reset can destroy the
// refusal on its way), then the socket closes. A connection over a cap gets no more than that.
void refuse(tcp::socket& socket, const Refusal& refusal) {
  boost::system::error_code ignored;
  socket.non_blocking(true, ignored);
  const Bytes frame = encodeFrame(encodeRefusal(refusal), kMaxHandshakeMessageBytes);
  socket.write_some(asio::buffer(frame), ignored);
  std::array<std::uint8_t, 1024> sink{};
  socket.read_some(asio::buffer(sink), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace

class LinkListener::Core : public std::enable_shared_from_this<Core> {
 public:
  Core(asio::io_context& ioContext, LinkConfig linkConfig, LinkListenerOptions listenerOptions, LinkEvents linkEvents,
       AdmissionCheck admitCheck, AddressCheck addressCheck)
      : io(ioContext),
        config(std::move(linkConfig)),
        options(std::move(listenerOptions)),
        events(std::move(linkEvents)),
        admit(std::move(admitCheck)),
        checkAddress(std::move(addressCheck)),
        pause_(ioContext) {
    if (options.maxHandshaking == 0 || options.maxHandshakingPerIp == 0) {
      throw std::invalid_argument("the link listener's handshake caps must be at least 1");
    }
    checkLinkOptions(config.options);
  }

  void start() {
    if (running_) return;
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options.bindAddress, ec);
    if (ec) throw std::runtime_error("p2p: bad bind address '" + options.bindAddress + "' for the link port");
    const tcp::endpoint endpoint(address, options.port);
    tcp::acceptor listener(io);
    listener.open(endpoint.protocol(), ec);
    if (!ec && address.is_v6()) listener.set_option(asio::ip::v6_only(false), ec);
    if (!ec) listener.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) listener.bind(endpoint, ec);
    if (!ec) listener.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error("cannot open the peer link port " + options.bindAddress + ":" + std::to_string(options.port) +
                               ": " + ec.message() +
                               (ec == asio::error::address_in_use ? " (another program uses it; change p2pPort)" : ""));
    }
    acceptor_.emplace(std::move(listener));
    running_ = true;
    const std::string host = address.is_v6() ? "[" + options.bindAddress + "]" : options.bindAddress;
    spdlog::info("p2p: accepting links on TCP {}:{}", host, port());
    accept();
  }

  void stop() {
    if (!running_) return;
    running_ = false;
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    pause_.cancel();
    std::vector<std::shared_ptr<Link>> open;
    for (const auto& [key, entry] : handshaking_) {
      if (auto link = entry.link.lock()) open.push_back(std::move(link));
    }
    for (const auto& link : open) link->close("this node stopped accepting links");
  }

  std::uint16_t port() const {
    boost::system::error_code ec;
    return acceptor_ ? acceptor_->local_endpoint(ec).port() : 0;
  }

  LinkListenerStats stats() const {
    LinkListenerStats out = stats_;
    out.handshaking = handshaking_.size();
    return out;
  }

  std::size_t handshakingCount() const { return handshaking_.size(); }

  asio::io_context& io;
  LinkConfig config;
  LinkListenerOptions options;
  LinkEvents events;
  AdmissionCheck admit;
  AddressCheck checkAddress;

 private:
  struct Handshaking {
    std::weak_ptr<Link> link;
    NetAddress host;
  };

  void accept() {
    acceptor_->async_accept([self = shared_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
      self->onAccept(ec, std::move(socket));
    });
  }

  void onAccept(const boost::system::error_code& ec, tcp::socket socket) {
    if (!running_ || ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors or the like: keep accepting after a breath.
      spdlog::warn("p2p: accepting a link failed: {}", ec.message());
      pause_.expires_after(std::chrono::milliseconds(100));
      pause_.async_wait([self = shared_from_this()](const boost::system::error_code& waitError) {
        if (!waitError && self->running_) self->accept();
      });
      return;
    }
    admitConnection(std::move(socket));
    accept();
  }

  void admitConnection(tcp::socket socket) {
    boost::system::error_code ec;
    const tcp::endpoint endpoint = socket.remote_endpoint(ec);
    if (ec) return;  // already gone
    const NetEndpoint remote = fromAsio(endpoint);
    if (checkAddress) {
      if (const std::optional<Refusal> refusal = checkAddress(remote)) {
        ++stats_.refusedAddress;
        refuse(socket, *refusal);
        return;
      }
    }
    const NetAddress host = hostOf(remote.address);
    const auto count = perHost_.find(host);
    if (handshaking_.size() >= options.maxHandshaking) {
      ++stats_.refusedHandshaking;
      spdlog::debug("p2p: refusing a link from {}: {} connections in their handshake", remote.toString(),
                    handshaking_.size());
      refuse(socket, Refusal{RefusalReason::TooManyPeers, "too many connections in their handshake, try again later"});
      return;
    }
    if (count != perHost_.end() && count->second >= options.maxHandshakingPerIp) {
      ++stats_.refusedPerIp;
      spdlog::debug("p2p: refusing a link from {}: {} connections from its address in their handshake",
                    remote.toString(), count->second);
      refuse(socket, Refusal{RefusalReason::TooManyPeers, "too many connections from your address in their handshake"});
      return;
    }
    ++stats_.accepted;
    std::shared_ptr<Link> link = startInboundLink(io, std::move(socket), remote, config, wrap(events), admit);
    handshaking_.emplace(link.get(), Handshaking{link, host});
    ++perHost_[host];
  }

  // Inbound links leave the handshake count once established or closed, whichever comes first.
  LinkEvents wrap(const LinkEvents& inner) {
    LinkEvents out = inner;
    std::weak_ptr<Core> weak = weak_from_this();
    out.onEstablished = [weak, next = inner.onEstablished](const std::shared_ptr<Link>& link) {
      if (auto core = weak.lock()) core->release(link.get());
      if (next) next(link);
    };
    out.onClosed = [weak, next = inner.onClosed](const std::shared_ptr<Link>& link, const std::string& reason) {
      if (auto core = weak.lock()) core->release(link.get());
      if (next) next(link, reason);
    };
    return out;
  }

  void release(const Link* link) {
    const auto it = handshaking_.find(link);
    if (it == handshaking_.end()) return;
    const auto count = perHost_.find(it->second.host);
    if (count != perHost_.end() && --count->second == 0) perHost_.erase(count);
    handshaking_.erase(it);
  }

  std::optional<tcp::acceptor> acceptor_;
  asio::steady_timer pause_;
  bool running_ = false;
  std::map<const Link*, Handshaking> handshaking_;
  std::map<NetAddress, std::size_t> perHost_;
  LinkListenerStats stats_;
};

LinkListener::LinkListener(asio::io_context& io, LinkConfig config, LinkListenerOptions options, LinkEvents events,
                           AdmissionCheck admit, AddressCheck checkAddress)
    : core_(std::make_shared<Core>(io, std::move(config), std::move(options), std::move(events), std::move(admit),
                                   std::move(checkAddress))) {}

LinkListener::~LinkListener() { core_->stop(); }

void LinkListener::start() { core_->start(); }
void LinkListener::stop() { core_->stop(); }
std::uint16_t LinkListener::port() const { return core_->port(); }
std::size_t LinkListener::handshakingCount() const { return core_->handshakingCount(); }
LinkListenerStats LinkListener::stats() const { return core_->stats(); }

}  // namespace otedama::p2p
