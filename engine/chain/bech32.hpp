// Bech32 and Bech32m text (BIP173, BIP350) and the segwit address layer on top of them: the witness
// version, the regrouping of the program between 8-bit bytes and 5-bit values, and the rules tying
// version, program length and checksum variant together. Refusals say what is wrong and, for a bad
// character, where it is; the checksum is never used to guess a correction (BIP173 warns against it).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace otedama::chain {

class Bech32Error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The two checksums differ only in the constant xored in at the end: 1 and 0x2bc830a3.
enum class Bech32Variant { Bech32, Bech32m };

inline constexpr std::size_t kBech32MaxLength = 90;
inline constexpr std::size_t kBech32ChecksumLength = 6;

struct Bech32Text {
  Bech32Variant variant;
  std::string hrp;  // the human-readable part, lowercase
  Bytes values;     // the 5-bit values of the data part, checksum removed
};

// Lowercase text "hrp 1 data checksum". Throws Bech32Error for an empty or non-printable hrp, a
// value above 31 or a result longer than 90 characters.
std::string encodeBech32(Bech32Variant variant, std::string_view hrp, ByteSpan values);

// Accepts either variant and reports which checksum matched. Throws Bech32Error for a text longer
// than 90 characters, characters outside US-ASCII 33..126, mixed case, no separator, an empty hrp,
// fewer than 6 characters after the separator, a data character outside the Bech32 set (naming it
// and its position) or a checksum that matches neither variant.
Bech32Text decodeBech32(std::string_view text);

// True for the 32 characters of the data part, in either case ('1', 'b', 'i' and 'o' are not).
bool isBech32DataCharacter(char c);

// 8-bit bytes -> 5-bit values; the last value is padded with zero bits.
Bytes toFiveBitGroups(ByteSpan bytes);

// 5-bit values -> 8-bit bytes. The leftover bits must be fewer than 5 and all zero, else
// Bech32Error: more would be a whole value of padding, non-zero ones a second text for the same bytes.
Bytes fromFiveBitGroups(ByteSpan values);

struct SegwitProgram {
  std::string hrp;  // lowercase
  int version = 0;  // 0..16
  Bytes program;    // 2..40 bytes; 20 or 32 for version 0
};

// Bech32 for version 0, Bech32m for 1..16. Throws Bech32Error for a version above 16 or a program
// length the rules forbid.
std::string encodeSegwit(std::string_view hrp, int version, ByteSpan program);

// Decodes and applies every segwit rule except the choice of hrp, which belongs to the caller
// (it depends on the coin and network). Throws Bech32Error naming the broken rule.
SegwitProgram decodeSegwit(std::string_view address);

}  // namespace otedama::chain
