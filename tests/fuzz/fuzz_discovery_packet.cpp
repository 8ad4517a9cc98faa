// libFuzzer target: the UDP discovery packet decoder (any host on the internet can send these).
// A fixed clock keeps runs repeatable; a packet that decodes must stay within the packet limits.
#include <cstdlib>

#include "p2p/discovery_packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace otedama::p2p;
  static const otedama::Hash32 consensus = [] {
    otedama::Hash32 id{};
    id.fill(0x5a);
    return id;
  }();
  try {
    const DecodedPacket decoded = decodePacket(otedama::ByteSpan(data, size), consensus, 1'700'000'000);
    if (encodedSize(decoded.packet) > kMaxDiscoveryPacket) std::abort();
    if (const auto* nodes = std::get_if<NodesBody>(&decoded.packet.body); nodes && nodes->nodes.size() > kMaxNodesPerPacket) {
      std::abort();
    }
  } catch (const otedama::DecodeError&) {
  }
  return 0;
}
