// scrypt through libsodium's low-level crypto_pwhash_scryptsalsa208sha256_ll.
#pragma once

#include <cstdint>

#include "util/bytes.hpp"

namespace otedama::crypto {

// scrypt(password, salt, N, r, p) with a derived key of out.size() bytes. N must be a power of
// two above 1; throws std::invalid_argument otherwise and std::runtime_error if memory runs out.
void scrypt(ByteSpan password, ByteSpan salt, std::uint64_t n, std::uint32_t r, std::uint32_t p,
            std::span<std::uint8_t> out);

// Litecoin's proof of work: scrypt(header, header, N=1024, r=1, p=1), 32 bytes.
Hash32 scryptLitecoin(ByteSpan header);

}  // namespace otedama::crypto
