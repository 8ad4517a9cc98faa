// Keccak-f[1600] and the Keccak sponge with original padding.
#include "crypto/keccak.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace otedama::crypto {
namespace {

constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

// Rho rotation amounts and pi lane order, walked as a single cycle starting at lane 1.
constexpr int kRotations[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
                                27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
constexpr int kPiLanes[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
                              15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

void absorbBlock(KeccakState& state, const std::uint8_t* block, std::size_t rate) {
  for (std::size_t i = 0; i < rate / 8; ++i) {
    std::uint64_t lane = 0;
    for (int b = 0; b < 8; ++b) lane |= std::uint64_t{block[8 * i + b]} << (8 * b);
    state[i] ^= lane;
  }
  keccakF1600(state);
}

}  // namespace

void keccakF1600(KeccakState& state) {
  std::uint64_t column[5];
  for (std::uint64_t roundConstant : kRoundConstants) {
    // theta
    for (int x = 0; x < 5; ++x) {
      column[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
    }
    for (int x = 0; x < 5; ++x) {
      const std::uint64_t d = column[(x + 4) % 5] ^ std::rotl(column[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) state[y + x] ^= d;
    }
    // rho and pi
    std::uint64_t carried = state[1];
    for (int i = 0; i < 24; ++i) {
      const int lane = kPiLanes[i];
      const std::uint64_t next = state[lane];
      state[lane] = std::rotl(carried, kRotations[i]);
      carried = next;
    }
    // chi
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; ++x) column[x] = state[y + x];
      for (int x = 0; x < 5; ++x) state[y + x] ^= (~column[(x + 1) % 5]) & column[(x + 2) % 5];
    }
    // iota
    state[0] ^= roundConstant;
  }
}

void keccak(ByteSpan data, std::span<std::uint8_t> out) {
  if (out.empty() || out.size() > 100) throw std::invalid_argument("Keccak output must be 1..100 bytes");
  const std::size_t rate = 200 - 2 * out.size();
  KeccakState state{};
  std::size_t offset = 0;
  for (; data.size() - offset >= rate; offset += rate) absorbBlock(state, data.data() + offset, rate);

  std::uint8_t last[200] = {};
  const std::size_t tail = data.size() - offset;
  if (tail != 0) std::memcpy(last, data.data() + offset, tail);
  last[tail] = 0x01;
  last[rate - 1] |= 0x80;
  absorbBlock(state, last, rate);

  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(state[i / 8] >> (8 * (i % 8)));
}

Hash32 keccak256(ByteSpan data) {
  Hash32 out;
  keccak(data, out);
  return out;
}

}  // namespace otedama::crypto
