// Ephemeral X25519 key agreement for peer links (libsodium crypto_kx): a fresh key pair per
// link, the two directional session keys it yields, and their binding to the handshake that
// authenticated the ephemeral keys.
#pragma once

#include <array>
#include <optional>

#include "util/bytes.hpp"

namespace otedama::crypto {

using X25519PublicKey = std::array<std::uint8_t, 32>;
using X25519SecretKey = std::array<std::uint8_t, 32>;
using SessionKey = std::array<std::uint8_t, 32>;

struct X25519KeyPair {
  X25519PublicKey publicKey{};
  X25519SecretKey secretKey{};
};

// rx decrypts what the peer sends, tx encrypts what we send: the client's tx is the server's rx.
struct SessionKeys {
  SessionKey rx{};
  SessionKey tx{};
};

X25519KeyPair x25519Generate();
// The key pair of a 32-byte seed (deterministic; for tests). Throws std::invalid_argument otherwise.
X25519KeyPair x25519FromSeed(ByteSpan seed);

// crypto_kx session keys for the side that opened the link (client) and the side that accepted
// it (server). nullopt when the peer's public key is unusable (a low-order point, which would
// make the shared secret predictable).
std::optional<SessionKeys> clientSessionKeys(const X25519KeyPair& client, const X25519PublicKey& serverPublicKey);
std::optional<SessionKeys> serverSessionKeys(const X25519KeyPair& server, const X25519PublicKey& clientPublicKey);

// Each key becomes BLAKE2b-256 of the transcript hash keyed by the old key. Both sides reach the
// same keys only if they saw the same handshake bytes, so a tampered or spliced handshake gives
// keys that decrypt nothing.
SessionKeys bindToTranscript(const SessionKeys& keys, const Hash32& transcriptHash);

// Overwrites secrets in a way the compiler may not optimize away.
void wipe(X25519KeyPair& keys);
void wipe(SessionKeys& keys);

}  // namespace otedama::crypto
