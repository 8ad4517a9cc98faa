// One-time libsodium initialization.
#include "crypto/sodium.hpp"

#include <stdexcept>

#include <sodium.h>

namespace otedama::crypto {

void ensureSodium() {
  static const bool initialized = sodium_init() >= 0;
  if (!initialized) throw std::runtime_error("libsodium failed to initialize");
}

}  // namespace otedama::crypto
