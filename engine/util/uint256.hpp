// Fixed-width unsigned integers (UInt256 for hashes and targets, UInt512 for exact intermediate
// products) with the arithmetic that target and difficulty math needs. Arithmetic wraps modulo
// 2^bits like the built-in unsigned types; division by zero throws std::domain_error.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "util/bytes.hpp"

namespace otedama {

// GCC/Clang 128-bit integer for carries and limb products (__extension__ silences -Wpedantic).
__extension__ typedef unsigned __int128 WideLimb;

template <std::size_t Limbs>
class BigUInt {
  static_assert(Limbs >= 1, "a BigUInt needs at least one 64-bit limb");

 public:
  static constexpr std::size_t kLimbs = Limbs;
  static constexpr unsigned kBits = 64 * Limbs;
  static constexpr std::size_t kBytes = 8 * Limbs;

  constexpr BigUInt() = default;
  constexpr BigUInt(std::uint64_t value) { limbs_[0] = value; }  // NOLINT: implicit by design

  static constexpr BigUInt max() {
    BigUInt out;
    out.limbs_.fill(~std::uint64_t{0});
    return out;
  }

  // 2^exponent; exponent >= kBits gives zero (it does not fit).
  static constexpr BigUInt powerOfTwo(unsigned exponent) { return BigUInt(1) << exponent; }

  // Bytes least significant first (how Bitcoin and Monero read a hash as a number).
  static BigUInt fromLittleEndian(ByteSpan bytes) {
    requireSize(bytes.size());
    BigUInt out;
    for (std::size_t i = 0; i < kBytes; ++i) {
      out.limbs_[i / 8] |= std::uint64_t{bytes[i]} << (8 * (i % 8));
    }
    return out;
  }

  // Bytes most significant first.
  static BigUInt fromBigEndian(ByteSpan bytes) {
    requireSize(bytes.size());
    BigUInt out;
    for (std::size_t i = 0; i < kBytes; ++i) {
      out.limbs_[i / 8] |= std::uint64_t{bytes[kBytes - 1 - i]} << (8 * (i % 8));
    }
    return out;
  }

  // A number written in hex, most significant digit first, optional "0x", up to kBytes*2 digits.
  static BigUInt fromHex(std::string_view hex) {
    if (hex.starts_with("0x") || hex.starts_with("0X")) hex.remove_prefix(2);
    if (hex.empty()) throw std::invalid_argument("empty hex number");
    if (hex.size() > 2 * kBytes) {
      throw std::invalid_argument("hex number has " + std::to_string(hex.size()) +
                                  " digits, more than " + std::to_string(2 * kBytes));
    }
    BigUInt out;
    for (std::size_t i = 0; i < hex.size(); ++i) {
      const char c = hex[hex.size() - 1 - i];
      int v = -1;
      if (c >= '0' && c <= '9') v = c - '0';
      if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) throw std::invalid_argument(std::string("bad hex digit '") + c + "'");
      out.limbs_[i / 16] |= std::uint64_t(v) << (4 * (i % 16));
    }
    return out;
  }

  std::array<std::uint8_t, kBytes> toLittleEndian() const {
    std::array<std::uint8_t, kBytes> out{};
    for (std::size_t i = 0; i < kBytes; ++i) {
      out[i] = static_cast<std::uint8_t>(limbs_[i / 8] >> (8 * (i % 8)));
    }
    return out;
  }

  std::array<std::uint8_t, kBytes> toBigEndian() const {
    auto out = toLittleEndian();
    std::reverse(out.begin(), out.end());
    return out;
  }

