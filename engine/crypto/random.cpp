// libsodium's randombytes, after sodium_init.
#include "crypto/random.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace otedama::crypto {

void randomBytes(std::span<std::uint8_t> out) {
  ensureSodium();
  randombytes_buf(out.data(), out.size());
}

std::uint64_t randomU64() {
  ensureSodium();
  std::uint64_t value = 0;
  randombytes_buf(&value, sizeof value);
  return value;
}

}  // namespace otedama::crypto
