// Discovery packet codec. Every integer is little-endian like the rest of our formats; every
// field has one valid encoding (no IPv4-mapped IPv6, zero padding, no trailing bytes), so a packet
// has exactly one byte form and the signature covers what the receiver acts on.
#include "p2p/discovery_packet.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace otedama::p2p {
namespace {

constexpr std::size_t kEndpointV4 = 1 + 4 + 2;
constexpr std::size_t kEndpointV6 = 1 + 16 + 2;
constexpr std::size_t kNodeRecordFixed = 32 + 2;  // key + link port, plus the endpoint

std::size_t endpointSize(const NetEndpoint& endpoint) { return endpoint.address.isV4() ? kEndpointV4 : kEndpointV6; }

void putEndpoint(ByteWriter& out, const NetEndpoint& endpoint, const char* what) {
  if (endpoint.port == 0) throw std::invalid_argument(std::string("discovery packet: ") + what + " port 0");
  // Normalize through v6() so a mapped address set by hand still goes out in its IPv4 form.
  const NetAddress address = endpoint.address.isV4() ? endpoint.address : NetAddress::v6(endpoint.address.bytes);
  out.u8(static_cast<std::uint8_t>(address.family));
  out.bytes(ByteSpan(address.bytes).first(address.size()));
  out.u16le(endpoint.port);
}

NetEndpoint getEndpoint(ByteReader& in, const char* what) {
  const std::uint8_t family = in.u8();
  NetEndpoint endpoint;
  if (family == 4) {
    const ByteSpan octets = in.bytes(4);
    endpoint.address = NetAddress::v4({octets[0], octets[1], octets[2], octets[3]});
  } else if (family == 6) {
    std::array<std::uint8_t, 16> octets{};
    const ByteSpan raw = in.bytes(16);
    std::copy(raw.begin(), raw.end(), octets.begin());
    endpoint.address = NetAddress::v6(octets);
    if (endpoint.address.isV4()) throw DecodeError(std::string(what) + ": IPv4-mapped IPv6 address (send it as IPv4)");
  } else {
    throw DecodeError(std::string(what) + ": unknown address family " + std::to_string(family));
  }
  endpoint.port = in.u16le();
  if (endpoint.port == 0) throw DecodeError(std::string(what) + ": port 0");
  return endpoint;
}

template <std::size_t N>
std::array<std::uint8_t, N> getArray(ByteReader& in) {
  const ByteSpan raw = in.bytes(N);
  std::array<std::uint8_t, N> out{};
  std::copy(raw.begin(), raw.end(), out.begin());
  return out;
}

}  // namespace

const char* packetTypeName(PacketType type) {
  switch (type) {
    case PacketType::Ping: return "PING";
    case PacketType::Pong: return "PONG";
    case PacketType::FindNode: return "FIND_NODE";
    case PacketType::Nodes: return "NODES";
  }
  return "?";
}

const char* packetStatusName(PacketStatus status) {
  switch (status) {
    case PacketStatus::Ok: return "ok";
    case PacketStatus::WrongNetwork: return "another network";
    case PacketStatus::Expired: return "expired";
    case PacketStatus::TooFarAhead: return "expiry too far ahead";
    case PacketStatus::BadSignature: return "bad signature";
  }
  return "?";
}

std::size_t encodedSize(const Packet& packet) {
  std::size_t body = 0;
  if (const auto* ping = std::get_if<PingBody>(&packet.body)) {
    body = 2 + endpointSize(ping->to) + 2 + ping->padding;
  } else if (const auto* pong = std::get_if<PongBody>(&packet.body)) {
    body = 2 + endpointSize(pong->seen);
  } else if (std::holds_alternative<FindNodeBody>(packet.body)) {
    body = 32;
  } else {
    body = 1;
    for (const NodeRecord& node : std::get<NodesBody>(packet.body).nodes) body += kNodeRecordFixed + endpointSize(node.udp);
  }
  return kDiscoveryHeaderSize + body + kDiscoverySignatureSize;
}

