// Message codecs: one writer and one strict reader per message, and the limits they share.
#include "p2p/messages.hpp"

#include <stdexcept>

#include "util/serialize.hpp"

namespace otedama::p2p {
namespace {

constexpr std::string_view kVerdictDomain = "otedama-verdict-v1";

template <class T>
inline constexpr bool kAlwaysFalse = false;

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

void writeHashes(ByteWriter& out, const std::vector<Hash32>& hashes) {
  out.compactSize(hashes.size());
  for (const Hash32& hash : hashes) out.bytes(hash);
}

template <std::size_t N>
std::array<std::uint8_t, N> readArray(ByteReader& in) {
  std::array<std::uint8_t, N> out;
  const ByteSpan bytes = in.bytes(N);
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

std::vector<Hash32> readHashes(ByteReader& in, std::size_t max, const char* what) {
  const std::uint64_t count = in.compactSize();
  if (count > max) throw DecodeError(std::string(what) + ": " + std::to_string(count) + " ids, at most " + std::to_string(max));
  std::vector<Hash32> hashes;
  hashes.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) hashes.push_back(readArray<32>(in));
  return hashes;
}

bool readFlag(ByteReader& in, const char* what) {
  const std::uint8_t flag = in.u8();
  if (flag > 1) throw DecodeError(std::string(what) + " must be 0 or 1");
  return flag == 1;
}

bool printable(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

void writeTemplate(ByteWriter& out, const TemplateInfo& info) {
  require(info.coinbaseValue >= 0, "template coinbase value is negative");
  out.bytes(info.previousBlockHash);
  out.u32le(info.height);
  out.u32le(info.bits);
  out.u32le(info.time);
  out.u64le(static_cast<std::uint64_t>(info.coinbaseValue));
  out.u32le(info.transactionCount);
}

TemplateInfo readTemplate(ByteReader& in) {
  TemplateInfo info;
  info.previousBlockHash = readArray<32>(in);
  info.height = in.u32le();
  info.bits = in.u32le();
  info.time = in.u32le();
  const std::uint64_t value = in.u64le();
  if (value > static_cast<std::uint64_t>(INT64_MAX)) throw DecodeError("template coinbase value out of range");
  info.coinbaseValue = static_cast<std::int64_t>(value);
  info.transactionCount = in.u32le();
  return info;
}

void writeBody(ByteWriter& out, const Message& message) {
  std::visit(
      [&out](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Ping> || std::is_same_v<T, Pong>) {
          out.u64le(m.nonce);
        } else if constexpr (std::is_same_v<T, PeerStatus>) {
          require(m.software.size() <= kMaxSoftwareName && printable(m.software), "peer:status software name");
          out.bytes(m.tipId);
          out.u64le(m.tipHeight);
          out.bytes(m.cumulativeWork.toLittleEndian());
          out.u16le(m.listenPort);
          out.u16le(m.peerCount);
          out.u64le(m.uptimeSeconds);
          out.lengthPrefixed(asBytes(m.software));
        } else if constexpr (std::is_same_v<T, SharechainRequest>) {
          require(m.locator.size() <= kMaxLocatorIds && m.wanted.size() <= kMaxLocatorIds, "sharechain:request ids");
          require(m.maxShares >= 1 && m.maxShares <= kMaxSharesPerMessage, "sharechain:request maxShares");
          out.u64le(m.requestId);
          writeHashes(out, m.locator);
          writeHashes(out, m.wanted);
          out.u16le(m.maxShares);
        } else if constexpr (std::is_same_v<T, SharechainBlock>) {
          require(m.shares.size() <= kMaxSharesPerMessage, "sharechain:block share count");
          out.u64le(m.requestId);
          out.compactSize(m.shares.size());
          for (const Bytes& share : m.shares) {
            require(!share.empty() && share.size() <= kMaxShareBytes, "sharechain:block share size");
            out.lengthPrefixed(share);
          }
          out.u8(m.more ? 1 : 0);
        } else if constexpr (std::is_same_v<T, ShareSubmit>) {
          require(!m.share.empty() && m.share.size() <= kMaxShareBytes, "share:submit share size");
          out.lengthPrefixed(m.share);
        } else if constexpr (std::is_same_v<T, ShareVerification>) {
          out.bytes(m.shareId);
          out.u8(m.accepted ? 1 : 0);
          out.u8(m.refusal);
          out.u64le(m.timestamp);
          out.bytes(m.verifier);
          out.bytes(m.signature);
        } else if constexpr (std::is_same_v<T, TemplateRequest>) {
          out.u64le(m.requestId);
        } else if constexpr (std::is_same_v<T, TemplateResponse>) {
          out.u64le(m.requestId);
          writeTemplate(out, m.info);
        } else if constexpr (std::is_same_v<T, TemplateUpdate>) {
          writeTemplate(out, m.info);
        } else if constexpr (std::is_same_v<T, PeersRequest>) {
          require(m.max >= 1 && m.max <= kMaxPeersPerMessage, "peers:request max");
          out.u16le(m.max);
        } else if constexpr (std::is_same_v<T, PeersResponse>) {
          require(m.peers.size() <= kMaxPeersPerMessage, "peers:response count");
          out.compactSize(m.peers.size());
          for (const PeerAddress& peer : m.peers) {
            require(peer.port != 0, "peers:response port 0");
            out.bytes(peer.publicKey);
            out.bytes(peer.address);
            out.u16le(peer.port);
            out.u64le(peer.lastSeen);
          }
        } else {
          static_assert(kAlwaysFalse<T>, "a message without an encoder");
        }
      },
      message);
}

Message readBody(MessageType type, ByteReader& in) {
  switch (type) {
    case MessageType::Ping: return Ping{in.u64le()};
    case MessageType::Pong: return Pong{in.u64le()};
    case MessageType::PeerStatus: {
      PeerStatus m;
      m.tipId = readArray<32>(in);
      m.tipHeight = in.u64le();
      m.cumulativeWork = BigUInt<2>::fromLittleEndian(in.bytes(16));
      m.listenPort = in.u16le();
      m.peerCount = in.u16le();
      m.uptimeSeconds = in.u64le();
      const ByteSpan software = in.lengthPrefixed(kMaxSoftwareName);
      m.software.assign(software.begin(), software.end());
      if (!printable(m.software)) throw DecodeError("software name is not printable ASCII");
      return m;
    }
    case MessageType::SharechainRequest: {
      SharechainRequest m;
      m.requestId = in.u64le();
      m.locator = readHashes(in, kMaxLocatorIds, "locator");
      m.wanted = readHashes(in, kMaxLocatorIds, "wanted");
      m.maxShares = in.u16le();
      if (m.maxShares == 0 || m.maxShares > kMaxSharesPerMessage) throw DecodeError("maxShares out of range");
      return m;
    }
    case MessageType::SharechainBlock: {
      SharechainBlock m;
      m.requestId = in.u64le();
      const std::uint64_t count = in.compactSize();
      if (count > kMaxSharesPerMessage) throw DecodeError(std::to_string(count) + " shares in one block");
      m.shares.reserve(count);
      for (std::uint64_t i = 0; i < count; ++i) {
        const ByteSpan share = in.lengthPrefixed(kMaxShareBytes);
        if (share.empty()) throw DecodeError("an empty share");
        m.shares.emplace_back(share.begin(), share.end());
      }
      m.more = readFlag(in, "more");
      return m;
    }
    case MessageType::ShareSubmit: {
      const ByteSpan share = in.lengthPrefixed(kMaxShareBytes);
      if (share.empty()) throw DecodeError("an empty share");
      return ShareSubmit{Bytes(share.begin(), share.end())};
    }
    case MessageType::ShareVerification: {
      ShareVerification m;
      m.shareId = readArray<32>(in);
      m.accepted = readFlag(in, "accepted");
      m.refusal = in.u8();
      m.timestamp = in.u64le();
      m.verifier = readArray<32>(in);
      m.signature = readArray<64>(in);
      return m;
    }
    case MessageType::TemplateRequest: return TemplateRequest{in.u64le()};
    case MessageType::TemplateResponse: {
      TemplateResponse m;
      m.requestId = in.u64le();
      m.info = readTemplate(in);
      return m;
    }
    case MessageType::TemplateUpdate: return TemplateUpdate{readTemplate(in)};
    case MessageType::PeersRequest: {
      const std::uint16_t max = in.u16le();
      if (max == 0 || max > kMaxPeersPerMessage) throw DecodeError("peers:request max out of range");
      return PeersRequest{max};
    }
    case MessageType::PeersResponse: {
      PeersResponse m;
      const std::uint64_t count = in.compactSize();
      if (count > kMaxPeersPerMessage) throw DecodeError(std::to_string(count) + " peers in one response");
      m.peers.reserve(count);
      for (std::uint64_t i = 0; i < count; ++i) {
        PeerAddress peer;
        peer.publicKey = readArray<32>(in);
        peer.address = readArray<16>(in);
        peer.port = in.u16le();
        if (peer.port == 0) throw DecodeError("peer with port 0");
        peer.lastSeen = in.u64le();
        m.peers.push_back(peer);
      }
      return m;
    }
  }
  throw DecodeError("unknown message type " + std::to_string(static_cast<int>(type)));
}

}  // namespace

std::string_view messageName(MessageType type) {
  switch (type) {
    case MessageType::Ping: return "ping";
    case MessageType::Pong: return "pong";
    case MessageType::PeerStatus: return "peer:status";
    case MessageType::SharechainRequest: return "sharechain:request";
    case MessageType::SharechainBlock: return "sharechain:block";
    case MessageType::ShareSubmit: return "share:submit";
    case MessageType::ShareVerification: return "share:verification";
    case MessageType::TemplateRequest: return "template:request";
    case MessageType::TemplateResponse: return "template:response";
    case MessageType::TemplateUpdate: return "template:update";
    case MessageType::PeersRequest: return "peers:request";
    case MessageType::PeersResponse: return "peers:response";
  }
  return "unknown";
}

static_assert(std::variant_size_v<Message> == static_cast<std::size_t>(MessageType::PeersResponse),
              "one variant alternative per message type, in MessageType order");

MessageType messageType(const Message& message) {
  // The variant's alternatives are in MessageType order, starting at 1.
  return static_cast<MessageType>(message.index() + 1);
}

Bytes verificationSigningBytes(const ShareVerification& verification) {
  ByteWriter out(kVerdictDomain.size() + 32 + 2 + 8);
  out.bytes(asBytes(kVerdictDomain));
  out.bytes(verification.shareId);
  out.u8(verification.accepted ? 1 : 0);
  out.u8(verification.refusal);
  out.u64le(verification.timestamp);
  return out.take();
}

Bytes encodeMessage(const Message& message) {
  ByteWriter out(64);
  out.u8(static_cast<std::uint8_t>(messageType(message)));
  writeBody(out, message);
  require(out.size() <= kMaxMessageBytes, "message larger than a frame may carry");
  return out.take();
}

Message decodeMessage(ByteSpan bytes) {
  if (bytes.size() > kMaxMessageBytes) throw DecodeError("message of " + std::to_string(bytes.size()) + " bytes");
  ByteReader in(bytes);
  const std::uint8_t type = in.u8();
  if (type == 0 || type > static_cast<std::uint8_t>(MessageType::PeersResponse)) {
    throw DecodeError("unknown message type " + std::to_string(type));
  }
  const auto messageKind = static_cast<MessageType>(type);
  try {
    Message message = readBody(messageKind, in);
    in.expectEnd("message");
    return message;
  } catch (const DecodeError& error) {
    throw DecodeError(std::string(messageName(messageKind)) + ": " + error.what());
  }
}

}  // namespace otedama::p2p
