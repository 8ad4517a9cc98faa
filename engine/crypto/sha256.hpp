// SHA-256 and Bitcoin's double SHA-256 through OpenSSL's EVP interface (OpenSSL picks the CPU's
// SHA extensions when present; see cpu_features.hpp and the pow benchmark for the proof).
#pragma once

#include "util/bytes.hpp"

namespace otedama::crypto {

Hash32 sha256(ByteSpan data);
Hash32 sha256d(ByteSpan data);

// Writes SHA-256d(data) to out[0..31] (no allocation; the hot path of share checking).
void sha256dInto(ByteSpan data, std::uint8_t* out);

}  // namespace otedama::crypto