Bytes encodePacket(const Packet& packet, const Hash32& consensusId, const NodeIdentity& signer) {
  const std::size_t size = encodedSize(packet);
  if (size > kMaxDiscoveryPacket) throw std::invalid_argument("discovery packet of " + std::to_string(size) + " bytes is too big");
  ByteWriter out(size);
  out.bytes(kDiscoveryMagic);
  out.u8(kDiscoveryVersion);
  out.bytes(consensusId);
  out.u8(static_cast<std::uint8_t>(packet.type()));
  out.bytes(signer.publicKey());
  out.u64le(packet.expiry);
  out.u64le(packet.requestId);
  if (const auto* ping = std::get_if<PingBody>(&packet.body)) {
    if (ping->padding > kMaxPingPadding) throw std::invalid_argument("discovery PING padding too long");
    out.u16le(ping->tcpPort);
    putEndpoint(out, ping->to, "PING destination");
    out.u16le(ping->padding);
    out.bytes(Bytes(ping->padding, 0));
  } else if (const auto* pong = std::get_if<PongBody>(&packet.body)) {
    out.u16le(pong->tcpPort);
    putEndpoint(out, pong->seen, "PONG seen address");
  } else if (const auto* find = std::get_if<FindNodeBody>(&packet.body)) {
    out.bytes(find->target);
  } else {
    const auto& nodes = std::get<NodesBody>(packet.body).nodes;
    if (nodes.size() > kMaxNodesPerPacket) throw std::invalid_argument("discovery NODES with more than 8 entries");
    out.u8(static_cast<std::uint8_t>(nodes.size()));
    for (const NodeRecord& node : nodes) {
      out.bytes(node.publicKey);
      putEndpoint(out, node.udp, "NODES entry");
      out.u16le(node.tcpPort);
    }
  }
  out.bytes(signer.sign(out.data()));
  return out.take();
}

DecodedPacket decodePacket(ByteSpan datagram, const Hash32& consensusId, std::uint64_t nowUnix,
                           std::uint64_t maxAheadSeconds) {
  if (datagram.size() > kMaxDiscoveryPacket) {
    throw DecodeError("discovery packet of " + std::to_string(datagram.size()) + " bytes exceeds " +
                      std::to_string(kMaxDiscoveryPacket));
  }
  if (datagram.size() < kDiscoveryHeaderSize + kDiscoverySignatureSize) {
    throw DecodeError("discovery packet of " + std::to_string(datagram.size()) + " bytes is truncated");
  }
  ByteReader in(datagram);
  const ByteSpan magic = in.bytes(kDiscoveryMagic.size());
  if (!std::equal(magic.begin(), magic.end(), kDiscoveryMagic.begin())) throw DecodeError("not a discovery packet (magic)");
  const std::uint8_t version = in.u8();
  if (version != kDiscoveryVersion) throw DecodeError("discovery packet version " + std::to_string(version) + " unsupported");
  const Hash32 network = getArray<32>(in);
  const std::uint8_t type = in.u8();

  DecodedPacket decoded;
  Packet& packet = decoded.packet;
  packet.sender = getArray<32>(in);
  packet.expiry = in.u64le();
  packet.requestId = in.u64le();
  switch (type) {
    case static_cast<std::uint8_t>(PacketType::Ping): {
      PingBody ping;
      ping.tcpPort = in.u16le();
      ping.to = getEndpoint(in, "PING destination");
      ping.padding = in.u16le();
      if (ping.padding > kMaxPingPadding) throw DecodeError("PING padding of " + std::to_string(ping.padding) + " bytes");
      const ByteSpan padding = in.bytes(ping.padding);
      if (std::any_of(padding.begin(), padding.end(), [](std::uint8_t b) { return b != 0; })) {
        throw DecodeError("PING padding is not zero");
      }
      packet.body = ping;
      break;
    }
    case static_cast<std::uint8_t>(PacketType::Pong): {
      PongBody pong;
      pong.tcpPort = in.u16le();
      pong.seen = getEndpoint(in, "PONG seen address");
      packet.body = pong;
      break;
    }
    case static_cast<std::uint8_t>(PacketType::FindNode):
      packet.body = FindNodeBody{getArray<32>(in)};
      break;
    case static_cast<std::uint8_t>(PacketType::Nodes): {
      const std::uint8_t count = in.u8();
      if (count > kMaxNodesPerPacket) throw DecodeError("NODES with " + std::to_string(count) + " entries (at most 8)");
      NodesBody nodes;
      nodes.nodes.reserve(count);
      for (std::uint8_t i = 0; i < count; ++i) {
        NodeRecord node;
        node.publicKey = getArray<32>(in);
        node.udp = getEndpoint(in, "NODES entry");
        node.tcpPort = in.u16le();
        nodes.nodes.push_back(node);
      }
      packet.body = std::move(nodes);
      break;
    }
    default:
      throw DecodeError("unknown discovery packet type " + std::to_string(type));
  }
  const std::size_t signedSize = in.position();
  const crypto::Ed25519Signature signature = getArray<64>(in);
  in.expectEnd("discovery packet");

  if (network != consensusId) {
    decoded.status = PacketStatus::WrongNetwork;
  } else if (packet.expiry < nowUnix) {
    decoded.status = PacketStatus::Expired;
  } else if (packet.expiry - nowUnix > maxAheadSeconds) {
    decoded.status = PacketStatus::TooFarAhead;
  } else if (!crypto::ed25519Verify(packet.sender, datagram.first(signedSize), signature)) {
    decoded.status = PacketStatus::BadSignature;
  }
  return decoded;
}

}  // namespace otedama::p2p
