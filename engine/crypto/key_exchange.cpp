// X25519 key agreement through libsodium's crypto_kx (BLAKE2b-512 of the shared point and both
// public keys, split into the two directional keys).
#include "crypto/key_exchange.hpp"

#include <sodium.h>

#include <stdexcept>

#include "crypto/sodium.hpp"

namespace otedama::crypto {

static_assert(crypto_kx_PUBLICKEYBYTES == 32 && crypto_kx_SECRETKEYBYTES == 32 && crypto_kx_SEEDBYTES == 32 &&
              crypto_kx_SESSIONKEYBYTES == 32);

X25519KeyPair x25519Generate() {
  ensureSodium();
  X25519KeyPair pair;
  crypto_kx_keypair(pair.publicKey.data(), pair.secretKey.data());
  return pair;
}

X25519KeyPair x25519FromSeed(ByteSpan seed) {
  if (seed.size() != crypto_kx_SEEDBYTES) throw std::invalid_argument("an X25519 seed is 32 bytes");
  ensureSodium();
  X25519KeyPair pair;
  crypto_kx_seed_keypair(pair.publicKey.data(), pair.secretKey.data(), seed.data());
  return pair;
}

std::optional<SessionKeys> clientSessionKeys(const X25519KeyPair& client, const X25519PublicKey& serverPublicKey) {
  ensureSodium();
  SessionKeys keys;
  if (crypto_kx_client_session_keys(keys.rx.data(), keys.tx.data(), client.publicKey.data(), client.secretKey.data(),
                                    serverPublicKey.data()) != 0) {
    return std::nullopt;
  }
  return keys;
}

std::optional<SessionKeys> serverSessionKeys(const X25519KeyPair& server, const X25519PublicKey& clientPublicKey) {
  ensureSodium();
  SessionKeys keys;
  if (crypto_kx_server_session_keys(keys.rx.data(), keys.tx.data(), server.publicKey.data(), server.secretKey.data(),
                                    clientPublicKey.data()) != 0) {
    return std::nullopt;
  }
  return keys;
}

SessionKeys bindToTranscript(const SessionKeys& keys, const Hash32& transcriptHash) {
  ensureSodium();
  SessionKeys bound;
  crypto_generichash(bound.rx.data(), bound.rx.size(), transcriptHash.data(), transcriptHash.size(), keys.rx.data(),
                     keys.rx.size());
  crypto_generichash(bound.tx.data(), bound.tx.size(), transcriptHash.data(), transcriptHash.size(), keys.tx.data(),
                     keys.tx.size());
  return bound;
}

void wipe(X25519KeyPair& keys) { sodium_memzero(keys.secretKey.data(), keys.secretKey.size()); }

void wipe(SessionKeys& keys) {
  sodium_memzero(keys.rx.data(), keys.rx.size());
  sodium_memzero(keys.tx.data(), keys.tx.size());
}

}  // namespace otedama::crypto