  // kBytes*2 lowercase digits, most significant first (the "display" form of a target).
  std::string toHex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(2 * kBytes, '0');
    for (std::size_t i = 0; i < 2 * kBytes; ++i) {
      const unsigned v = (limbs_[i / 16] >> (4 * (i % 16))) & 0xf;
      out[2 * kBytes - 1 - i] = kDigits[v];
    }
    return out;
  }

  constexpr std::uint64_t limb(std::size_t index) const { return limbs_[index]; }
  constexpr std::uint64_t low64() const { return limbs_[0]; }
  constexpr bool isZero() const {
    return std::all_of(limbs_.begin(), limbs_.end(), [](std::uint64_t l) { return l == 0; });
  }

  // Number of significant bits (0 for zero).
  constexpr unsigned bitLength() const {
    for (std::size_t i = Limbs; i-- > 0;) {
      if (limbs_[i] != 0) return unsigned(64 * i) + unsigned(std::bit_width(limbs_[i]));
    }
    return 0;
  }

  constexpr bool bit(unsigned index) const {
    return index < kBits && ((limbs_[index / 64] >> (index % 64)) & 1) != 0;
  }

  // Decimal digits, most significant first ("0" for zero): exact, for people and JSON strings.
  std::string toDecimal() const {
    if (isZero()) return "0";
    std::string out;
    BigUInt rest = *this;
    const BigUInt chunk(10'000'000'000'000'000'000ULL);  // 10^19, the largest power of ten in a limb
    while (!rest.isZero()) {
      auto [quotient, remainder] = divMod(rest, chunk);
      std::string digits = std::to_string(remainder.low64());
      if (!quotient.isZero()) digits.insert(0, 19 - digits.size(), '0');
      out.insert(0, digits);
      rest = quotient;
    }
    return out;
  }

  // Nearest double (exact for values below 2^53, otherwise rounded; never overflows).
  double toDouble() const {
    double out = 0.0;
    for (std::size_t i = Limbs; i-- > 0;) out = out * 18446744073709551616.0 + double(limbs_[i]);
    return out;
  }

  // Keeps the low limbs (truncates) or zero-extends.
  template <std::size_t Other>
  constexpr BigUInt<Other> resized() const {
    BigUInt<Other> out;
    for (std::size_t i = 0; i < std::min(Limbs, Other); ++i) out.setLimb(i, limbs_[i]);
    return out;
  }

  constexpr void setLimb(std::size_t index, std::uint64_t value) { limbs_[index] = value; }

  // ---- comparison ----
  friend constexpr bool operator==(const BigUInt&, const BigUInt&) = default;
  friend constexpr std::strong_ordering operator<=>(const BigUInt& a, const BigUInt& b) {
    for (std::size_t i = Limbs; i-- > 0;) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] <=> b.limbs_[i];
    }
    return std::strong_ordering::equal;
  }

  // ---- bitwise ----
  constexpr BigUInt operator~() const {
    BigUInt out;
    for (std::size_t i = 0; i < Limbs; ++i) out.limbs_[i] = ~limbs_[i];
    return out;
  }
  constexpr BigUInt& operator&=(const BigUInt& o) { return apply(o, [](auto a, auto b) { return a & b; }); }
  constexpr BigUInt& operator|=(const BigUInt& o) { return apply(o, [](auto a, auto b) { return a | b; }); }
  constexpr BigUInt& operator^=(const BigUInt& o) { return apply(o, [](auto a, auto b) { return a ^ b; }); }

  constexpr BigUInt& operator<<=(unsigned shift) {
    if (shift >= kBits) return *this = BigUInt();
    const std::size_t limbShift = shift / 64;
    const unsigned bitShift = shift % 64;
    for (std::size_t i = Limbs; i-- > 0;) {
      std::uint64_t v = 0;
      if (i >= limbShift) {
        v = limbs_[i - limbShift] << bitShift;
        if (bitShift != 0 && i >= limbShift + 1) v |= limbs_[i - limbShift - 1] >> (64 - bitShift);
      }
      limbs_[i] = v;
    }
    return *this;
  }

  constexpr BigUInt& operator>>=(unsigned shift) {
    if (shift >= kBits) return *this = BigUInt();
    const std::size_t limbShift = shift / 64;
    const unsigned bitShift = shift % 64;
    for (std::size_t i = 0; i < Limbs; ++i) {
      std::uint64_t v = 0;
      if (i + limbShift < Limbs) {
        v = limbs_[i + limbShift] >> bitShift;
        if (bitShift != 0 && i + limbShift + 1 < Limbs) v |= limbs_[i + limbShift + 1] << (64 - bitShift);
      }
      limbs_[i] = v;
    }
    return *this;
  }

  // ---- arithmetic (modulo 2^kBits) ----
  constexpr BigUInt& operator+=(const BigUInt& o) {
    WideLimb carry = 0;
    for (std::size_t i = 0; i < Limbs; ++i) {
      carry += static_cast<WideLimb>(limbs_[i]) + o.limbs_[i];
      limbs_[i] = static_cast<std::uint64_t>(carry);
      carry >>= 64;
    }
    return *this;
  }

  constexpr BigUInt& operator-=(const BigUInt& o) {
    std::uint64_t borrow = 0;
    for (std::size_t i = 0; i < Limbs; ++i) {
      const std::uint64_t a = limbs_[i];
      const std::uint64_t d = a - o.limbs_[i] - borrow;
      borrow = (a < o.limbs_[i] || (a == o.limbs_[i] && borrow)) ? 1 : 0;
      limbs_[i] = d;
    }
    return *this;
  }

  constexpr BigUInt& operator*=(const BigUInt& o) { return *this = mulWide(*this, o).template resized<Limbs>(); }
  BigUInt& operator/=(const BigUInt& o) { return *this = divMod(*this, o).first; }
  BigUInt& operator%=(const BigUInt& o) { return *this = divMod(*this, o).second; }
  constexpr BigUInt& operator++() { return *this += BigUInt(1); }

  friend constexpr BigUInt operator+(BigUInt a, const BigUInt& b) { return a += b; }
  friend constexpr BigUInt operator-(BigUInt a, const BigUInt& b) { return a -= b; }
  friend constexpr BigUInt operator*(BigUInt a, const BigUInt& b) { return a *= b; }
  friend BigUInt operator/(BigUInt a, const BigUInt& b) { return a /= b; }
  friend BigUInt operator%(BigUInt a, const BigUInt& b) { return a %= b; }
  friend constexpr BigUInt operator&(BigUInt a, const BigUInt& b) { return a &= b; }
  friend constexpr BigUInt operator|(BigUInt a, const BigUInt& b) { return a |= b; }
  friend constexpr BigUInt operator^(BigUInt a, const BigUInt& b) { return a ^= b; }
  friend constexpr BigUInt operator<<(BigUInt a, unsigned s) { return a <<= s; }
  friend constexpr BigUInt operator>>(BigUInt a, unsigned s) { return a >>= s; }

  // The full product, twice as wide: never overflows.
  static constexpr BigUInt<2 * Limbs> mulWide(const BigUInt& a, const BigUInt& b) {
    BigUInt<2 * Limbs> out;
    for (std::size_t i = 0; i < Limbs; ++i) {
      WideLimb carry = 0;
      for (std::size_t j = 0; j < Limbs; ++j) {
        carry += static_cast<WideLimb>(a.limbs_[i]) * b.limbs_[j] + out.limb(i + j);
        out.setLimb(i + j, static_cast<std::uint64_t>(carry));
        carry >>= 64;
      }
      out.setLimb(i + Limbs, static_cast<std::uint64_t>(carry));
    }
    return out;
  }

  // Quotient and remainder. Throws std::domain_error when dividing by zero.
  static std::pair<BigUInt, BigUInt> divMod(const BigUInt& a, const BigUInt& b) {
    if (b.isZero()) throw std::domain_error("BigUInt division by zero");
    if (a < b) return {BigUInt(), a};
    if (b.bitLength() <= 64) return divModSmall(a, b.limbs_[0]);
    BigUInt quotient, remainder;
    for (unsigned i = a.bitLength(); i-- > 0;) {
      remainder <<= 1;
      remainder.limbs_[0] |= a.bit(i) ? 1 : 0;
      if (remainder >= b) {
        remainder -= b;
        quotient.limbs_[i / 64] |= std::uint64_t{1} << (i % 64);
      }
    }
    return {quotient, remainder};
  }

 private:
  static void requireSize(std::size_t size) {
    if (size != kBytes) {
      throw std::invalid_argument("expected " + std::to_string(kBytes) + " bytes, got " + std::to_string(size));
    }
  }

  static std::pair<BigUInt, BigUInt> divModSmall(const BigUInt& a, std::uint64_t divisor) {
    BigUInt quotient;
    WideLimb remainder = 0;
    for (std::size_t i = Limbs; i-- > 0;) {
      remainder = (remainder << 64) | a.limbs_[i];
      quotient.limbs_[i] = static_cast<std::uint64_t>(remainder / divisor);
      remainder %= divisor;
    }
    return {quotient, BigUInt(static_cast<std::uint64_t>(remainder))};
  }

  template <typename Op>
  constexpr BigUInt& apply(const BigUInt& o, Op op) {
    for (std::size_t i = 0; i < Limbs; ++i) limbs_[i] = op(limbs_[i], o.limbs_[i]);
    return *this;
  }

  std::array<std::uint64_t, Limbs> limbs_{};  // least significant limb first
};

using UInt256 = BigUInt<4>;
using UInt512 = BigUInt<8>;

}  // namespace otedama
