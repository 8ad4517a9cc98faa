// Unpredictable random bytes (libsodium): challenges, request ids, lookup targets — anything a
// peer must not be able to guess.
#pragma once

#include <cstdint>
#include <span>

namespace otedama::crypto {

void randomBytes(std::span<std::uint8_t> out);
std::uint64_t randomU64();

}  // namespace otedama::crypto
