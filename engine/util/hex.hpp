// Hexadecimal text <-> bytes, with errors that say where the text is wrong.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace otedama {

// Lowercase hex of the bytes in the order given.
std::string toHex(ByteSpan bytes);

// Parses hex (either case, no prefix, even length). Throws std::invalid_argument naming the
// problem (odd length or the first bad character and its position).
Bytes fromHex(std::string_view hex);

// As fromHex, but returns nullopt instead of throwing.
std::optional<Bytes> tryFromHex(std::string_view hex);

// Parses exactly 32 bytes of hex into a Hash32; throws std::invalid_argument otherwise.
Hash32 hash32FromHex(std::string_view hex);

}  // namespace otedama
