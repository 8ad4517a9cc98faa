// Ed25519 signatures (libsodium): the node identity's key pair, detached signatures and their check.
#pragma once

#include <array>

#include "util/bytes.hpp"

namespace otedama::crypto {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519SecretKey = std::array<std::uint8_t, 64>;  // libsodium's form: seed || public key
using Ed25519Signature = std::array<std::uint8_t, 64>;

struct Ed25519KeyPair {
  Ed25519PublicKey publicKey{};
  Ed25519SecretKey secretKey{};
};

Ed25519KeyPair ed25519Generate();
// The key pair of a 32-byte seed (deterministic; for tests and for keys kept as their seed).
Ed25519KeyPair ed25519FromSeed(ByteSpan seed);
Ed25519Signature ed25519Sign(const Ed25519SecretKey& secretKey, ByteSpan message);
bool ed25519Verify(const Ed25519PublicKey& publicKey, ByteSpan message, const Ed25519Signature& signature);

}  // namespace otedama::crypto
