// Compact "nBits" <-> 256-bit target.
#include "util/compact_target.hpp"

namespace otedama {

CompactDecoded decodeCompact(std::uint32_t bits) {
  const unsigned size = bits >> 24;
  std::uint32_t word = bits & 0x007fffff;
  CompactDecoded out;
  if (size <= 3) {
    word >>= 8 * (3 - size);
    out.target = UInt256(word);
  } else {
    out.target = UInt256(word) << (8 * (size - 3));
  }
  out.negative = word != 0 && (bits & 0x00800000) != 0;
  out.overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return out;
}

std::optional<UInt256> targetFromCompact(std::uint32_t bits) {
  const CompactDecoded decoded = decodeCompact(bits);
  if (decoded.negative || decoded.overflow || decoded.target.isZero()) return std::nullopt;
  return decoded.target;
}

std::uint32_t compactFromTarget(const UInt256& target) {
  unsigned size = (target.bitLength() + 7) / 8;
  std::uint32_t compact = 0;
  if (size <= 3) {
    compact = static_cast<std::uint32_t>(target.low64() << (8 * (3 - size)));
  } else {
    compact = static_cast<std::uint32_t>((target >> (8 * (size - 3))).low64());
  }
  // The mantissa's top bit is the sign: move one byte into the exponent to keep it clear.
  if (compact & 0x00800000) {
    compact >>= 8;
    ++size;
  }
  return compact | (size << 24);
}

}  // namespace otedama
