// Peer-to-peer test support.
#include "p2p_test_support.hpp"

#include <map>
#include <set>

#include <boost/asio/write.hpp>

#include "util/hex.hpp"
#include "util/unix_time.hpp"

namespace otedama::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool runIoUntil(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds step) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_for(step);
  }
  return true;
}

bool networksConnected(const std::vector<const p2p::P2pNetwork*>& networks) {
  if (networks.empty()) return true;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < networks.size(); ++i) index[toHex(networks[i]->id())] = i;
  std::set<std::size_t> seen{0};
  std::vector<std::size_t> todo{0};
  while (!todo.empty()) {
    const std::size_t at = todo.back();
    todo.pop_back();
    for (const p2p::PeerInfo& peer : networks[at]->peers()) {
      const auto it = index.find(peer.nodeId);
      if (it != index.end() && seen.insert(it->second).second) todo.push_back(it->second);
    }
  }
  return seen.size() == networks.size();
}

std::vector<p2p::Message> sampleMessages(std::uint8_t salt) {
  using namespace p2p;
  const auto hashOf = [](std::uint8_t fill) {
    Hash32 hash;
    hash.fill(fill);
    return hash;
  };
  std::vector<Message> all;
  all.push_back(Ping{42});
  all.push_back(Pong{43});
  all.push_back(PeerStatus{hashOf(salt), 1234, BigUInt<2>(999) << 70, 9333, 7, 3600, "otedama/0.1.0"});
  all.push_back(SharechainRequest{5, {hashOf(2), hashOf(3)}, {hashOf(4)}, 32});
  all.push_back(SharechainBlock{5, {Bytes(300, salt), Bytes(4096, 2)}, true});
  all.push_back(ShareSubmit{Bytes(319, salt)});
  ShareVerification verification{hashOf(5), false, 17, 1'700'000'000, {}, {}};
  const NodeIdentity identity = NodeIdentity::generate();
  verification.verifier = identity.publicKey();
  verification.signature = identity.sign(verificationSigningBytes(verification));
  all.push_back(verification);
  all.push_back(TemplateRequest{6});
  const TemplateInfo info{hashOf(salt), 2'500'000, 0x1a01aa3d, 1'700'000'123, 6'2500'0000, 1800};
  all.push_back(TemplateResponse{6, info});
  all.push_back(TemplateUpdate{info});
  all.push_back(PeersRequest{16});
  PeerAddress peer{identity.publicKey(), {}, 9333, 1'700'000'000};
  peer.address[10] = 0xff;
  peer.address[11] = 0xff;
  peer.address[12] = 127;
  peer.address[15] = 1;
  all.push_back(PeersResponse{{peer, peer}});
  return all;
}

RawLinkClient::RawLinkClient(asio::io_context& io, std::uint16_t port, const std::string& from, p2p::NodeIdentity id)
    : socket(io), identity(std::move(id)) {
  socket.open(tcp::v4());
  socket.bind(tcp::endpoint(asio::ip::make_address(from), 0));
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

void RawLinkClient::write(const Bytes& bytes) {
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(bytes), ec);
}

void RawLinkClient::pump() {
  if (peerClosed) return;
  socket.non_blocking(true);
  std::vector<std::uint8_t> buffer(65536);
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      peerClosed = true;
      break;
    }
    bytesRead += n;
    decoder.feed(ByteSpan(buffer.data(), n));
    while (auto frame = decoder.next()) frames.push_back(std::move(*frame));
  }
  socket.non_blocking(false);
}

std::optional<Bytes> RawLinkClient::nextFrame(asio::io_context& io, std::chrono::milliseconds timeout) {
  runIoUntil(io, [&] {
    pump();
    return !frames.empty() || peerClosed;
  }, timeout);
  if (frames.empty()) return std::nullopt;
  Bytes frame = std::move(frames.front());
  frames.erase(frames.begin());
  return frame;
}

bool RawLinkClient::waitClosed(asio::io_context& io, std::chrono::milliseconds timeout) {
  return runIoUntil(io, [&] {
    pump();
    return peerClosed;
  }, timeout);
}

bool RawLinkClient::handshake(asio::io_context& io, const Hash32& consensus) {
  opener.emplace(identity, consensus);
  write(p2p::encodeFrame(opener->hello(static_cast<std::uint64_t>(unixSeconds())), p2p::kMaxHandshakeMessageBytes));
  const auto welcome = nextFrame(io);
  if (!welcome || !opener->onWelcome(*welcome)) return false;
  const auto nonce = p2p::solveProofOfWork(opener->proofOfWorkTask(), std::uint64_t{1} << 40);
  if (!nonce) return false;
  Bytes out = p2p::encodeFrame(opener->proof(*nonce), p2p::kMaxHandshakeMessageBytes);
  sender.emplace(opener->link().keys.tx);
  p2p::appendFrame(out, sender->header());
  write(out);
  const auto header = nextFrame(io);
  if (!header) return false;
  receiver.emplace(opener->link().keys.rx, *header);
  decoder.setMaxFrameBytes(p2p::kDefaultMaxFrameBytes);
  return true;
}

Bytes RawLinkClient::sealed(const p2p::Message& message) {
  return p2p::encodeFrame(sender->seal(p2p::encodeMessage(message)));
}

std::optional<p2p::Message> RawLinkClient::nextMessage(asio::io_context& io, std::chrono::milliseconds timeout) {
  const auto frame = nextFrame(io, timeout);
  if (!frame) return std::nullopt;
  return p2p::decodeMessage(receiver->open(*frame));
}

}  // namespace otedama::test
