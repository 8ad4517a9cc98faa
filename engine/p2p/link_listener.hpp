// The TCP port other nodes open links to: accepts connections and makes an inbound Link of each,
// within two caps on connections still in their handshake (in total, and per IPv4 address or
// IPv6 /64), so that half-open handshakes cannot pile up; established links are the peer
// manager's to count. Over a cap, or refused by the address check, a connection gets a refusal
// ("too many peers", "banned") and is closed before any work is done for it.
// Runs on the engine's io_context; every public method must be called on that thread (or before
// it runs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "p2p/handshake.hpp"
#include "p2p/link.hpp"
#include "p2p/routing_table.hpp"

namespace boost::asio {
class io_context;
}

namespace otedama::p2p {

struct LinkListenerOptions {
  std::string bindAddress = "0.0.0.0";  // "::" listens on IPv6 and IPv4
  std::uint16_t port = 9338;            // 0: any free port (tests)
  // Connections accepted and not yet established (or closed). A handshake takes a round trip and
  // the opener's proof of work, well under a second, so a few dozen cover honest bursts.
  std::size_t maxHandshaking = 64;
  std::size_t maxHandshakingPerIp = 4;  // per IPv4 address or IPv6 /64 (loopback included)
};

// Asked for each accepted connection before anything is read from it (banned addresses): a
// refusal to send, or nullopt to go on.
using AddressCheck = std::function<std::optional<Refusal>(const NetEndpoint& remote)>;

struct LinkListenerStats {
  std::uint64_t accepted = 0;          // became inbound links
  std::uint64_t refusedHandshaking = 0;  // maxHandshaking reached
  std::uint64_t refusedPerIp = 0;        // maxHandshakingPerIp reached for its address
  std::uint64_t refusedAddress = 0;      // by the AddressCheck
  std::size_t handshaking = 0;           // now
};

class LinkListener {
 public:
  // `events` are given to every inbound link; `admit` sees each opener's identity key once its
  // hello verified (too many peers, banned keys). config.proofOfWorkPool is not used.
  LinkListener(boost::asio::io_context& io, LinkConfig config, LinkListenerOptions options, LinkEvents events,
               AdmissionCheck admit = {}, AddressCheck checkAddress = {});
  ~LinkListener();  // stop()
  LinkListener(const LinkListener&) = delete;
  LinkListener& operator=(const LinkListener&) = delete;

  // Binds and starts accepting. Throws std::runtime_error naming the address and port when it
  // cannot bind, std::invalid_argument for unusable options.
  void start();
  // Stops accepting and closes the links still in their handshake; established links stay open.
  void stop();

  std::uint16_t port() const;  // the bound port (useful with port 0); 0 before start()
  std::size_t handshakingCount() const;
  LinkListenerStats stats() const;

  class Core;  // implementation (link_listener.cpp)

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace otedama::p2p
