// BLAKE2b through libsodium (crypto_generichash).
#pragma once

#include "util/bytes.hpp"

namespace otedama::crypto {

// BLAKE2b with an output of 16..64 bytes and an optional key of 16..64 bytes.
// Throws std::invalid_argument for other sizes.
Bytes blake2b(ByteSpan data, std::size_t outputSize, ByteSpan key = {});

Hash32 blake2b256(ByteSpan data);

}  // namespace otedama::crypto
