// scrypt via libsodium.
#include "crypto/scrypt.hpp"

#include <stdexcept>

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace otedama::crypto {

void scrypt(ByteSpan password, ByteSpan salt, std::uint64_t n, std::uint32_t r, std::uint32_t p,
            std::span<std::uint8_t> out) {
  ensureSodium();
  if (n < 2 || (n & (n - 1)) != 0) throw std::invalid_argument("scrypt N must be a power of two above 1");
  if (r == 0 || p == 0) throw std::invalid_argument("scrypt r and p must be positive");
  if (crypto_pwhash_scryptsalsa208sha256_ll(password.data(), password.size(), salt.data(), salt.size(), n, r, p,
                                            out.data(), out.size()) != 0) {
    throw std::runtime_error("scrypt failed (parameters too large or out of memory)");
  }
}

Hash32 scryptLitecoin(ByteSpan header) {
  Hash32 out;
  scrypt(header, header, 1024, 1, 1, out);
  return out;
}

}  // namespace otedama::crypto
