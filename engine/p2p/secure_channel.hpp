// The encrypted half of a peer link after the handshake: one libsodium secretstream
// (XChaCha20-Poly1305) per direction. Each message is sealed with a counter-derived nonce kept
// inside the stream state, so a message opens only at its own place in the stream: tampering,
// replay, reordering, dropping or truncation all fail authentication.
//
// No explicit rekeying: the stream rekeys itself whenever its 32-bit message counter wraps, each
// link starts from fresh ephemeral keys (so past links stay secret if the node key leaks later),
// and a link lives in one process whose memory would expose any rekeyed state just the same.
#pragma once

#include <array>
#include <memory>
#include <stdexcept>

#include "crypto/key_exchange.hpp"
#include "p2p/frame_codec.hpp"
#include "util/bytes.hpp"

namespace otedama::p2p {

inline constexpr std::size_t kSecureHeaderBytes = 24;
using SecureStreamHeader = std::array<std::uint8_t, kSecureHeaderBytes>;

class SecureChannelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Seals our messages with the tx key. Not copyable: two copies would seal different messages
// with the same nonce. A moved-from sender throws std::logic_error when used.
class SecureSender {
 public:
  explicit SecureSender(const crypto::SessionKey& txKey, std::size_t maxMessageBytes = kMaxLinkMessageBytes);
  ~SecureSender();
  SecureSender(SecureSender&&) noexcept;
  SecureSender& operator=(SecureSender&&) noexcept;

  // Sent once, in clear (as its own frame), before the first sealed message.
  const SecureStreamHeader& header() const { return header_; }
  // The ciphertext of one message (kSecureOverheadBytes longer). Throws std::invalid_argument for
  // an empty message or one above maxMessageBytes.
  Bytes seal(ByteSpan message);
  std::size_t maxMessageBytes() const { return maxMessageBytes_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  SecureStreamHeader header_{};
  std::size_t maxMessageBytes_;
};

// Opens the peer's messages with the rx key and the peer's header. After the first failure the
// receiver refuses everything (the link must be closed): a stream that failed once cannot be
// trusted to be in step again.
class SecureReceiver {
 public:
  // Throws SecureChannelError when the header is not kSecureHeaderBytes long.
  SecureReceiver(const crypto::SessionKey& rxKey, ByteSpan peerHeader,
                 std::size_t maxMessageBytes = kMaxLinkMessageBytes);
  ~SecureReceiver();
  SecureReceiver(SecureReceiver&&) noexcept;
  SecureReceiver& operator=(SecureReceiver&&) noexcept;

  // The message, or SecureChannelError saying what was wrong (too short, too long, does not
  // authenticate, unexpected tag, or an earlier failure).
  Bytes open(ByteSpan ciphertext);
  bool failed() const { return failed_; }
  std::size_t maxMessageBytes() const { return maxMessageBytes_; }

 private:
  [[noreturn]] void fail(const std::string& message);

  struct State;
  std::unique_ptr<State> state_;
  std::size_t maxMessageBytes_;
  bool failed_ = false;
};

}  // namespace otedama::p2p
