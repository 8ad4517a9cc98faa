// Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/): valid encodings of
// each kind of input, so the fuzzers start from real structure. Rerun after a format change:
//   build/tests/otedama-fuzz-seeds tests/fuzz/corpus
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "p2p/discovery_packet.hpp"
#include "p2p/frame_codec.hpp"
#include "p2p/handshake.hpp"
#include "p2p/messages.hpp"
#include "p2p/node_identity.hpp"
#include "pow/registry.hpp"
#include "share_factory.hpp"

using namespace otedama;

namespace {

void write(const std::filesystem::path& folder, const std::string& name, const Bytes& bytes) {
  std::filesystem::create_directories(folder);
  std::ofstream(folder / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                        static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: otedama-fuzz-seeds CORPUS_DIR\n";
    return 2;
  }
  const std::filesystem::path root = argv[1];

  auto algorithm = pow::AlgorithmRegistry::builtin().create("sha256d");
  sharechain::ShareChain chain(test::testShareParams(), *algorithm);
  test::ShareFactory factory(chain);
  std::vector<sharechain::Share> shares;
  for (unsigned i = 0; i < 4; ++i) {
    const std::optional<Hash32> previous = i == 3 ? std::optional(shares[1].data.previousShareId) : std::nullopt;
    shares.push_back(factory.make(test::minerScript(i), 1'700'000'000 + 10 * i, previous, test::minerScript(9),
                                  i % 2 ? 20000 : 0));
    chain.insert(shares.back(), {1'700'000'100, false, false, false});
  }
  shares.push_back(factory.make(test::minerScript(5), 1'700'000'050));  // includes an uncle
  for (std::size_t i = 0; i < shares.size(); ++i) {
    write(root / "fuzz_share_decoder", "share-" + std::to_string(i), sharechain::encodeShare(shares[i]));
  }

  const p2p::NodeIdentity identity(crypto::ed25519FromSeed(Bytes(32, 7)));  // fixed: stable seed files
  const Hash32 id = sharechain::shareId(shares.back());
  p2p::ShareVerification verdict{id, true, 0, 1'700'000'100, identity.publicKey(), {}};
  verdict.signature = identity.sign(p2p::verificationSigningBytes(verdict));
  p2p::PeerAddress peer{identity.publicKey(), {}, 9333, 1'700'000'000};
  peer.address[10] = peer.address[11] = 0xff;
  peer.address[12] = 127;
  peer.address[15] = 1;
  const p2p::TemplateInfo info{id, 2'500'000, 0x1a01aa3d, 1'700'000'123, 6'2500'0000, 1800};
  const std::vector<p2p::Message> messages = {
      p2p::Ping{1},
      p2p::Pong{1},
      p2p::PeerStatus{id, 4, BigUInt<2>(1) << 40, 9333, 5, 3600, "otedama/0.1.0"},
      p2p::SharechainRequest{7, {id, shares[0].data.previousShareId}, {}, 64},
      p2p::SharechainRequest{8, {}, {id}, 1},
      p2p::SharechainBlock{7, {sharechain::encodeShare(shares[0]), sharechain::encodeShare(shares[1])}, true},
      p2p::ShareSubmit{sharechain::encodeShare(shares.back())},
      verdict,
      p2p::TemplateRequest{9},
      p2p::TemplateResponse{9, info},
      p2p::TemplateUpdate{info},
      p2p::PeersRequest{32},
      p2p::PeersResponse{{peer}},
  };
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::string name = std::to_string(i) + "-" + std::string(p2p::messageName(p2p::messageType(messages[i])));
    std::replace(name.begin(), name.end(), ':', '-');
    write(root / "fuzz_p2p_messages", name, p2p::encodeMessage(messages[i]));
  }

  // Frames: the first byte picks the decoder's cap, the second the piece size (fuzz_frame_decoder).
  for (std::size_t i = 0; i < 3; ++i) {
    Bytes input{static_cast<std::uint8_t>(i == 0 ? 0x40 : 0xff), static_cast<std::uint8_t>(7 * i)};
    for (std::size_t m = 0; m <= i; ++m) p2p::appendFrame(input, p2p::encodeMessage(messages[m]));
    write(root / "fuzz_frame_decoder", "frames-" + std::to_string(i), input);
  }

  // A real handshake's messages, and a refusal.
  const Hash32 consensus = chain.consensusId();
  p2p::HandshakeOpener opener(p2p::NodeIdentity(crypto::ed25519FromSeed(Bytes(32, 8))), consensus);
  p2p::HandshakeAcceptor acceptor(identity, consensus);
  const Bytes hello = opener.hello(1'700'000'000);
  const Bytes welcome = acceptor.onHello(hello, 1'700'000'000);
  opener.onWelcome(welcome);
  const auto nonce = p2p::solveProofOfWork(opener.proofOfWorkTask(), UINT64_MAX);
  const Bytes proof = opener.proof(*nonce);
  write(root / "fuzz_handshake_messages", "hello", hello);
  write(root / "fuzz_handshake_messages", "welcome", welcome);
  write(root / "fuzz_handshake_messages", "proof", proof);
  write(root / "fuzz_handshake_messages", "refusal",
        p2p::encodeRefusal({p2p::RefusalReason::TooManyPeers, "too many peers (125 of 125)"}));

  // Discovery packets for the fuzz target's network (consensus id of 0x5a bytes, clock 1.7e9).
  Hash32 network{};
  network.fill(0x5a);
  const p2p::NetEndpoint local{*p2p::parseNetAddress("127.0.0.1"), 9338};
  const p2p::NetEndpoint remote{*p2p::parseNetAddress("2001:db8::7"), 19338};
  const std::vector<p2p::Packet> packets = {
      {identity.publicKey(), 1'700'000'030, 1, p2p::PingBody{9333, remote, 0}},
      {identity.publicKey(), 1'700'000'030, 1, p2p::PongBody{9333, local}},
      {identity.publicKey(), 1'700'000'030, 2, p2p::FindNodeBody{id}},
      {identity.publicKey(), 1'700'000'030, 2,
       p2p::NodesBody{{{identity.publicKey(), local, 9333}, {identity.publicKey(), remote, 19333}}}},
  };
  for (std::size_t i = 0; i < packets.size(); ++i) {
    write(root / "fuzz_discovery_packet", std::string("packet-") + p2p::packetTypeName(packets[i].type()),
          p2p::encodePacket(packets[i], network, identity));
  }
  std::cout << "seeds written under " << root << "\n";
  return 0;
}
