// libsodium needs sodium_init() once before use (it picks CPU-specific code then).
#pragma once

namespace otedama::crypto {

// Initializes libsodium once per process; thread-safe; throws if libsodium cannot start.
void ensureSodium();

}  // namespace otedama::crypto
