// Internal to engine/p2p: how the listener hands an accepted TCP socket to a new inbound link, and
// the conversions between Asio's TCP endpoints and ours. Includes Asio, which is why it is not
// part of link.hpp; nothing outside engine/p2p includes this.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "p2p/link.hpp"

namespace otedama::p2p {

inline NetEndpoint fromAsio(const boost::asio::ip::tcp::endpoint& endpoint) {
  const boost::asio::ip::address address = endpoint.address();
  NetEndpoint out;
  out.address = address.is_v4() ? NetAddress::v4(address.to_v4().to_bytes()) : NetAddress::v6(address.to_v6().to_bytes());
  out.port = endpoint.port();
  return out;
}

inline boost::asio::ip::tcp::endpoint toAsio(const NetEndpoint& endpoint) {
  if (endpoint.address.isV4()) {
    const auto& b = endpoint.address.bytes;
    return {boost::asio::ip::address_v4({b[0], b[1], b[2], b[3]}), endpoint.port};
  }
  return {boost::asio::ip::address_v6(endpoint.address.bytes), endpoint.port};
}

// Throws std::invalid_argument for options no link can run with (non-positive timeouts, a zero
// send queue, a proof of work above kMaxProofOfWorkBits).
void checkLinkOptions(const LinkOptions& options);

// Starts the acceptor's side of the handshake on a connected socket. `admit` sees the opener's
// identity key once its hello verified, before we do any work for it. The options must have
// passed checkLinkOptions.
std::shared_ptr<Link> startInboundLink(boost::asio::io_context& io, boost::asio::ip::tcp::socket socket,
                                       const NetEndpoint& remote, const LinkConfig& config, LinkEvents events,
                                       AdmissionCheck admit);

}  // namespace otedama::p2p
