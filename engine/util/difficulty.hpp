// Target <-> difficulty in each chain family's convention:
//   Bitcoin      difficulty 1 = target of bits 0x1d00ffff (0xffff << 208); what bitcoind reports.
//   ScryptStratum difficulty 1 = 0xffff << 224: stratum difficulty on Scrypt coins is the Bitcoin
//                 figure scaled by 2^16 (what Litecoin pools and miners show).
//   Monero       difficulty = floor((2^256 - 1) / target); a hash h meets difficulty d when
//                 h * d < 2^256 (h read little-endian).
#pragma once

#include <cstdint>

#include "util/uint256.hpp"

namespace otedama {

enum class DifficultyFamily { Bitcoin, ScryptStratum, Monero };

// The target of difficulty 1.
UInt256 difficultyOneTarget(DifficultyFamily family);

// Difficulty of a target as a double (for display, vardiff and statistics). Zero target -> +inf.
double difficultyFromTarget(DifficultyFamily family, const UInt256& target);

// floor(difficultyOneTarget / difficulty), exact for every double difficulty. Difficulties too
// small for the result to fit give the maximum target; NaN, infinite or non-positive difficulty
// throws std::invalid_argument.
UInt256 targetFromDifficulty(DifficultyFamily family, double difficulty);

// Monero's exact integer rules (difficulty may exceed 64 bits since v12 "wide difficulty").
UInt256 moneroTargetFromDifficulty(const UInt256& difficulty);  // throws on zero
bool moneroHashMeetsDifficulty(const UInt256& hashValue, const UInt256& difficulty);

}  // namespace otedama
