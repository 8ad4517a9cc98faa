// Keccak with the original padding (0x01 ... 0x80), as Monero's cn_fast_hash and Ethereum use it
// (not NIST SHA-3, whose padding differs). OpenSSL 3.0 and libsodium do not offer it.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "util/bytes.hpp"

namespace otedama::crypto {

using KeccakState = std::array<std::uint64_t, 25>;

// The Keccak-f[1600] permutation (24 rounds), lanes little-endian.
void keccakF1600(KeccakState& state);

// Keccak sponge with capacity 2*out.size() bytes, writing out.size() (1..100) bytes.
void keccak(ByteSpan data, std::span<std::uint8_t> out);

// Keccak-256 (Monero's cn_fast_hash).
Hash32 keccak256(ByteSpan data);

}  // namespace otedama::crypto
