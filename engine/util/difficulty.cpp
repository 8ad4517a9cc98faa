// Target <-> difficulty conversions for the Bitcoin, Scrypt-stratum and Monero conventions.
#include "util/difficulty.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace otedama {

UInt256 difficultyOneTarget(DifficultyFamily family) {
  switch (family) {
    case DifficultyFamily::Bitcoin: return UInt256(0xffff) << 208;
    case DifficultyFamily::ScryptStratum: return UInt256(0xffff) << 224;
    case DifficultyFamily::Monero: return UInt256::max();
  }
  throw std::invalid_argument("unknown difficulty family");
}

double difficultyFromTarget(DifficultyFamily family, const UInt256& target) {
  if (target.isZero()) return INFINITY;
  return difficultyOneTarget(family).toDouble() / target.toDouble();
}

UInt256 targetFromDifficulty(DifficultyFamily family, double difficulty) {
  if (!std::isfinite(difficulty) || difficulty <= 0.0) {
    throw std::invalid_argument("difficulty must be a positive finite number, got " + std::to_string(difficulty));
  }
  // difficulty = mantissa * 2^exponent exactly, with a 53-bit integer mantissa.
  int exponent = 0;
  const double fraction = std::frexp(difficulty, &exponent);
  const auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
  exponent -= 53;

  const UInt512 one = difficultyOneTarget(family).resized<8>();
  UInt512 quotient;
  if (exponent >= 0) {
    if (exponent >= 256) return UInt256(0);  // divisor above 2^256: below one unit of target
    quotient = one / (UInt512(mantissa) << unsigned(exponent));
  } else {
    if (-exponent > 256) return UInt256::max();
    quotient = (one << unsigned(-exponent)) / UInt512(mantissa);
  }
  if (quotient.bitLength() > 256) return UInt256::max();
  return quotient.resized<4>();
}

UInt256 moneroTargetFromDifficulty(const UInt256& difficulty) {
  if (difficulty.isZero()) throw std::invalid_argument("Monero difficulty must not be zero");
  return UInt256::max() / difficulty;
}

bool moneroHashMeetsDifficulty(const UInt256& hashValue, const UInt256& difficulty) {
  const UInt512 product = UInt256::mulWide(hashValue, difficulty);
  return product.bitLength() <= 256;
}

}  // namespace otedama
