// The messages peers exchange inside an established secure link (docs/p2p-messages.md has the
// byte layouts). One message is one secure frame: a type byte, then the body. Every decoder is
// strict (exact lengths, bounded counts, no trailing bytes) and throws DecodeError otherwise;
// they are fuzzed. Names follow the product guide ("sharechain:block", "share:submit", ...).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crypto/ed25519.hpp"
#include "util/bytes.hpp"
#include "util/uint256.hpp"

namespace otedama::p2p {

inline constexpr std::size_t kMaxSharesPerMessage = 64;    // a sync batch
inline constexpr std::size_t kMaxShareBytes = 4096;        // sharechain::kMaxEncodedShare
inline constexpr std::size_t kMaxLocatorIds = 64;
inline constexpr std::size_t kMaxPeersPerMessage = 32;
inline constexpr std::size_t kMaxSoftwareName = 64;
inline constexpr std::size_t kMaxMessageBytes = 1 << 20;  // what one frame may carry

enum class MessageType : std::uint8_t {
  Ping = 1,
  Pong = 2,
  PeerStatus = 3,
  SharechainRequest = 4,
  SharechainBlock = 5,
  ShareSubmit = 6,
  ShareVerification = 7,
  TemplateRequest = 8,
  TemplateResponse = 9,
  TemplateUpdate = 10,
  PeersRequest = 11,
  PeersResponse = 12,
};

// "ping", "pong", "peer:status", "sharechain:request", "sharechain:block", "share:submit",
// "share:verification", "template:request", "template:response", "template:update",
// "peers:request", "peers:response".
std::string_view messageName(MessageType type);

struct Ping {
  std::uint64_t nonce = 0;
  friend bool operator==(const Ping&, const Ping&) = default;
};
struct Pong {
  std::uint64_t nonce = 0;  // the ping's
  friend bool operator==(const Pong&, const Pong&) = default;
};

// What a peer says about itself, on connect and when its tip moves.
struct PeerStatus {
  Hash32 tipId{};              // zeros: no share yet
  std::uint64_t tipHeight = 0;
  BigUInt<2> cumulativeWork;
  std::uint16_t listenPort = 0;  // its TCP link port (0: does not accept links)
  std::uint16_t peerCount = 0;
  std::uint64_t uptimeSeconds = 0;
  std::string software;          // e.g. "otedama/0.1.0", printable ASCII
  friend bool operator==(const PeerStatus&, const PeerStatus&) = default;
};

// Sync: shares after the newest of `locator` the peer knows (locator: newest first, sparser
// further back), at most `maxShares`; or, when `wanted` is not empty, exactly those shares
// (missing parents and uncles of orphans). Answered by SharechainBlock with the same id.
struct SharechainRequest {
  std::uint64_t requestId = 0;
  std::vector<Hash32> locator;
  std::vector<Hash32> wanted;
  std::uint16_t maxShares = kMaxSharesPerMessage;
  friend bool operator==(const SharechainRequest&, const SharechainRequest&) = default;
};

struct SharechainBlock {
  std::uint64_t requestId = 0;
  std::vector<Bytes> shares;  // encoded shares, oldest first
  bool more = false;          // the peer has more after these
  friend bool operator==(const SharechainBlock&, const SharechainBlock&) = default;
};

// A new share, relayed once to each peer that does not have it.
struct ShareSubmit {
  Bytes share;  // encoded
  friend bool operator==(const ShareSubmit&, const ShareSubmit&) = default;
};

// A node's signed verdict on a share; peers count confirmations for the UI. The signature
// covers "otedama-verdict-v1" || shareId || accepted || refusal || timestamp.
struct ShareVerification {
  Hash32 shareId{};
  bool accepted = false;
  std::uint8_t refusal = 0;  // sharechain::Refusal when not accepted
  std::uint64_t timestamp = 0;
  crypto::Ed25519PublicKey verifier{};
  crypto::Ed25519Signature signature{};
  friend bool operator==(const ShareVerification&, const ShareVerification&) = default;
};
Bytes verificationSigningBytes(const ShareVerification& verification);

struct TemplateRequest {
  std::uint64_t requestId = 0;
  friend bool operator==(const TemplateRequest&, const TemplateRequest&) = default;
};

// A summary of the parent-chain work a node mines on, so peers notice a stale or different view
// of the parent chain (and learn of a new parent block before their own node tells them).
struct TemplateInfo {
  Hash32 previousBlockHash{};  // internal order
  std::uint32_t height = 0;
  std::uint32_t bits = 0;
  std::uint32_t time = 0;
  std::int64_t coinbaseValue = 0;
  std::uint32_t transactionCount = 0;
  friend bool operator==(const TemplateInfo&, const TemplateInfo&) = default;
};
struct TemplateResponse {
  std::uint64_t requestId = 0;
  TemplateInfo info;
  friend bool operator==(const TemplateResponse&, const TemplateResponse&) = default;
};
struct TemplateUpdate {
  TemplateInfo info;
  friend bool operator==(const TemplateUpdate&, const TemplateUpdate&) = default;
};

struct PeersRequest {
  std::uint16_t max = kMaxPeersPerMessage;
  friend bool operator==(const PeersRequest&, const PeersRequest&) = default;
};

struct PeerAddress {
  crypto::Ed25519PublicKey publicKey{};
  std::array<std::uint8_t, 16> address{};  // IPv6, or IPv4-mapped (::ffff:a.b.c.d)
  std::uint16_t port = 0;
  std::uint64_t lastSeen = 0;
  friend bool operator==(const PeerAddress&, const PeerAddress&) = default;
};
struct PeersResponse {
  std::vector<PeerAddress> peers;
  friend bool operator==(const PeersResponse&, const PeersResponse&) = default;
};

using Message = std::variant<Ping, Pong, PeerStatus, SharechainRequest, SharechainBlock, ShareSubmit,
                             ShareVerification, TemplateRequest, TemplateResponse, TemplateUpdate, PeersRequest,
                             PeersResponse>;

MessageType messageType(const Message& message);
// Throws std::invalid_argument when a message breaks a limit (so we never send what peers refuse).
Bytes encodeMessage(const Message& message);
// Throws DecodeError naming the message and the problem.
Message decodeMessage(ByteSpan bytes);

}  // namespace otedama::p2p
