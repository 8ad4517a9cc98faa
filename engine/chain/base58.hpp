// Base58 and Base58Check text, the encoding of legacy Bitcoin and Litecoin addresses (P2PKH, P2SH).
// Decoding names what is wrong (the bad character and where it is, a checksum that does not match,
// an overlong text) so an address typed by a person can be fixed.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace otedama::chain {

class Base58Error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Addresses are 25 to 35 characters; the limit keeps the quadratic decoder cheap on hostile input.
inline constexpr std::size_t kBase58MaxLength = 128;

// Each leading zero byte becomes a leading '1'.
std::string encodeBase58(ByteSpan bytes);

// Throws Base58Error for a character outside the alphabet (naming it and its position) or a text
// longer than maxLength. The empty text decodes to no bytes.
Bytes decodeBase58(std::string_view text, std::size_t maxLength = kBase58MaxLength);

// Appends the checksum (the first 4 bytes of SHA-256d of the payload) and encodes.
std::string encodeBase58Check(ByteSpan payload);

// Decodes, checks and strips the 4-byte checksum; throws Base58Error when it does not match or the
// text is too short to hold one.
Bytes decodeBase58Check(std::string_view text, std::size_t maxLength = kBase58MaxLength);

}  // namespace otedama::chain
