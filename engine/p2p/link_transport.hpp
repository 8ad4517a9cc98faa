// Internal to engine/p2p (link.cpp and link_listener.cpp): how the listener hands an accepted TCP
// socket to a new inbound link. Includes Asio, which is why it is not part of link.hpp; nothing
// outside engine/p2p includes this.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "p2p/link.hpp"

namespace otedama::p2p {

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
