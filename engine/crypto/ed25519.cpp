// Ed25519 through libsodium's crypto_sign_* (detached mode).
#include "crypto/ed25519.hpp"

#include <sodium.h>

#include <stdexcept>

#include "crypto/sodium.hpp"

namespace otedama::crypto {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_BYTES == 64);

Ed25519KeyPair ed25519Generate() {
  ensureSodium();
  Ed25519KeyPair pair;
  crypto_sign_keypair(pair.publicKey.data(), pair.secretKey.data());
  return pair;
}

Ed25519KeyPair ed25519FromSeed(ByteSpan seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  ensureSodium();
  Ed25519KeyPair pair;
  crypto_sign_seed_keypair(pair.publicKey.data(), pair.secretKey.data(), seed.data());
  return pair;
}

Ed25519Signature ed25519Sign(const Ed25519SecretKey& secretKey, ByteSpan message) {
  ensureSodium();
  Ed25519Signature signature;
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secretKey.data());
  return signature;
}

bool ed25519Verify(const Ed25519PublicKey& publicKey, ByteSpan message, const Ed25519Signature& signature) {
  ensureSodium();
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

}  // namespace otedama::crypto
