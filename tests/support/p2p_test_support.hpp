// Test support for the peer-to-peer suites: running an io_context until a condition holds, one
// sample of every peer message, and a hand-driven TCP client that speaks the link protocol (or
// garbage) so tests can play a hostile or a silent peer.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "p2p/frame_codec.hpp"
#include "p2p/handshake.hpp"
#include "p2p/messages.hpp"
#include "p2p/node_identity.hpp"
#include "p2p/p2p_network.hpp"
#include "p2p/secure_channel.hpp"

namespace otedama::test {

// Runs the io_context in small steps until `done` holds (true) or the deadline passes (false).
bool runIoUntil(boost::asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step = std::chrono::milliseconds(2));

// Whether every one of these running networks reaches every other over established links.
bool networksConnected(const std::vector<const p2p::P2pNetwork*>& networks);

// One message of every type, ping and pong first; `salt` varies the content.
std::vector<p2p::Message> sampleMessages(std::uint8_t salt);

// A TCP client from its own loopback address: raw bytes, or an honest opener's handshake with its
// own identity followed by whatever messages a test seals.
struct RawLinkClient {
  RawLinkClient(boost::asio::io_context& io, std::uint16_t port, const std::string& from = "127.0.0.1",
                p2p::NodeIdentity id = p2p::NodeIdentity::generate());

  std::uint16_t localPort() const { return socket.local_endpoint().port(); }
  void write(const Bytes& bytes);
  // Reads whatever is there; notes the end of the stream.
  void pump();
  std::optional<Bytes> nextFrame(boost::asio::io_context& io, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool waitClosed(boost::asio::io_context& io, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The opener's side up to and including our stream header; true when the acceptor's stream
  // header came back (the link is then established on its side).
  bool handshake(boost::asio::io_context& io, const Hash32& consensus);
  Bytes sealed(const p2p::Message& message);
  void send(const p2p::Message& message) { write(sealed(message)); }
  std::optional<p2p::Message> nextMessage(boost::asio::io_context& io,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(10));

  boost::asio::ip::tcp::socket socket;
  p2p::NodeIdentity identity;
  std::optional<p2p::HandshakeOpener> opener;
  std::optional<p2p::SecureSender> sender;
  std::optional<p2p::SecureReceiver> receiver;
  p2p::FrameDecoder decoder{p2p::kMaxHandshakeMessageBytes};
  std::vector<Bytes> frames;
  std::size_t bytesRead = 0;
  bool peerClosed = false;
};

}  // namespace otedama::test
