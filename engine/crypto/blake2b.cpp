// BLAKE2b via libsodium.
#include "crypto/blake2b.hpp"

#include <stdexcept>
#include <string>

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace otedama::crypto {

Bytes blake2b(ByteSpan data, std::size_t outputSize, ByteSpan key) {
  ensureSodium();
  if (outputSize < crypto_generichash_BYTES_MIN || outputSize > crypto_generichash_BYTES_MAX) {
    throw std::invalid_argument("BLAKE2b output must be 16..64 bytes, not " + std::to_string(outputSize));
  }
  if (!key.empty() && (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX)) {
    throw std::invalid_argument("BLAKE2b key must be 16..64 bytes, not " + std::to_string(key.size()));
  }
  Bytes out(outputSize);
  if (crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.empty() ? nullptr : key.data(),
                         key.size()) != 0) {
    throw std::runtime_error("BLAKE2b failed");
  }
  return out;
}

Hash32 blake2b256(ByteSpan data) {
  ensureSodium();
  Hash32 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

}  // namespace otedama::crypto
