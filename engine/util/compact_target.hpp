// Bitcoin's compact "nBits" encoding of a 256-bit target (a base-256 float: 1 byte exponent,
// 3 byte mantissa with a sign bit), decoded and encoded exactly as Bitcoin Core does.
#pragma once

#include <cstdint>
#include <optional>

#include "util/uint256.hpp"

namespace otedama {

struct CompactDecoded {
  UInt256 target;         // the value, truncated to 256 bits when it overflows
  bool negative = false;  // sign bit set on a non-zero mantissa
  bool overflow = false;  // value does not fit in 256 bits
};

CompactDecoded decodeCompact(std::uint32_t bits);

// The target a block header's bits stand for, or nullopt when the bits are not a usable target
// (negative, overflowing or zero): such a header can never be valid.
std::optional<UInt256> targetFromCompact(std::uint32_t bits);

// The shortest compact form of the target (always non-negative). Lossy below the 3 byte mantissa.
std::uint32_t compactFromTarget(const UInt256& target);

}  // namespace otedama
