// The UDP discovery packet: PING, PONG, FIND_NODE and NODES, each signed with the sender's
// Ed25519 node key, tied to one network by its consensus id and to a short lifetime by an expiry
// time. The decoder is strict and bounded (it takes hostile datagrams and is fuzzed): malformed
// input throws DecodeError; well-formed packets of another network, out of their lifetime or with
// a bad signature come back with that status. Byte layouts: docs/p2p-discovery.md.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "crypto/ed25519.hpp"
#include "p2p/node_identity.hpp"
#include "p2p/routing_table.hpp"
#include "util/bytes.hpp"
#include "util/serialize.hpp"

namespace otedama::p2p {

inline constexpr std::array<std::uint8_t, 4> kDiscoveryMagic{'O', 'T', 'D', 'S'};
inline constexpr std::uint8_t kDiscoveryVersion = 1;
inline constexpr std::size_t kMaxDiscoveryPacket = 1280;  // the IPv6 minimum MTU: never fragmented
inline constexpr std::size_t kMaxNodesPerPacket = 8;
inline constexpr std::size_t kMaxPingPadding = 1024;
inline constexpr std::size_t kDiscoveryHeaderSize = 86;  // magic .. request id
inline constexpr std::size_t kDiscoverySignatureSize = 64;

enum class PacketType : std::uint8_t { Ping = 1, Pong = 2, FindNode = 3, Nodes = 4 };

const char* packetTypeName(PacketType type);

struct PingBody {
  std::uint16_t tcpPort = 0;  // the sender's link port (0: it takes no links)
  NetEndpoint to;             // where the sender sent this packet (the receiver learns its outside address)
  // Zero bytes that make a first contact big enough to pay for the PONG and the ping back it
  // asks for (the receiver never sends an unverified address more bytes than it got).
  std::uint16_t padding = 0;
};

struct PongBody {
  std::uint16_t tcpPort = 0;
  NetEndpoint seen;  // where the PING came from, as the answering node saw it
};

struct FindNodeBody {
  NodeId target{};
};

struct NodeRecord {
  crypto::Ed25519PublicKey publicKey{};
  NetEndpoint udp;  // port never 0
  std::uint16_t tcpPort = 0;

  bool operator==(const NodeRecord&) const = default;
};

struct NodesBody {
  std::vector<NodeRecord> nodes;  // at most kMaxNodesPerPacket
};

struct Packet {
  crypto::Ed25519PublicKey sender{};
  std::uint64_t expiry = 0;  // unix seconds; the packet is refused after it
  // PING, FIND_NODE: a fresh random id. PONG, NODES: the id of the request they answer.
  std::uint64_t requestId = 0;
  std::variant<PingBody, PongBody, FindNodeBody, NodesBody> body;

  PacketType type() const { return static_cast<PacketType>(body.index() + 1); }
};

// Signs with `signer` (the packet's `sender` is set to its public key). Throws
// std::invalid_argument when the packet breaks a limit (too many nodes, padding, port 0, size).
Bytes encodePacket(const Packet& packet, const Hash32& consensusId, const NodeIdentity& signer);

enum class PacketStatus {
  Ok,
  WrongNetwork,  // another consensus id
  Expired,       // expiry < now
  TooFarAhead,   // expiry > now + maxAheadSeconds
  BadSignature,
};

const char* packetStatusName(PacketStatus status);

struct DecodedPacket {
  PacketStatus status = PacketStatus::Ok;
  Packet packet;  // meaningful only with Ok
};

inline constexpr std::uint64_t kDefaultMaxExpiryAhead = 90;

// Throws DecodeError when the datagram is not a well-formed packet of this version (size, magic,
// version, type, field values, trailing bytes). Checks the network and lifetime before the
// signature, so refused packets cost no signature check.
DecodedPacket decodePacket(ByteSpan datagram, const Hash32& consensusId, std::uint64_t nowUnix,
                           std::uint64_t maxAheadSeconds = kDefaultMaxExpiryAhead);

// The encoded size of a packet, so a sender can size PING padding without encoding twice.
std::size_t encodedSize(const Packet& packet);

}  // namespace otedama::p2p
