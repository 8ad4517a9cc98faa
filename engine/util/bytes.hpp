// Byte containers shared by every engine part: owned buffers, read-only views and 32-byte hashes.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace otedama {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;
using Hash32 = std::array<std::uint8_t, 32>;

// Views a string's characters as bytes (no copy).
inline ByteSpan asBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Returns a copy with the byte order reversed (raw hash <-> "display" order of explorers and RPC).
template <typename Container>
Container reversed(Container bytes) {
  std::reverse(bytes.begin(), bytes.end());
  return bytes;
}

}  // namespace otedama
