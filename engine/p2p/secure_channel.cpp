// Secure link streams over crypto_secretstream_xchacha20poly1305; every message is TAG_MESSAGE.
#include "p2p/secure_channel.hpp"

#include <sodium.h>

#include <string>

#include "crypto/sodium.hpp"
#include "p2p/messages.hpp"

namespace otedama::p2p {

static_assert(crypto_secretstream_xchacha20poly1305_ABYTES == kSecureOverheadBytes);
static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == kSecureHeaderBytes);
static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == std::tuple_size_v<crypto::SessionKey>);
static_assert(kMaxLinkMessageBytes <= crypto_secretstream_xchacha20poly1305_MESSAGEBYTES_MAX);
static_assert(kMaxMessageBytes <= kMaxLinkMessageBytes, "every peer message must fit in one secure frame");

namespace {

using StreamState = crypto_secretstream_xchacha20poly1305_state;

void checkCap(std::size_t maxMessageBytes) {
  if (maxMessageBytes == 0 || maxMessageBytes > kMaxLinkMessageBytes) {
    throw std::invalid_argument("a secure message cap must be 1 .. " + std::to_string(kMaxLinkMessageBytes) +
                                " bytes, not " + std::to_string(maxMessageBytes));
  }
}

void requireState(const void* state) {
  if (state == nullptr) throw std::logic_error("secure stream used after it was moved from");
}

}  // namespace

// The stream state holds the current subkey and nonce; it is wiped when the stream ends.
struct SecureSender::State {
  StreamState stream{};
  ~State() { sodium_memzero(&stream, sizeof stream); }
};

struct SecureReceiver::State {
  StreamState stream{};
  ~State() { sodium_memzero(&stream, sizeof stream); }
};

SecureSender::SecureSender(const crypto::SessionKey& txKey, std::size_t maxMessageBytes)
    : state_(std::make_unique<State>()), maxMessageBytes_(maxMessageBytes) {
  checkCap(maxMessageBytes);
  crypto::ensureSodium();
  crypto_secretstream_xchacha20poly1305_init_push(&state_->stream, header_.data(), txKey.data());
}

SecureSender::~SecureSender() = default;
SecureSender::SecureSender(SecureSender&&) noexcept = default;
SecureSender& SecureSender::operator=(SecureSender&&) noexcept = default;

Bytes SecureSender::seal(ByteSpan message) {
  requireState(state_.get());
  if (message.empty()) throw std::invalid_argument("a secure message carries at least one byte");
  if (message.size() > maxMessageBytes_) {
    throw std::invalid_argument("a secure message of " + std::to_string(message.size()) +
                                " bytes is above the cap of " + std::to_string(maxMessageBytes_) + " bytes");
  }
  Bytes ciphertext(message.size() + kSecureOverheadBytes);
  crypto_secretstream_xchacha20poly1305_push(&state_->stream, ciphertext.data(), nullptr, message.data(),
                                             message.size(), nullptr, 0,
                                             crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  return ciphertext;
}

SecureReceiver::SecureReceiver(const crypto::SessionKey& rxKey, ByteSpan peerHeader, std::size_t maxMessageBytes)
    : state_(std::make_unique<State>()), maxMessageBytes_(maxMessageBytes) {
  checkCap(maxMessageBytes);
  if (peerHeader.size() != kSecureHeaderBytes) {
    throw SecureChannelError("the peer's stream header is " + std::to_string(peerHeader.size()) + " bytes, not " +
                             std::to_string(kSecureHeaderBytes));
  }
  crypto::ensureSodium();
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state_->stream, peerHeader.data(), rxKey.data()) != 0) {
    throw SecureChannelError("the peer's stream header is not usable");
  }
}

SecureReceiver::~SecureReceiver() = default;
SecureReceiver::SecureReceiver(SecureReceiver&&) noexcept = default;
SecureReceiver& SecureReceiver::operator=(SecureReceiver&&) noexcept = default;

void SecureReceiver::fail(const std::string& message) {
  failed_ = true;
  throw SecureChannelError(message);
}

Bytes SecureReceiver::open(ByteSpan ciphertext) {
  requireState(state_.get());
  if (failed_) throw SecureChannelError("the secure stream already failed; the link must be closed");
  if (ciphertext.size() <= kSecureOverheadBytes) {
    fail("a secure message of " + std::to_string(ciphertext.size()) + " bytes is truncated (at least " +
         std::to_string(kSecureOverheadBytes + 1) + " bytes)");
  }
  const std::size_t messageBytes = ciphertext.size() - kSecureOverheadBytes;
  if (messageBytes > maxMessageBytes_) {
    fail("a secure message of " + std::to_string(messageBytes) + " bytes is above the cap of " +
         std::to_string(maxMessageBytes_) + " bytes");
  }
  Bytes message(messageBytes);
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(&state_->stream, message.data(), nullptr, &tag, ciphertext.data(),
                                                 ciphertext.size(), nullptr, 0) != 0) {
    sodium_memzero(message.data(), message.size());
    fail("a secure message does not authenticate (tampered, replayed, reordered, dropped or truncated)");
  }
  if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
    sodium_memzero(message.data(), message.size());
    fail("a secure message carries tag " + std::to_string(tag) + "; this link only uses plain messages");
  }
  return message;
}

}  // namespace otedama::p2p
